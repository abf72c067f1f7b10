"""Signing in as a person does it, in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.world import DEMO_TOKENS

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_a_token_and_see_the_overview(page: Any) -> None:
    page.goto("/")
    assert page.url.endswith("/signin/?next=/")
    page.get_by_label("Quay access token").fill(DEMO_TOKENS["devtable"])
    page.get_by_role("button", name="Sign in with a token").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Welcome, devtable").is_visible()
    assert page.get_by_role("link", name="Superuser").is_visible()
    assert page.get_by_text("We love you, Quay customers!").first.is_visible()
    # htmx loaded under the CSP: the refresh link swaps the panel in place.
    page.get_by_role("link", name="Refresh").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/")


def test_a_wrong_token_is_refused_in_the_browser(page: Any) -> None:
    page.goto("/signin/")
    page.get_by_label("Quay access token").fill("x" * 40)
    page.get_by_role("button", name="Sign in with a token").click()
    assert page.get_by_text("Quay rejected this token").is_visible()
