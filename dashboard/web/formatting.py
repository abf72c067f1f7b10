"""How Quay's numbers and dates are shown to a person."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString

from dashboard.web import clock

BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def human_size(size: int | float | None) -> str:
    if size is None:
        return "—"
    value = float(size)
    for unit in BINARY_UNITS:
        if abs(value) < 1024 or unit == BINARY_UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


# The units a relative time is told in, largest first: only the largest that fits is said.
_TIME_UNITS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
)


def relative_time(moment: datetime, now: datetime) -> str:
    """ "3 days ago" or "in 2 weeks": one unit, the largest that fits."""
    seconds = (now - moment).total_seconds()
    future, span = seconds < 0, abs(seconds)
    for name, size in _TIME_UNITS:
        if span >= size:
            # Rounded, not cut: a key expiring in 13.9 days is "in 2 weeks", not "in 1 week".
            count = round(span / size)
            label = f"{count} {name}{'' if count == 1 else 's'}"
            return f"in {label}" if future else f"{label} ago"
    return "in a moment" if future else "just now"


def exact_time(moment: datetime) -> str:
    """The one absolute format: ISO-like, 24-hour, in UTC and saying so."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def time_element(
    value: object, *, exact: bool = False, now: datetime | None = None
) -> SafeString | str:
    """Every timestamp a page shows: a `<time>` element carrying the exact UTC moment (in
    `datetime` and as its title), reading as a relative time, or as the exact one where that
    is the point (logs, history). A dash when Quay gave no time it could read."""
    moment = parse_quay_time(value)
    if moment is None:
        return "—"
    text = exact_time(moment) if exact else relative_time(moment, now or clock.now())
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.astimezone(UTC).isoformat(),
        exact_time(moment),
        text,
    )


def human_percent(value: float | None) -> str:
    """A share of a quota, everywhere with one decimal ("6.1%"); a dash when there is none."""
    return "—" if value is None else f"{value:.1f}%"


def parse_quay_time(value: object) -> datetime | None:
    """Quay writes dates as RFC 2822 strings ("Mon, 01 Jun 2020 10:00:00 -0000"), sometimes as
    Unix seconds, and sometimes as ISO 8601; None for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, datetime):
        return value
    text = str(value)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def short_digest(digest: str | None, length: int = 12) -> str:
    if not digest:
        return ""
    algorithm, _, hexpart = digest.partition(":")
    return f"{algorithm}:{hexpart[:length]}" if hexpart else digest[:length]
