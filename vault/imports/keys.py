"""The key that recognises an imported line when it comes again: in the same file re-imported,
or in a later export of the same account that overlaps it.

Where the source names the line (a bank's FITID or AcctSvcrRef, a shop's order number),
that name is the key. Otherwise the key is the line's content — its day, signed amount,
currency and label folded (vault/importers/merchants.fold) — and its position among the
identical lines of its file, so that two genuine coffees at the same café on the same
day stay two. Keys are 16-byte BLAKE2b digests: compact in the index, and the same for
the same line whatever the consumer later renames.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import date
from functools import lru_cache

from vault.importers.merchants import fold

# Counts of identical lines kept at most (across days): files come in order of days,
# so only the days last seen matter, and memory stays flat whatever the file's length.
MAX_KEPT = 50_000


# A file repeats its labels line after line; bounded, so memory stays flat.
_folded = lru_cache(maxsize=16_384)(fold)


def _digest(*parts: str) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()


def source(format_name: str, ref: str) -> bytes:
    """The key of a line the source names itself (OFX FITID, CAMT AcctSvcrRef)."""
    return _digest("ref", format_name, ref)


def order(merchant_as_written: str, order_id: str) -> bytes:
    """The key of a shop's order by its number."""
    return _digest("order", fold(merchant_as_written), order_id.strip())


def content(day: date, signed_minor: int, currency: str, label: str) -> str:
    """What identical lines share: the day, the signed amount, the currency, the label."""
    return f"{day.isoformat()}\x1f{signed_minor}\x1f{currency}\x1f{_folded(label)}"


class Occurrences:
    """The key of each line without a name of its own: its content and its position among
    the identical lines of the file so far (1 for the first)."""

    def __init__(self, *, kept: int = MAX_KEPT):
        self._days: OrderedDict[str, dict[str, int]] = OrderedDict()
        self._kept = kept
        self._size = 0

    def key(self, day: str, line: str) -> bytes:
        """The next key of a line whose content is `line`, on `day`."""
        counts = self._days.get(day)
        if counts is None:
            counts = self._days[day] = {}
        else:
            self._days.move_to_end(day)
        n = counts.get(line, 0) + 1
        counts[line] = n
        if n == 1:
            self._size += 1
            while self._size > self._kept and len(self._days) > 1:
                self._size -= len(self._days.popitem(last=False)[1])
        return _digest("row", line, str(n))
