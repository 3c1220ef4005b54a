"""The record of each import: which file, in which format, what became of its lines, when;
and undoing an import as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from vault import purchases
from vault.errors import NotFound
from vault.provenance import iso_utc, parse_utc
from vault.purchases import Order
from vault.store import Store


@dataclass
class Counts:
    """What became of a file's lines."""

    added: int = 0
    present: int = 0  # already in the vault (or earlier in the file): left as they were
    not_purchase: int = 0  # left out by a rule (salary, own transfer, cash…)
    left_out: int = 0  # left out by the source itself (cancelled)
    invalid: int = 0


@dataclass(frozen=True)
class Record:
    """One import as the vault remembers it."""

    id: int
    file_name: str
    sha256: str
    format: str
    recipe: str | None
    counts: Counts
    imported_at: datetime


@dataclass(frozen=True)
class Removal:
    """What undoing an import would remove: its record and the orders it added."""

    record: Record
    orders: int
    totals: dict[str, int]  # currency -> signed sum, in minor units
    first: list[Order] = field(default_factory=list)  # the first few, oldest first


def start(store: Store, *, file_name: str, format_name: str, recipe: str | None,
          now: datetime) -> int:
    """A new record (counts to come); return its id. Call within the import's transaction."""
    return store.execute(
        "insert into imports (file_name, sha256, format, recipe, imported_at)"
        " values (?, '', ?, ?, ?)",
        (file_name[-200:], format_name, recipe, iso_utc(now))).lastrowid


def finish(store: Store, import_id: int, *, sha256: str, counts: Counts) -> None:
    """Write the file's digest and counts into its record."""
    store.execute(
        "update imports set sha256 = ?, added = ?, present = ?, not_purchase = ?,"
        " left_out = ?, invalid = ? where id = ?",
        (sha256, counts.added, counts.present, counts.not_purchase, counts.left_out,
         counts.invalid, import_id))


def history(store: Store) -> list[Record]:
    """Every import, newest first."""
    return [_record(r) for r in store.all("select * from imports order by id desc")]


def get(store: Store, import_id: int) -> Record:
    """One import. Raises NotFound if there is no such import."""
    row = store.one("select * from imports where id = ?", (import_id,))
    if row is None:
        raise NotFound(f"There is no import {import_id}.")
    return _record(row)


def removal(store: Store, import_id: int, *, shown: int = 10) -> Removal:
    """What `undo` would remove, without removing it. Raises NotFound."""
    record = get(store, import_id)
    totals = {r[0]: r[1] for r in store.all(
        "select currency, sum(total_minor) from orders where import_id = ?"
        " group by currency order by currency", (import_id,))}
    orders = store.value("select count(*) from orders where import_id = ?", (import_id,))
    ids = [r[0] for r in store.all("select id from orders where import_id = ?"
                                   " order by ordered_at, id limit ?", (import_id, shown))]
    return Removal(record, orders, totals, [purchases.get(store, i) for i in ids])


def undo(store: Store, import_id: int) -> int:
    """Remove the import's record and every order it added; return how many orders.

    Raises NotFound if there is no such import. All of it goes, or nothing.
    """
    with store.atomic():
        get(store, import_id)
        removed = store.execute("delete from orders where import_id = ?", (import_id,)).rowcount
        store.execute("delete from imports where id = ?", (import_id,))
    return removed


def _record(row) -> Record:
    counts = Counts(row["added"], row["present"], row["not_purchase"], row["left_out"],
                    row["invalid"])
    return Record(row["id"], row["file_name"], row["sha256"], row["format"], row["recipe"],
                  counts, parse_utc(row["imported_at"]))
