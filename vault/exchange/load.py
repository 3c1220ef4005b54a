"""Loading a JSON export (vault/exchange/document.py) into a new, empty vault: all of it or nothing.

Rows keep their ids, so every reference between them holds as it was; that
is why the vault must be empty. What the export leaves out stays out: a
confidential brand gets a client secret nobody knows (it must be given a new
one), and the agent's caches are rebuilt from the purchases. An export from an
older schema loads when every table and column it holds still exists (columns
added since take their defaults); one from a newer Coffre is refused.

`FORMAT` is the entry for the importers' format registry (`--format auto`):
`coffre import` recognises an export by it and hands the file to `load`.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from vault import audit
from vault.errors import Conflict, ValidationError
from vault.exchange import document, tables
from vault.exchange.tables import Table
from vault.importers.sniff import Format, Sample
from vault.store import Store

_HEAD = re.compile(r'^\s*\{\s*"format"\s*:\s*"coffre-export"')
_BATCH = 5000
_SCALARS = frozenset({str, int, float, bool, type(None)})

# What fills a column the export leaves out, from the rest of its row.
_REFILL: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("brands", "secret_hash"): lambda row: (
        None if row.get("auth_method") == "none" else secrets.token_bytes(32)),
}


def recognise(sample: Sample) -> bool:
    """True if the file starts as a Coffre export does (its format name first)."""
    return bool(_HEAD.match(sample.text))


FORMAT = Format(document.FORMAT, recognise, None)


def load(store: Store, data: bytes) -> dict[str, int]:
    """Restore the export `data` into the empty vault `store`; the rows added per table.

    Raises ValidationError when `data` is no export, comes from a newer Coffre,
    or holds a table, column or value this vault cannot take; Conflict when the
    vault holds records already. Nothing is written unless everything is.
    """
    held = _parse(data)
    _check_versions(held, store)
    with store.atomic():
        _require_empty(store)
        store.execute("pragma defer_foreign_keys = on")  # rows come table by table
        known = {t.name: t for t in tables.exported(store)}
        _check_tables(held["tables"], known)
        added = {name: _insert(store, known[name], rows) for name, rows in held["tables"].items()}
        audit.relog(store)
        broken = store.all("pragma foreign_key_check")
        if broken:
            raise ValidationError("file", "not_export",
                                  detail=f"a row of {broken[0][0]} refers to nothing")
    return added


def _parse(data: bytes) -> dict[str, Any]:
    try:
        held = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ValidationError("file", "not_export", detail="not JSON") from e
    if not isinstance(held, dict) or held.get("format") != document.FORMAT:
        raise ValidationError("file", "not_export", detail=f"no format {document.FORMAT}")
    if not isinstance(held.get("tables"), dict) or not all(
            isinstance(rows, list) for rows in held["tables"].values()):
        raise ValidationError("file", "not_export", detail="no tables")
    return held


def _check_versions(held: dict[str, Any], store: Store) -> None:
    version, schema = held.get("version"), held.get("schema_version")
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


def _check_tables(held: dict[str, list], known: dict[str, Table]) -> None:
    for name, rows in held.items():
        if name not in known:
            raise ValidationError("file", "export_unknown_column", table=name, column="*")
        columns = set().union(*(row.keys() for row in rows if isinstance(row, dict)))
        unknown = sorted(columns - set(known[name].columns))
        if unknown:
            raise ValidationError("file", "export_unknown_column", table=name, column=unknown[0])


def _insert(store: Store, table: Table, rows: list[Any]) -> int:
    """Insert the rows of one table, in batches of rows naming the same columns."""
    refill = [(c, fill) for (t, c), fill in _REFILL.items() if t == table.name]
    batch: list[tuple] = []
    shape: tuple[str, ...] = ()
    for n, row in enumerate(rows, 1):
        values = _values(table, row, n)
        for column, fill in refill:
            values[column] = fill(values)
        if tuple(values) != shape or len(batch) >= _BATCH:
            _flush(store, table, shape, batch)
            shape, batch = tuple(values), []
        batch.append(tuple(values.values()))
    _flush(store, table, shape, batch)
    return len(rows)


def _values(table: Table, row: Any, n: int) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValidationError("file", "not_export", detail=f"{table.name} row {n} is no object")
    if not _SCALARS.issuperset(map(type, row.values())):
        raise ValidationError("file", "not_export",
                              detail=f"{table.name} row {n} holds a list or object")
    if not table.blobs:
        return dict(row)
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
