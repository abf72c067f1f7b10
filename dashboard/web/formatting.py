"""How Quay's numbers and dates are shown to a person."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

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
