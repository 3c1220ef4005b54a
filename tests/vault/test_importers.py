"""Our own JSON and CSV purchase formats: round trips, problems by line, all or nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault import demo, importers, imports, insights, purchases
from vault.errors import ValidationError
from vault.importers import checks, csv_format

TODAY = date(2026, 11, 1)
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def as_json(orders) -> bytes:
    return json.dumps({"format": "coffre-purchases", "version": 1, "orders": [
        {"merchant": o.merchant, "merchant_order_id": o.merchant_order_id,
         "ordered_at": o.ordered_at.isoformat(), "tz": o.ordered_at.tzinfo.key,
         "channel": o.channel, "currency": o.currency,
         "items": [{"name": i.name, "brand": i.brand, "category": i.category,
                    "quantity": i.quantity, "unit_price_minor": i.unit_price_minor}
                   for i in o.items]} for o in orders]}).encode()


def as_csv(orders) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_format.ORDER_COLUMNS + csv_format.ITEM_COLUMNS)
    for o in orders:
        for i in o.items:
            writer.writerow([o.merchant, o.merchant_order_id,
                             o.ordered_at.replace(tzinfo=None).isoformat(), o.ordered_at.tzinfo.key,
                             o.channel, o.currency, i.name, i.brand or "", i.category, i.quantity,
                             f"{i.unit_price_minor // 100}.{i.unit_price_minor % 100:02d}"])
    return out.getvalue().encode()


def same(a, b) -> bool:
    return [(o.merchant, o.merchant_order_id, o.ordered_at, o.items) for o in a] == [
        (o.merchant, o.merchant_order_id, o.ordered_at, o.items) for o in b]


@settings(max_examples=15, deadline=None)
@given(count=st.integers(1, 30), seed=st.integers(0, 10_000))
def test_both_formats_round_trip(count, seed):
    orders = list(demo.orders(count=count, today=TODAY, seed=seed))
    assert same(importers.read("a.json", as_json(orders), now=NOW), orders)
    assert same(importers.read("a.csv", as_csv(orders), now=NOW), orders)


def test_our_own_file_imports_once_all_or_nothing_with_its_provenance(store):
    orders = list(demo.orders(count=5, today=TODAY))
    report = imports.run(store, io.BytesIO(as_json(orders)), "mine.json", now=NOW)
    assert report.stored and report.counts.added == 5
    stored = purchases.after(store, purchases.Filters(), cursor=None, limit=10)
    assert {(o.provenance.source, o.provenance.ref) for o in stored} == {("import", "mine.json")}

    more = list(demo.orders(count=8, today=TODAY, seed=99))
    broken = as_json(orders[:1] + more).replace(b'"channel": "', b'"channel": "pigeon', 1)
    with pytest.raises(ValidationError, match="channel"):
        imports.run(store, io.BytesIO(broken), "again.json", now=NOW)
    assert purchases.count(store) == 5
    again = imports.run(store, io.BytesIO(as_json(orders[:1] + more)), "again.json", now=NOW)
    assert (again.counts.added, again.counts.present) == (8, 1)


@pytest.mark.parametrize(("text", "where"), [
    ("merchant,ordered_at,channel,currency,item_name,item_category,unit_price\n"
     "Fnac,2025-01-01T10:00:00+01:00,web,EUR,Roman,books,12\n"
     "Fnac,2025-01-02T10:00:00+01:00,web,EUR,Roman,,12\n", "line 3: item_category"),
    ("merchant,ordered_at,channel,currency,item_name,item_category,unit_price\n"
     "Fnac,2025-01-01T10:00,web,EUR,Roman,books,12\n", "line 2: ordered_at"),
    ("merchant,ordered_at,channel,currency,item_name,item_category,unit_price\n"
     "Fnac,2025-01-01T10:00:00+01:00,web,EUR,Roman,books,12,extra\n", "line 2"),
])
def test_csv_problems_name_line_and_column(text, where):
    with pytest.raises(ValidationError) as caught:
        importers.read("x.csv", text.encode(), now=NOW)
    assert caught.value.problems[0].field == where


def test_problems_are_capped():
    bad = {"merchant": "", "ordered_at": "x", "channel": "?", "currency": "?", "items": []}
    with pytest.raises(ValidationError) as caught:
        importers.read("x.json", json.dumps([bad] * 100).encode(), now=NOW)
    assert len(caught.value.problems) == checks.MAX_PROBLEMS


def test_spend_by_category_fast_path_agrees_with_the_join(store):
    purchases.add_many(store, demo.orders(count=300, today=TODAY))
    fast = insights.spend_by_category(store)
    joined = insights.spend_by_category(store, since=date.min)
    assert fast == joined
    chf = next(demo.orders(count=1, today=TODAY, seed=3))
    purchases.add(store, purchases.Order(chf.merchant, chf.ordered_at, chf.channel, "CHF",
                                         chf.items))
    assert {s.currency for s in insights.spend_by_category(store)} == {"EUR", "CHF"}


def test_a_shops_order_number_written_another_way_is_taken_as_already_there(store):
    order = next(iter(demo.orders(count=1, today=TODAY)))._replace(merchant="fnac.com")
    first = imports.run(store, io.BytesIO(as_json([order])), "mine.json", now=NOW)
    shouted = order._replace(merchant="FNAC")  # filed under the same shop, Fnac

    again = imports.run(store, io.BytesIO(as_json([shouted])), "again.json", now=NOW)

    assert first.counts.added == 1
    assert (again.counts.added, again.counts.present, again.stored) == (0, 1, True)
    assert purchases.count(store) == 1
