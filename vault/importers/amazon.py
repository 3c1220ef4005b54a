"""Amazon's order history: `Retail.OrderHistory.*.csv` from "Request your data".

One row per item; the rows of one order follow each other and become one
Purchase at merchant "Amazon" (channel "web"), its id the `Order ID`. Dates
are UTC (`2023-05-14T09:12:33Z`, with or without milliseconds); cells Amazon
has nothing for say `Not Available` or `Not Applicable`. Cancelled items
(and so orders whose items are all cancelled) are yielded as Left("cancelled").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from vault.importers import generic, sniff
from vault.importers.recipes import Recipe
from vault.importers.rows import Row

RECIPE = Recipe(name="amazon", columns={
    "order_id": "Order ID", "date": "Order Date", "currency": "Currency",
    "unit_price": "Unit Price", "quantity": "Quantity", "item_name": "Product Name"},
    date_form="iso", merchant="Amazon", channel="web", tz="UTC")
PLACEHOLDERS = frozenset({"Not Available", "Not Applicable", "N/A"})
STATUS_COLUMNS = ("Order Status", "Shipment Status")
CANCELLED = {"cancelled", "canceled"}


def read(stream: BinaryIO, *, recipe: Recipe | None = None, tz: str = "UTC") -> Iterator[Row]:
    """The orders of an Amazon order history file (`recipe` and `tz` are not used: the
    file says both).

    Raises ValidationError (at the first row asked for) when the file is empty,
    binary, or lacks one of Amazon's columns.
    """
    sample = sniff.sniff(stream)
    yield from generic.table(stream, sample, RECIPE, tz="UTC", placeholders=PLACEHOLDERS,
                             left=_cancelled)


def _cancelled(get: Callable[[str], str | None]) -> str | None:
    """"cancelled" when the order or the item's shipment is."""
    if any((get(column) or "").casefold() in CANCELLED for column in STATUS_COLUMNS):
        return "cancelled"
    return None


def _is_amazon(sample: sniff.Sample) -> bool:
    return {"Order ID", "Order Date", "Unit Price", "Product Name"} <= set(sample.header)


FORMAT = sniff.Format("amazon", _is_amazon, read)
