"""Coffre's JSON export read as it streams: its head's few values, then each table's rows.

An incremental parser (ijson, over the yajl C library) hands the document over as
events; only the values the loader needs are built, one row at a time, so memory
stays flat whatever the file's size. The head's other parts (`vault`,
`categories`…) are read past without being built. Any order of the top-level
keys is read (JSON objects have none); our own writer puts the head first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import ijson

from vault.errors import ValidationError

HEAD = frozenset({"format", "version", "schema_version"})  # the values the loader checks
_SCALARS = frozenset({"string", "number", "boolean", "null"})
_OPEN, _CLOSE = frozenset({"start_map", "start_array"}), frozenset({"end_map", "end_array"})


@dataclass(frozen=True)
class Head:
    """One of the head's values the loader checks (a key of HEAD), as the file gives it."""

    key: str
    value: Any


@dataclass(frozen=True)
class Table:
    """A table of the export, its rows read (once) as the caller iterates them."""

    name: str
    rows: Iterator[dict[str, Any]]


def parts(stream: BinaryIO) -> Iterator[Head | Table]:
    """The head's values and the tables of the export in `stream`, in the file's order.

    Each Table's rows must be read before asking for the next part. Raises
    ValidationError ("not_export") for a file that is no JSON object, for
    `tables` that is no object of lists, for a row that is no object of plain
    values, for no `tables` at all, and for anything after the document.
    """
    events = _events(stream)
    if next(events, (None, None))[0] != "start_map":
        raise _not_export("not a JSON object")
    tabled = False
    for event, key in events:
        if event == "end_map":
            break
        if key == "tables":
            tabled = True
            yield from _tables(events)
        elif key in HEAD:
            yield Head(key, _scalar(events))
        else:
            _skip(events)
    for _ in events:  # the parser refuses trailing bytes as it reaches them
        raise _not_export("more after the document")
    if not tabled:
        raise _not_export("no tables")


def _events(stream: BinaryIO) -> Iterator[tuple[str, Any]]:
    """The parser's events, its errors said as a file that is no export."""
    try:
        yield from ijson.basic_parse(stream, use_float=True)
    except (ijson.JSONError, UnicodeDecodeError) as e:
        raise _not_export("not JSON") from e


def _tables(events: Iterator[tuple[str, Any]]) -> Iterator[Table]:
    if next(events)[0] != "start_map":
        raise _not_export("no tables")
    for event, name in events:
        if event == "end_map":
            return
        if next(events)[0] != "start_array":
            raise _not_export("no tables")
        rows = _rows(events, name)
        yield Table(name, rows)
        for _ in rows:  # what the caller left unread (it stopped at an error): not built
            pass


def _rows(events: Iterator[tuple[str, Any]], table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table, up to the end of its list; each a flat object."""
    # Each step of this loop reads one row whole (the inner loop) or the list's end.
    for n, (event, _) in enumerate(events, 1):
        if event == "end_array":
            return
        if event != "start_map":
            raise _not_export(f"{table} row {n} is no object")
        row: dict[str, Any] = {}
        for kind, value in events:
            if kind == "end_map":
                break
            if kind == "map_key":
                column = value
            elif kind in _SCALARS:
                row[column] = value
            else:
                raise _not_export(f"{table} row {n} holds a list or object")
        yield row


def _scalar(events: Iterator[tuple[str, Any]]) -> Any:
    """A head value; a list or object there is kept as None, which no check accepts."""
    event, value = next(events)
    if event in _SCALARS:
        return value
    _skip(events, depth=1)
    return None


def _skip(events: Iterator[tuple[str, Any]], depth: int = 0) -> None:
    """Read past one value (or the rest of one, `depth` levels in) without building it."""
    for event, _ in events:
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            depth -= 1
        if depth == 0:
            return


def _not_export(detail: str) -> ValidationError:
    return ValidationError("file", "not_export", detail=detail)
