from __future__ import annotations

import threading
import time

import pytest

from dashboard.quay.concurrency import gather, map_concurrently
from dashboard.quay.pagination import NumberedPage, TokenPage, walk_pages


def test_a_numbered_page_knows_its_neighbours() -> None:
    page = NumberedPage(items=[1, 2], page=2, limit=2, has_additional=True)
    assert page.previous_page == 1
    assert page.next_page == 3
    last = NumberedPage(items=[1], page=1, limit=2, has_additional=False)
    assert last.previous_page is None and last.next_page is None


def test_walking_skips_empty_pages_that_still_continue() -> None:
    pages = {
        None: TokenPage(items=[1, 2], next_page="a"),
        "a": TokenPage(items=[], next_page="b"),
        "b": TokenPage(items=[3], next_page=None),
    }
    walk = walk_pages(lambda token: pages[token])
    assert list(walk) == [1, 2, 3]
    assert walk.pages_read == 3
    assert not walk.stopped_early


def test_walking_stops_at_its_bound_and_says_where_to_go_on() -> None:
    walk = walk_pages(lambda token: TokenPage(items=[], next_page=f"{token}x"), max_pages=4)
    assert list(walk) == []
    assert walk.pages_read == 4
    assert walk.stopped_early
    assert walk.next_page == "Nonexxxx"


def test_gather_runs_calls_at_the_same_time() -> None:
    # Each call waits for the other: run one after the other, the barrier would break.
    both = threading.Barrier(2, timeout=10)
    first, second = gather(lambda: (both.wait(), 1)[1], lambda: (both.wait(), 2)[1])
    assert (first, second) == (1, 2)


def test_gather_raises_the_first_error() -> None:
    def fail() -> int:
        raise ValueError("nope")

    with pytest.raises(ValueError, match="nope"):
        gather(lambda: 1, fail)


def test_map_concurrently_keeps_order_and_bounds_the_pool() -> None:
    running = 0
    most = 0

    def work(item: int) -> int:
        nonlocal running, most
        running += 1
        most = max(most, running)
        time.sleep(0.02)
        running -= 1
        return item * 2

    assert map_concurrently(work, range(20), max_workers=4) == [i * 2 for i in range(20)]
    assert most <= 4


def test_map_concurrently_can_return_exceptions_in_place() -> None:
    def work(item: int) -> int:
        if item == 1:
            raise KeyError(item)
        return item

    results = map_concurrently(work, [0, 1, 2], return_exceptions=True)
    assert results[0] == 0 and results[2] == 2
    assert isinstance(results[1], KeyError)
