"""The access log: every call a brand makes, allowed or refused, with what it received.

An event names the brand, the endpoint, the scope that allowed it, how many
records and which fields went out, or why the call was refused. It never
holds the data itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from vault.provenance import iso_utc, parse_utc
from vault.store import Store

OUTCOMES = ("allowed", "refused")
REASONS = ("bad_token", "expired", "revoked", "paused", "insufficient_scope", "blocked",
           "token_in_url", "refresh_reused", "code_reused", "invalid_request", "not_found",
           "too_large")


@dataclass(frozen=True)
class Event:
    """One access by a brand (or an attempt)."""

    id: int
    at: datetime
    brand_id: int | None
    brand_name: str | None
    grant_id: int | None
    method: str
    endpoint: str
    scope: str | None
    outcome: str
    reason: str | None
    records: int
    fields: tuple[str, ...]
    months: int | None = None  # the period a summary covered, when it covered one


def record(store: Store, *, at: datetime, method: str, endpoint: str, outcome: str,
           brand_id: int | None = None, brand_name: str | None = None,
           grant_id: int | None = None, scope: str | None = None, reason: str | None = None,
           records: int = 0, fields: Iterable[str] = (), months: int | None = None) -> int:
    """Write one event; return its id."""
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    with store.atomic():
        return store.execute(
            "insert into access_log (at, brand_id, brand_name, grant_id, method, endpoint,"
            " scope, outcome, reason, records, fields, months)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (iso_utc(at), brand_id, brand_name, grant_id, method, endpoint, scope, outcome,
             reason, records, json.dumps(sorted(set(fields))), months),
        ).lastrowid


def recent(store: Store, *, limit: int) -> list[Event]:
    """The latest `limit` events, newest first."""
    return search(store, limit=limit)


def search(store: Store, *, brand_id: int | None = None, outcome: str | None = None,
           since: date | None = None, until: date | None = None, limit: int = 200,
           before: int | None = None) -> list[Event]:
    """Events matching every filter given, newest first; `before` pages by event id."""
    clauses, params = ["1"], []
    for clause, value in (("brand_id = ?", brand_id), ("outcome = ?", outcome),
                          ("at >= ?", since.isoformat() if since else None),
                          ("at < ?", (until + timedelta(days=1)).isoformat() if until else None),
                          ("id < ?", before)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    # Only the fixed clauses above are joined in; every value is a bound parameter.
    rows = store.all(f"select * from access_log where {' and '.join(clauses)}"  # noqa: S608
                     " order by at desc, id desc limit ?", [*params, limit])
    return [_event(r) for r in rows]


def usage(store: Store) -> dict[int, tuple[int, datetime]]:
    """For each brand that made allowed calls: how many, and when the last one was."""
    rows = store.all("select brand_id, count(*), max(at) from access_log"
                     " where outcome = 'allowed' and brand_id is not null group by brand_id")
    return {r[0]: (r[1], parse_utc(r[2])) for r in rows}


def _event(row: Any) -> Event:
    return Event(
        id=row["id"], at=parse_utc(row["at"]), brand_id=row["brand_id"],
        brand_name=row["brand_name"], grant_id=row["grant_id"], method=row["method"],
        endpoint=row["endpoint"], scope=row["scope"], outcome=row["outcome"],
        reason=row["reason"], records=row["records"], fields=tuple(json.loads(row["fields"])),
        months=row["months"],
    )
