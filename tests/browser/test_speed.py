"""Pages that open at once in headless Chromium: a returning visit shows the kept page, marked,
and the fresh one replaces it; a hovered link's page is asked for before the click; the
organization overview's lazy parts fill in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_returning_visit_shows_the_kept_page_then_the_fresh_one(page: Any, sandbox: Any) -> None:
    sign_in(page)
    page.goto("/repository/")
    expect(page.locator("#swr-page")).to_contain_text("simple")
    sandbox.latency_ms = 300
    try:
        page.goto("/repository/")
        # At once, before Quay answers: what was seen last time, marked.
        expect(page.locator(".swr-note")).to_contain_text("refreshing")
        expect(page.locator("#swr-page")).to_contain_text("simple")
        # Then the fresh page takes its place, once, with nothing marked.
        expect(page.locator(".swr-note")).to_have_count(0, timeout=5_000)
        expect(page.locator("#swr-page")).to_have_count(1)
        expect(page.locator("#swr-page")).to_contain_text("simple")
    finally:
        sandbox.latency_ms = 0


def test_a_hovered_navigation_link_is_asked_for_before_the_click(page: Any) -> None:
    sign_in(page)
    preloads: list[str] = []
    page.on(
        "request",
        lambda request: (
            preloads.append(request.url) if request.headers.get("hx-preloaded") == "true" else None
        ),
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    from_cache: list[str] = []
    cdp.on("Network.requestServedFromCache", lambda event: from_cache.append(event["requestId"]))
    link = page.locator("nav.sidebar").get_by_role("link", name="Repositories")
    link.hover()
    page.wait_for_timeout(500)
    assert any(url.endswith("/repository/") for url in preloads)
    link.click()
    page.wait_for_url("**/repository/")
    expect(page.locator("#swr-page")).to_contain_text("simple")
    # The click took the page the hover had asked for, from the browser's cache.
    assert from_cache


def test_the_organization_overview_fills_in_its_lazy_parts(page: Any) -> None:
    sign_in(page)
    page.goto("/organization/buynlarge/")
    expect(page.locator("#org-robots")).to_contain_text("buynlarge+coolrobot")
    expect(page.locator("#org-members")).to_contain_text("reader")
    expect(page.locator("#org-collaborators")).to_contain_text("outsideorg")
    expect(page.locator("#org-prototypes")).to_contain_text("Add a default permission")
