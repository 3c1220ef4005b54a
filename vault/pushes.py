"""Receipts brands push (`purchases:write`): filed under the brand, once each, unless refused.

A receipt is an order at the brand itself (its `merchant` is always the brand's name),
kept with the brand as provenance. Pushing the same receipt again stores nothing
more: the same brand's order number, or, without one, the same moment, amount and
currency from that brand, is the same receipt. The consumer may refuse a brand's
receipts from the brand's page; a refused push stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vault import brands, purchases
from vault.brands import Brand
from vault.errors import ReceiptsRefused
from vault.provenance import Provenance, iso_utc
from vault.store import Store


@dataclass(frozen=True)
class Filed:
    """Where a pushed receipt is: its order, and whether this push added it."""

    order_id: int
    added: bool


def push(store: Store, brand: Brand, values: dict[str, Any], *, now: datetime) -> Filed:
    """File a receipt the brand pushed, or find it filed already.

    Raises ReceiptsRefused if the consumer refuses this brand's receipts (nothing is
    stored), ValidationError for a bad receipt.
    """
    if brand.receipts_refused_at is not None:
        raise ReceiptsRefused("The consumer does not accept receipts from this brand.")
    order = purchases.check({**values, "merchant": brand.name}, now=now)
    with store.atomic():
        known = _known(store, brand, order)
        if known is not None:
            return Filed(known, added=False)
        return Filed(purchases.add(store, order, provenance=Provenance("brand", brand.name),
                                   now=now), added=True)


def _known(store: Store, brand: Brand, order: purchases.Order) -> int | None:
    if order.merchant_order_id:
        return purchases.find_by_ref(store, brand.name, order.merchant_order_id)
    return store.value(
        "select id from orders where source = 'brand' and source_ref = ? and ordered_at = ?"
        " and total_minor = ? and currency = ? and merchant_order_id is null",
        (brand.name, iso_utc(order.ordered_at), order.total_minor, order.currency))


def refuse(store: Store, brand_id: int, *, now: datetime) -> Brand:
    """Refuse the brand's receipts from now on (those filed stay). Raises NotFound."""
    with store.atomic():
        brands.get(store, brand_id)
        store.execute("update brands set receipts_refused_at ="
                      " coalesce(receipts_refused_at, ?) where id = ?", (iso_utc(now), brand_id))
    return brands.get(store, brand_id)


def accept(store: Store, brand_id: int) -> Brand:
    """Accept the brand's receipts again. Raises NotFound."""
    with store.atomic():
        brands.get(store, brand_id)
        store.execute("update brands set receipts_refused_at = null where id = ?", (brand_id,))
    return brands.get(store, brand_id)
