"""The CSV export: a zip archive, one CSV file per table, for spreadsheets and other tools.

`manifest.json` says what the archive is (the JSON export's header: format,
versions, what is left out) and describes each file; `categories.csv` names the
vocabulary's codes. Each table's file has a header row of its column names;
an empty cell is no value (NULL) and BLOB columns are base64. Text is UTF-8
with a byte-order mark, which spreadsheets need to read accents right. The
archive is written entry by entry as the rows are read, to any seekable stream.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any, BinaryIO

from vault.exchange import document, tables
from vault.exchange.document import Progress, Ticker
from vault.store import Store


def write(store: Store, out: BinaryIO, *, now: datetime, progress: Progress | None = None) -> None:
    """Write the whole vault to `out` as a zip of CSV files, from one snapshot."""
    ticker = Ticker(progress)
    with store.snapshot(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        exported = tables.exported(store)
        files = {f"{t.name}.csv": tables.EXPORTED[t.name] for t in exported}
        files["categories.csv"] = "the category vocabulary the codes refer to"
        manifest = {**document.about(store, now=now), "files": files}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        vocabulary = document.vocabulary()
        _entry(archive, "categories.csv", list(vocabulary[0]), (v.values() for v in vocabulary),
               Ticker(None))
        for table in exported:
            _entry(archive, f"{table.name}.csv", table.columns, tables.values(store, table),
                   ticker)
    ticker.end()


def _entry(archive: zipfile.ZipFile, name: str, header: Iterable[str],
           rows: Iterable[Iterable[Any]], ticker: Ticker) -> None:
    """Write one CSV file into the archive, a batch of rows at a time (None as an empty cell)."""
    with archive.open(name, "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for batch in document.batched(rows, document.BATCH):
            writer.writerows(batch)
            ticker.add(len(batch))
        text.flush()
        text.detach()
