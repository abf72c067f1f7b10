"""The one clock of the product: every "now" a page compares with comes from here.

Nothing else reads the wall clock, so a test can move the whole product in time (the suite runs
once with the clock a year ahead, see `tests/conftest.py`) and the sandbox, which seeds its world
relative to the same moment, moves with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    """The current moment, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC, the day Quay's logs and expirations count in."""
    return now().date()


def timestamp() -> float:
    """The current moment as Unix seconds, the unit Quay's API speaks."""
    return now().timestamp()
