"""The vault the server holds: which folder, and its store while unlocked."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from flask import current_app

from vault import audit, grants, lifecycle
from vault.errors import Conflict, Locked, VaultError
from vault.keys import KdfCost
from vault.store import Store
from web.answers import Answers, Tags
from web.clock import Clock


class Runtime:
    """One vault folder; open (unlocked) or closed (locked)."""

    def __init__(self, folder: Path, cost: KdfCost, clock: Clock):
        self.folder = folder
        self.cost = cost
        self.clock = clock
        self.store: Store | None = None
        self.schema_version: int | None = None  # the open vault's, read once at unlock (/healthz)
        self.generation = 0  # grows at each unlock and lock, so older sessions die
        self.sessions: dict[str, float] = {}  # signed-in session id -> last seen (monotonic)
        self.pending_codes: dict[str, str] = {}  # session id -> recovery code not yet confirmed
        self.pending_keyfiles: dict[str, bytes] = {}  # session id -> key file not yet downloaded
        # Keys the API's ETags; new at each unlock and lock, so no tag outlives the opening
        # of the vault it was made under (web/api/protect.py).
        self.tags = Tags()
        self.answers = Answers()  # of conditional reads, by ETag: dropped with the tag key
        self.uploads: dict[str, Any] = {}  # session id -> a file held in memory to import
        self.job: Any = None  # the background job running, or the last one (web/ui/jobs.py)
        self._lock = threading.Lock()
        self._job = threading.Lock()  # held by background work on the store; locking waits

    def exists(self) -> bool:
        """True if the folder holds a vault."""
        return lifecycle.exists(self.folder)

    @property
    def unlocked(self) -> bool:
        """True while the key is in memory."""
        return self.store is not None

    def create(self, passphrase: str) -> str:
        """Create the vault, leave it unlocked, return the recovery code."""
        with self._job, self._lock:
            store, code = lifecycle.create(self.folder, passphrase, cost=self.cost)
            self._replace(store)
        return code

    def unlock(self, kind: str, value: str | Path) -> None:
        """Open the vault with a passphrase, recovery code or key file."""
        store = lifecycle.unlock(self.folder, kind, value)
        grants.sweep(store, now=self.clock.now())  # expiries noticed since: their receipts kept
        audit.event(store, "vault.unlocked", at=self.clock.now(), way=kind)
        with self._job, self._lock:
            self._replace(store)

    def lock(self) -> None:
        """Close the database and drop the key (once any work `holding` it has ended)."""
        with self._job, self._lock:
            if self.store is not None:
                # Locking must never fail: a vault too busy to log it still locks.
                with suppress(VaultError):
                    audit.event(self.store, "vault.locked", at=self.clock.now())
            self._replace(None)

    @contextmanager
    def holding(self) -> Iterator[Store | None]:
        """The open store, kept open until the block ends (None while locked).

        For work longer than a request (a backup): locking waits for it rather
        than closing the database under it. One such block at a time.
        """
        with self._job:
            yield self.store

    def _replace(self, store: Store | None) -> None:
        if self.store is not None:
            self.store.close()
        self.store = store
        self.schema_version = None if store is None else store.schema_version
        self.generation += 1
        self.tags = Tags()
        self.answers.clear()
        self.sessions.clear()
        self.pending_codes.clear()
        self.pending_keyfiles.clear()
        self.uploads.clear()
        self.job = None  # a job still running fails on the closed store and keeps nothing

    def begin(self, job: Any) -> None:
        """Run `job` (with `start()` and `done`) in the background, one at a time.

        Raises Conflict while another job has not finished.
        """
        with self._lock:
            if self.job is not None and not self.job.done.is_set():
                raise Conflict("Another job (an import or a backup) is running.")
            self.job = job
            job.start()

    def open_session(self) -> str:
        """A fresh random id for a signed-in browser session, remembered here."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self.sessions[sid] = self.clock.monotonic()
        return sid

    def touch_session(self, sid: str, idle_seconds: float) -> bool:
        """True if `sid` is live and was seen within `idle_seconds` (then seen now)."""
        now = self.clock.monotonic()
        with self._lock:
            seen = self.sessions.get(sid)
            if seen is None or now - seen > idle_seconds:
                self._forget(sid)
                return False
            self.sessions[sid] = now
        return True

    def end_session(self, sid: str) -> None:
        """Forget a session id (sign-out); harmless if unknown."""
        with self._lock:
            self._forget(sid)

    def _forget(self, sid: str) -> None:
        """Drop a session and whatever secret it was still to be handed (lock held)."""
        self.sessions.pop(sid, None)
        self.pending_codes.pop(sid, None)
        self.pending_keyfiles.pop(sid, None)
        self.uploads.pop(sid, None)

    def require(self) -> Store:
        """The open store. Raises Locked while the vault is locked."""
        store = self.store
        if store is None:
            raise Locked("The vault is locked.")
        return store


def current() -> Runtime:
    """The runtime of the app handling this request."""
    return current_app.extensions["coffre"]


def store() -> Store:
    """The open store of this request's app. Raises Locked while locked."""
    return current().require()
