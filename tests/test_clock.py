"""The sandbox's world is seeded relative to the moment it starts, so that nothing in it (key
expirations, log entries, tag and build times) turns stale as the calendar moves on."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from dashboard.web import clock
from sandbox.server import SandboxServer, fresh_world
from sandbox.world import DEMO_TOKENS, World
from tests.conftest import sign_in

DAY = 86400
# Epoch seconds between 2017 and 2049: what looks like a moment rather than a size or an id.
MOMENTS = range(1_500_000_000, 2_500_000_000)


def _seeded_at(now: int) -> World:
    with time_machine.travel(now, tick=False):
        return fresh_world()


def _moments(value: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """Every number in a world that looks like a Unix time, with where it was found."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name != "lock":
                yield from _moments(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _moments(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _moments(item, f"{path}[{index}]")
    elif isinstance(value, int | float) and not isinstance(value, bool) and int(value) in MOMENTS:
        yield path, value


def test_every_seeded_time_moves_with_the_moment_the_world_is_seeded() -> None:
    # Whole hours apart, as the generated log is anchored to the hour.
    base = int(datetime(2026, 11, 30, 12, tzinfo=UTC).timestamp())
    later = base + 400 * DAY
    first, second = dict(_moments(_seeded_at(base))), dict(_moments(_seeded_at(later)))
    assert first.keys() == second.keys()
    assert len(first) > 1000  # the logs, tags, builds, keys and robots are all in there
    unmoved = [where for where, when in first.items() if second[where] - when != later - base]
    assert unmoved == []


@pytest.mark.parametrize("years", [0, 1, 3])
def test_the_keys_page_marks_the_same_keys_whatever_the_year(
    sandbox: SandboxServer, db: None, years: int
) -> None:
    with time_machine.travel(datetime.now(UTC) + timedelta(days=365 * years + 1), tick=True):
        sandbox.reset()
        devtable = sign_in(Client(), DEMO_TOKENS["devtable"])
        html = devtable.get("/superuser/keys/").content.decode()
        expiring = devtable.get("/superuser/keys/?filter=expiring").content.decode()
    assert "Expired</span>" in html  # kid6, expired two days before the seed moment
    assert "Within a week</span>" in html  # kid4, a day after
    assert "Within a month</span>" in html  # kid2, two weeks after
    assert "autorotatingkey" in expiring and "someexpiredkey" not in expiring


def test_a_shifted_run_really_runs_at_the_other_date() -> None:
    shift = int(os.environ.get("QUAYSIDE_CLOCK_SHIFT_DAYS") or 0)
    travelling = time_machine.escape_hatch.is_travelling()
    assert travelling == bool(shift)
    real_now = time_machine.escape_hatch.time.time() if travelling else time.time()
    assert abs(clock.timestamp() - real_now - shift * DAY) < 600
