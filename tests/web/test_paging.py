"""The one paginator: every paged list renders `includes/_paginator.html` from a `Pager`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

from dashboard.web.paging import Pager, numbered_pager, token_pager

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PAGINATOR = "includes/_paginator.html"


def render(pager: Pager) -> str:
    return render_to_string(PAGINATOR, {"pager": pager})


def test_htmx_attributes_are_set_once_on_the_container() -> None:
    html = render(
        numbered_pager("Tag pages", "tags-table", "/r/", page=2, has_next=True, query={"limit": 50})
    )
    nav = re.search(r"<nav [^>]*>", html)
    assert nav is not None
    for attribute in ('hx-target="#tags-table"', 'hx-swap="outerHTML"', 'hx-push-url="true"'):
        assert attribute in nav.group(0)
        assert html.count(attribute.split("=")[0] + "=") == 1
    links = re.findall(r'<a href="([^"]*)"[^>]* hx-get="([^"]*)"', html)
    assert links == [
        ("?limit=50&amp;page=1", "/r/?limit=50&amp;page=1"),
        (
            "?limit=50&amp;page=3",
            "/r/?limit=50&amp;page=3",
        ),
    ]


def test_a_single_page_shows_no_paginator() -> None:
    assert "<nav" not in render(numbered_pager("Pages", "t", "/r/", page=1, has_next=False))
    assert "Page 1" in render(
        numbered_pager("Pages", "t", "/r/", page=1, has_next=False, position="Page 1")
    )


def test_token_pages_go_back_only_to_the_first() -> None:
    first = token_pager("Users", "t", "/u/", start=None, next_token="abc", query={"q": ""})
    assert (first.previous, first.next) == ("", "?q=&next_page=abc")
    later = token_pager("Users", "t", "/u/", start="abc", next_token=None, query={"q": "x"})
    assert (later.previous, later.next, later.previous_text) == ("?q=x", "", "First page")


def test_no_template_writes_a_paginator_of_its_own() -> None:
    own = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if 'class="pagination"' in path.read_text() and path.name != "_paginator.html"
    ]
    assert own == []


def test_the_tag_history_pages_through_the_one_paginator(devtable: Client) -> None:
    html = devtable.get("/repository/devtable/superwide/tags/history/?page=2").content.decode()
    nav = re.search(r'<nav class="pagination"[^>]*>', html)
    assert nav is not None and 'hx-target="#history-table"' in nav.group(0)
    assert 'hx-get="/repository/devtable/superwide/tags/history/?page=3"' in html
