"""Reading Quay's log pages for a page of the dashboard and for an export.

Quay pages its logs 20 at a time behind an opaque `next_page`, may answer an empty page that
still has a `next_page`, and cannot filter by kind. A screenful is read on until it has entries
(or matches of the chosen kinds) or a bound of pages is reached; then the page offers to go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dashboard.quay.errors import QuayError
from dashboard.quay.usagelogs import LogEntry, LogPage

PAGE_SIZE = 20
# Without a kind filter a screenful is one page of Quay's, unless Quay sends empty pages.
MAX_EMPTY_PAGES = 10
# With a kind filter, how many of Quay's pages one screenful may read looking for matches.
MAX_FILTER_PAGES = 5

Fetch = Callable[[str | None], LogPage]


@dataclass
class Screenful:
    entries: list[LogEntry] = field(default_factory=list)
    next_page: str | None = None
    pages_read: int = 0
    # Stopped at the bound with fewer matches than a page: the page offers to keep searching.
    bounded: bool = False
    # Quay failed after some pages: what was read is kept, the page says so.
    error: QuayError | None = None

    @property
    def has_more(self) -> bool:
        return bool(self.next_page)


def read_screenful(
    fetch: Fetch,
    start: str | None = None,
    *,
    kinds: frozenset[str] = frozenset(),
    keep_partial_on_error: bool = False,
) -> Screenful:
    """Read pages from `start` until a page's worth of (matching) entries, the end, or the
    bound. An error on the first page raises (the page shows Quay's refusal); on a later page,
    with `keep_partial_on_error`, it ends the screenful with what was read."""
    screen = Screenful(next_page=start)
    bound = MAX_FILTER_PAGES if kinds else MAX_EMPTY_PAGES
    token = start
    while True:
        try:
            page = fetch(token)
        except QuayError as error:
            if screen.pages_read == 0 and not keep_partial_on_error:
                raise
            screen.error = error
            screen.next_page = token
            return screen
        screen.pages_read += 1
        screen.entries += [e for e in page.items if not kinds or e.kind in kinds]
        screen.next_page = page.next_page
        if not page.next_page or len(screen.entries) >= PAGE_SIZE:
            return screen
        if kinds:
            if screen.pages_read >= bound:
                screen.bounded = True
                return screen
        elif screen.entries or screen.pages_read >= bound:
            # An unfiltered screenful is one non-empty page; empty ones are skipped.
            screen.bounded = not screen.entries
            return screen
        token = page.next_page


@dataclass
class ExportWalk:
    """Every entry the filters select, page by page, holding one page at a time."""

    fetch: Fetch
    kinds: frozenset[str] = frozenset()
    # A safety stop: 5,000 of Quay's pages are 100,000 entries.
    max_pages: int = 5000
    error: QuayError | None = None
    first: LogPage | None = None
    pages_read: int = 0

    def __iter__(self) -> Iterator[LogEntry]:
        page = self.first
        token: str | None = None
        while True:
            if page is None:
                try:
                    page = self.fetch(token)
                except QuayError as error:
                    self.error = error
                    return
            self.pages_read += 1
            for entry in page.items:
                if not self.kinds or entry.kind in self.kinds:
                    yield entry
            token = page.next_page
            page = None
            if not token or self.pages_read >= self.max_pages:
                return
