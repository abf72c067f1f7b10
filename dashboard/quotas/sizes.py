"""Sizes and percentages as people type them, checked before anything reaches Quay.

Display goes through `dashboard.web.formatting.human_size`; this module only reads input.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from dashboard.quay.quota import QuotaLimit
from dashboard.web.numbers import parse_decimal, parse_whole

# The units the forms offer, binary like Quay's own ("10.0 GiB" is 10 * 1024**3 bytes).
UNITS: dict[str, int] = {
    "KiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "TiB": 1024**4,
}
UNIT_CHOICES = tuple(UNITS)
DEFAULT_UNIT = "GiB"
# Nothing stores more than this on one namespace; a larger figure is a typo (an extra digit
# or the wrong unit), and Quay would take it without a word.
MAX_QUOTA_BYTES = 1024 * UNITS["TiB"]
MIN_QUOTA_BYTES = UNITS["KiB"]

LIMIT_TYPES = ("Warning", "Reject")


class InputError(ValueError):
    """A value a person typed that can't be sent; `str()` is the sentence to show them."""


def parse_size(amount: str, unit: str) -> int:
    """Bytes from an amount ("10", "1.5") and one of UNITS; InputError when it makes no sense."""
    text = (amount or "").strip().replace(",", ".")
    if not text:
        raise InputError("Enter a size.")
    if unit not in UNITS:
        raise InputError(f"Choose a unit: {', '.join(UNIT_CHOICES)}.")
    value = parse_decimal(text)
    if value is None:
        raise InputError("Enter the size as a number, like 10 or 1.5.")
    if value <= 0:
        raise InputError("The size must be more than zero.")
    size = int(value * UNITS[unit])
    if size < MIN_QUOTA_BYTES:
        raise InputError("The size must be at least 1 KiB.")
    if size > MAX_QUOTA_BYTES:
        raise InputError("That is more than 1024 TiB: check the number and the unit.")
    return size


def split_size(size: int) -> tuple[str, str]:
    """The amount and unit a form shows for `size`: the largest unit that keeps it readable."""
    for unit in reversed(UNIT_CHOICES):
        factor = UNITS[unit]
        if size >= factor:
            amount = Decimal(size) / factor
            rounded = amount.quantize(Decimal("0.001")).normalize()
            return f"{rounded:f}", unit
    return f"{(Decimal(size) / UNITS['KiB']).quantize(Decimal('0.001')).normalize():f}", "KiB"


def parse_percent(text: str) -> int:
    """A limit's threshold: a whole number from 1 to 100."""
    cleaned = (text or "").strip().removesuffix("%").strip()
    if not cleaned:
        raise InputError("Enter a percentage.")
    value = parse_whole(cleaned, strip=False)
    if value is None:
        raise InputError("Enter a whole number from 1 to 100.")
    if not 1 <= value <= 100:
        raise InputError("The percentage must be from 1 to 100.")
    return value


def parse_limit_type(text: str) -> str:
    for kind in LIMIT_TYPES:
        if (text or "").strip().lower() == kind.lower():
            return kind
    raise InputError("Choose Warning or Reject.")


def check_limit(
    kind: str, percent: int, existing: Iterable[QuotaLimit], *, editing: int | None = None
) -> None:
    """Quay takes a second Reject limit and two limits at one percentage (it refuses only an
    exact duplicate); both make the bar's colour ambiguous, so they are refused here."""
    others = [limit for limit in existing if limit.id != editing]
    if kind == "Reject" and any(limit.type == "Reject" for limit in others):
        raise InputError("There is already a reject limit: change that one instead.")
    if any(limit.limit_percent == percent for limit in others):
        raise InputError(f"There is already a limit at {percent}%.")
