"""Merchants and their spellings; identifiers found in imports; brands whose receipts are refused.

`merchants` holds one row per shop as the consumer sees it: the name shown, its key
(the folded name), a default category (from the built-in list, or the consumer's
choice when `category_chosen`). `merchant_aliases` holds every spelling folded into
a merchant; an order points at the spelling it was written with (`alias_id`) and
keeps that writing (`merchant_written`), so splitting a spelling off puts its orders
back. `orders.merchant` stays the merchant's name, for every reader of orders.

Existing orders are folded here as new ones are (vault.merchants). Two spellings
of one shop holding the same order number (the same order, entered twice) cannot
share a name: the later spelling stays a merchant of its own, for the consumer to
merge once the duplicate is deleted.

`identifier_suggestions` keeps the loyalty cards, customer numbers and accounts
found in imports until the consumer adds or dismisses them. `brands.receipts_refused_at`
says since when the consumer refuses a brand's receipts.
"""

from __future__ import annotations

from typing import Any

from vault.importers import merchants as recognition

# A key no spelling folds to ("~" is no key character): a merchant kept apart.
APART = "~"

STEPS: list[Any] = [
    """create table merchants (
        id integer primary key,
        name text not null,
        key text not null unique,
        category text,
        category_chosen integer not null default 0 check (category_chosen in (0, 1)),
        created_at text not null)""",
    """create table merchant_aliases (
        id integer primary key,
        merchant_id integer not null references merchants (id),
        spelling text not null,
        key text not null unique)""",
    "create index merchant_aliases_by_merchant on merchant_aliases (merchant_id)",
    "alter table orders add column merchant_written text",
    "alter table orders add column alias_id integer references merchant_aliases (id)",
    "create index orders_by_alias on orders (alias_id)",
    """create table identifier_suggestions (
        id integer primary key,
        merchant text not null,
        kind text not null,
        value text not null,
        source_ref text,
        found_at text not null,
        dismissed_at text,
        unique (merchant, kind, value))""",
    "alter table brands add column receipts_refused_at text",
]


def _merchant(conn: Any, name: str, key: str, category: str | None, at: str) -> int:
    row = conn.execute("select id from merchants where key = ?", (key,)).fetchone()
    if row:
        return row[0]
    return conn.execute("insert into merchants (name, key, category, created_at)"
                        " values (?, ?, ?, ?)", (name, key, category, at)).lastrowid


def _alias(conn: Any, merchant_id: int, spelling: str, key: str) -> int:
    row = conn.execute("select id from merchant_aliases where key = ?", (key,)).fetchone()
    if row:
        return row[0]
    return conn.execute("insert into merchant_aliases (merchant_id, spelling, key)"
                        " values (?, ?, ?)", (merchant_id, spelling, key)).lastrowid


def _collides(conn: Any, written: str, name: str) -> bool:
    """True if an order written `written` has an order number already filed under `name`."""
    return written != name and conn.execute(
        "select 1 from orders a join orders b on a.merchant_order_id = b.merchant_order_id"
        " where a.merchant = ? and b.merchant = ? limit 1", (written, name)).fetchone() is not None


def _fold_existing(conn: Any) -> None:
    # A merchant is as old as the first order filed under it.
    for written, at in conn.execute("select merchant, min(added_at) from orders"
                                    " group by merchant order by 1").fetchall():
        found = recognition.recognise(written)
        spelling = recognition.clean(written) or " ".join(written.split())
        name, key, alias_key = found.name, found.key, recognition.fold(spelling)
        if _collides(conn, written, name):
            name, key, alias_key = written, APART + recognition.fold(written), APART + alias_key
        merchant_id = _merchant(conn, name, key, found.default_category, at)
        if not key.startswith(APART):
            _alias(conn, merchant_id, name, key)
        alias_id = _alias(conn, merchant_id, spelling, alias_key)
        conn.execute("update orders set merchant = ?, merchant_written = ?, alias_id = ?"
                     " where merchant = ? and alias_id is null",
                     (name, written, alias_id, written))


STEPS.append(_fold_existing)
