"""Loading a JSON export (vault/exchange/document.py) into a new, empty vault: all of it or nothing.

Rows keep their ids, so every reference between them holds as it was; that
is why the vault must be empty. What the export leaves out stays out: a
confidential brand gets a client secret nobody knows (it must be given a new
one), and the agent's caches are rebuilt from the purchases. An export from an
older schema loads when every table and column it holds still exists (columns
added since take their defaults) or moved to where the schema now keeps it
(`_MOVED`); one from a newer Coffre is refused.

`FORMAT` is the entry for the importers' format registry (`--format auto`):
`coffre import` recognises an export by it and hands the file to `load`.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from vault import audit, held
from vault.errors import Conflict, ValidationError
from vault.exchange import document, stream, tables
from vault.exchange.tables import Table
from vault.importers.sniff import Format, Sample
from vault.store import Store

_HEAD = re.compile(r'^\s*\{\s*"format"\s*:\s*"coffre-export"')
_BATCH = 1000  # rows inserted at a time: memory holds one batch, whatever the file

# What fills a column the export leaves out, from the rest of its row.
_REFILL: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("brands", "secret_hash"): lambda row: (
        None if row.get("auth_method") == "none" else secrets.token_bytes(32)),
}


def _held_inline(store: Store, row: dict[str, Any], n: int) -> dict[str, Any]:
    """An access_log row of an export from schema 13 or earlier, which held `fields` and
    `held` itself: the pair stored once in access_held (vault.held), the row naming it."""
    if "fields" not in row and "held" not in row:
        return row
    row = dict(row)
    pair = (row.pop("fields", "[]"), row.pop("held", None))
    if not isinstance(pair[0], str) or not isinstance(pair[1], str | None):
        raise ValidationError("file", "not_export",
                              detail=f"access_log row {n} holds fields that are not JSON text")
    row["held_id"] = held.id_of(store, pair, {})
    return row


# What moved out of a table since an older schema: its row, as the schema now has it.
_MOVED: dict[str, Callable[[Store, dict[str, Any], int], dict[str, Any]]] = {
    "access_log": _held_inline,
}


def recognise(sample: Sample) -> bool:
    """True if the file starts as a Coffre export does (its format name first)."""
    return bool(_HEAD.match(sample.text))


FORMAT = Format(document.FORMAT, recognise, None)


def load(store: Store, data: bytes | BinaryIO) -> dict[str, int]:
    """Restore the export `data` (its bytes, or a binary file read as it streams) into the
    empty vault `store`; the rows added per table. Memory stays flat whatever its size.

    Raises ValidationError when `data` is no export, comes from a newer Coffre,
    or holds a table, column or value this vault cannot take; Conflict when the
    vault holds records already. Nothing is written unless everything is.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with store.atomic():
        _require_empty(store)
        store.execute("pragma defer_foreign_keys = on")  # rows come table by table
        known = {t.name: t for t in tables.exported(store)}
        head: dict[str, Any] = {}
        added: dict[str, int] = {}
        for part in stream.parts(source):
            if isinstance(part, stream.Head):
                head[part.key] = part.value
                continue
            if not added and head.keys() >= stream.HEAD:
                _check_head(head, store)  # the head came first, as we write it: before any row
            added[part.name] = _insert(store, _table(known, part.name, added), part.rows)
        _check_head(head, store)
        audit.relog(store)
        broken = store.all("pragma foreign_key_check")
        if broken:
            raise ValidationError("file", "not_export",
                                  detail=f"a row of {broken[0][0]} refers to nothing")
    return added


def _check_head(head: dict[str, Any], store: Store) -> None:
    if head.get("format") != document.FORMAT:
        raise ValidationError("file", "not_export", detail=f"no format {document.FORMAT}")
    version, schema = head.get("version"), head.get("schema_version")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise ValidationError("file", "not_export", detail="no version")
    if version > document.VERSION:
        raise ValidationError("file", "export_too_new", what=f"format version {version}")
    if schema > store.schema_version:
        raise ValidationError("file", "export_too_new", what=f"schema version {schema}")


def _require_empty(store: Store) -> None:
    full = [t.name for t in tables.exported(store)
            if store.value(f'select exists (select 1 from "{t.name}")')]  # noqa: S608
    if full:
        raise Conflict(f"This vault already holds records ({', '.join(full[:3])}): load an "
                       "export only into a new, empty vault.")


def _table(known: dict[str, Table], name: str, added: dict[str, int]) -> Table:
    if name not in known:
        raise ValidationError("file", "export_unknown_column", table=name, column="*")
    if name in added:
        raise ValidationError("file", "not_export", detail=f"{name} is given twice")
    return known[name]


def _insert(store: Store, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """Insert the rows of one table as they come, in batches of rows naming the same columns."""
    refill = [(c, fill) for (t, c), fill in _REFILL.items() if t == table.name]
    allowed = frozenset(table.columns)
    moved = _MOVED.get(table.name)
    batch: list[tuple] = []
    shape: tuple[str, ...] = ()
    n = 0
    for n, row in enumerate(rows, 1):
        values = _values(table, allowed, moved(store, row, n) if moved else row, n)
        for column, fill in refill:
            values[column] = fill(values)
        if tuple(values) != shape or len(batch) >= _BATCH:
            _flush(store, table, shape, batch)
            shape, batch = tuple(values), []
        batch.append(tuple(values.values()))
    _flush(store, table, shape, batch)
    return n


def _values(table: Table, allowed: frozenset[str], row: dict[str, Any],
            n: int) -> dict[str, Any]:
    if not allowed.issuperset(row):
        unknown = sorted(set(row) - allowed)
        raise ValidationError("file", "export_unknown_column", table=table.name,
                              column=unknown[0])
    if not table.blobs:
        return row
    try:
        return {c: tables.stored(table, c, v) for c, v in row.items()}
    except ValueError as e:
        raise ValidationError("file", "not_export",
                              detail=f"{table.name} row {n} holds bad base64") from e


def _flush(store: Store, table: Table, columns: Iterable[str], batch: list[tuple]) -> None:
    if not batch:
        return
    names = ", ".join(f'"{c}"' for c in columns)  # the schema's own names (checked above)
    marks = ", ".join("?" * len(batch[0]))
    sql = f'insert into "{table.name}" ({names}) values ({marks})'  # noqa: S608
    try:
        store.executemany(sql, batch)
    except Conflict as e:
        raise ValidationError("file", "not_export",
                              detail=f"a row of {table.name} breaks a rule of the vault") from e
