"""What did this brand receive? Each answer rebuilt from the records it held, checked by hash.

The access log keeps, for each answer, which records it held (`held`: the order ids, the
scopes of a profile, the months of a summary…) and the SHA-256 of the body sent, never
the values themselves. Rebuilding an answer runs the same disclosure again over those
records, as they are now: when the rebuilt body hashes as the one sent, it is exactly
what the brand received; when it does not, a record changed since ("changed since it was
sent") and the values shown are today's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vault import audit, disclosure
from vault.store import Store


def body_bytes(body: Any) -> bytes:
    """The bytes the API sends for a JSON value: sorted keys, no spaces (Flask's own form)."""
    if isinstance(body, str):  # JSON text the vault built itself
        return body.encode()
    return (json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n").encode()


def digest(data: bytes) -> str:
    """The hex SHA-256 the log keeps of a body."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Answer:
    """One answer a brand received, rebuilt: its event, the body, and whether it is as sent."""

    event: audit.Event
    body: Any  # the JSON value, parsed
    as_sent: bool  # False: a record changed since it was sent


def _profile(store: Store, held: dict, day: date) -> Any:
    return disclosure.profile_body(store, frozenset(held["scopes"]),
                                   client_id=held["client_id"], today=day)


def _orders(store: Store, held: dict, day: date) -> Any:
    return disclosure.orders_body(disclosure.orders_by_id(store, held["orders"]),
                                  held["next_cursor"])


def _summary(store: Store, held: dict, day: date) -> Any:
    return disclosure.summary(store, months=held["months"], today=day)


def _preferences(store: Store, held: dict, day: date) -> Any:
    return disclosure.preferences_for(store)


def _intents(store: Store, held: dict, day: date) -> Any:
    return disclosure.intents_body(store, today=day)


REBUILD: dict[str, Callable[[Store, dict, date], Any]] = {
    "profile": _profile, "orders": _orders, "summary": _summary,
    "preferences": _preferences, "intents": _intents}


def rebuild(store: Store, event: audit.Event) -> Answer | None:
    """The answer of one access event as rebuilt now, or None if it held none of your data."""
    if event.held is None or event.held.get("kind") not in REBUILD:
        return None
    body = REBUILD[event.held["kind"]](store, event.held, event.at.date())
    data = body_bytes(body)
    return Answer(event, json.loads(data), digest(data) == event.body_sha256)


def sent(store: Store, brand_id: int, *, since: date | None = None) -> list[Answer]:
    """Every answer holding your data that a brand received (since a day), oldest first."""
    events = audit.search(store, brand_id=brand_id, outcome="allowed", since=since,
                          limit=1_000_000)
    found = (rebuild(store, e) for e in reversed(events))
    return [a for a in found if a is not None]


def export(answers: list[Answer]) -> dict[str, Any]:
    """The export of what a brand was sent, as one JSON value (`coffre brands received`)."""
    return {"answers": [{
        "at": a.event.at.strftime("%Y-%m-%dT%H:%M:%SZ"), "request": f"{a.event.method} "
        f"{a.event.endpoint}", "log_event": a.event.seq, "body_sha256": a.event.body_sha256,
        "as_sent": a.as_sent, "body": a.body} for a in answers]}
