"""The retention rule: forget purchases older than N years, with a dry run first.

Applying it deletes the orders and their items in one transaction; the agent's
purchase figures follow (the history version grows with each change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from vault import audit
from vault.provenance import iso_utc, parse_utc
from vault.store import Store


@dataclass(frozen=True)
class Doomed:
    """A purchase the rule would forget."""

    id: int
    ordered_at: datetime
    merchant: str
    total_minor: int
    currency: str


def cutoff(now: datetime, years: int) -> datetime:
    """The moment `years` years before `now` (29 February falls back to the 28th)."""
    moment = now.astimezone(UTC)
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def count(store: Store, *, years: int, now: datetime) -> int:
    """How many purchases the rule would forget now."""
    return store.value("select count(*) from orders where ordered_at < ?",
                       (iso_utc(cutoff(now, years)),))


def dry_run(store: Store, *, years: int, now: datetime, limit: int | None = None) -> list[Doomed]:
    """The purchases the rule would forget now, oldest first (at most `limit`)."""
    rows = store.all("select id, ordered_at, merchant, total_minor, currency from orders"
                     " where ordered_at < ? order by ordered_at, id limit ?",
                     (iso_utc(cutoff(now, years)), -1 if limit is None else limit))
    return [Doomed(r["id"], parse_utc(r["ordered_at"]), r["merchant"], r["total_minor"],
                   r["currency"]) for r in rows]


def forget(store: Store, *, years: int, now: datetime) -> int:
    """Delete every purchase older than `years` years, with its items; return how many.

    All of them go in one transaction, or none.
    """
    before = iso_utc(cutoff(now, years))
    with store.atomic():
        store.execute("delete from order_items where order_id in"
                      " (select id from orders where ordered_at < ?)", (before,))
        gone = store.execute("delete from orders where ordered_at < ?", (before,)).rowcount
        audit.event(store, "retention.applied", at=now, years=years, orders=gone)
        return gone
