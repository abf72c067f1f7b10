"""Organizations of the installation: e-mail, quota and usage; change e-mail and tag
expiration; take ownership; delete after typing the name."""

from __future__ import annotations

import pytest
from django.test import Client

from sandbox.server import SandboxServer

from .conftest import form_token, writes

pytestmark = pytest.mark.django_db

URL = "/superuser/organizations/"


def _row(html: str, name: str) -> str:
    return html.split(f'data-org="{name}"', 1)[1].split("</tr>", 1)[0]


def test_the_list_shows_email_quota_and_usage(devtable: Client) -> None:
    html = devtable.get(URL).content.decode()
    row = _row(html, "buynlarge")
    assert "quay@devtable.com" in row
    assert "184 B" in row  # used
    assert "2.9 KiB" in row  # the 3000-byte quota
    assert "<meter" in row
    assert "No quota" in _row(html, "titi")


def test_search_by_name_or_email(devtable: Client) -> None:
    html = devtable.get(f"{URL}?q=autoprune@").content.decode()
    assert 'data-org="testorgforautoprune"' in html
    assert 'data-org="buynlarge"' not in html


def test_changing_email_and_tag_expiration(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/organizations/titi/update/",
        {"email": "titi@example.com", "tag_expiration_s": "604800", "form_token": token},
    )
    assert page.status_code == 302
    org = sandbox.world.organizations["titi"]
    assert org.email == "titi@example.com"
    assert org.tag_expiration_s == 604800


def test_only_the_tag_expiration_leaves_the_email_alone(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    devtable.post(
        "/superuser/organizations/titi/update/", {"tag_expiration_s": "0", "form_token": token}
    )
    org = sandbox.world.organizations["titi"]
    assert org.tag_expiration_s == 0 and org.email == "quay+titi@devtable.com"


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not-an-email"},
        {"tag_expiration_s": "12345"},
        {},  # nothing to change
    ],
)
def test_bad_input_is_refused_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer, fields: dict[str, str]
) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    page = devtable.post("/superuser/organizations/titi/update/", {**fields, "form_token": token})
    assert page.status_code == 400
    assert 'role="alert"' in _row(page.content.decode(), "titi")
    assert writes(sandbox) == []


def test_quays_refusal_of_a_taken_email_is_shown_in_the_row(devtable: Client) -> None:
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/organizations/titi/update/", {"email": "no4@thanks.com", "form_token": token}
    )
    assert page.status_code == 400
    assert "E-mail address already used" in _row(page.content.decode(), "titi")


def test_taking_ownership_makes_the_superuser_an_owner(
    devtable: Client, sandbox: SandboxServer
) -> None:
    owners = sandbox.world.organizations["orgwithnosuperuser"].teams["owners"]
    assert "devtable" not in owners.members
    token = form_token(devtable, URL)
    page = devtable.post(
        "/superuser/organizations/orgwithnosuperuser/takeownership/", {"form_token": token}
    )
    assert page.status_code == 302
    assert "devtable" in owners.members


def test_taking_ownership_asks_first(devtable: Client) -> None:
    assert b'data-confirm="Add yourself to the owners of titi?' in devtable.get(URL).content


def test_taking_ownership_of_an_organization_that_is_gone_is_said(
    devtable: Client, sandbox: SandboxServer
) -> None:
    token = form_token(devtable, URL)
    del sandbox.world.organizations["titi"]
    page = devtable.post("/superuser/organizations/titi/takeownership/", {"form_token": token})
    assert page.status_code == 400
    assert b"Not Found" in page.content


def test_deleting_needs_the_typed_name(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    sandbox.clear_calls()
    refused = devtable.post(
        "/superuser/organizations/titi/delete/", {"confirm": "TITI", "form_token": token}
    )
    assert refused.status_code == 400
    assert writes(sandbox) == []
    page = devtable.post(
        "/superuser/organizations/titi/delete/", {"confirm": "titi", "form_token": token}
    )
    assert page.status_code == 302
    assert "titi" not in sandbox.world.organizations
    assert b'data-org="titi"' not in devtable.get(URL).content


def test_a_repeated_delete_asks_quay_once(devtable: Client, sandbox: SandboxServer) -> None:
    token = form_token(devtable, URL)
    data = {"confirm": "titi", "form_token": token}
    devtable.post("/superuser/organizations/titi/delete/", data)
    again = devtable.post("/superuser/organizations/titi/delete/", data, follow=True)
    assert b"already sent" in again.content
    assert writes(sandbox).count("DELETE /api/v1/superuser/organizations/titi") == 1
