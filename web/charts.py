"""Charts drawn on the server as SVG geometry: bars, axis ticks, labels. No JavaScript.

The functions return plain numbers for templates/insights/_charts.html to place.
Each chart comes in two sizes, shown by CSS for wide and narrow screens, so its
text stays readable on a phone; and with the table of its values as its text
alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """The drawing's size in SVG units and the room kept for labels."""

    width: int
    height: int = 260
    left: int = 56  # room for the amounts of the grid lines (columns) or labels (rows)
    right: int = 8
    top: int = 12
    bottom: int = 36
    label_every: int = 3  # one month label every so many bars
    row: int = 28  # height of one horizontal bar's row
    value_room: int = 110  # room on the right of a horizontal bar for its amount


WIDE = Frame(width=720)
NARROW = Frame(width=360, height=220, left=44, right=22, label_every=6, value_room=90)
NARROW_ROWS = Frame(width=360, left=100, value_room=90, row=30)
WIDE_ROWS = Frame(width=720, left=150)


@dataclass(frozen=True)
class Bar:
    """One bar: where it is drawn, and what it stands for."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int  # minor units
    text: str  # the value as the reader reads it
    labelled: bool = True  # whether its label is written under it


@dataclass(frozen=True)
class Tick:
    """A horizontal grid line and its label."""

    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    """What a template needs to draw one chart."""

    frame: Frame
    bars: list[Bar]
    ticks: list[Tick]
    height: int


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (1 for zero)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return 10.0 * power


def _divisions(top: float) -> int:
    """How many grid intervals split `top` into round steps (2 -> 4 x 0.5; 1 or 5 -> 5)."""
    leading = round(top / 10 ** math.floor(math.log10(top)))
    return 4 if leading == 2 else 5


def columns(values: list[tuple[str, int, str]], tick_text, frame: Frame) -> Chart:
    """Vertical bars for (label, minor units, text) in order, with round grid lines."""
    top = nice_ceiling(max((v for _, v, _ in values), default=0))
    plot_w = frame.width - frame.left - frame.right
    plot_h = frame.height - frame.top - frame.bottom
    slot = plot_w / max(len(values), 1)
    last = len(values) - 1
    bars = []
    for n, (label, value, text) in enumerate(values):
        h = plot_h * value / top
        bars.append(Bar(x=frame.left + n * slot + slot * 0.15, y=frame.top + plot_h - h,
                        width=slot * 0.7, height=h, label=label, value=value, text=text,
                        labelled=(last - n) % frame.label_every == 0))
    parts = _divisions(top)
    ticks = [Tick(position=frame.top + plot_h * (1 - k / parts), text=tick_text(top * k / parts))
             for k in range(parts + 1)]
    return Chart(frame, bars, ticks, frame.height)


def rows(values: list[tuple[str, int, str]], frame: Frame) -> Chart:
    """Horizontal bars for (label, minor units, text), largest first."""
    top = max((v for _, v, _ in values), default=0) or 1
    plot_w = frame.width - frame.left - frame.value_room
    bars = [Bar(x=frame.left, y=n * frame.row + 4, width=max(plot_w * value / top, 1),
                height=frame.row - 10, label=label, value=value, text=text)
            for n, (label, value, text) in enumerate(values)]
    return Chart(frame, bars, [], max(len(values), 1) * frame.row + 4)
