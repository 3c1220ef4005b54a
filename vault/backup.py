"""Backups: verified, still-encrypted copies of the vault, each a vault folder of its own.

A backup folder (the vault's own `backups/`, or one the consumer chooses, on
another disk) holds one sub-folder per backup, named by its UTC time. A backup
is written beside its final name as `<name>.partial`, verified (the copy opens
on its own with the key, SQLite's and SQLCipher's integrity checks pass, every
table holds its rows), then renamed: a partial backup is never listed nor
restored, and the next backup into that folder removes any a crash left behind.
Backups into one folder take turns (a lock file the system releases when the
process dies), so a partial folder seen while holding the lock is stale.

A backup opens with the passphrase or recovery code that was valid when it was
made. Several vaults may share a backup folder: each lists, prunes and restores
only its own backups (the vault id of their keyrings).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vault import audit, keys
from vault.errors import DatabaseDamaged, KeyringDamaged, NotWritable, NoVault
from vault.lifecycle import KEYRING
from vault.store import DB_NAME, Store

BACKUPS = "backups"
PARTIAL = ".partial"
LOCK = ".coffre-backup.lock"
_STAMP = "%Y%m%dT%H%M%SZ"
_STAMP_LEN = len("20260314T103000Z")


@dataclass(frozen=True)
class Backup:
    """One finished backup: its folder and when it was made."""

    path: Path
    at: datetime


class Progress:
    """How far a backup being made has got, read from outside the copy (one SQL statement):
    the partial copy's size on disk against the vault's own pages (its file and its WAL).
    Pass `started` to `create`; read `written` from any thread."""

    def __init__(self, store: Store):
        self.total = int(store.value("pragma page_count")) * int(store.value("pragma page_size"))
        self.partial: Path | None = None
        self.finished = False

    def started(self, partial: Path) -> None:
        """Told by `create` where the copy is being written."""
        self.partial = partial

    def written(self) -> int:
        """Bytes of the copy written so far, at most `total` (all of it once finished)."""
        if self.finished:
            return self.total
        return min(_size(self.partial / DB_NAME), self.total) if self.partial else 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # not written yet, or renamed to its final name meanwhile
        return 0


def size(path: Path) -> int:
    """The size on disk of the backup in the folder `path`, in bytes."""
    return sum(_size(p) for p in path.iterdir())


def where(folder: Path, into: Path | None = None) -> Path:
    """The backup folder of the vault in `folder`: `into` if given, else its own `backups/`."""
    return into if into is not None else folder / BACKUPS


def create(store: Store, folder: Path, *, now: datetime, into: Path | None = None,
           started: Callable[[Path], None] | None = None) -> Path:
    """Copy the open vault into a new backup in `where(folder, into)`; return its folder.

    `started` is told the partial folder once writing begins. Stale partial
    backups in that folder are removed first. A chosen folder is made if
    missing, but not its parent: a disk that is not plugged in is an error,
    not a new folder on this one. Raises DatabaseDamaged if the copy does not
    verify, NotWritable if the folder cannot be written. On failure no partial
    backup is left; finished ones are never touched.
    """
    ring = (folder / KEYRING).read_bytes()
    root = where(folder, into)
    with _turn(root, parents=into is None):
        _sweep(root)
        name = _free_name(root, now)
        partial = root / f"{name}{PARTIAL}"
        try:
            partial.mkdir(mode=0o700)
            if started is not None:
                started(partial)
            keys.atomic_write(partial / KEYRING, ring)
            audit.settle(store)  # the access events the journal holds are in the copy
            store.export(partial / DB_NAME)
            _settle(partial, ring)
            os.rename(partial, root / name)
            keys.fsync_dir(root)
        except OSError as e:
            shutil.rmtree(partial, ignore_errors=True)
            raise NotWritable(f"Cannot write the backup in {root}: {e.strerror}.") from e
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    audit.event(store, "vault.backed_up", at=now, backup=name)
    return root / name


def _settle(partial: Path, ring: bytes) -> None:
    """Make the copy durable, and check the keyring copy reads back as written."""
    fd = os.open(partial / DB_NAME, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if (partial / KEYRING).read_bytes() != ring:
        raise DatabaseDamaged(f"The keyring copied to {partial} did not read back; nothing "
                              "was kept.")
    keys.fsync_dir(partial)


@contextmanager
def _turn(root: Path, *, parents: bool = False) -> Iterator[None]:
    """Hold the backup folder's lock (made if missing): one backup or prune at a time in it."""
    try:
        root.mkdir(parents=parents, exist_ok=True, mode=0o700)
        fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise NotWritable(f"Cannot write in the backup folder {root}: {e.strerror}.") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _sweep(root: Path) -> None:
    """Remove partial backups: with the lock held, their writers are gone."""
    for stale in root.glob(f"*{PARTIAL}"):
        shutil.rmtree(stale, ignore_errors=True)


def _free_name(root: Path, now: datetime) -> str:
    """The backup's name: its UTC time, with -1, -2… for a second one in the same second."""
    stamp = now.astimezone(UTC).strftime(_STAMP)
    name, n = stamp, 0
    while (root / name).exists() or (root / f"{name}{PARTIAL}").exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def backups(folder: Path, *, into: Path | None = None) -> list[Backup]:
    """Every finished backup of the vault in `folder`, oldest first; partial ones never.

    Only backups of this vault are listed (a shared folder may hold others'),
    unless the vault's own keyring cannot be read: then every one is a candidate.
    """
    root = where(folder, into)
    if not root.is_dir():
        return []
    own = _vault_id(folder)
    found = [b for b in map(_finished, root.iterdir()) if b is not None]
    return sorted((b for b in found if own is None or _vault_id(b.path) == own),
                  key=lambda b: b.path.name)


def all_backups(folder: Path, *, into: Path | None = None) -> list[Path]:
    """The folders of every finished backup of the vault in `folder`, oldest first."""
    return [b.path for b in backups(folder, into=into)]


def last_good(folder: Path, *, into: Path | None = None) -> datetime | None:
    """When the newest finished (so verified) backup of the vault was made, or None."""
    found = backups(folder, into=into)
    return found[-1].at if found else None


def prune(folder: Path, *, keep: int, into: Path | None = None) -> list[Path]:
    """Remove all but the newest `keep` backups of this vault; return what was removed.

    Other vaults' backups in a shared folder are never touched.
    """
    with _turn(where(folder, into)):
        found = backups(folder, into=into)
        gone = [b.path for b in found[:max(len(found) - keep, 0)]]
        for path in gone:
            shutil.rmtree(path)
    return gone


def _finished(path: Path) -> Backup | None:
    """The backup at `path` if it is a finished one (named by its time, both files there)."""
    if not path.is_dir() or path.name.endswith(PARTIAL):
        return None
    try:
        at = datetime.strptime(path.name[:_STAMP_LEN], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    if not ((path / KEYRING).is_file() and (path / DB_NAME).is_file()):
        return None
    return Backup(path, at)


def _vault_id(folder: Path) -> str | None:
    try:
        return keys.load(folder / KEYRING).vault_id
    except (NoVault, KeyringDamaged):
        return None
