"""Quay's two ways of paging, as small objects a page can render and continue from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TokenPage[T]:
    """A page of a list that continues with Quay's opaque `next_page` token (repositories,
    usage logs). There is no total: only whether there is more."""

    items: list[T]
    next_page: str | None = None

    @property
    def has_more(self) -> bool:
        return bool(self.next_page)


@dataclass(frozen=True)
class NumberedPage[T]:
    """A page of a list paged with `page` and `limit` (tags, builds, superuser lists).
    Quay says only whether more follows (`has_additional`), never how many in all."""

    items: list[T]
    page: int = 1
    limit: int = 100
    has_additional: bool = False

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_additional else None


@dataclass
class PageWalk[T]:
    """Walk `next_page` pages, skipping the empty pages Quay may send while it still has a
    `next_page`, for at most `max_pages` reads. `stopped_early` tells the caller to offer
    "continue" with `next_page`."""

    fetch: Callable[[str | None], TokenPage[T]]
    next_page: str | None = None
    max_pages: int = 10
    pages_read: int = field(default=0, init=False)

    def __iter__(self) -> Iterator[T]:
        token = self.next_page
        while self.pages_read < self.max_pages:
            page = self.fetch(token)
            self.pages_read += 1
            self.next_page = page.next_page
            yield from page.items
            if not page.next_page:
                return
            token = page.next_page

    @property
    def stopped_early(self) -> bool:
        return bool(self.next_page)


def walk_pages[T](
    fetch: Callable[[str | None], TokenPage[T]],
    *,
    start: str | None = None,
    max_pages: int = 10,
) -> PageWalk[T]:
    return PageWalk(fetch=fetch, next_page=start, max_pages=max_pages)
