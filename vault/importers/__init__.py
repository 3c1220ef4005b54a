"""Read purchases from files in our own formats (JSON and CSV), all or nothing.

`read` parses and validates a whole file without touching the vault; the import
(vault/imports/run.py) stores its orders. Problems are reported together, each
naming where it is ("line 12, order 3: items[0].quantity") and why.
The formats are described in docs/import-format.md.
"""

from __future__ import annotations

from datetime import datetime

from vault.errors import ValidationError
from vault.importers import csv_format, json_format
from vault.purchases import Order

READERS = {".json": json_format.read, ".csv": csv_format.read}


def read(name: str, data: bytes, *, now: datetime) -> list[Order]:
    """Every order in the file `name` holding `data`, validated as of `now`.

    Raises ValidationError listing each problem (at most checks.MAX_PROBLEMS), with the
    location as the field.
    """
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    reader = READERS.get(suffix)
    if reader is None:
        raise ValidationError("file", "not_import_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError("file", "not_utf8") from e
    orders = reader(text, now=now)
    if not orders:
        raise ValidationError("file", "no_order")
    return orders
