"""Offers brands sent, the agent's verdict on each, and what the consumer did with them.

A verdict is stored with its score and reasons (plain JSON, written by the
agent); `delivered_at` records when an offer reached the consumer, which is
what weekly caps count. This module also keeps the agent's cache of
per-category purchase figures, refreshed only when the history changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from vault import insights
from vault.errors import NotFound, ValidationError
from vault.provenance import iso_utc, parse_utc
from vault.store import Store

STATUS = {"deliver": "delivered", "hold": "held", "decline": "declined"}
ACTIONS = ("accepted", "dismissed")
# Where the consumer finds an offer: what they did with it, else the agent's verdict.
# Every offer is in exactly one state.
STATES = ("delivered", "held", "accepted", "dismissed", "declined")
_IN_STATE = {"delivered": "verdict = 'deliver' and action is null",
             "held": "verdict = 'hold' and action is null",
             "declined": "verdict = 'decline' and action is null",
             "accepted": "action = 'accepted'", "dismissed": "action = 'dismissed'"}


@dataclass(frozen=True)
class NewOffer:
    """An offer as received, before any verdict."""

    brand_name: str
    title: str
    category: str
    channel: str
    payload: str  # the offer as canonical JSON
    signature: str  # none, valid, invalid or unchecked
    received_at: datetime
    brand_id: int | None = None
    grant_id: int | None = None
    source: str = "brand"  # brand (through the API) or import (a file the consumer loaded)
    source_ref: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A verdict as stored: deliver, hold or decline, the score and the reasons."""

    verdict: str
    score: int
    reasons: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class StoredOffer:
    """An offer in the vault with its latest verdict and the consumer's action."""

    id: int
    brand_name: str
    brand_id: int | None
    grant_id: int | None
    title: str
    category: str
    channel: str
    payload: dict[str, Any]
    signature: str
    source: str
    received_at: datetime
    outcome: Outcome
    decided_at: datetime
    delivered_at: datetime | None
    opened_at: datetime | None
    action: str | None
    action_at: datetime | None = None

    @property
    def status(self) -> str:
        """delivered, held or declined: what a brand may know of the verdict."""
        return STATUS[self.outcome.verdict]


def state(offer: StoredOffer) -> str:
    """Which of STATES the offer is in: what the consumer did with it, else its verdict."""
    return offer.action or offer.status


def add(store: Store, offer: NewOffer, outcome: Outcome, *, now: datetime) -> int:
    """Store an offer with its first verdict; return its id."""
    with store.atomic():
        return store.execute(
            "insert into offers (brand_name, brand_id, grant_id, title, category, channel,"
            " payload, signature, source, source_ref, received_at, verdict, score, reasons,"
            " decided_at, delivered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (offer.brand_name, offer.brand_id, offer.grant_id, offer.title, offer.category,
             offer.channel, offer.payload, offer.signature, offer.source, offer.source_ref,
             iso_utc(offer.received_at), *_outcome_columns(outcome, now),
             iso_utc(now) if outcome.verdict == "deliver" else None),
        ).lastrowid


def decide_again(store: Store, offer_id: int, outcome: Outcome, *, now: datetime) -> None:
    """Replace an offer's verdict; one delivered now counts from now."""
    with store.atomic():
        store.execute(
            "update offers set verdict = ?, score = ?, reasons = ?, decided_at = ?,"
            " delivered_at = coalesce(delivered_at, ?) where id = ?",
            (*_outcome_columns(outcome, now),
             iso_utc(now) if outcome.verdict == "deliver" else None, offer_id),
        )


def as_decided(offer: StoredOffer, outcome: Outcome, *, now: datetime) -> StoredOffer:
    """The offer as `decide_again` would leave it, nothing written (for a reader)."""
    delivered = offer.delivered_at or (now if outcome.verdict == "deliver" else None)
    return replace(offer, outcome=outcome, decided_at=now, delivered_at=delivered)


def _outcome_columns(outcome: Outcome, now: datetime) -> tuple:
    return (outcome.verdict, outcome.score,
            json.dumps(list(outcome.reasons), ensure_ascii=False), iso_utc(now))


def get(store: Store, offer_id: int) -> StoredOffer:
    """One offer. Raises NotFound if there is no such offer."""
    row = store.one("select * from offers where id = ?", (offer_id,))
    if row is None:
        raise NotFound(f"There is no offer {offer_id}.")
    return _offer(row)


def find_for_brand(store: Store, offer_id: int, brand_id: int) -> StoredOffer | None:
    """The offer if that brand sent it, else None."""
    row = store.one("select * from offers where id = ? and brand_id = ?", (offer_id, brand_id))
    return None if row is None else _offer(row)


def in_state(store: Store, state: str, *, limit: int = 500, newest_first: bool = False,
             settled: bool = False) -> list[StoredOffer]:
    """Offers in one of STATES, best score first (or newest first), then newest.

    With `settled`, offers recorded as held are left out (a reader decides them again).
    """
    order = "" if newest_first else "score desc, "
    # Fixed fragments chosen from the tables above; the values are bound parameters.
    return [_offer(r) for r in store.all(
        f"select * from offers where {_where(state, settled)}"  # noqa: S608
        f" order by {order}received_at desc, id desc limit ?", (limit,))]


def count_in(store: Store, state: str, *, settled: bool = False) -> int:
    """How many offers are in that state (see `in_state` for `settled`)."""
    return store.value(f"select count(*) from offers where {_where(state, settled)}")  # noqa: S608


def _where(state: str, settled: bool) -> str:
    if state not in _IN_STATE:
        raise ValidationError("state", "one_of", values=", ".join(STATES))
    return _IN_STATE[state] + (" and verdict != 'hold'" if settled else "")


def held(store: Store) -> list[StoredOffer]:
    """Every held offer, in the order they arrived (the order they are decided again)."""
    return [_offer(r) for r in store.all(
        "select * from offers where verdict = 'hold' order by received_at, id")]


def deliveries(store: Store, *, since: datetime) -> list[tuple[str, datetime]]:
    """(brand name, delivered at) for every delivery at or after `since`, in time order."""
    return [(r[0], parse_utc(r[1])) for r in store.all(
        "select brand_name, delivered_at from offers where delivered_at >= ?"
        " order by delivered_at, id", (iso_utc(since),))]


def set_action(store: Store, offer_id: int, action: str, *, now: datetime) -> None:
    """Record that the consumer accepted or dismissed an offer (it counts as opened).

    Raises NotFound if there is no such offer.
    """
    if action not in ACTIONS:
        raise ValidationError("action", "one_of", values=", ".join(ACTIONS))
    with store.atomic():
        get(store, offer_id)
        store.execute("update offers set action = ?, action_at = ?,"
                      " opened_at = coalesce(opened_at, ?) where id = ?",
                      (action, iso_utc(now), iso_utc(now), offer_id))


def declined_at(store: Store, brand_name: str, moment: datetime) -> list[StoredOffer]:
    """The brand's offers (letter case aside) that got a decline at exactly `moment`."""
    return [_offer(r) for r in store.all(
        "select * from offers where verdict = 'decline' and decided_at = ?"
        " and brand_name = ? collate nocase order by id", (iso_utc(moment), brand_name))]


def clear_action(store: Store, offer_id: int) -> None:
    """Take back what the consumer did with an offer (it stays opened). Raises NotFound."""
    with store.atomic():
        get(store, offer_id)
        store.execute("update offers set action = null, action_at = null where id = ?",
                      (offer_id,))


def mark_opened(store: Store, offer_id: int, *, now: datetime) -> None:
    """Record the first time the consumer opened an offer. Raises NotFound if there is none."""
    with store.atomic():
        get(store, offer_id)
        store.execute("update offers set opened_at = coalesce(opened_at, ?) where id = ?",
                      (iso_utc(now), offer_id))


def _offer(row: Any) -> StoredOffer:
    def moment(name: str) -> datetime | None:
        return parse_utc(row[name]) if row[name] else None

    return StoredOffer(
        id=row["id"], brand_name=row["brand_name"], brand_id=row["brand_id"],
        grant_id=row["grant_id"], title=row["title"], category=row["category"],
        channel=row["channel"], payload=json.loads(row["payload"]), signature=row["signature"],
        source=row["source"], received_at=parse_utc(row["received_at"]),
        outcome=Outcome(row["verdict"], row["score"], tuple(json.loads(row["reasons"]))),
        decided_at=parse_utc(row["decided_at"]), delivered_at=moment("delivered_at"),
        opened_at=moment("opened_at"), action=row["action"], action_at=moment("action_at"),
    )


_WEEK = "date({0}, '-6 days', 'weekday 1')"  # the Monday starting the (UTC) week


def weekly(store: Store, *, since: date) -> list[tuple[str, str, int, int, int, int]]:
    """Per brand and week: (brand, Monday, received, delivered, declined, opened).

    Brand names differing only in letter case count as one brand, shown under
    one spelling.
    """
    start = since.isoformat()
    parts = [(column, kind, "" if kind != "declined" else " and verdict = 'decline'")
             for column, kind in (("received_at", "received"), ("delivered_at", "delivered"),
                                  ("decided_at", "declined"), ("opened_at", "opened"))]
    # Column names and fixed fragments from the table above; kinds and dates are bound.
    union = " union all ".join(
        f"select brand_name, {_WEEK.format(column)} as week, ? as kind from offers"  # noqa: S608
        f" where {column} >= ?{extra}" for column, _kind, extra in parts)
    rows = store.all(
        "select min(brand_name), week, sum(kind = 'received'), sum(kind = 'delivered'),"  # noqa: S608
        f" sum(kind = 'declined'), sum(kind = 'opened') from ({union})"
        " group by brand_name collate nocase, week order by 1 collate nocase, week",
        [value for _column, kind, _extra in parts for value in (kind, start)])
    names: dict[str, str] = {}
    for row in rows:
        key = row[0].casefold()
        names[key] = min(names.get(key, row[0]), row[0])
    return [(names[r[0].casefold()], *tuple(r)[1:]) for r in rows]


def category_history(store: Store, *, today: date,
                     keep: bool = True) -> list[tuple[str, date, int, int]]:
    """Per category: (category, last day bought, orders, amount in minor units).

    Amounts of different currencies are added together: the agent uses them
    only as a rough weight. Recomputed from the purchases only when they
    changed since the last call, and then kept in the cache unless `keep` is
    False (a reader that must write nothing, such as a page shown on GET).
    """
    if _stale(store):
        if not keep:
            return _history(store, today)
        with store.atomic():  # checked again: another thread may have refreshed meanwhile
            current = _stale(store)
            if current:
                _refresh_history(store, today)
                store.execute("update agent_state set cached_version = ?", (current,))
    return [(r[0], date.fromisoformat(r[1]), r[2], r[3])
            for r in store.all("select * from category_history order by category")]


def _stale(store: Store) -> int | None:
    """The history's version if the cache is behind it, else None."""
    current, cached = store.one("select history_version, cached_version from agent_state")
    return current if current != cached else None


def _history(store: Store, today: date) -> list[tuple[str, date, int, int]]:
    """The figures computed from the purchases, ordered by category as the cache is."""
    merged: dict[str, list] = {}
    for rfm in insights.rfm(store, by="category", today=today):
        last, orders, minor = merged.get(rfm.key, (rfm.last_day, 0, 0))
        merged[rfm.key] = [max(last, rfm.last_day), orders + rfm.orders, minor + rfm.minor]
    return [(c, last, n, m) for c, (last, n, m) in sorted(merged.items())]


def _refresh_history(store: Store, today: date) -> None:
    store.execute("delete from category_history")
    store.executemany("insert into category_history values (?, ?, ?, ?)",
                      [(c, last.isoformat(), n, m) for c, last, n, m in _history(store, today)])


def verdicts(store: Store, first: int, last: int) -> dict[str, int]:
    """How many offers with ids from `first` to `last` got each verdict."""
    return {r[0]: r[1] for r in store.all(
        "select verdict, count(*) from offers where id between ? and ? group by verdict",
        (first, last))}
