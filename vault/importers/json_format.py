"""Our JSON purchase format: {"format": "coffre-purchases", "version": 1, "orders": [...]}."""

from __future__ import annotations

import json
import json.scanner
from datetime import datetime
from typing import Any

from vault import purchases, validate
from vault.errors import ValidationError
from vault.importers import checks
from vault.purchases import Order
from vault.validate import Problems

FORMAT = "coffre-purchases"
VERSION = 1


def read(text: str, *, now: datetime) -> list[Order]:
    """The orders of a JSON document in our format, as of `now`. Raises ValidationError."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(f"line {e.lineno}, column {e.colno}", "bad_syntax", kind="JSON",
                              detail=e.msg) from e
    except RecursionError as e:  # nested thousands deep: the syntax is fine, the shape is not
        raise ValidationError("file", "too_deep", n=validate.MAX_JSON_DEPTH) from e
    if validate.deeper_than(document, validate.MAX_JSON_DEPTH):
        raise ValidationError("file", "too_deep", n=validate.MAX_JSON_DEPTH)
    raw = _orders(document)
    problems = Problems(limit=checks.MAX_PROBLEMS)
    orders: list[tuple[str, Order]] = []
    lines: list[int] | None = None
    for n, values in enumerate(raw, 1):
        try:
            if not isinstance(values, dict):
                raise ValidationError("order", "not_order")
            order = purchases.check(values, now=now)
        except ValidationError as e:
            lines = lines if lines is not None else _order_lines(text)
            where = _where(n, lines)
            problems.extend(e.problems, prefix=f"{where}: ")
        else:
            orders.append((f"order {n}", order))
    checks.check_unique(orders, problems)
    problems.raise_any()
    return [order for _, order in orders]


def _orders(document: Any) -> list:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict) or not isinstance(document.get("orders"), list):
        raise ValidationError("file", "no_orders_list")
    if document.get("format", FORMAT) != FORMAT:
        raise ValidationError("format", "must_be", value=f'"{FORMAT}"')
    if document.get("version", VERSION) != VERSION:
        raise ValidationError("version", "must_be", value=VERSION)
    return document["orders"]


def _where(n: int, lines: list[int]) -> str:
    return f"line {lines[n - 1]}, order {n}" if n <= len(lines) else f"order {n}"


def _order_lines(text: str) -> list[int]:
    """The line where each order object starts (only computed when there are problems).

    Parses again with the pure-Python scanner, whose object parser we can wrap
    to note where each object begins; objects directly inside the orders list
    are those whose parent is that list.
    """
    starts: list[tuple[int, int]] = []  # (offset of "{", nesting depth)
    depth = [0]
    decoder = json.JSONDecoder()
    plain = decoder.parse_object

    def parse_object(state, *args):
        starts.append((state[1] - 1, depth[0]))
        depth[0] += 1
        try:
            return plain(state, *args)
        finally:
            depth[0] -= 1

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    document = decoder.decode(text)
    level = 0 if isinstance(document, list) else 1
    return [text.count("\n", 0, offset) + 1 for offset, d in starts if d == level]
