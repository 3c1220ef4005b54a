"""Reading orders back: one by id, pages of a search, and the names to filter by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vault import categories as _categories  # the module's own `categories` is a query
from vault.errors import NotFound
from vault.provenance import Provenance, parse_utc
from vault.purchases.records import Item, Order, zone
from vault.store import Store


def get(store: Store, order_id: int) -> Order:
    """One order with its items. Raises NotFound if there is no such order."""
    row = store.one("select * from orders where id = ?", (order_id,))
    if row is None:
        raise NotFound(f"There is no order {order_id}.")
    return _with_items(store, [row])[0]


def _with_items(store: Store, rows: list) -> list[Order]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    items: dict[int, list[Item]] = {i: [] for i in ids}
    for r in store.all(  # one ? per id: the ids themselves are bound
        f"select * from order_items where order_id in ({', '.join('?' * len(ids))}) order by id",  # noqa: S608
        ids,
    ):
        items[r["order_id"]].append(Item(r["name"], r["category"], r["quantity"],
                                         r["unit_price_minor"], r["brand"]))
    return [_order(r, tuple(items[r["id"]])) for r in rows]


def _order(row: Any, items: tuple[Item, ...]) -> Order:
    moment = parse_utc(row["ordered_at"]).astimezone(zone(row["tz"]))
    return Order(merchant=row["merchant"], ordered_at=moment, channel=row["channel"],
                 currency=row["currency"], items=items, merchant_order_id=row["merchant_order_id"],
                 id=row["id"], provenance=Provenance.from_row(row),
                 time_given=bool(row["time_given"]), merchant_written=row["merchant_written"],
                 refund=row["total_minor"] < 0)


def _like(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') finding `text` anywhere, its % and _ taken literally."""
    literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"


@dataclass(frozen=True)
class Filters:
    """What to look for; every field optional."""

    text: str | None = None
    merchant: str | None = None
    category: str | None = None  # as stored: a code (with those under it) or "other:<word>"
    spellings: tuple[str, ...] = ()  # stored forms, any of them (see `spellings`)
    since: date | None = None
    until: date | None = None

    def where(self) -> tuple[str, list[Any]]:
        """A SQL condition on `orders o` and its parameters.

        The condition joins only the fixed clauses below, so callers interpolate
        it into their SQL (noqa: S608 there); every value is a parameter.
        """
        clauses, params = ["1"], []
        if self.merchant:
            clauses.append("o.merchant = ?")
            params.append(self.merchant)
        # "o.id in (one pass over the items)" beats a subquery per order at 100k orders.
        if self.category:  # the category and every one under it: "07.3" holds "07.3.1"
            clauses.append("o.id in (select order_id from order_items where category = ?"
                           " or (category > ? and category < ?))")
            params.extend([self.category, f"{self.category}.", f"{self.category}/"])
        if self.spellings:  # one ? per stored form: the values themselves are bound
            marks = ", ".join("?" * len(self.spellings))
            inside = f"select order_id from order_items where category in ({marks})"  # noqa: S608
            clauses.append(f"o.id in ({inside})")
            params.extend(self.spellings)
        if self.since:
            clauses.append("o.local_day >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("o.local_day <= ?")
            params.append(self.until.isoformat())
        if self.text:
            clauses.append("(o.merchant like ? escape '\\' or o.id in (select order_id from"
                           " order_items where name like ? escape '\\' or brand like ? escape"
                           " '\\'))")
            params.extend([_like(self.text)] * 3)
        return " and ".join(clauses), params


def search(store: Store, filters: Filters = Filters(), *, limit: int = 50,
           offset: int = 0) -> tuple[list[Order], int]:
    """One page of orders, newest first, and the number of orders that match."""
    where, params = filters.where()
    total = store.value(f"select count(*) from orders o where {where}", params)  # noqa: S608
    rows = store.all(
        f"select * from orders o where {where} order by o.ordered_at desc, o.id desc"  # noqa: S608
        " limit ? offset ?", [*params, limit, offset],
    )
    return _with_items(store, rows), total


def after(store: Store, filters: Filters, *, cursor: tuple[str, int] | None,
          limit: int) -> list[Order]:
    """Up to `limit` orders, newest first, strictly older than `cursor` (ordered_at, id)."""
    where, params = filters.where()
    if cursor is not None:
        where += " and (o.ordered_at, o.id) < (?, ?)"
        params = [*params, *cursor]
    rows = store.all(
        f"select * from orders o where {where} order by o.ordered_at desc, o.id desc limit ?",  # noqa: S608
        [*params, limit],
    )
    return _with_items(store, rows)


def before(store: Store, filters: Filters, *, cursor: tuple[str, int],
           limit: int) -> list[Order]:
    """Up to `limit` orders strictly newer than `cursor` (ordered_at, id), nearest first."""
    where, params = filters.where()
    rows = store.all(
        f"select * from orders o where {where} and (o.ordered_at, o.id) > (?, ?)"  # noqa: S608
        " order by o.ordered_at, o.id limit ?",
        [*params, *cursor, limit],
    )
    return _with_items(store, rows)


def count(store: Store, filters: Filters = Filters()) -> int:
    """How many orders match `filters`."""
    where, params = filters.where()
    return store.value(f"select count(*) from orders o where {where}", params)  # noqa: S608


# A number that changes with every change to the orders or their items. Triggers bump it
# in the writing transaction itself (migration v0003), so a read transaction sees the
# number and the orders of one and the same state.
VERSION = "select history_version from agent_state where id = 1"


def version(store: Store) -> int:
    """The number VERSION reads."""
    return store.value(VERSION)


def merchants(store: Store) -> list[str]:
    """Every merchant in the vault, alphabetically."""
    return [r[0] for r in store.all("select distinct merchant from orders order by merchant")]


def categories(store: Store) -> list[str]:
    """Every item category in the vault as stored (codes, then "other:<word>"), in order."""
    return [r[0] for r in store.all("select distinct category from order_items order by 1")]


def spellings(store: Store, word: str) -> tuple[str, ...]:
    """The stored forms of the other word `word` in the vault ("other:vélo cargo",
    "other:Vélos Cargo"…): the same word, case, accents and plural aside."""
    key = _categories.key(word)
    return tuple(r[0] for r in store.all(
        "select distinct category from order_items where category like 'other:%' order by 1")
        if _categories.key(r[0]) == key)


def other_words(store: Store) -> list[tuple[str, int]]:
    """The other words items are filed under, each once (case and accents aside), and how
    many items hold it; the most used spelling names it. Alphabetical."""
    found: dict[str, tuple[str, int, int]] = {}
    for stored, n in store.all("select category, count(*) from order_items"
                               " where category like 'other:%' group by 1"):
        key = _categories.key(stored)
        name, best, total = found.get(key, (stored, 0, 0))
        found[key] = (stored if n > best else name, max(best, n), total + n)
    return sorted(((name, total) for name, _best, total in found.values()),
                  key=lambda entry: entry[0].casefold())
