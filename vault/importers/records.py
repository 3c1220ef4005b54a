"""A CSV file's records one at a time, with the line each starts on, in bounded memory.

The binary stream is decoded incrementally and handed to the csv module in
pieces of at most `MAX_FIELD` characters, so a file made of one 100 MB line
costs no more than any other: a line or quoted field longer than that is
reported as one Bad, after which the file is not read further (where the
record would end cannot be known).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from vault.importers.rows import Bad

MAX_FIELD = csv.field_size_limit()  # the csv module's own limit (128 Ki characters)
MAX_VALUE = 200  # characters of a bad line repeated in a report
_SURROGATE = re.compile("[\udc80-\udcff]")


class _TooLong(Exception):
    """A physical line longer than MAX_FIELD."""


class _Lines:
    """The text's physical lines, each at most MAX_FIELD characters, counted as they go.

    Bytes the encoding cannot decode arrive as lone surrogates
    ("surrogateescape"), so the line holding them is known exactly and noted.
    """

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.done = 0  # lines read completely so far
        self.undecodable = False  # since the last record

    def __iter__(self) -> Iterator[str]:
        while piece := self.text.readline(MAX_FIELD):
            if piece[-1] in "\r\n":
                self.done += 1
            elif len(piece) >= MAX_FIELD:
                raise _TooLong
            if _SURROGATE.search(piece):
                self.undecodable = True
            yield piece


def records(stream: BinaryIO, encoding: str, dialect: Any) -> Iterator[tuple[int, list[str]] | Bad]:
    """Each non-blank record as (line it starts on, cells), the header first.

    A record with bytes the encoding cannot decode is a Bad (the others are
    still read); a problem that stops reading (an over-long field, broken CSV
    syntax) is yielded as a last Bad. The stream is left open.
    """
    text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    lines = _Lines(text)
    reader = csv.reader(lines, dialect)
    try:
        while True:
            start = lines.done + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            if lines.undecodable:
                lines.undecodable = False
                shown = _SURROGATE.sub("\ufffd", ",".join(cells))[:MAX_VALUE]
                yield Bad(start, None, shown, "not_encoding", {"encoding": encoding})
            elif cells:
                yield start, cells
    except _TooLong:
        yield Bad(lines.done + 1, None, None, "too_large_field", {"n": MAX_FIELD})
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            yield Bad(start, None, None, "too_large_field", {"n": MAX_FIELD})
        else:
            yield Bad(start, None, None, "bad_syntax", {"kind": "CSV", "detail": str(e)})
    finally:
        text.detach()  # closing the wrapper would close the caller's stream
