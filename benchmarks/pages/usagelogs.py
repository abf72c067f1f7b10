"""Usage logs: the first render of each of the four pages is the first page of entries (1 call);
the chart (the aggregate, 1 call) is a lazy part right after. A download streams page by page.

Run as a script for the export's memory: `python benchmarks/pages/usagelogs.py` streams CSV
exports of 2,000 and 10,000 entries and prints the largest memory the process held while doing
it (tracemalloc), which must not grow with the number of entries.
"""

from __future__ import annotations

from typing import Any

from benchmarks.page import Page
from tests.clock import iso_day

RANGE = f"start={iso_day(-6)}&end={iso_day(0)}"


def grow_log(entries: int) -> Any:
    """A `prepare` that adds `entries` pulls of buynlarge/orgrepo inside RANGE."""

    def prepare(sandbox: Any) -> None:
        from sandbox.world import LogEntry

        step = max(1, 6 * 86400 // entries)
        sandbox.world.logs.extend(
            LogEntry(
                "pull_repo",
                sandbox.world.now - 7200 - index * step,
                "buynlarge",
                {"repo": "orgrepo", "tag": "latest", "username": "public"},
                "public",
                "orgrepo",
                f"10.1.{index % 250}.{index % 199}",
            )
            for index in range(entries)
        )

    return prepare


PAGES = [
    Page(
        "usagelogs repository",
        f"/repository/devtable/simple/logs/?{RANGE}",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page("usagelogs organization", f"/organization/buynlarge/logs/?{RANGE}", 1, 1.5),
    Page("usagelogs user", f"/user/logs/?{RANGE}", 1, 1.5),
    Page("usagelogs superuser", f"/superuser/logs/?{RANGE}", 1, 1.5),
    Page(
        "usagelogs organization, lazy chart",
        f"/organization/buynlarge/logs/?{RANGE}&view=chart",
        1,
        1.5,
        htmx=True,
    ),
    # With a kind filter the first page may read ahead (at most 5 of Quay's pages).
    Page(
        "usagelogs organization kind filter",
        f"/organization/buynlarge/logs/?{RANGE}&kind=push_repo",
        5,
    ),
]


def _serve(port: int, entries: int, latency_ms: int, ready: Any, stop: Any) -> None:
    from sandbox.server import SandboxServer

    with SandboxServer(port=port, latency_ms=latency_ms) as sandbox:
        grow_log(entries)(sandbox)
        ready.set()
        stop.wait()


def measure_export_memory(entries: int, latency_ms: int = 0) -> tuple[int, int, float]:
    """Stream one CSV export of `entries` added entries; (rows, peak traced bytes of the
    dashboard's process, seconds). The sandbox runs in another process, so its own copy of
    the log does not count."""
    import multiprocessing
    import socket
    import time
    import tracemalloc

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from sandbox.world import DEMO_TOKENS

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("fork")
    ready, stop = context.Event(), context.Event()
    server = context.Process(target=_serve, args=(port, entries, latency_ms, ready, stop))
    server.start()
    try:
        ready.wait(30)
        settings.QUAY_URL = f"http://127.0.0.1:{port}"
        cache.clear()
        client = Client()
        client.post("/signin/", {"token": DEMO_TOKENS["devtable"]})
        started = time.perf_counter()
        tracemalloc.start()
        response = client.get(f"/organization/buynlarge/logs/export/?{RANGE}&format=csv")
        rows = 0
        for chunk in response.streaming_content:  # type: ignore[union-attr]
            rows += chunk.count(b"\n")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return rows, peak, time.perf_counter() - started
    finally:
        stop.set()
        server.join(10)


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    latency = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    print(f"CSV export of organization buynlarge, sandbox latency {latency} ms")
    print(f"{'added entries':>13} {'rows':>7} {'peak traced KiB':>16} {'seconds':>8}")
    for count in (2000, 10000):
        rows, peak, seconds = measure_export_memory(count, latency)
        print(f"{count:>13} {rows:>7} {peak / 1024:>16.0f} {seconds:>8.1f}")
