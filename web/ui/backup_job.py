"""Settings → Backups → Back up now, in the background (jobs.py): a big vault takes time.

The job holds the store for its whole length (Runtime.holding), so locking waits for it
rather than closing the database under it; a copy that fails leaves no partial backup
(vault/backup.py). Its progress is the copy's size on disk (backup.Progress).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from vault import backup, keeping
from vault.errors import Locked, VaultError
from web import scheduler
from web.runtime import Runtime
from web.ui.jobs import Job


class BackupJob(Job):
    """One backup in a thread: bytes copied so far, then the backup made or why not."""

    kind = "backup"

    def __init__(self, runtime: Runtime, *, now: datetime):
        super().__init__(runtime)
        self.now = now
        self.copied = backup.Progress(runtime.require())
        self.made: Path | None = None  # the verified backup
        self.size = 0  # its size on disk, in bytes
        self.reason = ""  # why it could not be made (a disk unplugged or full)

    def progress(self) -> tuple[int, int]:
        """Bytes of the copy written so far, of about the vault's size."""
        return self.copied.written(), self.copied.total

    def run(self) -> None:
        """Make the backup the plan says (folder, how many to keep), once the store is free."""
        with self.runtime.holding() as store:
            if store is None:
                raise Locked("The vault is locked.")
            try:
                self.made = scheduler.make(store, self.runtime, keeping.load(store),
                                           now=self.now, started=self.copied.started)
            except VaultError as e:  # said on the page; no partial backup is left
                self.reason, self.failed = str(e), True
                return
        self.size, self.copied.finished = backup.size(self.made), True
