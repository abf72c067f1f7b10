"""Watching a running build in headless Chromium: new lines appear, then the final status."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.builds import views
from sandbox.api import builds as sandbox_builds
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BUILD_ID = "5e1f0b2c-3d4a-4b5c-8d6e-7f8091a2b3c4"


def test_a_running_build_streams_new_lines_and_ends_with_its_status(
    page: Any, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short build, polled quickly: the same page and polls, in seconds instead of a minute.
    with sandbox.world.lock:
        sandbox_builds.add_live_build(sandbox.world, BUILD_ID, commands=2)
    monkeypatch.setattr(views, "LOG_POLL_MS", 300)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page)

    page.goto(f"/repository/buynlarge/orgrepo/builds/{BUILD_ID}/")
    log = page.locator("#build-log")
    first_count = log.locator(".log-line, .log-phase, .log-command").count()
    assert page.get_by_text("Watching the build").is_visible()

    # New lines arrive without a reload: a command of the build, then its output.
    page.get_by_text("Step 1/2 : FROM").wait_for(timeout=15_000)
    assert log.locator(".log-line, .log-phase, .log-command").count() > first_count
    assert page.locator("#L1").count() == 1

    page.get_by_text("The build has ended:").wait_for(timeout=30_000)
    assert page.locator("#build-log-poller strong").inner_text() == "Complete"
    assert page.locator("#build-phase").inner_text().strip() == "Complete"
    assert page.get_by_role("button", name="Cancel build").count() == 0
    # Every entry of the log once, in order, numbered 1..N.
    numbers = [int(n) for n in log.locator(".ln").all_inner_texts()]
    total = len(
        next(
            b
            for b in sandbox.world.repositories[("buynlarge", "orgrepo")].builds
            if b.id == BUILD_ID
        ).logs
    )
    assert numbers == list(range(1, total + 1))
    # ANSI colours arrived as classes, under the CSP, with no errors in the console.
    assert log.locator(".ansi-fg2, .ansi-fg3, .ansi-bold, .ansi-fg6").count() > 0
    assert errors == []
