"""Searching purchases: the words typed are found as they are, wildcards included."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from vault import purchases
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
