"""Our CSV purchase format: one row per item, the order's columns repeated on each row.

Rows with the same order columns (merchant, merchant_order_id, ordered_at, tz,
channel, currency) make one order, in the order they first appear.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from vault import purchases
from vault.errors import ValidationError
from vault.importers import checks
from vault.purchases import Order
from vault.validate import Problems

ORDER_COLUMNS = ("merchant", "merchant_order_id", "ordered_at", "tz", "channel", "currency")
ITEM_COLUMNS = ("item_name", "item_brand", "item_category", "quantity", "unit_price")
REQUIRED = ("merchant", "ordered_at", "channel", "currency", "item_name", "item_category",
            "unit_price")


def read(text: str, *, now: datetime) -> list[Order]:
    """The orders of a CSV document in our format, as of `now`. Raises ValidationError."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_header(reader.fieldnames)
    groups: dict[tuple, tuple[int, dict]] = {}  # order columns -> (first line, values)
    try:
        for row in reader:
            if None in row:
                raise ValidationError(f"line {reader.line_num}", "extra_cells")
            key = tuple((row.get(c) or "").strip() for c in ORDER_COLUMNS)
            _first, values = groups.setdefault(key, (reader.line_num, _order_values(row)))
            values["items"].append(_item_values(row, reader.line_num))
    except csv.Error as e:
        raise ValidationError(f"line {reader.line_num}", "bad_syntax", kind="CSV",
                              detail=str(e)) from e
    return _check(groups.values(), now)


def _check_header(names: list[str] | None) -> None:
    if not names:
        raise ValidationError("line 1", "no_header")
    missing = [c for c in REQUIRED if c not in names]
    unknown = [c for c in names if c not in ORDER_COLUMNS + ITEM_COLUMNS]
    problems = Problems()
    for column in missing:
        problems.add("line 1", "missing_column", name=column)
    for column in unknown:
        problems.add("line 1", "unknown_column", name=column)
    problems.raise_any()


def _order_values(row: dict) -> dict:
    values = {c: (row.get(c) or "").strip() or None for c in ORDER_COLUMNS}
    values["items"] = []
    return values


def _item_values(row: dict, line: int) -> dict:
    return {"name": row.get("item_name"), "brand": (row.get("item_brand") or "").strip() or None,
            "category": row.get("item_category"), "quantity": (row.get("quantity") or "1"),
            "unit_price": row.get("unit_price"), "line": line}


def _check(groups, now: datetime) -> list[Order]:
    problems = Problems(limit=checks.MAX_PROBLEMS)
    orders: list[tuple[str, Order]] = []
    for line, values in groups:
        item_lines = [item.pop("line") for item in values["items"]]
        try:
            orders.append((f"line {line}", purchases.check(values, now=now)))
        except ValidationError as e:
            problems.extend(_located(e, line, item_lines))
    checks.check_unique(orders, problems)
    problems.raise_any()
    return [order for _, order in orders]


def _located(error: ValidationError, line: int, item_lines: list[int]):
    """Each problem at its own line and CSV column ("line 7: quantity"), not items[2]."""
    for found in error.problems:
        if found.field.startswith("items["):
            index, _, name = found.field[6:].partition("].")
            column = name if name in ("quantity", "unit_price") else f"item_{name}"
            yield found.at(f"line {item_lines[int(index)]}: {column}")
        else:
            yield found.at(f"line {line}: {found.field}")
