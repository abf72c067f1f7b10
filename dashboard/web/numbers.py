"""Numbers from a request: the one way to read them.

`str.isdigit()` accepts "²" and "①", which `int()` then refuses; `int()` itself reads the digits
of every script (the mathematical double-struck one as 1), " 1 ", "+1" and "1_000". A number in
a URL, a query or a form is ASCII digits only here, with a bound, or it is not a number at all
(`None`, or the caller's default): never an exception, never a different number than the one the
person sees.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

_WHOLE = re.compile(r"[0-9]{1,18}", re.ASCII)
_DECIMAL = re.compile(r"-?(?:[0-9]{1,18}(?:\.[0-9]{1,18})?|\.[0-9]{1,18})", re.ASCII)

# Larger than any count, page or id a person can mean; 18 digits keep clear of 64-bit limits.
MAX_WHOLE = 10**18 - 1


def parse_whole(
    text: object, *, minimum: int = 0, maximum: int = MAX_WHOLE, strip: bool = True
) -> int | None:
    """The whole number `text` spells in ASCII digits, from `minimum` to `maximum`, else None.

    No sign, no spaces inside, no underscores, no other scripts' digits; surrounding spaces are
    dropped unless `strip=False`.
    """
    if not isinstance(text, str):
        return None
    if strip:
        text = text.strip()
    if not _WHOLE.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def whole_or(text: object, default: int, *, minimum: int = 0, maximum: int = MAX_WHOLE) -> int:
    """`parse_whole`, or `default` for anything else: for query parameters such as `page`."""
    value = parse_whole(text, minimum=minimum, maximum=maximum)
    return default if value is None else value


def parse_decimal(text: object) -> Decimal | None:
    """An amount such as "10", "1.5" or "-2" in ASCII digits (no exponent, no "+"), else None.
    The caller decides whether a negative amount makes sense (and says why not)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    return Decimal(text) if _DECIMAL.fullmatch(text) else None


class WholeNumberField(forms.IntegerField):
    """A form's whole number, read by `parse_whole`: Django's `IntegerField` reads any script's
    digits (the double-struck one as 1). `min_value` and `max_value` work as in IntegerField."""

    def to_python(self, value: object) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_whole(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def one_of(text: object, choices: tuple[int, ...], default: int) -> int:
    """One of a page's offered numbers (a page size); anything else is the default."""
    value = whole_or(text, default)
    return value if value in choices else default
