"""The one reader of numbers from a request: ASCII digits with a bound, or nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django import forms

from dashboard.web.numbers import WholeNumberField, parse_decimal, parse_whole, whole_or

NOT_NUMBERS = [
    "\u00b2",  # superscript two: str.isdigit() says yes, int() refuses
    "\u2460",  # circled one
    "\U0001d7d9",  # mathematical double-struck one: int() reads 1
    "\u0661",  # Arabic-Indic one: int() reads 1
    "\uff11",  # fullwidth one
    "1_000",
    "+1",
    "-1",
    "1.0",
    "1e3",
    "",
    "1 2",
    "9" * 19,
    None,
    7,
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_only_ascii_digits_are_a_whole_number(text: object) -> None:
    assert parse_whole(text) is None
    assert whole_or(text, 5) == 5


def test_whole_numbers_within_their_bounds() -> None:
    assert parse_whole("42") == 42
    assert parse_whole(" 42 ") == 42
    assert parse_whole(" 42 ", strip=False) is None
    assert parse_whole("0", minimum=1) is None
    assert parse_whole("101", maximum=100) is None
    assert whole_or("0", 1, minimum=1) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10", Decimal(10)), ("1.5", Decimal("1.5")), (".5", Decimal("0.5")), ("-2", Decimal(-2))],
)
def test_decimal_amounts(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["1e400", "nan", "Infinity", "\u0661\u0660", "1,5", "+1", "1."])
def test_what_is_not_a_decimal_amount(text: str) -> None:
    assert parse_decimal(text) is None


class _Form(forms.Form):
    count = WholeNumberField(min_value=1, max_value=10)


@pytest.mark.parametrize(("value", "valid"), [("3", True), ("\U0001d7d9", False), ("11", False)])
def test_the_form_field_reads_ascii_digits_only(value: str, valid: bool) -> None:
    form = _Form({"count": value})
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["count"] == 3


def test_no_form_takes_a_number_with_djangos_integer_field() -> None:
    """Django's IntegerField reads any script's digits; every form number is a WholeNumberField."""
    package = Path(__file__).resolve().parents[2] / "dashboard"
    found = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "forms.IntegerField(" in path.read_text() and path.name != "numbers.py"
    ]

    assert found == []
