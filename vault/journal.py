"""The journal of access events: written before an answer leaves, folded into the log after.

An access event of the brand API written outside a transaction (a read's) is not committed
to the database at once. It is encrypted (ChaCha20-Poly1305, under a key derived from the
vault's data key and the journal's id) and copied into a journal file beside the database
(mapped into memory, below), which outlives the server being killed (kill -9: the bytes are
the kernel's).
The journal's writer thread then hands what it holds to `fold` (vault.audit.settle), which
writes a batch into `access_log` and the transparency log in one transaction, with one
signed tree head, and records how far it went (`journal_marks`). So an answer waits for
its event to be built and appended, not for a commit, a signature and the pages they dirty.

A journal belongs to one open store and holds an exclusive flock on its file while it
lives; the kernel drops the lock when the process dies. A journal file nobody holds is
what a killed process left: `leftovers` opens each, and vault.audit folds it from its mark
and deletes it. A file is MAGIC, then frames: a 4-byte big-endian length, the entry's
number (8 bytes, big-endian: its nonce, unique under the journal's own key), and the
event's bytes (vault.audit: its values, as JSON) sealed with ChaCha20-Poly1305 (RFC 8439,
the `cryptography` package, which keeps Python's lock while it works: threads appending at
once do not trade it back and forth, as they did with PyNaCl's SecretBox, twice as dear at
4 threads); then zeros.

The file is reserved ahead (posix_fallocate: a full disk is met when room is reserved,
and the append that needed it fails with nothing of it written) and mapped into memory
(MAP_SHARED): an append is a copy into the kernel's page cache, which outlives the process
as a write() would, without a system call. A write() released Python's lock and took the
file's own lock: served by 4 threads, that cost each call about a tenth of a millisecond
of CPU in hand-offs. A frame's body is copied before its length, so a frame whose length
is there is whole; a process killed between the two leaves a length of zero, where the
journal ends. A frame cut short by the end of the file (one a write() left) ends it too.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import secrets
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from vault.errors import DatabaseDamaged, NotWritable, VaultError

MAGIC = b"coffre-journal-1\n"
PATTERN = "journal-*.bin"
# Each fold's commit empties the page cache of every other connection of the vault (SQLite
# resets a connection's cache when another one changed the file), so each reader thread decrypts
# its working set again at its next call: with 4 waitress threads, a fold every 0.1 s cost the
# readers a quarter of a millisecond of CPU per request, ten times the event's own cost. One
# fold a second (at most one more for each BATCH events) makes that negligible; a brand's
# answers carry the latest signed head all the same, a second older at most.
BATCH = 1024  # the writer folds once this many are waiting…
DELAY = 1.0  # …or this many seconds after the first of them came
RETRY = 1.0  # seconds before folding again after a fold failed (the disk full, say)
LIMIT = 1 << 20  # bytes: past this, what is folded is cut out of the file
ROOM = 1 << 16  # bytes reserved at first (about fifty of the brand API's events), then doubled
_LENGTH = struct.Struct(">I")
_NUMBER = struct.Struct(">Q")
_FRAMING = _LENGTH.size + _NUMBER.size  # a frame's bytes besides the sealed event


KeyFor = Callable[[bytes], bytes]  # a journal's id -> its key (derived from the data key)
Entry = tuple[int, bytes]  # an entry: its number, and the event's bytes


def _nonce(number: int) -> bytes:
    """An entry's nonce: its number (12 bytes, big-endian), unique within its journal, whose
    key is its own."""
    return number.to_bytes(12, "big")


def _put(into: mmap.mmap, at: int, number: int, sealed: bytes) -> int:
    """Write one frame (an entry's number and its sealed bytes) at `at`, its length last: a
    frame whose length is there is whole. Returns where it ends."""
    start = at + _LENGTH.size
    _NUMBER.pack_into(into, start, number)
    end = start + _NUMBER.size + len(sealed)
    into[start + _NUMBER.size:end] = sealed
    _LENGTH.pack_into(into, at, end - start)
    return end


def _read(fd: int, cipher: ChaCha20Poly1305, name: str) -> tuple[list[Entry], int]:
    """Every whole entry of a journal file, and where the last whole one ends.

    Raises DatabaseDamaged for a frame that does not open and is not the last.
    """
    data = os.pread(fd, os.fstat(fd).st_size, 0)
    if not data.startswith(MAGIC):
        raise DatabaseDamaged(f"{name} is not a journal of this vault.")
    entries, at = [], len(MAGIC)
    while at + _LENGTH.size <= len(data):
        (length,) = _LENGTH.unpack_from(data, at)
        end = at + _LENGTH.size + length
        if length == 0 or end > len(data):
            break  # the end: what follows was never written, or was cut short
        (number,) = _NUMBER.unpack_from(data, at + _LENGTH.size)
        start = at + _LENGTH.size + _NUMBER.size
        try:
            event = cipher.decrypt(_nonce(number), data[start:end], None)
        except InvalidTag as e:
            if end == len(data):
                break
            raise DatabaseDamaged(f"{name} is damaged: restore the vault from a backup.") from e
        entries.append((number, event))
        at = end
    return entries, at


def _locked(path: Path, flags: int) -> int | None:
    """A descriptor of `path` holding its exclusive lock, or None if a live journal holds it."""
    fd = os.open(path, flags, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _remove(path: Path, fd: int) -> None:
    """Delete the journal file open on `fd` (unless another file took its name) and close it."""
    try:
        if os.stat(path).st_ino == os.fstat(fd).st_ino:
            path.unlink()
    except FileNotFoundError:
        pass
    finally:
        os.close(fd)


@dataclass
class Leftover:
    """A journal left by a process that died: its id, its entries, and its file."""

    id: str
    entries: list[Entry]
    path: Path
    fd: int

    def remove(self) -> None:
        """Delete it, once its entries are folded."""
        _remove(self.path, self.fd)

    def close(self) -> None:
        """Let go of it, kept for another replay."""
        os.close(self.fd)


def leftovers(folder: Path, key_for: KeyFor) -> Iterator[Leftover]:
    """The journals in `folder` that no live journal holds, oldest first, each locked.

    Raises DatabaseDamaged for one whose frames do not open.
    """
    paths = sorted(folder.glob(PATTERN), key=lambda p: p.stat().st_mtime)
    for path in paths:
        try:
            fd = _locked(path, os.O_RDONLY)
        except FileNotFoundError:  # removed meanwhile
            continue
        if fd is None:
            continue
        journal_id = path.stem.removeprefix("journal-")
        try:
            cipher = ChaCha20Poly1305(key_for(journal_id.encode()))
            entries, _ = _read(fd, cipher, path.name)
        except BaseException:
            os.close(fd)
            raise
        yield Leftover(journal_id, entries, path, fd)


def _reserve(fd: int, size: int) -> None:
    """Make the file open on `fd` `size` bytes long, its blocks reserved where the system
    can (posix_fallocate; macOS has none: there the file only grows, and a full disk is met
    when the kernel writes the pages out). Raises OSError (a full disk: ENOSPC)."""
    if hasattr(os, "posix_fallocate"):
        os.posix_fallocate(fd, 0, size)
    elif os.fstat(fd).st_size < size:
        os.ftruncate(fd, size)


def _room(needed: int) -> int:
    """The bytes to reserve for `needed`: ROOM, or the power of two above."""
    return max(ROOM, 1 << (needed - 1).bit_length())


def _mapped(path: Path, frames: list[tuple[int, bytes]], flags: int
            ) -> tuple[int, mmap.mmap, int]:
    """A new journal file at `path` (created with `flags`: O_EXCL, or O_TRUNC for one that
    replaces it), locked, holding MAGIC and `frames` (numbers and sealed bytes) then zeros,
    reserved and mapped: its descriptor, its map, and where the zeros begin. Raises OSError."""
    fd = _locked(path, os.O_RDWR | os.O_CREAT | flags)
    if fd is None:  # cannot happen: only this journal writes its names
        raise OSError(16, "the journal's file is held by another")
    try:
        needed = len(MAGIC) + sum(_FRAMING + len(sealed) for _, sealed in frames)
        _reserve(fd, _room(needed + _LENGTH.size))
        mapped = mmap.mmap(fd, os.fstat(fd).st_size)
    except BaseException:
        os.close(fd)
        raise
    mapped[:len(MAGIC)] = MAGIC
    at = len(MAGIC)
    for number, sealed in frames:
        at = _put(mapped, at, number, sealed)
    return fd, mapped, at


class Journal:
    """An open store's journal: append an event, get what waits, mark what was folded."""

    def __init__(self, folder: Path, key_for: KeyFor, fold: Callable[[], None]):
        self.id = secrets.token_hex(8)
        self.path = folder / PATTERN.replace("*", self.id)
        self._seal = ChaCha20Poly1305(key_for(self.id.encode())).encrypt
        self._fold = fold
        try:
            # _size: where the next frame goes; zeros from there on.
            self._fd, self._map, self._size = _mapped(self.path, [], os.O_EXCL)
        except OSError as e:
            raise NotWritable(f"Cannot write the journal in {folder}: {e.strerror}.") from e
        self._waiting: list[Entry] = []  # in order
        self._next = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stopping = False
        self._writer: threading.Thread | None = None

    def append(self, event: bytes) -> None:
        """Write one event's bytes to the journal file; once this returns, it stays.

        Raises NotWritable when the file cannot take it (nothing of it is left), and
        DatabaseDamaged once the journal is closed (the vault was locked).
        """
        # Its condition's own lock, taken directly: served, every step of this path costs
        # an answer several times what it costs in a loop (cold caches), so it takes few.
        with self._lock:
            if self._map is None or self._stopping:
                raise DatabaseDamaged("The vault is closed.")
            number = self._next
            sealed = self._seal(_nonce(number), event, None)
            end = self._size + _FRAMING + len(sealed)
            if end + _LENGTH.size > len(self._map):  # room for the frame and a zero length
                self._grow(end + _LENGTH.size)
            self._size = _put(self._map, self._size, number, sealed)
            self._waiting.append((number, event))
            self._next = number + 1
            if self._writer is None:
                self._writer = threading.Thread(target=self._write, name="coffre-journal",
                                                daemon=True)
                self._writer.start()
            if len(self._waiting) in (1, BATCH):  # the writer waits for nothing else
                self._changed.notify_all()

    def _grow(self, needed: int) -> None:
        """Reserve and map room for `needed` bytes (twice the room, or more). Raises
        NotWritable when the disk cannot reserve it: the file and its map are as they were."""
        room = max(2 * len(self._map), _room(needed))
        try:
            _reserve(self._fd, room)
        except OSError as e:
            raise NotWritable(f"The journal cannot be written ({e.strerror}).") from e
        self._map.close()
        self._map = mmap.mmap(self._fd, room)

    def waiting(self) -> list[Entry]:
        """The entries not yet marked folded, in order."""
        with self._changed:
            return list(self._waiting)

    def folded(self, upto: int) -> None:
        """Forget the entries up to number `upto`, now committed; cut them from the file
        when nothing else waits, or when it has grown past LIMIT."""
        with self._changed:
            self._waiting = [entry for entry in self._waiting if entry[0] > upto]
            if self._map is None:
                return
            if not self._waiting and len(self._map) <= LIMIT:
                # Zeros from the first frame on (first its length: the journal ends there).
                self._map[len(MAGIC):self._size] = bytes(self._size - len(MAGIC))
                self._size = len(MAGIC)
            elif self._size > LIMIT or len(self._map) > LIMIT:
                self._rewrite()

    def _rewrite(self) -> None:
        """Replace the file by one holding only what waits (atomically, by rename). Each entry
        is sealed again under its own number: the very bytes it was first written as."""
        partial = self.path.with_suffix(".new")
        frames = [(number, self._seal(_nonce(number), event, None))
                  for number, event in self._waiting]
        try:
            fd, mapped, size = _mapped(partial, frames, os.O_TRUNC)
        except OSError:  # no room for the smaller file: this one stays, whole, as it is
            partial.unlink(missing_ok=True)
            return
        os.replace(partial, self.path)
        self._map.close()
        os.close(self._fd)
        self._fd, self._map, self._size = fd, mapped, size

    def _write(self) -> None:
        """The writer thread: fold in batches of BATCH, or DELAY after the first event."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._waiting or self._stopping)
                self._changed.wait_for(lambda: len(self._waiting) >= BATCH or self._stopping,
                                       timeout=DELAY)
                if self._stopping:
                    return
            try:
                self._fold()
            except VaultError:  # kept in the file; tried again, and at the next unlock
                with self._changed:
                    self._changed.wait(RETRY)

    def stop(self) -> None:
        """Take no more events and stop the writer thread (what waits stays, for a last fold
        by the caller)."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._writer is not None and self._writer is not threading.current_thread():
            self._writer.join()

    def close(self) -> None:
        """Let go of the file: deleted if everything in it was folded, else kept for the next
        unlock to replay (a fold that failed, an event appended after the last fold). Once
        closed, an append raises."""
        with self._changed:
            if self._map is None:
                return
            self._map.close()
            self._map = None
            if self._waiting:
                os.close(self._fd)
            else:
                _remove(self.path, self._fd)
