"""Insights: charts drawn on the server with text alternatives; the CRM's grades."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.web.helpers import text
from vault import demo, insights, purchases
from vault.insights import Rfm


def test_empty_insights_teach(owner):
    page = text(owner.get("/insights"))
    assert "Nothing to show yet" in page
    assert "<svg" not in page.split("<main", 1)[1]


def test_charts_have_bars_and_text_alternatives(owner, store_of):
    today = date.today()
    purchases.add_many(store_of, demo.orders(count=200, today=today))

    page = text(owner.get("/insights"))

    months = page[page.index('id="chart-months"'):page.index("</svg>", page.index(
        'id="chart-months"'))]
    assert len(re.findall(r'<rect class="bar"', months)) == 24
    assert 'role="img"' in months and "<title" in months and "<desc" in months
    assert "Show the figures as a table" in page
    assert 'id="chart-categories"' in page
    assert "What each shop" in page and "CRM" in page
    assert re.search(r'id="rfm".*?<td>(Monoprix|Carrefour|Biocoop)</td>', page, re.S)


def test_chart_totals_match_the_vault(owner, store_of):
    purchases.add_many(store_of, demo.orders(count=60, today=date.today()))
    spend = insights.spend_by_month(store_of, months=24, today=date.today())
    page = text(owner.get("/insights"))
    table = page[page.index("<table", page.index('id="chart-months"')):]
    amounts = re.findall(r'<td class="num">(€[\d,.]+)</td>', table)[:24]
    assert len(amounts) == 24
    last = spend[-1].minor
    assert amounts[-1] == f"€{last // 100:,}.{last % 100:02d}"


def make(key, days, orders, minor):
    return Rfm(key, "EUR", date.today() - timedelta(days=days), days, orders, minor)


def test_scores_rank_in_fifths():
    rows = [make(str(n), days=n * 10, orders=n, minor=n * 100) for n in range(1, 11)]
    grades = insights.scores(rows)
    assert grades[0].recency == 5 and grades[-1].recency == 1
    assert grades[0].frequency == 1 and grades[-1].frequency == 5
    assert insights.scores(rows[:1])[0].amount == 3


def test_segments_read_like_a_crm():
    assert insights.Scores(5, 5, 5).segment == "champion"
    assert insights.Scores(1, 5, 5).segment == "at_risk"
    assert insights.Scores(5, 1, 1).segment == "new"
    assert insights.Scores(1, 2, 2).segment == "lost"
    assert insights.Scores(3, 3, 3).segment == "occasional"
