"""What every import format checks the same way, whatever its syntax."""

from __future__ import annotations

from vault.purchases import Order
from vault.validate import Problems

MAX_PROBLEMS = 50  # beyond this many, more detail would not help anyone fix the file


def check_unique(orders: list[tuple[str, Order]], problems: Problems) -> None:
    """A merchant order number may appear only once in a file."""
    seen: dict[tuple[str, str], str] = {}
    for where, order in orders:
        if not order.merchant_order_id:
            continue
        key = (order.merchant, order.merchant_order_id)
        if key in seen:
            problems.add(f"{where}: merchant_order_id", "repeats", where=seen[key])
        seen.setdefault(key, where)
