"""Run a page's independent upstream calls at the same time, so it costs the slowest call.

Each call to Quay costs its server a token check (about a third of a second on a real one), so a
page of four calls made one after another is four times slower than it needs to be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, overload

# A bound per page: enough for a page's panels and a screenful of digests, gentle on Quay.
MAX_CONCURRENT_CALLS = 8


@overload
def gather[A, B](a: Callable[[], A], b: Callable[[], B], /) -> tuple[A, B]: ...
@overload
def gather[A, B, C](
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], /
) -> tuple[A, B, C]: ...
@overload
def gather[A, B, C, D](
    a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], d: Callable[[], D], /
) -> tuple[A, B, C, D]: ...
def gather(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """Run the calls concurrently and return their results in order; the first error raises
    (after every call has finished, so no thread outlives the request)."""
    results = map_concurrently(lambda call: call(), calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return tuple(results)


def map_concurrently[T, R](
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    max_workers: int = MAX_CONCURRENT_CALLS,
    return_exceptions: bool = False,
) -> list[Any]:
    """`[function(item) for item in items]`, at most `max_workers` at a time, in order.

    With `return_exceptions`, a failing item gives its exception in its place instead of
    failing the whole list (one broken repository must not blank a report of two hundred).
    """
    items = list(items)
    if not items:
        return []
    if len(items) == 1:
        return [_call(function, items[0], return_exceptions)]
    # A pool per call, not one per process: a task that itself gathers can never wait on a
    # pool its own caller has filled.
    with ThreadPoolExecutor(max_workers=min(max_workers, len(items))) as pool:
        futures = [pool.submit(_call, function, item, True) for item in items]
        results = [future.result() for future in futures]
    if not return_exceptions:
        for result in results:
            if isinstance(result, BaseException):
                raise result
    return results


def _call[T, R](function: Callable[[T], R], item: T, return_exceptions: bool) -> Any:
    try:
        return function(item)
    except Exception as exc:
        if return_exceptions:
            return exc
        raise
