"""Helpers for the consumer UI tests: an order, the error beside a field."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.web.helpers import text
from vault.purchases import Item, Order

PARIS = ZoneInfo("Europe/Paris")


def error_beside(response, field_id: str) -> str:
    """The error text shown beside the field with `field_id` ("" when none)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>',
                      text(response))
    return match[1] if match else ""


def order(merchant: str = "Fnac", *, day: int = 14, month: int = 3, ref: str | None = None,
          category: str = "books", price: int = 1250, quantity: int = 1) -> Order:
    """A small valid order in March 2025, Paris time."""
    return Order(merchant=merchant, ordered_at=datetime(2025, month, day, 10, 30, tzinfo=PARIS),
                 channel="web", currency="EUR", merchant_order_id=ref,
                 items=(Item("Roman", category, quantity, price, "Gallimard"),))
