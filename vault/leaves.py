"""An audit event's leaf in the transparency log: the RFC 8785 canonical JSON of its row.

A row changed afterwards no longer hashes to its leaf (vault.tamper finds it). An access
event's leaf is made of its columns as the view `access_events` gives them (the fields
and held records as JSON), a vault event's of its kind, time, brand and details; neither
holds the row's ids. `Batch` makes the leaves and rows of the access events a journal
hands the log in a batch (vault.audit).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson
import rfc8785

from vault.provenance import iso_of_epoch

# An access event's columns, as its leaf and the view access_events have them.
ACCESS_COLUMNS = ("at", "brand_id", "brand_name", "grant_id", "method", "endpoint", "scope",
                  "outcome", "reason", "records", "fields", "months", "held", "body_sha256")
FIELDS, HELD = ACCESS_COLUMNS.index("fields"), ACCESS_COLUMNS.index("held")


def of_access(row: Any) -> bytes:
    """The leaf bytes of an access event, from its row of access_events (or a mapping of its
    columns; one missing, as in a row of an older schema, is left out)."""
    keys = row.keys()
    value = {name: row[name] for name in ACCESS_COLUMNS if name in keys}
    value["fields"] = json.loads(value["fields"])
    value["held"] = json.loads(value["held"]) if value.get("held") else None
    return _access_leaf(value)


def of_event(row: Any) -> bytes:
    """The leaf bytes of a vault event, from its row of vault_events."""
    return rfc8785.dumps({"type": "event", "at": row["at"], "kind": row["kind"],
                          "brand_id": row["brand_id"], "details": json.loads(row["details"])})


def _access_leaf(value: dict[str, Any]) -> bytes:
    return canonical({"type": "access", **value})


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON of a value made only of text, integers (64-bit), null, lists
    and objects with ASCII keys, as an access event is: for those, orjson's compact form with
    sorted keys is RFC 8785 byte for byte (tests/vault/test_audit_log.py holds it to the
    `rfc8785` package), at a twentieth of the standard library's cost on the API's path."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _text(value: Any) -> str:
    """`canonical` as text (what the row's JSON columns hold)."""
    return canonical(value).decode()


# A journaled event is its values, its time first (seconds since the epoch: ten digits from
# 2001 to 2286); its leaf's keys are sorted, "at" first ("YYYY-MM-DDTHH:MM:SSZ").
_AFTER_TIME = len("[1764547200,")
_LEAF_TIME = slice(len('{"at":"'), len('{"at":"2026-01-01T00:00:00Z'))


class Batch:
    """The leaves and rows of a batch of access events, each answer's made once: the reads of
    an answer (its fields and records, its body's digest, the brand: all alike) differ only
    by their time, so the first one's leaf and row serve the others with their own time put
    in; and each second's text is written once."""

    def __init__(self) -> None:
        self._alike: dict[bytes, tuple[bytes, tuple]] = {}
        self._times: dict[int, str] = {}

    def made(self, event: bytes | tuple) -> tuple[bytes, tuple]:
        """The leaf and row (ACCESS_COLUMNS, JSON as text) of one event: its values as
        vault.audit.record gathers them, or their bytes read back from the journal (the
        very bytes made to last before the answer left)."""
        if not (isinstance(event, bytes) and event[_AFTER_TIME - 1:_AFTER_TIME] == b","
                and event[1:_AFTER_TIME - 1].isdigit()):
            return _made(event, self._time)
        same = self._alike.get(event[_AFTER_TIME:])
        if same is None:
            same = self._alike[event[_AFTER_TIME:]] = _made(event, self._time)
            return same
        at = self._time(int(event[1:_AFTER_TIME - 1]))
        leaf, row = same
        return (leaf[:_LEAF_TIME.start] + at.encode() + leaf[_LEAF_TIME.stop:],
                (at, *row[1:]))

    def _time(self, seconds: int) -> str:
        at = self._times.get(seconds)
        if at is None:
            at = self._times[seconds] = iso_of_epoch(seconds)
        return at


def _made(event: bytes | tuple, time_of: Callable[[int], str]) -> tuple[bytes, tuple]:
    """`Batch.made` for one event, its time written by `time_of`. An earlier Coffre
    journaled the time as text, and before that the leaf itself, a JSON object, rather
    than the values, a list."""
    values = orjson.loads(event) if isinstance(event, bytes) else event
    if isinstance(values, dict):
        values = [values[column] for column in ACCESS_COLUMNS]
    at = values[0] if isinstance(values[0], str) else time_of(values[0])
    fields = _text(sorted(set(values[FIELDS])))
    held = None if values[HELD] is None else _text(values[HELD])
    row = (at, *values[1:FIELDS], fields, values[FIELDS + 1], held, *values[HELD + 1:])
    # The row's JSON texts are canonical, made just now: the leaf takes them as they are.
    leaf = _access_leaf({**dict(zip(ACCESS_COLUMNS, row, strict=True)),
                         "fields": orjson.Fragment(fields),
                         "held": None if held is None else orjson.Fragment(held)})
    return leaf, row
