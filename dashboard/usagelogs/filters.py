"""What a logs page is asked for, checked before any call to Quay.

Dates come from `<input type="date">` (YYYY-MM-DD) or in Quay's own `MM/DD/YYYY`; both are UTC
days, the end day included. A range is at most 31 days, never in the future, never reversed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.http import QueryDict

from dashboard.quay.usagelogs import DateRange
from dashboard.web import clock

from .kinds import DESCRIPTIONS

MAX_RANGE_DAYS = 31
DEFAULT_RANGE_DAYS = 7
# Quay user names and robot names (namespace+shortname).
PERFORMER_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,254})(?:\+[a-z][a-z0-9_]{1,254})?$")


def parse_day(text: str) -> date | None:
    text = text.strip()
    if not text.isascii():
        # strptime reads any script's digits; a date here is ASCII, like every number.
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class LogFilters:
    dates: DateRange
    performer: str = ""
    kinds: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    # The raw inputs, shown back in the form when they are refused.
    start_text: str = ""
    end_text: str = ""

    @property
    def valid(self) -> bool:
        return not self.errors

    def query(self, **extra: str) -> str:
        """The filters as a query string, for links that keep them (load more, export)."""
        pairs: list[tuple[str, str]] = [
            ("start", self.dates.start.isoformat()),
            ("end", self.dates.end.isoformat()),
        ]
        if self.performer:
            pairs.append(("performer", self.performer))
        pairs += [("kind", kind) for kind in self.kinds]
        pairs += [(key, value) for key, value in extra.items() if value]
        return urlencode(pairs)

    def query_with_kind(self, kind: str) -> str:
        """The legend's link: the same range and performer, only this kind (or all again)."""
        pairs: list[tuple[str, str]] = [
            ("start", self.dates.start.isoformat()),
            ("end", self.dates.end.isoformat()),
        ]
        if self.performer:
            pairs.append(("performer", self.performer))
        if kind:
            pairs.append(("kind", kind))
        return urlencode(pairs)


def parse_filters(params: QueryDict, *, accepts_performer: bool) -> LogFilters:
    today = clock.today()
    default = DateRange(today - timedelta(days=DEFAULT_RANGE_DAYS - 1), today)
    errors: dict[str, str] = {}
    start_text = params.get("start", "").strip()
    end_text = params.get("end", "").strip()
    start = parse_day(start_text) if start_text else default.start
    end = parse_day(end_text) if end_text else default.end
    if start is None:
        errors["start"] = "Enter the start date as YYYY-MM-DD (or MM/DD/YYYY)."
    if end is None:
        errors["end"] = "Enter the end date as YYYY-MM-DD (or MM/DD/YYYY)."
    if start is not None and end is not None:
        if start > today:
            errors["start"] = f"The start date is in the future: the latest is {today.isoformat()}."
        if end > today:
            errors["end"] = f"The end date is in the future: the latest is {today.isoformat()}."
        elif start > end and "start" not in errors:
            errors["start"] = "The start date is after the end date."
        elif (end - start).days + 1 > MAX_RANGE_DAYS and "start" not in errors:
            errors["end"] = (
                f"Choose at most {MAX_RANGE_DAYS} days (this range has {(end - start).days + 1})."
            )
    performer = params.get("performer", "").strip() if accepts_performer else ""
    if performer and not PERFORMER_RE.match(performer):
        errors["performer"] = (
            "A Quay user name has lowercase letters, digits, '.', '_' and '-' "
            "(a robot: namespace+name)."
        )
    kinds = [kind.strip() for kind in params.getlist("kind") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in DESCRIPTIONS]
    if unknown:
        errors["kind"] = "Quay records no such kind: " + ", ".join(sorted(set(unknown))[:5])
    dates = (
        DateRange(start, end)
        if start and end and "start" not in errors and "end" not in errors
        else default
    )
    return LogFilters(
        dates=dates,
        performer=performer,
        kinds=list(dict.fromkeys(kinds)),
        errors=errors,
        start_text=start_text or dates.start.isoformat(),
        end_text=end_text or dates.end.isoformat(),
    )
