"""In headless Chromium: setting up a repository mirror and syncing it now (the status panel
follows the sync and stops), and creating an OAuth application and generating a token shown
once."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.mirroring import views
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_set_up_a_mirror_and_sync_it_now(
    page: Any, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "POLL_SECONDS", 1)
    page.on("dialog", lambda dialog: dialog.accept())
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page)

    page.goto("/repository/devtable/simple/mirror/")
    page.get_by_role("button", name="Switch to mirror state").click()
    page.get_by_role("heading", name="Set up the mirror").wait_for()
    page.get_by_label("Source repository").fill("registry.example.com/coreos/etcd")
    page.get_by_label("Tags to mirror").fill("latest, v3.*")
    page.get_by_label("Robot account").fill("devtable+dtrobot")
    page.get_by_label("Registry username").fill("mirroruser")
    page.get_by_label("Registry password").fill("browser-secret-42")
    page.get_by_role("button", name="Set up mirror").click()
    page.get_by_text("Mirror set up.").wait_for()
    status = page.locator("#mirror-status .mirror-badge")
    assert status.inner_text() == "Never synced"
    assert "browser-secret-42" not in page.content()

    page.get_by_role("button", name="Sync now").click()
    # The panel polls: requested, then syncing, then synced, and polling stops.
    page.locator('#mirror-status .mirror-badge[data-status="SYNCING"]').wait_for(timeout=15_000)
    assert page.get_by_role("button", name="Cancel sync").is_visible()
    page.locator('#mirror-status .mirror-badge[data-status="SUCCESS"]').wait_for(timeout=15_000)
    assert page.get_by_role("button", name="Sync now").is_visible()
    assert page.locator("#mirror-status[hx-trigger]").count() == 0
    # The history shows what happened.
    page.get_by_role("heading", name="History").wait_for()
    page.locator("#mirror-history table").wait_for()
    assert errors == []


def test_create_an_application_and_generate_a_token_shown_once(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/organization/buynlarge/applications/")
    page.get_by_label("Name").fill("Release bot")
    page.get_by_label("Redirect URI").fill("https://ci.example.com/callback")
    page.get_by_role("button", name="Create application").click()
    app = next(
        a for a in sandbox.world.organizations["buynlarge"].applications.values()
        if a.name == "Release bot"
    )  # fmt: skip
    assert page.get_by_text(app.client_secret).is_visible()

    page.get_by_role("link", name="Release bot").click()
    assert app.client_secret not in page.content()
    page.get_by_label("Token name").fill("ci")
    page.get_by_label("repo:write").check()
    page.get_by_role("button", name="Generate token").click()
    page.get_by_text("The token is shown now only").wait_for()
    token = next(g.token for g in sandbox.world.access_tokens.values() if g.title == "ci")
    assert page.get_by_text(token).is_visible()

    page.get_by_role("link", name="Hide the token").click()
    page.get_by_role("heading", name="Tokens").wait_for()
    assert token not in page.content()
    assert page.get_by_role("cell", name="ci", exact=True).is_visible()
