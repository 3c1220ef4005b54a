"""Adding, changing, re-filing and deleting orders, each in one transaction (an import's
orders in the import's)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import lru_cache

from vault import categories, merchants, validate
from vault.errors import NotFound
from vault.provenance import MANUAL, Provenance, iso_utc
from vault.purchases.queries import get
from vault.purchases.records import Item, Order, tz_label
from vault.store import Store

# Interpolated into SQL as they are (noqa: S608 below): fixed column names, never input.
ORDER_COLUMNS = ("merchant, merchant_order_id, ordered_at, tz, local_day, channel, currency,"
                 " total_minor, source, source_ref, added_at")
ITEM_COLUMNS = "order_id, name, brand, category, quantity, unit_price_minor"
# Where the merchant is filed (vault.merchants): as written, and the spelling's id.
FILED_COLUMNS = "merchant_written, alias_id"


def order_row(order: Order, provenance: Provenance, now: datetime | None) -> tuple:
    """The values of ORDER_COLUMNS for `order` (a refund's total is stored negative)."""
    return (*_order_values(order), *provenance.columns(now))


def _order_values(order: Order) -> tuple:
    """The values of ORDER_COLUMNS up to the provenance."""
    at = order.ordered_at
    return (order.merchant, order.merchant_order_id, iso_utc(at), tz_label(at),
            at.date().isoformat(), order.channel, order.currency, order.signed_minor)


def item_rows(order_id: int, items: Iterable[Item]) -> list[tuple]:
    """The values of ITEM_COLUMNS for each item of the order `order_id`.

    Categories are stored as codes even for an item built without `check`.
    """
    return [(order_id, i.name, i.brand, _stored(i.category), i.quantity, i.unit_price_minor)
            for i in items]


@lru_cache(maxsize=4096)  # an import repeats a few categories over thousands of items
def _stored(category: str) -> str:
    return categories.resolve(category).stored


def find_by_ref(store: Store, merchant: str, merchant_order_id: str) -> int | None:
    """The id of the order with this shop's order number, or None.

    `merchant` may be written any way the vault files under that shop (vault.merchants):
    it is the question `add` answers with a Conflict.
    """
    return store.value("select id from orders where merchant = ? and merchant_order_id = ?",
                       (merchants.name_for(store, merchant.strip()), merchant_order_id.strip()))


def add(store: Store, order: Order, *, provenance: Provenance = MANUAL,
        now: datetime | None = None, folder: merchants.Folder | None = None) -> int:
    """Store one order (validated by `check`) with its items; return its id.

    Its merchant, as written, is filed under one merchant of the vault (vault.merchants:
    `folder` remembers the spellings of a batch), whose name the order is stored under.
    Raises Conflict if that merchant's order id is already in the vault.
    """
    with store.atomic():
        written = order.merchant_written or order.merchant
        filed = (folder or merchants.Folder(store, now=now)).file(written)
        row = (filed.name, *order_row(order, provenance, now)[1:], written, filed.alias_id)
        order_id = store.execute(
            f"insert into orders ({ORDER_COLUMNS}, {FILED_COLUMNS})"  # noqa: S608
            f" values ({', '.join('?' * len(row))})", row,
        ).lastrowid
        if not order.time_given:  # the column's default says the time is known
            store.execute("update orders set time_given = 0 where id = ?", (order_id,))
        store.executemany(f"insert into order_items ({ITEM_COLUMNS}) values (?, ?, ?, ?, ?, ?)",  # noqa: S608
                          item_rows(order_id, order.items))
    return order_id


def add_many(store: Store, orders: Iterable[Order], *, provenance: Provenance = MANUAL,
             now: datetime | None = None, progress: Callable[[int], None] | None = None,
             batch: int = 1000) -> int:
    """Store many validated orders in one transaction; return how many.

    All of them are stored or none: a failure leaves the vault as it was.
    `progress` is called with the running count after every batch.
    """
    count = 0
    with store.atomic():
        folder = merchants.Folder(store, now=now)
        for order in orders:
            add(store, order, provenance=provenance, now=now, folder=folder)
            count += 1
            if progress and count % batch == 0:
                progress(count)
    if progress:
        progress(count)
    return count


def update(store: Store, order_id: int, order: Order) -> None:
    """Replace an order and all its items (validated by `check`), keeping its provenance.

    Raises NotFound if there is no such order, Conflict if the merchant's
    order id belongs to another order.
    """
    with store.atomic():
        current = get(store, order_id)
        written = order.merchant_written or order.merchant
        if order.merchant_written is None and order.merchant == current.merchant:
            written = current.merchant_written or written  # the shop kept: its source's writing too
        filed = merchants.Folder(store).file(written)
        store.execute(
            "update orders set merchant = ?, merchant_order_id = ?, ordered_at = ?, tz = ?,"
            " local_day = ?, channel = ?, currency = ?, total_minor = ?, time_given = ?,"
            " merchant_written = ?, alias_id = ? where id = ?",
            (filed.name, *order_row(order, MANUAL, None)[1:8], int(order.time_given), written,
             filed.alias_id, order_id),
        )
        store.execute("delete from order_items where order_id = ?", (order_id,))
        store.executemany(f"insert into order_items ({ITEM_COLUMNS}) values (?, ?, ?, ?, ?, ?)",  # noqa: S608
                          item_rows(order_id, order.items))


def delete(store: Store, order_id: int) -> None:
    """Delete an order and its items. Raises NotFound if there is no such order."""
    with store.atomic():
        if store.execute("delete from orders where id = ?", (order_id,)).rowcount == 0:
            raise NotFound(f"There is no order {order_id}.")


def refile(store: Store, order_id: int, position: int, category: str) -> str:
    """File the order's item at `position` (0 for the first) under another category.

    `category` is a code or a word (vault.categories); returns it as stored. Raises
    NotFound if there is no such order or item, ValidationError if the category is blank.
    """
    stored = validate.category("category", category)
    with store.atomic():
        rows = store.all("select id from order_items where order_id = ? order by id",
                         (order_id,))
        if not 0 <= position < len(rows):
            get(store, order_id)
            raise NotFound(f"Order {order_id} has no item {position + 1}.")
        store.execute("update order_items set category = ? where id = ?",
                      (stored, rows[position]["id"]))
    return stored


def refile_other(store: Store, word: str, category: str) -> int:
    """File every item under the other word `word` (case and accents aside) under `category`.

    Returns how many items moved. Raises ValidationError if either is blank.
    """
    stored, old = validate.category("category", category), categories.key(word)
    with store.atomic():
        ids = [r["id"] for r in store.all(
            "select id, category from order_items where category like 'other:%'")
            if categories.key(r["category"]) == old]
        store.executemany("update order_items set category = ? where id = ?",
                          [(stored, i) for i in ids])
    return len(ids)


# Where an import's orders and items go (Store.insert), the values in the order of
# `imported_rows`.
IMPORTED_ORDERS = (f"orders (id, {ORDER_COLUMNS}, time_given, import_id, import_key,"
                   f" {FILED_COLUMNS})")
IMPORTED_ITEMS = f"order_items ({ITEM_COLUMNS})"


def add_imported(store: Store, orders: Sequence[tuple[Order, bytes]], *, import_id: int,
                 provenance: Provenance, now: datetime,
                 folder: merchants.Folder | None = None) -> None:
    """Store validated orders of an import, each with its import key, many rows per
    statement (Store.insert); `folder` files the merchants of the whole import. Call inside
    the import's transaction (its write lock makes the ids given here safe). Raises
    Conflict if a key or merchant order id is already there.
    """
    first = (store.value("select max(id) from orders") or 0) + 1
    rows, items = imported_rows(orders, first=first, import_id=import_id,
                                provenance=provenance, now=now,
                                folder=folder or merchants.Folder(store, now=now))
    store.insert(IMPORTED_ORDERS, rows)
    store.insert(IMPORTED_ITEMS, items)


def imported_rows(orders: Sequence[tuple[Order, bytes]], *, first: int, import_id: int,
                  provenance: Provenance, now: datetime, folder: merchants.Folder
                  ) -> tuple[list[tuple], list[tuple]]:
    """The values of IMPORTED_ORDERS and IMPORTED_ITEMS for `orders`, numbered from
    `first`; their merchants filed by `folder` (which may add merchants)."""
    added = provenance.columns(now)  # the same for every order of the import
    rows, items = [], []
    for order_id, (order, key) in enumerate(orders, first):
        written = order.merchant_written or order.merchant
        filed = folder.file(written)
        rows.append((order_id, filed.name, *_order_values(order)[1:], *added,
                     int(order.time_given), import_id, key, written, filed.alias_id))
        items += item_rows(order_id, order.items)
    return rows, items
