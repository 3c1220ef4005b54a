"""A backup killed part-way (kill -9): older backups untouched, the partial one never listed."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import PASSPHRASE, TEST_COST
from tests.web.cli.helpers import ENV
from vault import backup, demo, lifecycle

ROOT = Path(__file__).resolve().parents[3]
ORDERS = 100_000  # about 40 MB: the copy takes long enough to be caught part-way
STARTED = 1024 * 1024  # the partial copy holds at least this much: well under way


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _start_backup(folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from web.cli import main; main()", "--vault", str(folder),
         "backup"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **ENV, "COFFRE_PASSPHRASE": PASSPHRASE})


def _wait_for_copy(process: subprocess.Popen) -> Path:
    """The partial folder, once the process says it began and its copy has grown."""
    line = process.stdout.readline()
    assert line.startswith("Writing "), line + process.stderr.read()
    partial = Path(line.removeprefix("Writing ").removesuffix(" …\n"))
    copy = partial / "vault.db"
    while process.poll() is None:
        if copy.exists() and copy.stat().st_size >= STARTED:
            return partial
        os.sched_yield()
    raise AssertionError("the backup ended before it could be interrupted")


def test_a_backup_killed_part_way_leaves_older_ones_untouched(folder):
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    older = backup.create(store, folder, now=datetime(2026, 1, 1, tzinfo=UTC))
    demo.bulk_orders(store, ORDERS, until=datetime(2026, 6, 1, tzinfo=UTC))
    store.close()
    before = _digest(older)

    process = _start_backup(folder)
    partial = _wait_for_copy(process)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert process.returncode == -signal.SIGKILL
    assert partial.exists()  # caught part-way, and left as it was
    assert backup.all_backups(folder) == [older]
    assert backup.last_good(folder) == datetime(2026, 1, 1, tzinfo=UTC)
    assert _digest(older) == before

    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    newer = backup.create(store, folder, now=datetime(2026, 7, 1, tzinfo=UTC))
    store.close()
    assert not partial.exists()
    assert backup.all_backups(folder) == [older, newer]
    copy = lifecycle.unlock(newer, "passphrase", PASSPHRASE)
    assert copy.value("select count(*) from orders") == ORDERS
    copy.close()
