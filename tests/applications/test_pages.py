"""OAuth applications against the sandbox: create (secret shown once), change, reset the
secret (shown once), generate a token (shown once), revoke it, delete, and "Set up Quayside
here" with its two settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sandbox.server import SandboxServer
from tests.conftest import issued_form_token

pytestmark = pytest.mark.django_db

APPS = "/organization/buynlarge/applications/"


def text(response: Any) -> str:
    return response.content.decode()


def page_calls(sandbox: SandboxServer) -> list[str]:
    return [f"{c.method} {c.path}" for c in sandbox.calls if c.path != "/api/v1/messages"]


def buynlarge_apps(sandbox: SandboxServer) -> dict[str, Any]:
    return sandbox.world.organizations["buynlarge"].applications


def create(devtable: Client, sandbox: SandboxServer, name: str = "Deploy bot") -> tuple[Any, Any]:
    response = devtable.post(
        APPS + "new/", {"name": name, "redirect_uri": "https://ci.example.com/callback"}
    )
    return response, next(a for a in buynlarge_apps(sandbox).values() if a.name == name)


def test_the_list_shows_every_application_without_a_secret_in_one_call(
    devtable: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    page = text(devtable.get(APPS))
    assert "Some Test App" in page and "deadpork" in page
    for app in buynlarge_apps(sandbox).values():
        assert app.client_secret not in page
    assert len(page_calls(sandbox)) == 1


def test_creating_shows_the_secret_once(devtable: Client, sandbox: SandboxServer) -> None:
    response, app = create(devtable, sandbox)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert app.client_secret in text(response)
    assert app.client_id in text(response)
    assert app.client_secret not in text(devtable.get(APPS))
    assert app.client_secret not in text(devtable.get(f"{APPS}{app.client_id}/"))


def test_quays_refusal_is_shown_at_the_field(devtable: Client, sandbox: SandboxServer) -> None:
    refused = devtable.post(APPS + "new/", {"name": "", "redirect_uri": "not a url"})
    assert refused.status_code == 400
    assert "field-error" in text(refused)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_changing_an_application(devtable: Client, sandbox: SandboxServer) -> None:
    changed = devtable.post(
        APPS + "deadbeef/change/",
        {"name": "Renamed", "redirect_uri": "https://example.com/cb", "description": "new"},
    )
    assert changed.status_code == 302
    app = buynlarge_apps(sandbox)["deadbeef"]
    assert (app.name, app.redirect_uri, app.description) == (
        "Renamed", "https://example.com/cb", "new",
    )  # fmt: skip


def test_resetting_the_secret_shows_the_new_one_once(
    devtable: Client, sandbox: SandboxServer
) -> None:
    old = buynlarge_apps(sandbox)["deadbeef"].client_secret
    response = devtable.post(APPS + "deadbeef/secret/", {"form_token": issued_form_token(devtable)})
    new = buynlarge_apps(sandbox)["deadbeef"].client_secret
    assert new != old
    assert new in text(response)
    assert response["Cache-Control"] == "no-store"
    assert new not in text(devtable.get(APPS + "deadbeef/"))


def test_generating_a_token_shows_it_once_and_it_can_be_revoked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(
        APPS + "deadbeef/tokens/new/",
        {
            "token-name": "ci",
            "token-scopes": ["repo:read", "repo:write"],
            "token-expiration_days": "30",
        },
    )
    grant = next(g for g in sandbox.world.access_tokens.values() if g.title == "ci")
    assert grant.scopes == {"repo:read", "repo:write"}
    assert grant.token in text(response)
    detail = text(devtable.get(APPS + "deadbeef/"))
    assert "ci" in detail
    assert grant.token not in detail
    revoked = devtable.post(
        f"{APPS}deadbeef/tokens/{grant.uuid}/revoke/", {"form_token": issued_form_token(devtable)}
    )
    assert revoked.status_code == 302
    assert grant.token not in sandbox.world.access_tokens


def test_a_token_needs_a_scope_before_quay_is_asked(
    devtable: Client, sandbox: SandboxServer
) -> None:
    refused = devtable.post(APPS + "deadbeef/tokens/new/", {"token-name": "ci"})
    assert refused.status_code == 400
    assert "Choose at least one scope" in text(refused)
    assert not [c for c in sandbox.calls if c.method == "POST"]


def test_deleting_an_application(devtable: Client, sandbox: SandboxServer) -> None:
    assert (
        devtable.post(
            APPS + "deadpork/delete/", {"form_token": issued_form_token(devtable)}
        ).status_code
        == 302
    )
    assert "deadpork" not in buynlarge_apps(sandbox)


def test_set_up_quayside_here_creates_the_application_with_this_sites_callback(
    devtable: Client, sandbox: SandboxServer
) -> None:
    page = text(devtable.get(APPS + "quayside/"))
    assert "http://testserver/accounts/quay/login/callback/" in page
    response = devtable.post(APPS + "quayside/create/", {"name": "Quayside"})
    app = next(a for a in buynlarge_apps(sandbox).values() if a.name == "Quayside")
    html = text(response)
    assert app.redirect_uri == "http://testserver/accounts/quay/login/callback/"
    assert "QUAY_OAUTH_CLIENT_ID" in html and app.client_id in html
    assert "QUAY_OAUTH_CLIENT_SECRET" in html and app.client_secret in html
    assert response["Cache-Control"] == "no-store"
    # Now it is offered as the one already set up, and its secret is not on the page.
    again = text(devtable.get(APPS + "quayside/"))
    assert "Already set up for this address" in again
    assert app.client_secret not in again


def test_set_up_quayside_here_can_repoint_an_existing_application(
    devtable: Client, sandbox: SandboxServer
) -> None:
    response = devtable.post(APPS + "quayside/repoint/", {"client_id": "deadbeef"})
    app = buynlarge_apps(sandbox)["deadbeef"]
    assert app.redirect_uri == "http://testserver/accounts/quay/login/callback/"
    assert app.client_secret in text(response)


def test_someone_outside_the_organization_reads_one_sentence(
    freshuser: Client, sandbox: SandboxServer
) -> None:
    sandbox.clear_calls()
    for path in (APPS, APPS + "deadbeef/", APPS + "quayside/"):
        page = freshuser.get(path)
        assert page.status_code == 200
        assert "Only administrators of buynlarge" in text(page)
    assert page_calls(sandbox) == []
