"""What every reader of an outside file yields, one source line at a time.

A reader (generic CSV, bank statement, Amazon, OFX, CAMT…) streams its file
and yields, for each line that matters, one of:

- `Purchase`: an order (or a refund) as the source describes it, not yet
  reconciled with the vault (merchant names are as written; the category may be
  unknown);
- `NotPurchase`: a line that is no purchase (salary, transfer between own
  accounts, cash withdrawal…), left out by the named rule and counted;
- `Left`: a line the source itself marks as not to import (a cancelled item),
  counted;
- `Bad`: a line that cannot be read, with where and why.

Readers never touch the vault: storing, de-duplicating and reconciling
merchants happen after, so a reader can be tested on its file alone.

`Line` and `Purchase` are named tuples rather than frozen dataclasses: one of each is made
for every line of a file, and a tuple is made four times faster (an import of a million
lines spends seconds on it otherwise). Immutable all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


class Line(NamedTuple):
    """One item of a purchase as the source gives it."""

    name: str
    quantity: int
    unit_price_minor: int
    category: str | None = None  # a code or a word, resolved later through the vocabulary
    brand: str | None = None


class Purchase(NamedTuple):
    """An order, or a refund (negative total), read from line `line` of the source."""

    line: int
    merchant: str  # as written, e.g. "CB DECATHLON VENISSIEUX 24/11"
    at: datetime  # aware
    currency: str  # ISO 4217
    lines: tuple[Line, ...]
    merchant_order_id: str | None = None
    refund: bool = False
    channel: str | None = None  # store, web, app, phone, mail when the source says
    identifiers: tuple[tuple[str, str], ...] = ()  # (kind, value) found for the profile
    source_ref: str | None = None  # the source's own id of the line (OFX FITID, CAMT AcctSvcrRef)

    @property
    def total_minor(self) -> int:
        """The sum of the lines (positive; `refund` says which way the money went)."""
        return sum(item.quantity * item.unit_price_minor for item in self.lines)


@dataclass(frozen=True)
class NotPurchase:
    """A line that is no purchase, left out by `rule` ("salary", "own_transfer", "cash"…)."""

    line: int
    rule: str


@dataclass(frozen=True)
class Left:
    """A line the source marks as not to import (`why`: "cancelled"…)."""

    line: int
    why: str


@dataclass(frozen=True)
class Bad:
    """A line that cannot be read: where (line, column), the value, and a reason code."""

    line: int
    column: str | None
    value: str | None
    code: str  # a code of vault/reasons.py
    params: dict[str, Any] = field(default_factory=dict)


Row = Purchase | NotPurchase | Left | Bad
