"""The journal of access events: each one kept before the call returns, folded into the log after.

A killed process's journal is replayed at the next unlock, exactly once, in order; locking,
backing up, exporting, checking and proving all see the events it held.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_COST, file_size_limit
from vault import audit, backup, identity, journal, leaves, lifecycle, restore, tamper, transparency
from vault.errors import DatabaseDamaged, NotWritable
from vault.store import Store

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
# A server's reads, in a process of its own: it logs `n` reads, says so, and waits to be killed.
CHILD = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from vault import audit, lifecycle
store = lifecycle.unlock(Path(sys.argv[1]), "passphrase", sys.argv[2])
for i in range(int(sys.argv[3])):
    audit.record(store, at=datetime(2026, 5, 1, 9, i, tzinfo=UTC), method="GET",
                 endpoint=f"/api/v1/read{i}", outcome="allowed", brand_name="Maison Dupont")
print("logged", flush=True)
sys.stdin.read()
"""


def _read(store: Store, n: int, *, at: datetime = T0) -> None:
    audit.record(store, at=at, method="GET", endpoint=f"/api/v1/read{n}", outcome="allowed",
                 brand_name="Maison Dupont", records=1, fields=["name"])


def _endpoints(store: Store) -> list[str]:
    """The access events' endpoints, in the log's order."""
    return [r[0] for r in store.all("select endpoint from access_log order by seq")]


def _killed_after_logging(folder: Path, n: int) -> None:
    """A process logs `n` reads and is killed (-9) before it can fold any: another connection
    holds the vault's write lock meanwhile."""
    holder = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    holder.execute("begin immediate")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), PASSPHRASE, str(n)],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "logged\n"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        holder.execute("rollback")
        holder.close()


@pytest.fixture
def closed(created, folder) -> Path:
    """The folder of a vault, closed."""
    created[0].close()
    return folder


def test_reads_logged_by_a_killed_process_are_in_the_log_after_the_unlock_once(closed):
    _killed_after_logging(closed, 5)
    assert len(list(closed.glob("journal-*.bin"))) == 1

    store = lifecycle.unlock(closed, "passphrase", PASSPHRASE)
    assert _endpoints(store) == [f"/api/v1/read{i}" for i in range(5)]
    assert tamper.check(store).intact and not list(closed.glob("journal-*.bin"))
    store.close()
    again = lifecycle.unlock(closed, "passphrase", PASSPHRASE)
    assert _endpoints(again) == [f"/api/v1/read{i}" for i in range(5)]
    again.close()


def test_a_journal_replayed_once_is_never_replayed_again(closed, tmp_path):
    _killed_after_logging(closed, 3)
    (left,) = closed.glob("journal-*.bin")
    kept = shutil.copy(left, tmp_path / left.name)  # as if the process died before deleting it
    lifecycle.unlock(closed, "passphrase", PASSPHRASE).close()
    shutil.copy(kept, left)

    store = lifecycle.unlock(closed, "passphrase", PASSPHRASE)
    assert _endpoints(store) == [f"/api/v1/read{i}" for i in range(3)]
    store.close()


def _last_frame(path: Path) -> tuple[int, int]:
    """Where the last frame of a journal file starts and ends (frames: a 4-byte length, then
    that many bytes; a length of zero after the last)."""
    data, at, last = path.read_bytes(), len(journal.MAGIC), None
    while (length := int.from_bytes(data[at:at + 4], "big")) != 0:
        last, at = at, at + 4 + length
    return last, at


@pytest.mark.parametrize("cut", ["length_never_written", "file_cut_short"])
def test_a_frame_cut_short_by_the_kill_ends_the_journal(closed, cut):
    _killed_after_logging(closed, 3)
    (left,) = closed.glob("journal-*.bin")
    start, end = _last_frame(left)
    if cut == "length_never_written":  # killed between the frame's body and its length
        with left.open("r+b") as file:
            file.seek(start)
            file.write(bytes(4))
    else:  # a file a write() left, or one cut short since
        os.truncate(left, end - 5)

    store = lifecycle.unlock(closed, "passphrase", PASSPHRASE)
    assert _endpoints(store) == ["/api/v1/read0", "/api/v1/read1"]
    assert tamper.check(store).intact
    store.close()


def test_the_journal_of_a_live_store_is_not_taken_by_another(store, folder):
    _read(store, 0)
    (ours,) = folder.glob("journal-*.bin")
    other = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    audit.settle(other)
    other.close()
    assert ours.exists()
    audit.settle(store)
    assert _endpoints(store) == ["/api/v1/read0"]


def test_the_log_keeps_the_order_of_reads_and_the_vaults_own_events(store):
    _read(store, 0)
    _read(store, 1)
    audit.event(store, "vault.locked", at=T0 + timedelta(minutes=1))
    with store.atomic():
        _read(store, 2)  # inside a transaction: written in it
    _read(store, 3)
    audit.settle(store)

    kinds = {r["seq"]: r["kind"] for r in store.all("select seq, kind from vault_events")}
    reads = {r["seq"]: r["endpoint"] for r in store.all("select seq, endpoint from access_log")}
    assert [kinds.get(s) or reads[s] for s in range(transparency.size(store))] == [
        "/api/v1/read0", "/api/v1/read1", "vault.locked", "/api/v1/read2", "/api/v1/read3"]
    assert tamper.check(store).intact


def test_an_event_recorded_inside_a_transaction_stays_part_of_it(store):
    with pytest.raises(RuntimeError), store.atomic():
        audit.record(store, at=T0, method="POST", endpoint="/api/v1/purchases",
                     outcome="allowed")
        raise RuntimeError("the view failed")

    audit.settle(store)
    assert transparency.size(store) == 0
    assert store.value("select count(*) from access_log") == 0


def test_locking_folds_the_journal_and_deletes_it(store, folder):
    for n in range(3):
        _read(store, n)
    store.close()
    assert not list(folder.glob("journal-*.bin"))

    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert _endpoints(reopened) == ["/api/v1/read0", "/api/v1/read1", "/api/v1/read2"]
    reopened.close()


def test_a_backup_holds_the_reads_the_journal_held(store, folder, tmp_path):
    _read(store, 0)
    made = backup.create(store, folder, now=T0)
    restore.restore(made, tmp_path / "restored", "passphrase", PASSPHRASE, now=T0)

    copy = lifecycle.unlock(tmp_path / "restored", "passphrase", PASSPHRASE)
    assert _endpoints(copy) == ["/api/v1/read0"]
    copy.close()


def test_reads_of_concurrent_threads_are_each_logged_and_signed(store):
    threads = [threading.Thread(target=_read, args=(store, n)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    audit.settle(store)

    assert sorted(_endpoints(store)) == sorted(f"/api/v1/read{n}" for n in range(8))
    head = transparency.head(store)
    assert head.size == 8 and transparency.verify_head(head, identity.public_key(store))
    assert tamper.check(store).intact


def test_the_journal_holds_nothing_readable(store, folder):
    _read(store, 0)
    (journal,) = folder.glob("journal-*.bin")
    data = journal.read_bytes()
    assert b"Maison Dupont" not in data and b"read0" not in data


def test_a_read_the_journal_cannot_take_raises_and_leaves_nothing(store, folder):
    _read(store, 0)  # the journal exists
    audit.settle(store)
    (journal,) = folder.glob("journal-*.bin")
    size = journal.stat().st_size

    taken = 0
    with file_size_limit(size), pytest.raises(NotWritable):  # the room reserved runs out
        for taken in range(1, 10_000):
            _read(store, taken)

    assert journal.stat().st_size == size
    audit.settle(store)
    assert _endpoints(store) == [f"/api/v1/read{n}" for n in range(taken)]
    _read(store, taken)  # room again: nothing of the refused one was left in the file
    audit.settle(store)
    assert _endpoints(store)[-2:] == [f"/api/v1/read{taken - 1}", f"/api/v1/read{taken}"]


def test_a_changed_data_key_starts_a_new_journal(store, folder):
    _read(store, 0)
    lifecycle.rotate_data_key(folder, store, PASSPHRASE, cost=TEST_COST)
    _read(store, 1)
    store.close()

    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert _endpoints(reopened) == ["/api/v1/read0", "/api/v1/read1"]
    reopened.close()


def test_a_journal_grown_past_its_limit_keeps_only_what_waits(folder):
    folder.mkdir()
    release = threading.Event()
    kept = journal.Journal(folder, lambda name: bytes(32), fold=release.wait)  # folded by hand
    big = [f"event {n:04d}".encode() * 100 for n in range(1200)]  # 1.2 MB, past LIMIT
    for leaf in big:
        kept.append(leaf)
    kept.folded(999)  # the first thousand are in the log

    assert kept.path.stat().st_size < journal.LIMIT
    release.set()
    kept.stop()
    kept.close()  # what waits stays in the file
    (left,) = journal.leftovers(folder, lambda name: bytes(32))
    assert left.entries == list(enumerate(big))[1000:]
    left.close()


def test_an_event_after_the_lock_is_refused(store):
    _read(store, 0)
    store.close()
    with pytest.raises(DatabaseDamaged):
        _read(store, 1)


def test_a_burst_of_a_thousand_reads_is_folded_at_once(folder):
    # Each fold empties the page cache of the API's other connections: a second's worth of
    # reads at a busy server's pace (about a thousand) makes one fold, not one per 0.1 s.
    folder.mkdir()
    seen, folded = [], threading.Event()

    def fold() -> None:
        seen.append(len(kept.waiting()))
        kept.folded(kept.waiting()[-1][0])
        folded.set()

    kept = journal.Journal(folder, lambda name: bytes(32), fold=fold)
    for n in range(1000):
        kept.append(f"event {n:04d}".encode())
    assert folded.wait(10)
    kept.stop()
    kept.close()

    assert seen == [1000]


def test_a_journal_of_leaves_an_earlier_coffre_left_is_replayed_alike(store, folder):
    # Before, an entry was the event's leaf (a JSON object); now it is its values (a list).
    leaf = leaves.canonical({
        "type": "access", "at": "2026-05-01T09:00:00Z", "brand_id": None,
        "brand_name": "Maison Dupont", "grant_id": None, "method": "GET",
        "endpoint": "/api/v1/earlier", "scope": None, "outcome": "allowed", "reason": None,
        "records": 1, "fields": ["name"], "months": None, "held": {"kind": "profile"},
        "body_sha256": "0" * 64})
    earlier = journal.Journal(folder, audit._key_for(store), fold=lambda: None)
    earlier.append(leaf)
    earlier.stop()
    earlier.close()  # killed before it folded: the file stays
    store.close()

    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert _endpoints(reopened) == ["/api/v1/earlier"]
    assert audit.recent(reopened, limit=1)[0].held == {"kind": "profile"}
    assert tamper.check(reopened).intact
    reopened.close()


def test_a_journal_whose_times_were_text_is_replayed_alike(store, folder):
    # Before, an entry's values began with its time as text; now, as seconds since the epoch.
    values = ["2026-05-01T09:00:00Z", None, "Maison Dupont", None, "GET", "/api/v1/earlier",
              None, "allowed", None, 1, ["name"], None, {"kind": "profile"}, "0" * 64]
    earlier = journal.Journal(folder, audit._key_for(store), fold=lambda: None)
    for _ in range(2):  # alike: the second would take the first's leaf in the fold
        earlier.append(json.dumps(values).encode())
    earlier.stop()
    earlier.close()  # killed before it folded: the file stays
    store.close()

    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert [e.at for e in audit.recent(reopened, limit=5)] == [
        datetime(2026, 5, 1, 9, 0, tzinfo=UTC)] * 2
    assert tamper.check(reopened).intact
    reopened.close()


def test_without_posix_fallocate_the_journal_grows_its_file_alike(folder, monkeypatch):
    monkeypatch.delattr(os, "posix_fallocate")  # as on macOS
    folder.mkdir()
    release = threading.Event()
    kept = journal.Journal(folder, lambda name: bytes(32), fold=release.wait)  # none folded
    events = [f"event {n:04d}".encode() * 20 for n in range(400)]  # past the first room
    for event in events:
        kept.append(event)
    release.set()
    kept.stop()
    kept.close()

    (left,) = journal.leftovers(folder, lambda name: bytes(32))
    assert left.entries == list(enumerate(events))
    assert left.path.stat().st_size > journal.ROOM
    left.close()
