"""Activity per day, stacked by kind, drawn on the server as SVG (no chart library in the
browser). Geometry is computed here; the template writes the elements, escaped. Colours go in
`fill` attributes, never in `style` (the CSP forbids inline styles)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard.quay.usagelogs import AggregatedCount, DateRange

from .kinds import kind_label

WIDTH = 760
HEIGHT = 240
LEFT = 44
RIGHT = 8
TOP = 18
BOTTOM = 28
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
    "#e6550d", "#31a354", "#756bb1", "#636363",
)  # fmt: skip


@dataclass(frozen=True)
class Segment:
    kind: str
    count: int
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass
class Bar:
    day: date
    total: int
    x: float
    width: float
    label_x: float
    total_y: float
    show_label: bool
    segments: list[Segment] = field(default_factory=list)

    @property
    def breakdown(self) -> list[tuple[str, int]]:
        return [(segment.kind, segment.count) for segment in self.segments]


@dataclass(frozen=True)
class LegendEntry:
    kind: str
    label: str
    fill: str
    total: int
    selected: bool


@dataclass(frozen=True)
class GridLine:
    value: int
    y: float


@dataclass
class Chart:
    bars: list[Bar]
    legend: list[LegendEntry]
    grid: list[GridLine]
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return self.total == 0


def _nice_ceiling(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        ceiling = int(step * magnitude)
        if ceiling >= value:
            return ceiling
    return value


def build_chart(
    counts: list[AggregatedCount], dates: DateRange, selected: list[str] | None = None
) -> Chart:
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for item in counts:
        if dates.start <= item.day <= dates.end:
            per_day[item.day][item.kind] += item.count
            totals[item.kind] += item.count
    order = sorted(totals, key=lambda kind: (-totals[kind], kind))
    colours = {kind: PALETTE[index % len(PALETTE)] for index, kind in enumerate(order)}
    chosen = set(selected or [])
    legend = [
        LegendEntry(kind, kind_label(kind), colours[kind], totals[kind], kind in chosen)
        for kind in order
    ]

    days = [dates.start + timedelta(days=offset) for offset in range(dates.days)]
    highest = max((sum(per_day[day].values()) for day in days), default=0)
    ceiling = _nice_ceiling(highest)
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(1, len(days))
    label_every = max(1, -(-len(days) // 10))
    bars: list[Bar] = []
    for index, day in enumerate(days):
        width = min(slot * 0.7, 56.0)  # a few days' bars stay bars, not blocks
        x = LEFT + index * slot + (slot - width) / 2
        baseline = float(HEIGHT - BOTTOM)
        segments = []
        for kind in order:  # the biggest kinds at the bottom
            count = per_day[day].get(kind, 0)
            if not count:
                continue
            height = count / ceiling * plot_height
            baseline -= height
            segments.append(
                Segment(kind, count, round(x, 2), round(baseline, 2), round(width, 2),
                        round(height, 2), colours[kind])
            )  # fmt: skip
        total = sum(per_day[day].values())
        bars.append(
            Bar(
                day=day,
                total=total,
                x=round(x, 2),
                width=round(width, 2),
                label_x=round(x + width / 2, 2),
                total_y=round(baseline - 3, 2),
                show_label=index % label_every == 0,
                segments=segments,
            )
        )
    grid = [
        GridLine(value, round(HEIGHT - BOTTOM - value / ceiling * plot_height, 2))
        for value in (0, ceiling // 2, ceiling)
    ]
    return Chart(bars=bars, legend=legend, grid=grid, total=sum(totals.values()))
