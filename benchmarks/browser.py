"""What a person waits for, in headless Chromium, with Quay's cost shape.

    python benchmarks/browser.py [--latency-ms 300] [--concurrent] [--repeat 5] [--only NAME]

Quayside runs in this process behind a threaded HTTP server, the sandbox beside it with
`--latency-ms` on every call, one token call at a time (as one Quay worker answers them) unless
`--concurrent`. For each page, three ways in, each `--repeat` times, medians printed:

- **first visit**: the person is signed in and has seen the overview, never this page;
- **returning visit**: the same page again, a few seconds later (what Quayside kept of it);
- **hover, then click**: the pointer rests 150 ms on a link to the page, then clicks it (the
  navigation's and the tables' links are preloaded); pages with no such link are skipped.

Per load: time to first byte and to the first row (from the navigation's start, measured in the
page), and the Quay calls the load made: before the first byte, and in all until the page is
complete (its lazy parts and the refresh of a kept page included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
_DATABASE = Path(tempfile.mkdtemp(prefix="quayside-bench-")) / "db.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DATABASE}"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402

from sandbox.api import builds as sandbox_builds  # noqa: E402
from sandbox.api.repositories import add_huge_repository  # noqa: E402
from sandbox.server import SandboxServer  # noqa: E402
from sandbox.world import DEMO_TOKENS  # noqa: E402

# Debian's chromium, as the browser tests drive it.
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

if "redis" not in str(settings.CACHES["default"]["BACKEND"]).lower():
    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

# Records, in the page, when the first row of its main table (or list, or log) appears: an
# init script, so it runs before anything of the page and is untouched by its CSP.
FIRST_ROW_SCRIPT = """
(() => {
  const selector = %r;
  const seen = () => {
    if (window.__firstRow === undefined && document.querySelector(selector)) {
      window.__firstRow = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", seen);
})();
"""
ROW = (
    "main #swr-page tbody tr:not(.load-more-row) td, main table:not(#swr-page *) tbody tr td,"
    " main .message-item, main #build-log-root > *"
)
# Quay's reference, measured with its own UI on a real installation (see the README).
QUAY_UI = {
    "repository list": "1.30",
    "tags, 3 tags": "2.72 (2 tags)",
    "tags, 10,000 tags": "1.96 (308 tags)",
    "usage logs": "2.73",
    "organization overview": "2.07 (teams)",
    "service keys": "1.51",
    "messages": "1.11",
}


@dataclass(frozen=True)
class BrowserPage:
    name: str
    url: str
    # Where a preloaded link to the page is, and its accessible name ("" for none).
    link_from: str = ""
    link_name: str = ""
    link_scope: str = "main"
    # A page the person comes from on every visit (what it reads may be known to this one).
    via: str = "/"
    prepare: Callable[[SandboxServer], Any] | None = None


PAGES = [
    BrowserPage("repository list", "/repository/", "/", "Repositories", "nav.sidebar"),
    BrowserPage("tags, 3 tags", "/repository/devtable/simple/tags/"),
    BrowserPage(
        "tags, 3 tags, from the repository's overview",
        "/repository/devtable/simple/tags/",
        via="/repository/devtable/simple/",
    ),
    BrowserPage(
        "tags, 10,000 tags",
        "/repository/devtable/huge/tags/",
        prepare=lambda sandbox: add_huge_repository(sandbox.world, "devtable", "huge", 10_000),
    ),
    BrowserPage("usage logs", "/user/logs/", "/", "Usage logs", "nav.sidebar"),
    BrowserPage("organization overview", "/organization/buynlarge/", "/organization/", "buynlarge"),
    BrowserPage("service keys", "/superuser/keys/"),
    BrowserPage("messages", "/superuser/messages/"),
    BrowserPage("access review", "/organization/buynlarge/access/"),
    BrowserPage(
        "build log", f"/repository/buynlarge/orgrepo/builds/{sandbox_builds.FAILED_BUILD_ID}/"
    ),
]


@dataclass
class Load:
    ttfb_ms: float
    first_row_ms: float
    calls_before_first_byte: int
    calls: int


@dataclass
class Result:
    page: BrowserPage
    loads: dict[str, list[Load]] = field(default_factory=dict)


class Session:
    """One signed-in browser context (its cookies and its HTTP cache), on one page."""

    def __init__(self, browser: Any, base_url: str, sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": 1280, "height": 900}
        )
        self.context.add_init_script(FIRST_ROW_SCRIPT % ROW)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.page.goto("/signin/")
        self.page.get_by_label("Quay access token").fill(DEMO_TOKENS["devtable"])
        self.page.get_by_role("button", name="Sign in with a token").click()
        self.page.wait_for_url("**/")
        self.calls_at_first_byte = 0
        self.page.on("response", self._on_response)

    def _on_response(self, response: Any) -> None:
        if (
            response.request.is_navigation_request()
            and response.request.frame == self.page.main_frame
        ):
            self.calls_at_first_byte = len(self.sandbox.calls)

    def visit(self, url: str) -> None:
        """Go to `url` and wait for it to finish talking to Quay (with one Quay worker, a lazy
        part still in flight would delay the next page's calls)."""
        self.page.goto(url)
        self.settle()

    def settle(self) -> None:
        """Until the page's lazy parts, a kept page's refresh and polls are done: the network
        idle, and Quay quiet for a second."""
        self.page.wait_for_load_state("networkidle")
        quiet_since, seen = time.monotonic(), len(self.sandbox.calls)
        while time.monotonic() - quiet_since < 1.0:
            time.sleep(0.1)
            if len(self.sandbox.calls) != seen:
                quiet_since, seen = time.monotonic(), len(self.sandbox.calls)

    def _first_row(self) -> float | None:
        from playwright.sync_api import Error

        try:
            return self.page.evaluate("() => window.__firstRow")  # type: ignore[no-any-return]
        except Error:  # the page is still navigating
            return None

    def close(self) -> None:
        self.context.close()

    def measure(self, go: Callable[[], Any]) -> Load:
        self.sandbox.clear_calls()
        self.calls_at_first_byte = 0
        go()
        # Polled from here: the page's CSP forbids the eval a waiting function would need.
        deadline = time.monotonic() + 60
        while self._first_row() is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no first row on {self.page.url}")
            time.sleep(0.02)
        self.settle()
        timing = self.page.evaluate(
            """() => {
              const nav = performance.getEntriesByType("navigation")[0];
              const since = (t) => t - nav.startTime;
              return {ttfb: since(nav.responseStart), row: since(window.__firstRow)};
            }"""
        )
        return Load(
            ttfb_ms=timing["ttfb"],
            first_row_ms=timing["row"],
            calls_before_first_byte=self.calls_at_first_byte,
            calls=len(self.sandbox.calls),
        )


def forget_kept_pages() -> None:
    """A first visit: nothing kept of any page (the messages' banner cache stays warm)."""
    for key in list(getattr(cache, "_cache", {})):
        if ":swr:" in key:
            cache.delete(key.split(":", 2)[2])


def hover_then_click(session: Session, page: BrowserPage) -> None:
    link = session.page.locator(page.link_scope).get_by_role(
        "link", name=page.link_name, exact=True
    )
    link.first.hover()
    session.page.wait_for_timeout(150)
    link.first.click()


def measure_page(
    browser: Any, base_url: str, sandbox: SandboxServer, page: BrowserPage, repeat: int
) -> Result:
    result = Result(page)
    first, returning, preloaded = [], [], []
    for _ in range(repeat):
        session = Session(browser, base_url, sandbox)
        go = partial(session.page.goto, page.url)
        try:
            session.visit(page.via)
            forget_kept_pages()
            if page.via != "/":
                session.visit(page.via)  # what it reads is known again, its own page is not
            first.append(session.measure(go))
            session.visit(page.via)
            returning.append(session.measure(go))
            if page.link_from:
                session.visit(page.link_from)
                forget_kept_pages()
                preloaded.append(session.measure(partial(hover_then_click, session, page)))
        finally:
            session.close()
    result.loads = {"first visit": first, "returning visit": returning}
    if preloaded:
        result.loads["hover 150 ms, then click"] = preloaded
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--concurrent", action="store_true", help="answer token calls together")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    call_command("migrate", verbosity=0, interactive=False)
    settings.ALLOWED_HOSTS = ["*"]
    with SandboxServer(latency_ms=args.latency_ms, serial=not args.concurrent) as sandbox:
        settings.QUAY_URL = sandbox.url
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base_url = f"http://127.0.0.1:{server.port}"
        rows = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM or "chromium", headless=True, args=CHROMIUM_ARGS
                )
                for page in PAGES:
                    if args.only and args.only not in page.name:
                        continue
                    sandbox.reset()
                    cache.clear()
                    if page.prepare:
                        page.prepare(sandbox)
                    rows.append(measure_page(browser, base_url, sandbox, page, args.repeat))
                browser.close()
        finally:
            server.terminate()
    shape = "concurrent" if args.concurrent else "one token call at a time"
    print(f"Sandbox latency {args.latency_ms} ms per call, {shape}; {args.repeat} loads each.\n")
    print(
        "| page | load | first byte ms | first row ms | calls before first byte | calls in all "
        "| Quay UI first row s |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        for how, loads in row.loads.items():
            print(
                f"| {row.page.name} | {how} "
                f"| {statistics.median(load.ttfb_ms for load in loads):.0f} "
                f"| {statistics.median(load.first_row_ms for load in loads):.0f} "
                f"| {max(load.calls_before_first_byte for load in loads)} "
                f"| {max(load.calls for load in loads)} "
                f"| {QUAY_UI.get(row.page.name, '—') if how == 'first visit' else ''} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
