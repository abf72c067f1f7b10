"""Creating an organization and an application token in headless Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_creating_an_organization_from_the_list(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/organization/")
    page.get_by_text("Create an organization").click()
    page.get_by_label("Name").fill("Bad Name")
    page.get_by_role("button", name="Create organization").click()
    expect(page.locator("#org-name-error")).to_contain_text("Use lowercase letters and digits")
    assert "bad name" not in sandbox.world.organizations

    page.get_by_label("Name").fill("browserco")
    page.get_by_label("Contact e-mail").fill("ops@browserco.example")
    page.get_by_role("button", name="Create organization").click()
    page.wait_for_url("**/organization/browserco/")
    expect(page.get_by_text("The organization browserco is created; you own it.")).to_be_visible()
    assert sandbox.world.is_org_admin("devtable", "browserco")
    page.goto("/organization/")
    expect(page.get_by_role("link", name="browserco")).to_be_visible()


def test_an_app_token_is_shown_once_then_never_again(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/user/apptoken/")
    page.get_by_label("New token’s title").fill("browser podman")
    page.get_by_role("button", name="Create token").click()
    once = page.locator("#token-once")
    expect(once).to_contain_text("Copy it now")
    podman = once.locator("code", has_text="podman login").inner_text()
    found = re.fullmatch(r"podman login -u='\$app' -p='([A-Z0-9]{60})' .+", podman)
    assert found, podman
    secret = found.group(1)
    copy = once.get_by_role("button", name=f"Copy {secret}")
    copy.click()
    expect(copy).to_have_text("Copied")

    page.goto("/user/apptoken/")
    expect(page.get_by_text("browser podman")).to_be_visible()
    assert secret not in page.content()
