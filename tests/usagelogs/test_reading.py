"""Reading Quay's pages: empty pages are skipped, the kind filter reads ahead to a bound, and an
error after some pages keeps what was read."""

from __future__ import annotations

import pytest

from dashboard.quay.errors import QuayUnavailable
from dashboard.quay.usagelogs import LogEntry, LogPage
from dashboard.usagelogs.reading import MAX_FILTER_PAGES, ExportWalk, read_screenful


def entry(kind: str = "pull_repo") -> LogEntry:
    return LogEntry(kind=kind, metadata={}, ip=None, datetime=None)


class FakeQuay:
    """Pages by token "0", "1", ...; each page is a list of kinds (empty lists allowed)."""

    def __init__(self, pages: list[list[str]], fail_at: int | None = None) -> None:
        self.pages = pages
        self.fail_at = fail_at
        self.calls: list[str | None] = []

    def __call__(self, token: str | None) -> LogPage:
        self.calls.append(token)
        index = int(token or 0)
        if index == self.fail_at:
            raise QuayUnavailable("Quay is down")
        more = index + 1 < len(self.pages)
        return LogPage(
            [entry(kind) for kind in self.pages[index]], str(index + 1) if more else None
        )


def test_empty_pages_with_a_next_page_are_skipped_until_entries_arrive() -> None:
    quay = FakeQuay([[], [], ["push_repo"] * 3, ["pull_repo"] * 20])
    screen = read_screenful(quay)
    assert [e.kind for e in screen.entries] == ["push_repo"] * 3
    assert quay.calls == [None, "1", "2"]
    assert screen.next_page == "3"


def test_empty_pages_to_the_end_give_an_empty_screen_without_more() -> None:
    quay = FakeQuay([[], [], []])
    screen = read_screenful(quay)
    assert screen.entries == [] and not screen.has_more


def test_a_full_first_page_is_one_call() -> None:
    quay = FakeQuay([["pull_repo"] * 20, ["pull_repo"] * 20])
    screen = read_screenful(quay)
    assert len(screen.entries) == 20 and quay.calls == [None]


def test_the_kind_filter_reads_on_until_a_page_of_matches() -> None:
    pages = [["pull_repo"] * 15 + ["push_repo"] * 5 for _ in range(10)]
    quay = FakeQuay(pages)
    screen = read_screenful(quay, kinds=frozenset({"push_repo"}))
    assert len(screen.entries) == 20
    assert all(e.kind == "push_repo" for e in screen.entries)
    assert len(quay.calls) == 4 and not screen.bounded


def test_the_kind_filter_stops_at_its_bound_and_offers_to_continue() -> None:
    pages = [["pull_repo"] * 19 + ["push_repo"] for _ in range(20)]
    quay = FakeQuay(pages)
    screen = read_screenful(quay, kinds=frozenset({"push_repo"}))
    assert len(quay.calls) == MAX_FILTER_PAGES
    assert len(screen.entries) == MAX_FILTER_PAGES
    assert screen.bounded and screen.next_page == str(MAX_FILTER_PAGES)
    # Continuing reads the next bound of pages from where it stopped.
    more = read_screenful(quay, screen.next_page, kinds=frozenset({"push_repo"}))
    assert quay.calls[MAX_FILTER_PAGES] == str(MAX_FILTER_PAGES)
    assert len(more.entries) == MAX_FILTER_PAGES


def test_an_error_on_the_first_page_raises() -> None:
    with pytest.raises(QuayUnavailable):
        read_screenful(FakeQuay([["pull_repo"]], fail_at=0))


def test_an_error_mid_way_keeps_what_was_read() -> None:
    quay = FakeQuay([["push_repo"], ["pull_repo"] * 20, ["pull_repo"]], fail_at=1)
    screen = read_screenful(quay, kinds=frozenset({"push_repo", "pull_repo"}))
    assert [e.kind for e in screen.entries] == ["push_repo"]
    assert isinstance(screen.error, QuayUnavailable)
    assert screen.next_page == "1"  # "Try again" resumes at the failed page


def test_the_export_walks_every_page_and_filters_kinds() -> None:
    quay = FakeQuay([["push_repo", "pull_repo"], [], ["push_repo"]])
    walk = ExportWalk(quay, kinds=frozenset({"push_repo"}))
    assert [e.kind for e in walk] == ["push_repo", "push_repo"]
    assert walk.error is None and walk.pages_read == 3


def test_the_export_stops_at_an_error_and_says_so() -> None:
    quay = FakeQuay([["push_repo"], ["push_repo"]], fail_at=1)
    walk = ExportWalk(quay)
    assert len(list(walk)) == 1
    assert isinstance(walk.error, QuayUnavailable)
