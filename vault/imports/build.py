"""From a reader's Purchase to an Order of the vault: the merchant reconciled, the categories
filled in, every field checked by vault.purchases."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, time, timedelta

from vault import purchases
from vault.errors import ValidationError
from vault.importers.merchants import Merchant
from vault.importers.rows import Bad, Line, Purchase
from vault.purchases import Item, Order

# Items whose category neither the source nor the merchant gives: one other word, so the
# consumer can file them all at once (Purchases → other words).
UNSORTED = "unsorted"
DEFAULT_CHANNEL = "store"  # a bank line does not say; card payments are mostly in shops
MIDNIGHT = time()
HALF_DAY = timedelta(hours=12)


def order(row: Purchase, recognise: Callable[[str], Merchant], *,
          now: datetime) -> Order | list[Bad]:
    """The order a purchase (or refund) line makes, or a Bad for each field refused."""
    merchant = recognise(row.merchant)
    at, time_given = row.at, row.at.time() != MIDNIGHT  # the local time of day
    if not time_given:  # a day only: its noon keeps it on that day in any zone nearby
        at = at + HALF_DAY
    values = {
        "merchant": merchant.name, "ordered_at": at, "time_given": time_given,
        "channel": row.channel or DEFAULT_CHANNEL, "currency": row.currency,
        "merchant_order_id": row.merchant_order_id, "refund": row.refund,
        "items": [],
    }
    try:
        values["items"] = [_item(line, merchant.default_category, row.currency)
                           for line in row.lines]
    except ValidationError:  # an item refused: the whole order is checked, every problem named
        values["items"] = [_raw(line, merchant.default_category) for line in row.lines]
    try:
        return purchases.check(values, now=now, written=row.merchant)
    except ValidationError as e:
        return [Bad(row.line, p.field, _shown(values, p.field), p.code, dict(p.params))
                for p in e.problems]


@functools.lru_cache(maxsize=8192)  # files repeat their items; bounded, so memory stays flat
def _item(line: Line, default_category: str | None, currency: str) -> Item:
    """A line's item checked by vault.purchases (the same line gives the same frozen Item)."""
    return purchases.check_item(_raw(line, default_category), currency)


def _raw(line: Line, default_category: str | None) -> dict:
    return {"name": line.name, "brand": line.brand, "quantity": line.quantity,
            "category": line.category or default_category or UNSORTED,
            "unit_price_minor": line.unit_price_minor}


def _shown(values: dict, field: str) -> str | None:
    """The refused value as text, for the report (items[0].name and the like included)."""
    if field.startswith("items[") and "]." in field:
        index, _, name = field[6:].partition("].")
        value = values["items"][int(index)].get(name) if index.isdigit() else None
    else:
        value = values.get(field)
    return None if value is None else str(value)[:200]
