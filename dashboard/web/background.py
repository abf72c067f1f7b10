"""Reports that read too much for one request, built in a background thread per person.

A page that must read a whole namespace (the access review, the security review) starts a
build in a daemon thread and renders what the cache holds; the page polls until the build is
done. The snapshot lives in Django's cache under the person and the namespace (Redis in
production), so whichever instance answers a poll sees the same progress. `cache.add` claims a
build atomically and the claim lasts as long as the build, so of two requests at once, in any
processes, only one starts it: one build at a time per person and namespace. A build that
stops writing (its process went away) is taken as dead after
`stale_seconds`, and a newer build is never overwritten by an older one still finishing.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from django.core.cache import cache

from dashboard.web import clock

logger = logging.getLogger(__name__)

# The builds this process started and that may still run (threads leave it as they end).
_RUNNING: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


@dataclass(kw_only=True)
class Progress:
    """What every background snapshot carries besides its own data."""

    state: str = "building"  # "building", "done" or "refused"
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    error: str = ""

    @property
    def done(self) -> bool:
        return self.state != "building"


class BackgroundReport[S: Progress]:
    """One kind of report: its cache prefix and lifetimes. `build(snapshot, key)` fills the
    snapshot in, calling `save` as it goes and `finish` (or `refuse`) at the end."""

    def __init__(
        self,
        prefix: str,
        *,
        cache_seconds: int = 120,
        stale_seconds: int = 120,
        progress_interval: float = 0.25,
    ) -> None:
        self.prefix = prefix
        # A finished report is reused this long; "Refresh" rebuilds at once.
        self.cache_seconds = cache_seconds
        self.stale_seconds = stale_seconds
        # Progress reaches the cache at most this often: tens of writes, not hundreds.
        self.progress_interval = progress_interval

    def key(self, user_id: int | str, scope: str) -> str:
        return f"{self.prefix}:{user_id}:{scope}"

    def load(self, user_id: int | str, scope: str) -> S | None:
        snapshot: S | None = cache.get(self.key(user_id, scope))
        stale = snapshot is not None and clock.timestamp() - snapshot.updated > self.stale_seconds
        if snapshot is not None and not snapshot.done and stale:
            return None
        return snapshot

    def start(
        self,
        user_id: int | str,
        scope: str,
        snapshot: S,
        build: Callable[[S, str], None],
        *,
        force: bool = False,
    ) -> S:
        """The report in the cache, or `snapshot` being built in the background."""
        key = self.key(user_id, scope)
        existing = None if force else self.load(user_id, scope)
        if existing is not None:
            return existing
        # `add` is atomic in the shared cache (Redis, or the database cache): of two requests
        # at once, in any processes, one starts the build. The claim lasts until the build ends
        # (or is taken as dead, like its snapshot), so "Refresh" during a build shows it.
        if not cache.add(self._claim_key(key), snapshot.build_id, self.stale_seconds):
            return self.load(user_id, scope) or snapshot
        cache.set(key, snapshot, self.stale_seconds)
        # The page renders its own copy: the thread fills `snapshot` in while the page reads.
        shown = copy.deepcopy(snapshot)
        thread = threading.Thread(
            target=self._build_quietly, args=(build, snapshot, key), name=f"{self.prefix}:{scope}"
        )
        thread.daemon = True
        thread.start()
        _RUNNING.add(thread)
        return shown

    @staticmethod
    def wait_for_all(timeout: float) -> None:
        """Let every build this process started finish (tests, before the next one begins)."""
        for thread in list(_RUNNING):
            thread.join(timeout)

    @staticmethod
    def _claim_key(key: str) -> str:
        return f"{key}:claim"

    def _build_quietly(self, build: Callable[[S, str], None], snapshot: S, key: str) -> None:
        try:
            build(snapshot, key)
        except Exception:
            # A thread's exception would vanish; the page shows what it knows and may refresh.
            logger.exception("%s build %s failed", self.prefix, key)
            snapshot.state = "refused"
            snapshot.error = snapshot.error or "The review could not be completed."
            self.save(key, snapshot, self.cache_seconds)
        finally:
            if cache.get(self._claim_key(key)) == snapshot.build_id:
                cache.delete(self._claim_key(key))

    def save(self, key: str, snapshot: S, timeout: int | None = None) -> None:
        current: S | None = cache.get(key)
        newer = current is not None and current.started > snapshot.started
        if current is not None and current.build_id != snapshot.build_id and newer:
            # A refresh started a newer build: this one must not overwrite it.
            return
        snapshot.updated = clock.timestamp()
        cache.set(key, snapshot, self.stale_seconds if timeout is None else timeout)
        if not snapshot.done:
            # A long build keeps its claim as long as it shows progress.
            cache.touch(self._claim_key(key), self.stale_seconds)

    def finish(self, key: str, snapshot: S) -> None:
        snapshot.state = "done"
        self.save(key, snapshot, self.cache_seconds)

    def refuse(self, key: str, snapshot: S, message: str) -> None:
        snapshot.state = "refused"
        snapshot.error = message
        self.save(key, snapshot, self.cache_seconds)

    def ticker(self, key: str, snapshot: S) -> Callable[[], None]:
        """A function to call after each step: it saves progress at most every interval."""
        last = time.monotonic()

        def tick() -> None:
            nonlocal last
            if time.monotonic() - last >= self.progress_interval:
                self.save(key, snapshot)
                last = time.monotonic()

        return tick

    def each_completed[T, R](
        self,
        key: str,
        snapshot: S,
        function: Callable[[T], R],
        items: Iterable[T],
        *,
        pool_size: int,
    ) -> Iterator[R]:
        """`function` over `items`, `pool_size` at a time (gentle on Quay), each result as it
        completes; the progress the caller records from it is saved as it goes."""
        tick = self.ticker(key, snapshot)
        with ThreadPoolExecutor(max_workers=pool_size) as pool:
            for future in as_completed([pool.submit(function, item) for item in items]):
                yield future.result()
                tick()

    def forget(self, user_id: int | str, scope: str) -> None:
        cache.delete(self.key(user_id, scope))
