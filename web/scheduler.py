"""Keeping on a schedule, in the server process: backups at the chosen interval, retention daily.

Nothing runs while the vault is locked: each round takes the open store for
its whole length (`Runtime.holding`), so locking waits for a backup to end
rather than close the database under it. Time is the app's clock, so tests
move it and call `tick`; `coffre serve` starts the thread that ticks every
minute (and at once when Settings change the plan).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import Flask, current_app

from vault import backup, keeping, retention
from vault.errors import VaultError
from vault.store import Store
from web.clock import Clock
from web.runtime import Runtime

ROUND_SECONDS = 60.0
RETRY = timedelta(hours=1)  # after a failed scheduled backup (a disk unplugged)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """The last scheduled backup that failed: when, and the reason to show."""

    at: datetime
    reason: str


class Scheduler:
    """What is due, done in rounds; the background thread only calls `tick`."""

    def __init__(self, runtime: Runtime, clock: Clock):
        self.runtime, self.clock = runtime, clock
        self.failure: Failure | None = None
        self.rounds = 0  # rounds the thread finished (tests wait on it)
        self._retained_on: date | None = None
        self._stop, self._wake = threading.Event(), threading.Event()
        self._ran = threading.Condition()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[str]:
        """Do what is due now ("backup", "retention"); nothing at all while locked."""
        with self.runtime.holding() as store:
            if store is None:
                return []
            plan, now = keeping.load(store), self.clock.now()
            done = []
            if self._backup_due(plan, now) and self._backup(store, plan, now):
                done.append("backup")
            if plan.retention_years and self._retained_on != now.date():
                retention.forget(store, years=plan.retention_years, now=now)
                self._retained_on = now.date()
                done.append("retention")
            return done

    def _backup_due(self, plan: keeping.Plan, now: datetime) -> bool:
        if plan.every_hours is None:
            return False
        if self.failure is not None and now - self.failure.at < RETRY:
            return False
        last = backup.last_good(self.runtime.folder, into=plan.folder)
        return last is None or now - last >= timedelta(hours=plan.every_hours)

    def _backup(self, store: Store, plan: keeping.Plan, now: datetime) -> bool:
        try:
            make(store, self.runtime, plan, now=now)
        except VaultError as e:
            self.failure = Failure(now, str(e))
            log.warning("Scheduled backup failed: %s", e)
            return False
        self.failure = None
        return True

    def start(self, *, every: float = ROUND_SECONDS) -> None:
        """Tick in a background thread every `every` seconds until `stop`."""
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True,
                                        name="coffre-scheduler")
        self._thread.start()

    def wake(self) -> None:
        """Tick now rather than at the end of the round (the plan changed)."""
        self._wake.set()

    def stop(self) -> None:
        """End the thread after the round in progress."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def wait_rounds(self, rounds: int, timeout: float) -> bool:
        """Wait until the thread has finished `rounds` rounds; False at the timeout."""
        with self._ran:
            return self._ran.wait_for(lambda: self.rounds >= rounds, timeout)

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a bug must not end scheduled backups for good
                log.exception("Scheduled keeping failed")
            with self._ran:
                self.rounds += 1
                self._ran.notify_all()
            self._wake.wait(every)
            self._wake.clear()


def make(store: Store, runtime: Runtime, plan: keeping.Plan, *, now: datetime,
         started: Callable[[Path], None] | None = None) -> Path:
    """A backup into the plan's folder, then all but the newest `plan.keep` there removed;
    return the backup's folder. `started` is told the partial folder (backup.create).

    Raises what backup.create raises.
    """
    made = backup.create(store, runtime.folder, now=now, into=plan.folder, started=started)
    backup.prune(runtime.folder, keep=plan.keep, into=plan.folder)
    return made


def init_app(app: Flask) -> None:
    """Give the app its scheduler (started by `coffre serve`, not by tests)."""
    app.extensions["coffre_scheduler"] = Scheduler(app.extensions["coffre"],
                                                   app.extensions["coffre_clock"])


def current() -> Scheduler:
    """The scheduler of the app handling this request."""
    return current_app.extensions["coffre_scheduler"]
