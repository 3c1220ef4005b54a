"""Searching purchases: the words typed are found as they are, wildcards included."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vault import purchases
from vault.errors import NotFound, ValidationError
from vault.purchases import Filters, Item, Order


def add(store, name: str) -> None:
    purchases.add(store, Order(merchant="Fnac", channel="web", currency="EUR",
                               ordered_at=datetime(2025, 3, 14, 10, 30,
                                                   tzinfo=ZoneInfo("Europe/Paris")),
                               items=(Item(name, "books", 1, 1250),)))


def names_found(store, text: str) -> list[str]:
    orders, _total = purchases.search(store, Filters(text=text))
    return [item.name for order in orders for item in order.items]


@pytest.mark.parametrize(("wanted", "other", "typed"), [
    ("Remise 50% livres", "Remise 500 livres", "50%"),
    ("lot_2", "lot-2", "lot_2"),
    ("C:\\livres", "C:livres", ":\\"),
])
def test_search_takes_percent_underscore_and_backslash_literally(store, wanted, other, typed):
    add(store, wanted)
    add(store, other)

    assert names_found(store, typed) == [wanted]
    assert purchases.count(store, Filters(text=typed)) == 1


def order(*categories: str) -> Order:
    return Order(merchant="Fnac", channel="web", currency="EUR",
                 ordered_at=datetime(2025, 3, 14, 10, 30, tzinfo=ZoneInfo("Europe/Paris")),
                 items=tuple(Item(f"item {n}", c, 1, 100) for n, c in enumerate(categories)))


def test_items_are_filed_by_code_whatever_word_was_given(store):
    order_id = purchases.add(store, purchases.check({
        "merchant": "Fnac", "ordered_at": "2025-03-14T10:30:00+01:00", "channel": "web",
        "currency": "EUR", "items": [{"name": "Roman", "category": "Livres", "unit_price": "9"},
                                     {"name": "Cerf", "category": "cerf-volant",
                                      "unit_price": "9"}]}, now=datetime.now(ZoneInfo("UTC"))))
    assert [i.category for i in purchases.get(store, order_id).items] == [
        "09.7.1", "other:cerf-volant"]


def test_filtering_by_a_category_finds_those_under_it(store):
    purchases.add(store, order("train"))
    purchases.add(store, order("avion"))
    purchases.add(store, order("books"))
    assert purchases.count(store, Filters(category="07.3")) == 2
    assert purchases.count(store, Filters(category="07.3.1")) == 1
    assert purchases.count(store, Filters(category="07")) == 2
    assert purchases.count(store, Filters(category="09.7.1")) == 1


def test_an_item_can_be_refiled_and_the_other_words_are_listed_once(store):
    first = purchases.add(store, order("books", "vélo cargo"))
    purchases.add(store, order("Vélos Cargo", "Vélos Cargo", "kite"))
    assert purchases.other_words(store) == [("other:kite", 1), ("other:Vélos Cargo", 3)]

    assert purchases.refile(store, first, 1, "vélo") == "07.1.3"
    assert [i.category for i in purchases.get(store, first).items] == ["09.7.1", "07.1.3"]
    assert purchases.refile_other(store, "other:vélo cargo", "Vélos") == 2
    assert purchases.other_words(store) == [("other:kite", 1)]


def test_refiling_a_missing_item_changes_nothing(store):
    first = purchases.add(store, order("books"))
    with pytest.raises(NotFound):
        purchases.refile(store, first, 1, "vélo")
    with pytest.raises(NotFound):
        purchases.refile(store, first + 1, 0, "vélo")
    with pytest.raises(ValidationError):
        purchases.refile(store, first, 0, "  ")
    assert [i.category for i in purchases.get(store, first).items] == ["09.7.1"]


SHOP = {"merchant": "Fnac", "ordered_at": "2025-03-14T10:30:00+01:00", "channel": "web",
        "currency": "EUR", "items": [{"name": "Roman", "category": "Livres", "unit_price": "9"}]}


@pytest.mark.parametrize(("changed", "problems"), [
    ({"merchant": "F" * 101, "channel": "drone", "currency": "XYZ"},
     [("merchant", "too_long"), ("channel", "one_of"), ("currency", "not_currency")]),
    ({"merchant": ["Fnac"], "merchant_order_id": {"n": 1}},
     [("merchant", "not_text"), ("merchant_order_id", "not_text")]),
])
def test_every_bad_field_of_an_order_is_named_even_after_a_good_one(changed, problems):
    now = datetime.now(ZoneInfo("UTC"))
    assert purchases.check(SHOP, now=now).merchant == "Fnac"  # the same shop, checked once

    with pytest.raises(ValidationError) as raised:
        purchases.check({**SHOP, **changed}, now=now)

    assert [(p.field, p.code) for p in raised.value.problems] == problems
