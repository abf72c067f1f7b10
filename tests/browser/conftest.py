"""Headless Chromium (Debian's package) driven by Playwright against the live dashboard."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.world import DEMO_TOKENS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any, sandbox: Any) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page: Any, who: str = "devtable", next_url: str = "/") -> None:
    """Sign in through the token form as one of the sandbox's demo people, landing on
    `next_url`."""
    page.goto("/signin/" if next_url == "/" else f"/signin/?next={next_url}")
    page.get_by_label("Quay access token").fill(DEMO_TOKENS[who])
    page.get_by_role("button", name="Sign in with a token").click()
    page.wait_for_url(f"**{next_url}")
