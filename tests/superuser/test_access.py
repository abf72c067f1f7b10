"""Who sees the console: superusers; who changes anything: superusers with write rights."""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard.web.swr import REFRESH_HEADER
from sandbox.server import SandboxServer

from .conftest import writes

pytestmark = pytest.mark.django_db

PAGES = (
    "/superuser/",
    "/superuser/messages/",
    "/superuser/keys/",
    "/superuser/users/",
    "/superuser/organizations/",
)


@pytest.mark.parametrize("url", PAGES)
def test_a_superuser_sees_every_console_page(devtable: Client, url: str) -> None:
    page = devtable.get(url)
    assert page.status_code == 200
    assert b'aria-label="Superuser console"' in page.content


@pytest.mark.parametrize("url", PAGES)
def test_an_ordinary_user_is_told_the_console_is_for_superusers(
    freshuser: Client, sandbox: SandboxServer, url: str
) -> None:
    sandbox.clear_calls()
    page = freshuser.get(url)
    assert page.status_code == 403
    assert b"This page is for Quay superusers" in page.content
    assert [call.path for call in sandbox.calls if "superuser" in call.path] == []


def test_a_token_without_super_user_gets_a_page_that_names_the_missing_scope(
    nosuper: Client, sandbox: SandboxServer
) -> None:
    # Quay leaves `super_user` out of GET /user/ for such a token, and answers 403
    # insufficient_scope to the superuser endpoints.
    page = nosuper.get("/superuser/users/")
    html = page.content.decode()
    assert page.status_code == 403
    assert "the token lacks the <code>super:user</code> scope" in html
    assert "insufficient_scope" in html


def test_the_sidebar_link_is_hidden_from_a_token_without_super_user(nosuper: Client) -> None:
    assert b'href="/superuser/"' not in nosuper.get("/").content


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, sandbox: SandboxServer) -> None:
    page = client.get("/superuser/keys/")
    assert page.status_code == 302
    assert page["Location"].startswith("/signin/")


@pytest.mark.parametrize("url", PAGES)
def test_a_read_only_superuser_sees_every_page_without_write_controls(
    readonly: Client, url: str
) -> None:
    page = readonly.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "global read-only superuser" in html
    assert 'method="post" action="/superuser/' not in html
    assert 'name="form_token"' not in html


def test_the_read_only_superuser_sees_the_data(readonly: Client) -> None:
    assert b"unapprovedkey" in readonly.get("/superuser/keys/").content
    assert b"freshuser" in readonly.get("/superuser/users/").content


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/superuser/messages/new/", {"content": "hi", "severity": "info"}),
        ("/superuser/messages/cbd8bbc8-5527-44c0-bc8e-a420f422cc9c/delete/", {}),
        ("/superuser/keys/new/", {"service": "quay"}),
        ("/superuser/keys/kid3/approve/", {"notes": ""}),
        ("/superuser/keys/kid3/update/", {"name": "x"}),
        ("/superuser/keys/kid3/delete/", {}),
        ("/superuser/keys/bulk/", {"action": "delete", "kid": ["kid1"]}),
        ("/superuser/users/new/", {"username": "someone", "email": "s@example.com"}),
        ("/superuser/users/freshuser/enabled/", {"enabled": "false"}),
        ("/superuser/users/freshuser/email/", {"email": "f@example.com"}),
        ("/superuser/users/freshuser/recovery/", {}),
        ("/superuser/users/freshuser/delete/", {"confirm": "freshuser"}),
        ("/superuser/organizations/titi/update/", {"email": "t@example.com"}),
        ("/superuser/organizations/titi/takeownership/", {}),
        ("/superuser/organizations/titi/delete/", {"confirm": "titi"}),
    ],
)
def test_a_read_only_superuser_changes_nothing_and_quay_is_not_asked(
    readonly: Client, sandbox: SandboxServer, url: str, data: dict[str, object]
) -> None:
    sandbox.clear_calls()
    page = readonly.post(url, data)
    assert page.status_code == 403
    assert b"You are a read-only superuser" in page.content
    assert writes(sandbox) == []


def test_an_ordinary_user_cannot_post_to_the_console(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = freshuser.post("/superuser/keys/kid3/delete/", {})
    assert page.status_code == 403
    assert writes(sandbox) == []
    assert "kid3" in sandbox.world.service_keys


def test_the_read_only_superuser_is_reported_by_the_sandbox(sandbox: SandboxServer) -> None:
    import requests

    from sandbox.api.superuser import READONLY_SUPERUSER_TOKEN

    body = requests.get(
        f"{sandbox.url}/api/v1/user/",
        headers={"Authorization": f"Bearer {READONLY_SUPERUSER_TOKEN}"},
        timeout=5,
    ).json()
    assert body["global_readonly_super_user"] is True
    assert "super_user" not in body


@pytest.mark.parametrize("url", PAGES)
def test_each_page_renders_in_at_most_two_upstream_calls_even_with_cold_banners(
    devtable: Client, sandbox: SandboxServer, url: str
) -> None:
    from tests.conftest import clear_cache

    clear_cache()
    sandbox.clear_calls()
    assert devtable.get(url).status_code == 200
    assert len(sandbox.calls) <= 2, sandbox.calls
    sandbox.clear_calls()
    # The returning visit opens with the kept page (no call) and asks for the fresh one at once.
    assert devtable.get(url).status_code == 200
    assert sandbox.calls == []
    assert devtable.get(url, headers={"HX-Request": "true", REFRESH_HEADER: "1"}).status_code == 200
    assert len(sandbox.calls) == 1, sandbox.calls
