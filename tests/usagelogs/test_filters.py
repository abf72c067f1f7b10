"""The filters are checked before any call: dates, range, performer and kinds."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import QueryDict

from dashboard.usagelogs import filters as filters_module
from dashboard.usagelogs.filters import parse_filters
from dashboard.web import clock

TODAY = clock.today()


def parse(query: str, *, performer: bool = True) -> filters_module.LogFilters:
    return parse_filters(QueryDict(query), accepts_performer=performer)


def test_the_default_is_the_last_seven_days_ending_today() -> None:
    result = parse("")
    assert result.valid
    assert result.dates.end == TODAY
    assert result.dates.days == 7


def test_dates_may_be_iso_or_quays_own_format() -> None:
    start = TODAY - timedelta(days=3)
    iso = parse(f"start={start.isoformat()}&end={TODAY.isoformat()}")
    quay = parse(f"start={start.strftime('%m/%d/%Y')}&end={TODAY.strftime('%m/%d/%Y')}")
    assert iso.valid and quay.valid
    assert iso.dates == quay.dates
    assert iso.dates.params() == {
        "starttime": start.strftime("%m/%d/%Y"),
        "endtime": TODAY.strftime("%m/%d/%Y"),
    }


def test_a_malformed_date_is_refused() -> None:
    result = parse("start=2026-13-01")
    assert not result.valid
    assert "start" in result.errors


def test_a_range_over_31_days_is_refused_and_31_is_allowed() -> None:
    assert parse(f"start={TODAY - timedelta(days=30)}&end={TODAY}").valid
    over = parse(f"start={TODAY - timedelta(days=31)}&end={TODAY}")
    assert "at most 31 days" in over.errors["end"]


def test_future_and_reversed_ranges_are_refused() -> None:
    assert "future" in parse(f"end={TODAY + timedelta(days=1)}").errors["end"]
    assert "future" in parse(f"start={TODAY + timedelta(days=2)}").errors["start"]
    reversed_range = parse(f"start={TODAY - timedelta(days=1)}&end={TODAY - timedelta(days=3)}")
    assert "after the end" in reversed_range.errors["start"]


def test_a_performer_with_characters_quay_does_not_allow_is_refused() -> None:
    assert parse("performer=devtable").valid
    assert parse("performer=buynlarge%2Bcoolrobot").valid
    assert "performer" in parse("performer=Dev%20Table").errors
    assert "performer" in parse("performer=a%2Fb").errors


def test_the_performer_is_ignored_where_quay_has_no_such_filter() -> None:
    assert parse("performer=Dev%20Table", performer=False).performer == ""


def test_an_unknown_kind_is_refused() -> None:
    result = parse("kind=push_repo&kind=no_such_kind")
    assert "no_such_kind" in result.errors["kind"]
    assert parse("kind=push_repo&kind=pull_repo").kinds == ["push_repo", "pull_repo"]


def test_the_query_keeps_every_filter() -> None:
    result = parse("start=2026-11-20&end=2026-11-21&performer=public&kind=push_repo")
    if date(2026, 11, 21) > TODAY:
        return  # the fixed dates would be in the future
    assert result.query(next_page="abc") == (
        "start=2026-11-20&end=2026-11-21&performer=public&kind=push_repo&next_page=abc"
    )
    assert result.query_with_kind("pull_repo").endswith("kind=pull_repo")
