"""A file read through a tap: its SHA-256 taken as it streams, and how far reading got.

Readers may read a file twice (a first pass over its dates) or stop early (a line too
long to read on): the digest takes each byte once, in order, the first time it is read,
and `digest` reads whatever no reader reached. Memory stays flat.
"""

from __future__ import annotations

import hashlib
import io
from typing import BinaryIO

CHUNK = 64 * 1024


class Tap(io.RawIOBase):
    """A seekable binary file seen through its digest and position; wrap it in a buffer."""

    def __init__(self, file: BinaryIO):
        super().__init__()
        self._file = file
        self._sha = hashlib.sha256()
        self._hashed = 0  # bytes taken into the digest, from the start
        self.size = file.seek(0, io.SEEK_END)
        self.position = file.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._file.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        start, end = self.position, self.position + n
        if start <= self._hashed < end:
            self._sha.update(memoryview(data)[self._hashed - start:])
            self._hashed = end
        self.position = end
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = self._file.seek(offset, whence)
        return self.position

    def tell(self) -> int:
        return self.position

    def digest(self) -> str:
        """The SHA-256 of the whole file, in hex (reading what no reader reached)."""
        if self._hashed < self.size:
            self._file.seek(self._hashed)
            while chunk := self._file.read(CHUNK):
                self._sha.update(chunk)
                self._hashed += len(chunk)
            self._file.seek(self.position)
        return self._sha.hexdigest()


def tapped(file: BinaryIO) -> tuple[Tap, io.BufferedReader]:
    """The tap on `file` and the buffered stream readers read it through."""
    tap = Tap(file)
    return tap, io.BufferedReader(tap, buffer_size=CHUNK)
