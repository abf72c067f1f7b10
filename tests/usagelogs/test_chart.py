"""The chart: one bar a day, stacked by kind, with the right totals."""

from __future__ import annotations

from datetime import date

from dashboard.quay.usagelogs import AggregatedCount, DateRange
from dashboard.usagelogs.chart import build_chart


def test_bars_stack_kinds_per_day_and_carry_the_totals() -> None:
    counts = [
        AggregatedCount("pull_repo", 7, date(2026, 11, 24)),
        AggregatedCount("push_repo", 3, date(2026, 11, 24)),
        AggregatedCount("pull_repo", 2, date(2026, 11, 26)),
        AggregatedCount("pull_repo", 99, date(2026, 10, 1)),  # outside the range: left out
    ]
    chart = build_chart(counts, DateRange(date(2026, 11, 24), date(2026, 11, 26)), ["push_repo"])
    assert [bar.total for bar in chart.bars] == [10, 0, 2]
    assert chart.total == 12
    assert [(item.kind, item.total, item.selected) for item in chart.legend] == [
        ("pull_repo", 9, False),
        ("push_repo", 3, True),
    ]
    first = chart.bars[0]
    # The biggest kind at the bottom: drawn first, lowest on the page (largest y).
    assert first.breakdown == [("pull_repo", 7), ("push_repo", 3)]
    pull, push = first.segments
    assert pull.height > push.height
    assert pull.y > push.y
    assert pull.y + pull.height == chart.baseline


def test_an_empty_range_makes_an_empty_chart() -> None:
    chart = build_chart([], DateRange(date(2026, 11, 20), date(2026, 11, 26)))
    assert chart.empty and len(chart.bars) == 7
