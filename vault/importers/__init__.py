"""Import purchases from files in our own formats (JSON and CSV), all or nothing.

`read` parses and validates a whole file without touching the vault; `load`
stores every order of it in one transaction, with provenance
`Provenance("import", <file name>)`. Problems are reported together, each
naming where it is ("line 12, order 3: items[0].quantity") and why.
The formats are described in docs/import-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vault import purchases
from vault.errors import ValidationError
from vault.importers import csv_format, json_format
from vault.importers.checks import MAX_PROBLEMS
from vault.provenance import Provenance
from vault.purchases import Order
from vault.reasons import problem
from vault.store import Store

READERS = {".json": json_format.read, ".csv": csv_format.read}


@dataclass(frozen=True)
class Outcome:
    """What an import did."""

    added: int
    skipped: int  # orders already in the vault, left as they were (only with skip_existing)


def read(name: str, data: bytes, *, now: datetime) -> list[Order]:
    """Every order in the file `name` holding `data`, validated as of `now`.

    Raises ValidationError listing each problem (at most MAX_PROBLEMS), with the
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


def load(store: Store, name: str, data: bytes, *, now: datetime,
         skip_existing: bool = False) -> Outcome:
    """Store every order of the file, or none; return how many were added and skipped.

    An order whose merchant and merchant_order_id are already in the vault is
    a problem, or with `skip_existing` is left out. Raises ValidationError.
    """
    orders = read(name, data, now=now)
    with store.atomic():
        known = _existing(store, orders)
        if known and not skip_existing:
            raise ValidationError.many([problem(f"order {n}", "already_in_vault")
                                        for n in known[:MAX_PROBLEMS]])
        fresh = [o for n, o in enumerate(orders, 1) if n not in set(known)]
        purchases.add_many(store, fresh, provenance=Provenance("import", name[-200:]), now=now)
    return Outcome(added=len(fresh), skipped=len(orders) - len(fresh))


def _existing(store: Store, orders: list[Order]) -> list[int]:
    """The 1-based positions of orders whose merchant order number the vault already holds."""
    found = []
    for n, order in enumerate(orders, 1):
        if order.merchant_order_id and purchases.find_by_ref(store, order.merchant,
                                                             order.merchant_order_id):
            found.append(n)
    return found
