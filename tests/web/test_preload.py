"""Preloading: only links to pages (GET) carry `preload`, never an action, and a preloaded page
is kept by the browser briefly, privately and for the same cookies only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from dashboard.web.preload import PRELOAD_SECONDS
from tests.routes import all_paths

pytestmark = pytest.mark.django_db

ACTION_ATTRIBUTES = ("hx-post", "hx-put", "hx-patch", "hx-delete", "data-hx-post")
# GET links that start work rather than show a page: never preloaded.
NOT_PAGES = ("format=", "/export", "/download", "/access/", "refresh=")


class PreloadFinder(HTMLParser):
    """Every element a `preload` attribute arms: the element itself, and the links and forms
    inside it (as the extension initialises them)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None], bool]] = []
        self.armed: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        inside = any(armed for _, _, armed in self.stack) or "preload" in attributes
        if inside:
            self.armed.append((tag, attributes))
        if tag not in ("input", "img", "br", "meta", "link", "hr"):
            self.stack.append((tag, attributes, inside))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def armed(html: str) -> list[tuple[str, dict[str, str | None]]]:
    finder = PreloadFinder()
    finder.feed(html)
    return finder.armed


def test_preload_arms_only_links_to_pages(devtable: Client) -> None:
    seen = 0
    for path in ["/", "/repository/", "/organization/", "/organization/buynlarge/", *all_paths()]:
        response = devtable.get(path)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for tag, attributes in armed(response.content.decode()):
            assert not any(name in attributes for name in ACTION_ATTRIBUTES), (path, tag)
            if tag == "form":
                assert (attributes.get("method") or "get").lower() == "get", (path, attributes)
            if tag == "button" or (tag == "input" and attributes.get("type") == "submit"):
                raise AssertionError(f"a button is armed for preloading on {path}")
            href = attributes.get("href") or attributes.get("hx-get") or ""
            if href:
                seen += 1
                assert href.startswith(("/", "?")), (path, href)
                assert not any(marker in href for marker in NOT_PAGES), (path, href)
    assert seen > 10  # the navigation and the tables' links


def test_a_preloaded_page_is_kept_briefly_privately_and_per_cookie(devtable: Client) -> None:
    response = devtable.get("/repository/", headers={"HX-Preloaded": "true"})
    assert response["Cache-Control"] == f"private, max-age={PRELOAD_SECONDS}"
    assert "Cookie" in response["Vary"]
    # Without the header, nothing changes: pages are not kept by the browser.
    assert "max-age" not in devtable.get("/repository/").get("Cache-Control", "")


def test_a_preload_is_never_the_kept_stale_page(devtable: Client) -> None:
    devtable.get("/repository/")
    assert "refreshing" in devtable.get("/repository/").content.decode()
    preloaded = devtable.get("/repository/", headers={"HX-Preloaded": "true"})
    assert "refreshing" not in preloaded.content.decode()


def test_a_write_is_never_kept_by_the_browser(devtable: Client) -> None:
    write = devtable.post(
        "/repository/devtable/simple/star/", {"star": "1"}, headers={"HX-Preloaded": "true"}
    )
    assert "max-age" not in write.get("Cache-Control", "")
