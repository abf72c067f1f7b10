"""One way to show time: a relative form in a <time> element that carries the exact UTC time,
and one absolute format where the exact time is the point."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from dashboard.web.formatting import exact_time, relative_time, time_element

NOW = datetime(2030, 6, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(hours=3, minutes=20), "3 hours ago"),
        (timedelta(days=13, hours=22), "2 weeks ago"),
        (timedelta(days=3, hours=5), "3 days ago"),
        (timedelta(days=15), "2 weeks ago"),
        (timedelta(days=65), "2 months ago"),
        (timedelta(days=800), "2 years ago"),
        (-timedelta(days=14), "in 2 weeks"),
        (-timedelta(seconds=5), "in a moment"),
    ],
)
def test_a_relative_time_says_one_unit(delta: timedelta, text: str) -> None:
    assert relative_time(NOW - delta, NOW) == text


def test_the_exact_form_is_iso_like_24_hour_and_says_utc() -> None:
    moment = datetime(2030, 6, 15, 18, 5, 9, tzinfo=UTC)
    assert exact_time(moment) == "2030-06-15 18:05:09 UTC"


def test_every_quay_time_shape_becomes_the_same_element() -> None:
    expected = (
        '<time datetime="2030-06-13T12:00:00+00:00" title="2030-06-13 12:00:00 UTC">'
        "2 days ago</time>"
    )
    for value in (
        "Thu, 13 Jun 2030 12:00:00 -0000",
        NOW.timestamp() - 2 * 86400,
        NOW - timedelta(days=2),
    ):
        assert time_element(value, now=NOW) == expected
    assert time_element(None) == "—" and time_element("not a date") == "—"


@pytest.mark.django_db
def test_pages_use_the_one_format(devtable: Client) -> None:
    tags = devtable.get("/repository/devtable/simple/tags/").content.decode()
    history = devtable.get("/repository/devtable/simple/tags/history/").content.decode()
    keys = devtable.get("/superuser/keys/").content.decode()
    robots = devtable.get("/organization/buynlarge/robots/").content.decode()
    exact = r'<time datetime="[^"]+" title="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC">'
    assert re.search(exact + r"(just now|\d+ \w+ ago)</time>", tags)
    assert re.search(exact + r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</time>", history)
    assert re.search(exact + r"in \d+ \w+</time>", keys)  # expirations ahead
    assert re.search(exact + r"(just now|\d+ \w+ ago)</time>", robots)
    for html in (tags, history, keys, robots):
        assert not re.search(r"\b(AM|PM)\b", html)
