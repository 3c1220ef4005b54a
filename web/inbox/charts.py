"""The pressure chart: per brand, four counts per week as grouped columns, drawn in SVG.

Every brand's chart uses the same vertical scale, so brands compare at a
glance; the template adds the table of the same figures as text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_decimal

from web.charts import Tick, nice_ceiling

SERIES = ("received", "delivered", "declined", "opened")
WIDTH, HEIGHT = 300, 150
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 30, 4, 10, 26


@dataclass(frozen=True)
class Column:
    """One column: a count of one series in one week."""

    x: float
    y: float
    width: float
    height: float
    series: str
    value: int
    week: date


@dataclass
class BrandChart:
    """A brand's weeks: totals, columns to draw, and the rows of its table."""

    brand: str
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SERIES, 0))
    weeks: dict[date, tuple[int, int, int, int]] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)


def pressure(rows: list[tuple], weeks: list[date]) -> tuple[list[BrandChart], list[Tick]]:
    """Charts for (brand, Monday, received, delivered, declined, opened) rows over `weeks`.

    Brands come busiest first; the ticks are shared by every chart.
    """
    charts: dict[str, BrandChart] = {}
    for brand, monday, *counts in rows:
        chart = charts.setdefault(brand, BrandChart(brand))
        chart.weeks[date.fromisoformat(monday)] = tuple(counts)
        for name, value in zip(SERIES, counts, strict=True):
            chart.totals[name] += value
    top = nice_ceiling(max((max(c) for chart in charts.values() for c in chart.weeks.values()),
                           default=0))
    ordered = sorted(charts.values(), key=lambda c: (-c.totals["received"], c.brand.casefold()))
    for chart in ordered:
        chart.weeks = {w: chart.weeks.get(w, (0, 0, 0, 0)) for w in weeks}
        chart.columns = _columns(chart.weeks, top)
    return ordered, _ticks(int(top))


def _ticks(top: int) -> list[Tick]:
    """Grid lines at whole counts: 0, the middle when it is whole, and the top."""
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    steps = (0, top // 2, top) if top % 2 == 0 else (0, top)
    return [Tick(PAD_TOP + plot_h * (1 - n / top), format_decimal(n)) for n in steps]


def _columns(weeks: dict[date, tuple[int, ...]], top: float) -> list[Column]:
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / max(len(weeks), 1)
    width = slot * 0.8 / len(SERIES)
    columns = []
    for n, (week, counts) in enumerate(weeks.items()):
        for k, (name, value) in enumerate(zip(SERIES, counts, strict=True)):
            height = plot_h * value / top
            columns.append(Column(x=PAD_LEFT + n * slot + slot * 0.1 + k * width,
                                  y=PAD_TOP + plot_h - height, width=width, height=height,
                                  series=name, value=value, week=week))
    return columns


def week_label_x(index: int, count: int) -> float:
    """The middle of the `index`-th week's group, for its label."""
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(count, 1)
    return PAD_LEFT + slot * (index + 0.5)
