"""What `includes/_paginator.html` shows: the links back and on of one paged list.

A link's `href` is a query on the page's own URL ("?page=2"), so it works without JavaScript;
htmx asks `path` + that query, because a list may be re-rendered at another URL (after a row's
form was refused) and must still page from its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

Query = Mapping[str, str | int]


@dataclass(frozen=True)
class Pager:
    label: str  # what the links page through, for the <nav>'s aria-label
    target: str  # the id of the element a page replaces (the list's own fragment)
    path: str  # the list's URL, from reverse()
    previous: str = ""  # "?…" of the page before, or "" on the first
    next: str = ""  # "?…" of the page after, or "" on the last
    previous_text: str = "← Previous"
    next_text: str = "Next →"
    position: str = ""  # where this page is ("Page 3"), between the links

    @property
    def shown(self) -> bool:
        return bool(self.previous or self.next or self.position)


def query_link(query: Query, **more: str | int) -> str:
    return "?" + urlencode({**query, **more})


def numbered_pager(
    label: str,
    target: str,
    path: str,
    *,
    page: int,
    has_next: bool,
    query: Query | None = None,
    **texts: str,
) -> Pager:
    """Pages numbered from 1 (`?page=N` after the list's own `query`)."""
    query = query or {}
    return Pager(
        label,
        target,
        path,
        previous=query_link(query, page=page - 1) if page > 1 else "",
        next=query_link(query, page=page + 1) if has_next else "",
        **texts,
    )


def token_pager(
    label: str, target: str, path: str, *, start: str | None, next_token: str | None, query: Query
) -> Pager:
    """Pages continued with Quay's opaque `next_page` token: there is no way back but to the
    first page."""
    return Pager(
        label,
        target,
        path,
        previous=query_link(query) if start else "",
        next=query_link(query, next_page=next_token) if next_token else "",
        previous_text="First page",
        next_text="Next page",
    )
