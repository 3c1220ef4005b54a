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
from collections.abc import Iterator
from typing import Any, BinaryIO

from vault.importers.rows import Bad

MAX_FIELD = csv.field_size_limit()  # the csv module's own limit (128 Ki characters)


class _TooLong(Exception):
    """A physical line longer than MAX_FIELD."""


class _Lines:
    """The text's physical lines, each at most MAX_FIELD characters, counted as they go."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.done = 0  # lines read completely so far

    def __iter__(self) -> Iterator[str]:
        while piece := self.text.readline(MAX_FIELD):
            if piece[-1] in "\r\n":
                self.done += 1
            elif len(piece) >= MAX_FIELD:
                raise _TooLong
            yield piece


def records(stream: BinaryIO, encoding: str, dialect: Any) -> Iterator[tuple[int, list[str]] | Bad]:
    """Each non-blank record as (line it starts on, cells), the header first.

    A problem that stops reading (undecodable bytes, an over-long field, broken
    CSV syntax) is yielded as a last Bad. The stream is left open.
    """
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    lines = _Lines(text)
    reader = csv.reader(lines, dialect)
    try:
        while True:
            start = lines.done + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            if cells:
                yield start, cells
    except UnicodeDecodeError:
        yield Bad(lines.done + 1, None, None, "not_encoding", {"encoding": encoding})
    except _TooLong:
        yield Bad(lines.done + 1, None, None, "too_large_field", {"n": MAX_FIELD})
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            yield Bad(start, None, None, "too_large_field", {"n": MAX_FIELD})
        else:
            yield Bad(start, None, None, "bad_syntax", {"kind": "CSV", "detail": str(e)})
    finally:
        text.detach()  # closing the wrapper would close the caller's stream
