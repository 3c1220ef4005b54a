"""A byte stream read as text lines, one at a time, each line bounded in size.

Lines that cannot be decoded, or are longer than `MAX_LINE` bytes, come out empty and
are noted by number, so a reader can report them and go on; memory stays flat however
large the file (or a single line of it) is.

The encoding and the CSV dialect are decided by vault/importers/sniff.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

MAX_LINE = 64 * 1024  # no bank statement line comes near this; a 100 MB field is refused
SAMPLE = 64 * 1024


class Lines:
    """The decoded lines of `stream` (whose first bytes `head` were already read)."""

    def __init__(self, head: bytes, stream: BinaryIO, encoding: str):
        self.encoding = encoding
        self.undecodable: set[int] = set()  # line numbers
        self.too_long: set[int] = set()
        self._buffered = io.BufferedReader(_Rejoined(head, stream), buffer_size=SAMPLE)
        self._number = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self._buffered.readline(MAX_LINE + 1)
        if not raw:
            raise StopIteration
        self._number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            self.too_long.add(self._number)
            while raw and not raw.endswith(b"\n"):
                raw = self._buffered.readline(MAX_LINE + 1)
            return "\n"
        try:
            text = raw.decode(self.encoding)
        except UnicodeDecodeError:
            if self.encoding != "cp1252":
                self.undecodable.add(self._number)
                return "\n"
            text = raw.decode("latin-1")  # the five bytes cp1252 leaves undefined
        return text.removeprefix("\ufeff") if self._number == 1 else text

    def problem(self, first: int, last: int) -> tuple[str, dict] | None:
        """The reason code and values if a line from `first` to `last` could not be read."""
        if not (self.too_long or self.undecodable):
            return None
        span = set(range(first, last + 1))
        if span & self.too_long:
            self.too_long -= span
            return "too_long", {"n": MAX_LINE}
        if span & self.undecodable:
            self.undecodable -= span
            return "bad_encoding", {"encoding": self.encoding}
        return None


class _Rejoined(io.RawIOBase):
    """The bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
