"""Helpers for the bank reader tests: what a consumer would read off each row."""

from __future__ import annotations

from vault.importers.rows import Bad, Left, NotPurchase, Purchase


def summary(rows) -> list[tuple]:
    """Each row as (line, what, who or why, amount in cents, day)."""
    out = []
    for row in rows:
        if isinstance(row, Purchase):
            (item,) = row.lines
            what = "refund" if row.refund else "purchase"
            out.append((row.line, what, item.name, row.total_minor, row.at.date().isoformat()))
        elif isinstance(row, NotPurchase):
            out.append((row.line, "not a purchase", row.rule))
        elif isinstance(row, Left):
            out.append((row.line, "left out", row.why))
        else:
            assert isinstance(row, Bad)
            out.append((row.line, "bad", row.column, row.value, row.code))
    return out
