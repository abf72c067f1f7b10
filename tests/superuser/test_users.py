"""Users of the installation: list, page, filter, search, create, enable or disable, change
e-mail, recovery e-mail, delete after typing the name."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sandbox.server import SandboxServer

from .conftest import form_token, writes

pytestmark = pytest.mark.django_db

URL = "/superuser/users/"


def _usernames(html: str) -> list[str]:
    return re.findall(r'<tr data-username="([^"]+)"', html)


def test_the_list_links_each_user_to_their_quota_and_logs(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    assert 'href="/superuser/quotas/?q=freshuser"' in html
    assert 'href="/superuser/logs/?performer=freshuser"' in html
    assert "read-only superuser</span>" in html


def test_the_list_pages_with_limit(devtable: Client, sandbox: SandboxServer) -> None:
    sandbox.clear_calls()
    first = devtable.get(f"{URL}?limit=25").content.decode()
    assert len(_usernames(first)) == 13  # the seed has 13 users: one page
    assert [c.query for c in sandbox.calls if c.path == "/api/v1/superuser/users/"] == ["limit=25"]


def test_next_page_follows_quays_token(devtable: Client, sandbox: SandboxServer) -> None:
    from sandbox.world import Avatar, User

    for i in range(30):
        name = f"bulkuser{i:02d}"
        sandbox.world.users[name] = User(name, f"{name}@example.com", Avatar.for_name(name))
    first = devtable.get(f"{URL}?limit=25").content.decode()
    assert len(_usernames(first)) == 25
    next_link = re.search(r'<a href="(\?[^"]*next_page=[^"]+)"', first)
    assert next_link is not None
    second = devtable.get(URL + next_link.group(1).replace("&amp;", "&")).content.decode()
    assert len(_usernames(second)) == 18
    assert not set(_usernames(first)) & set(_usernames(second))


def test_the_status_filter(devtable: Client) -> None:
    enabled = _usernames(devtable.get(f"{URL}?status=enabled").content.decode())
    disabled = _usernames(devtable.get(f"{URL}?status=disabled").content.decode())
    assert "disabled" not in enabled and "devtable" in enabled
    assert disabled == ["disabled"]


def test_search_matches_username_and_email(devtable: Client) -> None:
    assert _usernames(devtable.get(f"{URL}?q=no4@").content.decode()) == ["randomuser"]
    assert _usernames(devtable.get(f"{URL}?q=FRESH").content.decode()) == ["freshuser"]


def test_the_table_answers_htmx_alone(devtable: Client) -> None:
    page = devtable.get(f"{URL}?status=enabled", headers={"HX-Request": "true"})
    assert page.content.decode().lstrip().startswith('<section class="card" id="user-table"')


def test_creating_a_user_shows_the_generated_password_once(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/new/",
        {"username": "newperson", "email": "new@example.com", "form_token": token},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    password = re.search(r'data-copy="([^"]+)" aria-label="Copy', html)
    assert password is not None and len(password.group(1)) >= 16
    assert "newperson" in sandbox.world.users
    assert password.group(1) not in devtable.get(URL).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "Bad Name"}, b"Lowercase letters, digits"),
        ({"email": "not-an-email"}, b"Enter a valid email address."),
        ({"username": ""}, b"This field is required."),
    ],
)
def test_bad_input_for_a_new_user_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer, fields: dict[str, str], message: bytes
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    data = {"username": "okname", "email": "ok@example.com", "form_token": token, **fields}
    page = devtable.post("/superuser/users/new/", data)
    assert page.status_code == 400
    assert message in page.content
    assert writes(sandbox) == []


def test_quays_refusal_of_a_taken_username_is_shown_at_the_field(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/new/",
        {"username": "freshuser", "email": "other@example.com", "form_token": token},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert 'id="id_username_error" role="alert">Requested username already exists' in html


def test_quays_refusal_of_a_taken_email_is_shown_at_the_email_field(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/new/",
        {"username": "someoneelse", "email": "no4@thanks.com", "form_token": token},
    )
    assert b'id="id_email_error" role="alert">E-mail address already used' in page.content


def test_a_repeated_create_makes_one_user(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    data = {"username": "onlyonce", "email": "once@example.com", "form_token": token}
    devtable.post("/superuser/users/new/", data)
    again = devtable.post("/superuser/users/new/", data, follow=True)
    assert b"already sent" in again.content
    assert [c for c in writes(sandbox) if c == "POST /api/v1/superuser/users/"] == [
        "POST /api/v1/superuser/users/"
    ]


def test_disabling_and_enabling_a_user(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    devtable.post("/superuser/users/freshuser/enabled/", {"enabled": "false", "form_token": token})
    assert sandbox.world.users["freshuser"].enabled is False
    token = form_token(devtable, URL)
    devtable.post("/superuser/users/freshuser/enabled/", {"enabled": "true", "form_token": token})
    assert sandbox.world.users["freshuser"].enabled is True


def test_changing_an_email(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/reader/email/", {"email": "reader@example.com", "form_token": token}
    )
    assert page.status_code == 302
    assert sandbox.world.users["reader"].email == "reader@example.com"


def test_a_bad_email_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post("/superuser/users/reader/email/", {"email": "nope", "form_token": token})
    assert page.status_code == 400
    assert writes(sandbox) == []


def test_quays_refusal_of_an_email_is_shown_in_the_users_row(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/reader/email/", {"email": "no4@thanks.com", "form_token": token}
    )
    html = page.content.decode()
    assert page.status_code == 400
    row = html.split('data-username="reader"', 1)[1].split("</tr>", 1)[0]
    assert "E-mail address already used" in row


def test_sending_a_recovery_email(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post("/superuser/users/reader/recovery/", {"form_token": token}, follow=True)
    assert b"A recovery e-mail was sent to reader (no1@thanks.com)." in page.content
    assert "POST /api/v1/superusers/users/reader/sendrecovery" in writes(sandbox)


def test_quay_refuses_to_change_a_superuser_and_says_so(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post("/superuser/users/devtable/recovery/", {"form_token": token})
    assert page.status_code == 400
    assert b"Cannot send a recovery email for a superuser" in page.content


def test_deleting_a_user_needs_the_typed_username(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    refused = devtable.post(
        "/superuser/users/reader/delete/", {"confirm": "read", "form_token": token}
    )
    assert refused.status_code == 400
    assert writes(sandbox) == []
    page = devtable.post(
        "/superuser/users/reader/delete/", {"confirm": "reader", "form_token": token}
    )
    assert page.status_code == 302
    assert "reader" not in sandbox.world.users


def test_the_delete_button_waits_for_the_typed_name(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    assert 'data-confirm-match="reader"' in html


def test_quay_refuses_to_delete_a_superuser(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/devtable/delete/", {"confirm": "devtable", "form_token": token}
    )
    assert page.status_code == 400
    assert b"Cannot delete a superuser" in page.content
    assert "devtable" in sandbox.world.users


def test_a_row_action_returns_to_the_list_as_it_was(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/users/reader/enabled/",
        {"enabled": "false", "form_token": token, "next": "/superuser/users/?status=enabled"},
    )
    assert page["Location"] == "/superuser/users/?status=enabled"
    token = form_token(devtable, URL)
    elsewhere = devtable.post(
        "/superuser/users/reader/enabled/",
        {"enabled": "true", "form_token": token, "next": "https://evil.example/"},
    )
    assert elsewhere["Location"] == "/superuser/users/"
