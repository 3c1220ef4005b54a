"""Questions the pages ask of many orders, read off an index rather than a scan of them all."""

from __future__ import annotations

from datetime import UTC, datetime

from vault import insights, purchases
from vault.purchases import Item, Order

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def plan(store, sql: str) -> str:
    return "; ".join(r[3] for r in store.all(f"explain query plan {sql}"))


def test_whether_there_is_any_refund_is_read_off_the_refunds_index(store):
    purchases.add(store, Order("Fnac", NOW, "store", "EUR", (Item("Livre", "09.5.1", 1, 890),)))
    assert not insights._has_refunds(store)
    purchases.add(store, Order("Fnac", NOW, "store", "EUR", (Item("Livre", "09.5.1", 1, 890),),
                               refund=True))
    assert insights._has_refunds(store)

    assert plan(store, "select 1 from orders where total_minor < 0 limit 1") == (
        "SEARCH orders USING COVERING INDEX orders_refunds (total_minor<?)")
