"""Everything in the vault, out in open formats, and back in from Coffre's own JSON.

`export(store, format, out, now=…)` writes one of `FORMATS` to a binary
stream: `json` (document.py: every exported table, the one that loads back
with load.py), `csv` (csv_zip.py: a zip of one CSV file per table) or
`jsonld` (jsonld.py: what maps onto schema.org). tables.py decides what an
export holds. docs/formats.md describes all three and the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import BinaryIO

from vault import audit
from vault.errors import ValidationError
from vault.exchange import csv_zip, document, jsonld
from vault.exchange.document import Progress
from vault.store import Store

Writer = Callable[..., None]
# name -> (writer, file suffix, media type)
FORMATS: dict[str, tuple[Writer, str, str]] = {
    "json": (document.write, ".json", "application/json"),
    "csv": (csv_zip.write, ".zip", "application/zip"),
    "jsonld": (jsonld.write, ".jsonld", "application/ld+json"),
}


def export(store: Store, name: str, out: BinaryIO, *, now: datetime,
           progress: Progress | None = None) -> None:
    """Write the whole vault to `out` in the format `name`, from one snapshot of it.

    Raises ValidationError for a format that is not one of FORMATS.
    """
    if name not in FORMATS:
        raise ValidationError("format", "one_of", values=", ".join(FORMATS))
    audit.settle(store)  # the access events the journal holds are in the copy
    FORMATS[name][0](store, out, now=now, progress=progress)
    audit.event(store, "vault.exported", at=now, format=name)  # after its snapshot ends


def file_name(name: str, today: date) -> str:
    """The name an export in the format `name` is offered under: coffre-export-DATE.json."""
    return f"coffre-export-{today.isoformat()}{FORMATS[name][1]}"


def media_type(name: str) -> str:
    """The media type of an export in the format `name`."""
    return FORMATS[name][2]
