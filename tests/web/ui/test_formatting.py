"""Money, dates and counts in the reader's language, one style everywhere; plurals that agree."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale

from tests.web.helpers import text
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from tests.web.ui.helpers import order
from vault import demo, profile, purchases
from web.inbox import charts as pressure_charts
from web.inbox import wording

NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def test_every_date_and_moment_has_one_style(owner, store_of, clock):
    purchases.add(store_of, order())
    token = direct_token(store_of, add_brand(store_of), {"profile:read"})
    owner.get("/api/v1/profile", headers=bearer(token))
    year = str(clock.now().year)

    for path in ("/", "/access/activity", "/access/"):
        page = text(owner.get(path))
        assert not NUMERIC_DATE.search(page), path
        assert re.search(rf"[A-Z][a-z]{{2}} \d{{1,2}}, {year}, \d{{1,2}}:\d\d\s[AP]M", page), path
    detail = text(owner.get(f"/purchases/{store_of.value('select max(id) from orders')}"))
    assert "Mar 14, 2025, 10:30\u202fAM" in detail


@pytest.mark.parametrize(("language", "month", "tick"), [
    ("en", "Mar 2025", "€"), ("fr", "mars 2025", "€")])
def test_insights_months_carry_their_year_and_the_axis_its_currency(owner, store_of, language,
                                                                    month, tick):
    purchases.add_many(store_of, demo.orders(count=200, today=date(2026, 11, 29)))
    owner.post("/language", data={"language": language, "next": "/"})

    page = text(owner.get("/insights"))

    chart = page[page.index('id="chart-months"'):page.index("</svg>", page.index(
        'id="chart-months"'))]
    labels = re.findall(r'text-anchor="middle">([^<]+)</text>', chart)
    assert labels and all(re.search(r"\b20\d\d$", label) for label in labels), labels
    assert month in page
    ticks = re.findall(r'text-anchor="end">([^<]+)</text>', chart)
    assert ticks and all(tick in t for t in ticks[1:]), ticks


@pytest.mark.parametrize("largest", [1, 3, 5, 7, 15])
def test_the_pressure_chart_counts_in_whole_offers(app, largest):
    week = date(2026, 11, 23)
    with app.test_request_context():
        _charts, ticks = pressure_charts.pressure([("Fnac", week.isoformat(), largest, 0, 0, 0)],
                                                  [week])
    assert all(t.text.isdigit() for t in ticks), [t.text for t in ticks]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "It costs €1,899.00, above your limit of €1,500.00 for Electronics."),
    ("fr", "1\u202f899,00\xa0€"),
])
def test_amounts_in_reasons_read_as_money(app, language, expected):
    stored = {"code": "over_ceiling", "params": {"price": "1899.00 EUR",
                                                 "ceiling": "1500.00 EUR", "category": "tv"}}
    with app.test_request_context(), force_locale(language):
        assert expected in wording.reason(stored)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "1 received, 1 reached you, 1 turned away, 1 opened."),
    ("fr", "1 reçue, 1 vous est parvenue, 1 écartée, 1 ouverte."),
])
def test_counts_of_one_read_in_the_singular(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert wording.counts({"received": 1, "delivered": 1, "declined": 1,
                               "opened": 1}) == expected


def test_a_one_item_purchase_says_item(owner, store_of):
    order_id = purchases.add(store_of, order())

    page = text(owner.get(f"/purchases/{order_id}/delete"))

    assert "1 item)" in page and "1 items" not in page


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "You often buy in this category: Garden."),
    ("fr", "Vous achetez souvent dans cette catégorie : Jardin."),
])
def test_a_category_in_a_reason_reads_right_whatever_its_label(app, language, expected):
    stored = {"code": "affinity", "params": {"category": "09.3.1"}}
    with app.test_request_context(), force_locale(language):
        assert wording.reason(stored) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "10:00\u202fPM to 7:00\u202fAM"),
                                                    ("fr", "22:00 à 07:00")])
def test_times_in_reasons_read_as_the_reader_writes_them(app, language, expected):
    stored = {"code": "quiet_hours", "params": {"start": "22:00", "end": "07:00"}}
    with app.test_request_context(), force_locale(language):
        assert expected in wording.reason(stored)


def test_one_way_to_reach_you_is_singular(owner, store_of):
    profile.add_email(store_of, "c@example.org")

    page = text(owner.get("/"))

    assert '<span class="label-text">way to reach you</span>' in page
