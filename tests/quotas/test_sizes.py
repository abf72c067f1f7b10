"""Sizes and percentages as people type them, and the usage a bar shows."""

from __future__ import annotations

import pytest

from dashboard.quay.quota import Quota, QuotaLimit, QuotaReport
from dashboard.quotas.sizes import (
    InputError,
    check_limit,
    parse_limit_type,
    parse_percent,
    parse_size,
    split_size,
)
from dashboard.quotas.usage import Usage
from dashboard.web.formatting import human_size


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        ("1", "KiB", 1024),
        ("10", "GiB", 10 * 1024**3),
        ("1.5", "MiB", 1572864),
        ("1,5", "MiB", 1572864),
        (" 2 ", "TiB", 2 * 1024**4),
        ("1024", "TiB", 1024**5),
    ],
)
def test_sizes_are_read_in_binary_units(amount: str, unit: str, expected: int) -> None:
    assert parse_size(amount, unit) == expected


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        ("-1", "GiB", "more than zero"),
        ("0", "MiB", "more than zero"),
        ("abc", "GiB", "as a number"),
        ("inf", "GiB", "as a number"),
        ("", "GiB", "Enter a size"),
        ("1025", "TiB", "more than 1024 TiB"),
        ("0.5", "KiB", "at least 1 KiB"),
        ("5", "GB", "Choose a unit"),
    ],
)
def test_nonsense_sizes_are_refused_with_a_reason(amount: str, unit: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_size(amount, unit)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (10 * 1024**3, ("10", "GiB")),
        (1572864, ("1.5", "MiB")),
        (3000, ("2.93", "KiB")),
        (2 * 1024**4, ("2", "TiB")),
        (500, ("0.488", "KiB")),
    ],
)
def test_a_size_is_split_into_a_readable_amount_and_unit(
    size: int, expected: tuple[str, str]
) -> None:
    assert split_size(size) == expected


def test_sizes_are_shown_in_human_units() -> None:
    assert human_size(3000) == "2.9 KiB"
    assert human_size(10 * 1024**3) == "10.0 GiB"
    assert human_size(184) == "184 B"


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("100", 100), (" 80 % ", 80)])
def test_percentages_are_whole_numbers_from_1_to_100(text: str, expected: int) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["0", "101", "-5", "50.5", "x", ""])
def test_other_percentages_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_percent(text)


def test_limit_types_are_warning_or_reject() -> None:
    assert parse_limit_type("reject") == "Reject"
    with pytest.raises(InputError):
        parse_limit_type("Block")


EXISTING = [QuotaLimit(1, "Warning", 50), QuotaLimit(4, "Reject", 90)]


def test_only_one_reject_limit() -> None:
    with pytest.raises(InputError, match="already a reject limit"):
        check_limit("Reject", 95, EXISTING)
    check_limit("Reject", 95, EXISTING, editing=4)  # changing the reject limit itself


def test_no_two_limits_at_one_percentage() -> None:
    with pytest.raises(InputError, match="already a limit at 90%"):
        check_limit("Warning", 90, EXISTING)
    check_limit("Warning", 50, EXISTING, editing=1)
    check_limit("Warning", 70, EXISTING)


def usage(used: int, limits: list[QuotaLimit]) -> Usage:
    return Usage.of(Quota(1, 1000, limits), QuotaReport(used, 1000))


def test_the_bar_state_follows_the_limits() -> None:
    assert usage(100, EXISTING).state == "ok"
    assert usage(500, EXISTING).state == "warning"
    assert usage(950, EXISTING).state == "reject"
    assert usage(1200, EXISTING).state == "over"
    assert usage(700, []).state == "ok"
    assert Usage.of(None, QuotaReport(700, None)).state == "none"


def test_the_bar_width_is_a_bounded_percentage() -> None:
    assert usage(184, []).bar_width == "18.40"
    assert usage(5000, []).bar_width == "100.00"
    assert Usage.of(None, None).bar_width == "0.00"
