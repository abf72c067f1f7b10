"""Days relative to today, for tests that name dates: the sandbox seeds its world relative to
the moment it starts, so "the seed day" is today, whatever day the suite runs on."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.web import clock


def day(offset: int = 0) -> date:
    """Today (UTC) moved by `offset` days."""
    return clock.today() + timedelta(days=offset)


def iso_day(offset: int = 0) -> str:
    """A day as the date inputs send it (YYYY-MM-DD)."""
    return day(offset).isoformat()


def quay_day(offset: int = 0) -> str:
    """A day as Quay's logs endpoints take it (MM/DD/YYYY)."""
    return day(offset).strftime("%m/%d/%Y")
