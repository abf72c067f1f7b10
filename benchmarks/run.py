"""Page latency against the sandbox with a fixed latency per Quay call.

    python benchmarks/run.py [--latency-ms N] [--serial] [--repeat 7] [--only NAME]

By default every page is measured with two cost shapes in turn: Quay's on a real installation,
300 ms a token call, one call at a time (as one Quay worker answers them: the number of calls
on a page's critical path then decides its time), and 50 ms a call, all at once. `--latency-ms`
(with `--serial` for one call at a time) measures one shape only. Pages of more than
`SERIAL_MAX_CALLS` calls, or with no call budget, are left out of the serialised shape: there
their time is only their count of calls times the latency.

For each page: the upstream calls one request makes, the median page time, and that time
divided by the slowest single upstream call of the request (1.0 would be a page that costs
exactly its slowest call). Each area lists its pages in benchmarks/pages/<area>.py.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from benchmarks.page import Page  # noqa: E402

# One process, on an in-memory database that each connection sees afresh: a cache of its own
# (the installation's shared database cache is measured by benchmarks/load.py).
if "redis" not in str(settings.CACHES["default"]["BACKEND"]).lower():
    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
from dashboard.quay.transport import QuayTransport  # noqa: E402
from dashboard.web import swr  # noqa: E402
from sandbox.server import SandboxServer  # noqa: E402
from sandbox.world import DEMO_TOKENS  # noqa: E402

# The default cost shapes: (latency ms, one token call at a time).
SHAPES = [(300, True), (50, False)]
SERIAL_MAX_CALLS = 20


@dataclass
class Measurement:
    page: Page
    calls: list[int] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)


class CallRecorder:
    """Times every upstream call made through the client's one choke point (`_send`, under
    both `request()` and `stream()`; a streamed answer is timed to its first byte)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.durations: list[float] = []
        self.original = QuayTransport._send

    def install(self) -> None:
        recorder = self
        original = self.original

        def timed(self: QuayTransport, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                with recorder.lock:
                    recorder.durations.append((time.perf_counter() - started) * 1000)

        QuayTransport._send = timed  # type: ignore[method-assign]

    def take(self) -> list[float]:
        with self.lock:
            taken, self.durations = self.durations, []
        return taken


def all_pages() -> list[Page]:
    import benchmarks.pages as package

    pages: list[Page] = []
    for module in pkgutil.iter_modules(package.__path__):
        pages.extend(importlib.import_module(f"benchmarks.pages.{module.name}").PAGES)
    return pages


def measure(page: Page, sandbox: SandboxServer, recorder: CallRecorder, repeat: int) -> Measurement:
    client = Client()
    response = client.post("/signin/", {"token": DEMO_TOKENS[page.token]})
    assert response.status_code == 302, f"sign-in failed for {page.token}"
    if page.prepare:
        page.prepare(sandbox)
    headers = {"HX-Request": "true"} if page.htmx else {}
    result = Measurement(page)
    if page.warm:
        client.get(page.url, headers=headers)
    traveller = None
    if page.later_s:
        # A returning visit: what the cache still holds after this long.
        import time_machine

        later = datetime.now(UTC) + timedelta(seconds=page.later_s)
        traveller = time_machine.travel(later, tick=True)
        traveller.start()
    recorder.take()
    for _ in range(repeat):
        if page.cold:
            cache.clear()
        # Each request as a first visit of the page: the fresh page, never the one kept by the
        # warm request (benchmarks/browser.py measures returning visits).
        swr.forget(None)
        started = time.perf_counter()
        response = client.get(page.url, headers=headers)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
        durations = recorder.take()
        result.statuses.add(response.status_code)
        result.calls.append(len(durations))
        result.page_ms.append(elapsed)
        result.ratios.append(elapsed / max(durations) if durations else float("nan"))
    if traveller is not None:
        traveller.stop()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=None)
    parser.add_argument("--serial", action="store_true", help="answer token calls one at a time")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", default="", help="measure pages whose name contains this")
    args = parser.parse_args()

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    recorder = CallRecorder()
    recorder.install()
    if args.latency_ms is not None:
        shapes = [(args.latency_ms, args.serial)]
    else:
        shapes = [shape for shape in SHAPES if shape[1] or not args.serial]
    failed = False
    for latency_ms, serial in shapes:
        failed |= run_shape(latency_ms, serial, args.repeat, args.only, recorder)
    return 1 if failed else 0


def run_shape(
    latency_ms: int, serial: bool, repeat: int, only: str, recorder: CallRecorder
) -> bool:
    """Measure every page with one cost shape and print the table; True if one is over budget."""
    with SandboxServer(latency_ms=latency_ms, serial=serial) as sandbox:
        settings.QUAY_URL = sandbox.url
        rows = []
        for page in all_pages():
            if only and only not in page.name:
                continue
            if serial and (page.budget_calls is None or page.budget_calls > SERIAL_MAX_CALLS):
                # (Pages without a call budget start background work that would keep a
                # one-call-at-a-time Quay busy long after them.)
                continue
            sandbox.reset()
            cache.clear()
            rows.append(measure(page, sandbox, recorder, repeat))
    shape = ", one token call at a time" if serial else ", calls at once"
    print(f"\nSandbox latency {latency_ms} ms per call{shape}, {repeat} requests per page.")
    print("(calls: every call of the request, all of them before its first byte)\n")
    print(f"{'page':44} {'status':>6} {'calls':>5} {'median ms':>9} {'ratio':>6}  budget")
    failed = False
    for row in rows:
        calls = max(row.calls)
        ratio = statistics.median(row.ratios)
        budget = []
        over = False
        if row.page.budget_calls is not None:
            budget.append(f"calls <= {row.page.budget_calls}")
            over |= calls > row.page.budget_calls
        if row.page.budget_ratio is not None:
            budget.append(f"ratio <= {row.page.budget_ratio}")
            over |= ratio > row.page.budget_ratio
        failed |= over
        print(
            f"{row.page.name:44} {','.join(map(str, sorted(row.statuses))):>6} {calls:>5} "
            f"{statistics.median(row.page_ms):>9.0f} {ratio:>6.2f}  "
            f"{', '.join(budget)}{'  OVER BUDGET' if over else ''}"
        )
    return failed


if __name__ == "__main__":
    sys.exit(main())
