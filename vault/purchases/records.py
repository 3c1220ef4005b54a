"""An order and its items as the vault holds them, and how their time zone is stored.

Both are named tuples rather than frozen dataclasses: an import makes one of each for
every line of its file, and a tuple is made four times faster. Immutable all the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from vault.provenance import MANUAL, Provenance

CHANNELS = ("store", "web", "app", "phone", "mail")
MAX_ITEMS = 500
# An order's total, in minor units: a hundred billion euros, and room left for
# sums over a lifetime of orders within SQLite's 64-bit integers.
MAX_TOTAL_MINOR = 10**13


class Item(NamedTuple):
    """One line of an order."""

    name: str
    category: str
    quantity: int
    unit_price_minor: int
    brand: str | None = None

    @property
    def total_minor(self) -> int:
        """Quantity times unit price."""
        return self.quantity * self.unit_price_minor


class Order(NamedTuple):
    """An order at a merchant, with its items; `id` is None until stored."""

    merchant: str
    ordered_at: datetime  # aware, in the zone the order was placed in
    channel: str
    currency: str
    items: tuple[Item, ...]
    merchant_order_id: str | None = None
    id: int | None = None
    provenance: Provenance = MANUAL
    time_given: bool = True  # False: only the day is known (ordered_at holds its noon)
    # The merchant as its source wrote it ("CB FNAC BELLECOUR 24/11"); None: as `merchant`.
    # Stored orders have `merchant` as the vault's merchant name (vault.merchants).
    merchant_written: str | None = None
    refund: bool = False  # money the merchant paid back: stored with a negative total

    @property
    def total_minor(self) -> int:
        """The sum of the items."""
        return sum(item.total_minor for item in self.items)

    @property
    def signed_minor(self) -> int:
        """The total as spending counts it: negative for a refund."""
        return -self.total_minor if self.refund else self.total_minor


def tz_label(moment: datetime) -> str:
    """How the zone of `moment` is stored: its IANA name, else its offset ("+01:00")."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone(label: str) -> tzinfo:
    """The inverse of `tz_label`."""
    if label[0] in "+-":
        sign = 1 if label[0] == "+" else -1
        return timezone(sign * timedelta(hours=int(label[1:3]), minutes=int(label[4:6])))
    return ZoneInfo(label)
