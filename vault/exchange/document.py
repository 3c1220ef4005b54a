"""Coffre's JSON export: the whole vault as one document, written as it is read.

    {"format": "coffre-export", "version": 1, "schema_version": N,
     "exported_at": "…Z", "vault": {"signing_public_key": "<base64>"},
     "not_exported": {table: why}, "omitted_columns": {"table.column": why},
     "unclassified": [], "categories": [{code, group, label_en, label_fr}],
     "tables": {table: [{column: value}, …], …}}

Rows are written one per line as the cursor yields them, so memory stays flat
whatever the vault's size. docs/formats.md describes it; vault/exchange/load.py
reads it back.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, BinaryIO

from vault import categories, identity
from vault.exchange import tables
from vault.provenance import iso_utc
from vault.store import Store

FORMAT = "coffre-export"
VERSION = 1

Progress = Callable[[int], None]
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every row
BATCH = 1000  # rows written to the stream at a time


def batched(items: Iterable[Any], size: int) -> Iterator[tuple[Any, ...]]:
    """`items` in tuples of `size` (the last one shorter); itertools.batched from Python 3.12."""
    it = iter(items)
    while batch := tuple(islice(it, size)):
        yield batch


class Ticker:
    """Counts rows written and tells `progress` after each batch, and at the end."""

    def __init__(self, progress: Progress | None):
        self.done = 0
        self._progress = progress

    def add(self, count: int) -> None:
        """`count` more rows written."""
        self.done += count
        if self._progress and count:
            self._progress(self.done)

    def end(self) -> None:
        """Every row is written."""
        if self._progress:
            self._progress(self.done)


def about(store: Store, *, now: datetime) -> dict[str, Any]:
    """What every export format says of itself: format, versions, time, what it leaves out."""
    public = identity.signing_key(store).verify_key.encode()
    return {
        "format": FORMAT, "version": VERSION, "schema_version": store.schema_version,
        "exported_at": iso_utc(now),
        "vault": {"signing_public_key": base64.b64encode(public).decode("ascii")},
        "not_exported": dict(tables.NOT_EXPORTED),
        "omitted_columns": {f"{t}.{c}": why for (t, c), why in tables.OMITTED_COLUMNS.items()},
        "unclassified": tables.unclassified(store),
    }


def vocabulary() -> list[dict[str, Any]]:
    """The category vocabulary the codes of the export refer to, labelled in both languages."""
    return [{"code": c.code, "group": c.group, "label_en": c.label_en, "label_fr": c.label_fr}
            for c in categories.all()]


def total_rows(store: Store) -> int:
    """How many rows an export of the vault holds (for a progress bar)."""
    return sum(store.value(f'select count(*) from "{t.name}"')  # noqa: S608 -- schema names
               for t in tables.exported(store))


def write(store: Store, out: BinaryIO, *, now: datetime, progress: Progress | None = None) -> None:
    """Write the whole vault to `out` as one JSON document (UTF-8), from one snapshot."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    with store.snapshot():
        head = {**about(store, now=now), "categories": vocabulary()}
        text.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "tables": {')
        ticker = Ticker(progress)
        for n, table in enumerate(tables.exported(store)):
            text.write(f'{"," if n else ""}\n  {json.dumps(table.name)}: [')
            _write_rows(text, tables.rows(store, table), ticker)
            text.write("\n  ]")
        text.write("\n }\n}\n")
    text.flush()
    text.detach()  # the caller's stream stays open
    ticker.end()


def _write_rows(text: io.TextIOWrapper, rows: Iterable[dict[str, Any]], ticker: Ticker) -> None:
    """The rows of one table, one per line, separated by commas, a thousand at a time."""
    written = False
    for batch in batched(rows, BATCH):
        text.write(("," if written else "") + "\n   " + ",\n   ".join(map(_ENCODE, batch)))
        ticker.add(len(batch))
        written = True
