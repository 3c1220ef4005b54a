"""The audit log: every call a brand makes, allowed or refused, and the vault's own events.

An access event names the brand, the endpoint, the scope that allowed it, how many
records and which fields went out (and which records: `held`, with the SHA-256 of the
body sent), or why the call was refused. It never holds the data itself. A vault event
(`event`: a sign-in, a lock, a grant's change, a backup, an export…) names its kind and
a few details. Each event of either kind is a leaf of the transparency log
(vault.transparency), written and signed in the event's own transaction; its leaf is the
RFC 8785 canonical JSON of the event's row (vault.leaves). What an access's answer held is
stored once for all the events that sent the same (vault.held).
"""

from __future__ import annotations

import heapq
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import nacl.signing
import orjson

from vault import held, identity, leaves, transparency
from vault import journal as journal_file
from vault.errors import ValidationError
from vault.provenance import epoch_seconds, iso_utc, parse_utc
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
    seq: int | None = None  # its leaf in the transparency log
    held: dict | None = None  # which records the answer held, to rebuild it (vault.received)
    body_sha256: str | None = None  # of the body sent


_INTO_ACCESS = ("access_log (seq, at, brand_id, brand_name, grant_id, method, endpoint, scope,"
                " outcome, reason, records, months, held_id, body_sha256)")
_KIND = re.compile(r"^[a-z][a-z_]*(\.[a-z_]+)*$")
_making = threading.Lock()  # one journal per store, whichever thread logs first


def record(store: Store, *, at: datetime, method: str, endpoint: str, outcome: str,
           brand_id: int | None = None, brand_name: str | None = None,
           grant_id: int | None = None, scope: str | None = None, reason: str | None = None,
           records: int = 0, fields: Iterable[str] = (), months: int | None = None,
           held: dict | None = None, body_sha256: str | None = None) -> None:
    """Log one access event as a leaf of the transparency log; once this returns, it stays.

    Inside a transaction, the event is written in it (kept or undone with it). Outside
    one (the API's reads), it is appended to the store's journal (vault.journal), which
    survives the process being killed, and folded into the log in a batch soon after;
    `settle` folds it at once.
    """
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    # The time as whole seconds since the epoch: written as text once per second of a
    # batch when it is folded, where iso_utc on each call cost the answer's thread 8 µs.
    values = (epoch_seconds(at), brand_id, brand_name, grant_id, method, endpoint, scope,
              outcome, reason, records, list(fields), months, held, body_sha256)
    if not store.in_transaction:
        # The journal takes the values as they came, in one orjson call; their canonical
        # leaf and row are made when a batch is folded, off the answer's thread: served,
        # making them there cost a call about 20 µs of CPU (thread time), four times what
        # the same work costs in a loop.
        _journal(store).append(orjson.dumps(values))
        return
    with store.atomic():
        _fold(store, {})
        _write_accesses(store, [values], {})


def event(store: Store, kind: str, *, at: datetime, brand_id: int | None = None,
          **details: Any) -> int:
    """Write one event of the vault itself ("export", "grant.revoked"…) and its leaf.

    `details` are a few JSON values saying what happened (never personal data:
    counts, names of files, scopes). Access events waiting in the journal are written
    first, in the same transaction: the log keeps the order things happened in. Returns
    the event's id. Raises ValidationError for a kind that is not dotted lower-case words.
    """
    if not _KIND.match(kind):
        raise ValidationError("kind", "one_of", values="lower-case words joined by dots")
    values = {"at": iso_utc(at), "kind": kind, "brand_id": brand_id,
              "details": json.dumps(details, sort_keys=True)}
    with store.atomic():
        _fold(store, {})
        seq = transparency.append(store, [leaves.of_event(values)], at=at,
                                  key=_signing_key(store))
        return store.execute(
            "insert into vault_events (seq, at, kind, brand_id, details) values (?, ?, ?, ?, ?)",
            (seq, *values.values())).lastrowid


def settle(store: Store) -> None:
    """Write every access event the journal holds into the log now, and any journal a
    killed process left (its unlock, or before the log is read: proofs, checks, exports).

    Inside a transaction of this thread, nothing: the transaction reads what it began with.
    Raises NotWritable, Busy as a write does.
    """
    if store.in_transaction:
        return
    if not store.memo.get("replayed"):
        _replay(store)
    journal = store.memo.get("journal")
    if journal is None or not journal.waiting():  # nothing to write: no write transaction
        return
    learned: dict[held.Pair, int] = {}
    with store.atomic():
        upto = _fold(store, learned)
    held.remember(store, learned)
    if upto is not None:
        journal.folded(upto)


def _journal(store: Store) -> journal_file.Journal:
    """The store's journal, made at its first event (and anew after a change of key)."""
    found = store.memo.get("journal")
    if found is not None:
        return found
    with _making:
        found = store.memo.get("journal")
        if found is None:
            found = store.memo["journal"] = journal_file.Journal(
                store.path.parent, _key_for(store),
                fold=lambda: settle(store))
            store.when_closed(lambda: _close(store, found))
        return found


def _key_for(store: Store) -> journal_file.KeyFor:
    return lambda name: store.derived_key(b"coffre-journal", name)


def _close(store: Store, journal: journal_file.Journal) -> None:
    """Before the key goes: no more events taken, everything folded, the file deleted.

    Raises what the last fold raised (the file then stays, for the next unlock to replay,
    and a change of key does not happen).
    """
    journal.stop()
    try:
        settle(store)
    finally:
        journal.close()
        store.memo.pop("journal", None)


def _fold(store: Store, learned: dict[held.Pair, int]) -> int | None:
    """Inside a transaction: the journal's entries past its mark written into the log, the
    mark moved on; return the mark (None: no journal, or nothing ever folded). `learned`:
    see vault.held.id_of."""
    journal = store.memo.get("journal")
    if journal is None:
        return None
    return _fold_entries(store, journal.id, journal.waiting(), learned)


def _fold_entries(store: Store, journal_id: str, entries: list[journal_file.Entry],
                  learned: dict[held.Pair, int]) -> int | None:
    mark = store.value("select folded from journal_marks where journal = ?", (journal_id,))
    todo = [journaled for number, journaled in entries if mark is None or number > mark]
    if todo:
        mark = entries[-1][0]
        _write_accesses(store, todo, learned)
        store.execute("insert into journal_marks values (?, ?) on conflict (journal)"
                      " do update set folded = excluded.folded", (journal_id, mark))
    return mark


def _replay(store: Store) -> None:
    """Fold each journal a killed process left, from its mark, then delete it.

    The marks stay: a journal file put back (or whose deletion a crash prevented) is
    never folded twice.
    """
    for left in journal_file.leftovers(store.path.parent, _key_for(store)):
        try:
            learned: dict[held.Pair, int] = {}
            with store.atomic():
                _fold_entries(store, left.id, left.entries, learned)
            held.remember(store, learned)
        except BaseException:
            left.close()
            raise
        left.remove()
    store.memo["replayed"] = True


def _write_accesses(store: Store, events: list[bytes | tuple],
                    learned: dict[held.Pair, int]) -> None:
    """Access events (as journaled, or their values as `record` gathers them) as rows and
    leaves, under one signed head dated as the last of them."""
    made = list(map(leaves.Batch().made, events))
    first = transparency.append(store, [leaf for leaf, _ in made],
                                at=parse_utc(made[-1][1][0]), key=_signing_key(store))
    store.insert(_INTO_ACCESS, [_stored(store, first + i, row, learned)
                                for i, (_, row) in enumerate(made)])


def _stored(store: Store, seq: int, row: tuple, learned: dict[held.Pair, int]) -> tuple:
    """The values of _INTO_ACCESS for an event's columns (leaves.ACCESS_COLUMNS): its fields
    and held records named by their pair's id (vault.held; months lies between the two)."""
    pair = (row[leaves.FIELDS], row[leaves.HELD])
    return (seq, *row[:leaves.FIELDS], row[leaves.FIELDS + 1], held.id_of(store, pair, learned),
            *row[leaves.HELD + 1:])


def relog(store: Store) -> int:
    """Build the transparency log anew over events loaded from an export; return its size.

    A loaded vault is a new vault with a key of its own: the old vault's signed heads
    cannot carry over, so the loaded events, in their positions (`seq`), become the
    leaves of a tree this vault signs, each head at its event's time. Raises
    ValidationError if the positions are not 0, 1, 2… without a gap. The events are
    read as they come (each table in the order it was written, so by position), so
    memory stays flat whatever the log's length.
    """
    accesses = ((r["seq"], r["at"], leaves.of_access(r)) for r in store.execute(
        "select * from access_events where seq is not null order by id"))
    events = ((r["seq"], r["at"], leaves.of_event(r)) for r in store.execute(
        "select * from vault_events where seq is not null order by id"))
    key = _signing_key(store)
    size = 0
    with store.atomic():
        for seq, at, leaf in heapq.merge(accesses, events, key=lambda e: e[0]):
            if seq != size:
                raise ValidationError("file", "not_export",
                                      detail="the log's positions have gaps")
            transparency.append(store, [leaf], at=parse_utc(at), key=key)
            size += 1
    return size


def brand_leaves(store: Store, brand_id: int, *, after: int, before: int,
                 limit: int) -> list[tuple[int, bytes]]:
    """A brand's own access events logged between two positions: (position, leaf bytes)."""
    rows = store.all("select * from access_events where brand_id = ? and seq > ? and seq < ?"
                     " order by seq limit ?", (brand_id, after, before, limit))
    return [(r["seq"], leaves.of_access(r)) for r in rows]


def _signing_key(store: Store) -> nacl.signing.SigningKey:
    """The vault's key, read once per open store (each event's tree head is signed with it)."""
    key = store.memo.get("signing_key")
    if key is None:
        key = store.memo["signing_key"] = identity.signing_key(store)
    return key


def recent(store: Store, *, limit: int) -> list[Event]:
    """The latest `limit` events, newest first."""
    return search(store, limit=limit)


def search(store: Store, *, brand_id: int | None = None, outcome: str | None = None,
           since: date | None = None, until: date | None = None, limit: int = 200,
           before: int | None = None) -> list[Event]:
    """Events matching every filter given, newest first; `before` pages by event id.

    The journal's waiting events are written into the log first (`settle`).
    """
    settle(store)
    clauses, params = ["1"], []
    for clause, value in (("brand_id = ?", brand_id), ("outcome = ?", outcome),
                          ("at >= ?", since.isoformat() if since else None),
                          ("at < ?", (until + timedelta(days=1)).isoformat() if until else None),
                          ("id < ?", before)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    # Only the fixed clauses above are joined in; every value is a bound parameter.
    rows = store.all(f"select * from access_events where {' and '.join(clauses)}"  # noqa: S608
                     " order by at desc, id desc limit ?", [*params, limit])
    return [_event(r) for r in rows]


def usage(store: Store) -> dict[int, tuple[int, datetime]]:
    """For each brand that made allowed calls: how many, and when the last one was."""
    settle(store)
    rows = store.all("select brand_id, count(*), max(at) from access_log"
                     " where outcome = 'allowed' and brand_id is not null group by brand_id")
    return {r[0]: (r[1], parse_utc(r[2])) for r in rows}


def _event(row: Any) -> Event:
    return Event(
        id=row["id"], at=parse_utc(row["at"]), brand_id=row["brand_id"],
        brand_name=row["brand_name"], grant_id=row["grant_id"], method=row["method"],
        endpoint=row["endpoint"], scope=row["scope"], outcome=row["outcome"],
        reason=row["reason"], records=row["records"], fields=tuple(json.loads(row["fields"])),
        months=row["months"], seq=row["seq"],
        held=json.loads(row["held"]) if row["held"] else None, body_sha256=row["body_sha256"],
    )
