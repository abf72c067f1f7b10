"""Builds: the list, a build page, one poll of a running log, and a 50,000-entry log.

`python benchmarks/run.py --only build` measures the pages below. The download streams through
its own reader (not the counted `request()`), so its figures come from the sandbox's own call
log: `python -m benchmarks.pages.builds` (after `run.py` has set Django up, or on its own).
"""

from __future__ import annotations

from typing import Any

from benchmarks.page import Page
from sandbox.api import builds as sandbox_builds

REPO = "/repository/buynlarge/orgrepo/builds/"
BIG = sandbox_builds.BIG_BUILD_ID
BIG_ENTRIES = 50_000


def add_big_log(sandbox: Any) -> None:
    with sandbox.world.lock:
        sandbox_builds.add_big_log_build(sandbox.world, BIG_ENTRIES)


def _poll(build: str, start: int, body: str, phase: str) -> str:
    return f"{REPO}{build}/log/?start={start}&b={body}&pb={body}&phase={phase}&n=0"


PAGES = [
    Page("builds list", REPO, budget_calls=1, budget_ratio=1.5),
    Page("builds start form (robots)", REPO + "new/", budget_calls=1, budget_ratio=1.5),
    Page(
        "build page, running",
        f"{REPO}{sandbox_builds.LIVE_BUILD_ID}/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page(
        "build page, failed",
        f"{REPO}{sandbox_builds.FAILED_BUILD_ID}/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    Page(
        "build page, superuser lookup",
        f"/superuser/builds/{sandbox_builds.FAILED_BUILD_ID}/",
        budget_calls=1,
        budget_ratio=1.5,
    ),
    # The page's first byte waits for the log only; the build's summary is a lazy part.
    Page(
        "build page, lazy summary",
        f"{REPO}{sandbox_builds.FAILED_BUILD_ID}/?view=summary&lp=error",
        budget_calls=1,
        budget_ratio=1.5,
        htmx=True,
    ),
    # One poll of a running build: one call, and only the entries after the last one shown.
    Page(
        "build log poll (tail of 50,000)",
        _poll(BIG, BIG_ENTRIES - 10, "log-0-body", "building"),
        budget_calls=1,
        budget_ratio=1.5,
        htmx=True,
        prepare=add_big_log,
    ),
    Page(
        "build page, 50,000-entry log",
        f"{REPO}{BIG}/",
        budget_calls=1,
        prepare=add_big_log,
    ),
]


def main() -> None:
    """The 50,000-entry log end to end: page, polls and download, from the sandbox's call log."""
    import os
    import time
    import tracemalloc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sandbox.server import SandboxServer
    from sandbox.world import DEMO_TOKENS

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    with SandboxServer(latency_ms=50) as sandbox:
        settings.QUAY_URL = sandbox.url
        add_big_log(sandbox)
        client = Client()
        client.post("/signin/", {"token": DEMO_TOKENS["devtable"]})
        client.get("/")  # the layout's shared messages, out of the way

        def fetch(url: str, headers: dict[str, str]) -> tuple[int, int]:
            response = client.get(url, headers=headers)
            if response.streaming:
                return response.status_code, sum(len(c) for c in response.streaming_content)
            return response.status_code, len(response.content)

        def run(label: str, url: str, **headers: str) -> None:
            sandbox.clear_calls()
            started = time.perf_counter()
            status, size = fetch(url, headers)
            elapsed = (time.perf_counter() - started) * 1000
            calls = [f"{c.path.rsplit('/', 1)[-1]}?{c.query}" for c in sandbox.calls]
            # Memory in a second request: tracing slows everything down.
            tracemalloc.start()
            fetch(url, headers)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(
                f"{label:24} {status} {len(calls)} call(s) {calls} {elapsed:6.0f} ms "
                f"{size / 1e6:5.1f} MB out, peak {peak / 1e6:5.1f} MB"
            )

        print(
            f"A {BIG_ENTRIES}-entry log, sandbox latency 50 ms "
            "(peak: this process, the in-process sandbox included)"
        )
        run("page", f"{REPO}{BIG}/")
        run(
            "poll (10 new entries)",
            _poll(BIG, BIG_ENTRIES - 10, "log-0-body", "building"),
            **{"HX-Request": "true"},
        )
        run(
            "poll (nothing new)",
            _poll(BIG, BIG_ENTRIES, "log-0-body", "building"),
            **{"HX-Request": "true"},
        )
        run("download", f"{REPO}{BIG}/log.txt")


if __name__ == "__main__":
    main()
