"""Chart geometry: grid lines fall on round amounts a person reads at a glance."""

import pytest

from web import charts


@pytest.mark.parametrize("largest, expected", [
    (4130, [0, 1000, 2000, 3000, 4000, 5000]),
    (1700, [0, 500, 1000, 1500, 2000]),
    (90, [0, 20, 40, 60, 80, 100]),
])
def test_grid_lines_fall_on_round_amounts(largest, expected):
    chart = charts.columns([("a", largest, ""), ("b", 0, "")], lambda v: v, charts.WIDE)
    assert sorted(t.text for t in chart.ticks) == expected


def test_the_tallest_bar_fits_the_plot():
    chart = charts.columns([("a", 4130, ""), ("b", 1000, "")], str, charts.WIDE)
    frame = charts.WIDE
    assert all(bar.y >= frame.top for bar in chart.bars)
    assert chart.bars[0].height > chart.bars[1].height > 0
