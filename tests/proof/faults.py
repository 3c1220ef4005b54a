"""Faults: kill -9 the server in the middle of writes, and fill its disk.

Each round serves the same vault, sets brands writing offers and receipts and
the consumer pausing and resuming a grant or changing the passphrase, and
SIGKILLs the server once a random number of writes were acknowledged (so the
kill falls among writes in flight, with no timer), while the brand whose grant
is toggled reads its profile (each answer, allowed or refused, is an access
event logged before it leaves: through the journal, vault/journal.py). After
each kill the vault must open with the passphrase in force, pass SQLite's and
SQLCipher's integrity checks, hold every acknowledged write exactly once, and
log every answered read exactly once (the one in flight at the kill at most). Then the
vault is put on a small tmpfs that is filled up: writes must fail with a clear
error, and once space is back the vault is whole and takes writes again.
"""

from __future__ import annotations

import http.client
import json
import random
import shutil
import signal
import subprocess
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.proof import harness
from tests.proof.load import offer, receipt
from tests.proof.result import Result
from vault import lifecycle
from vault.errors import WrongKey

WRITERS = 4
WRITING = frozenset({"offers:write", "purchases:write"})


@dataclass
class Round:
    """What one round asked for and what the server acknowledged."""

    acked: list[tuple[str, str]] = field(default_factory=list)  # (kind, mark)
    toggles: list[tuple[str, bool]] = field(default_factory=list)  # (state asked, acked)
    new_passphrase: str | None = None
    passphrase_acked: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)
    target: int = 1
    grant_before: str = "active"  # the grant's state when the round began
    reads: int = 0  # answers the reading brand received
    read_events: int = 0  # its access events in the log, before the round, then after
    grant_after: str = "active"  # as the vault holds it after the kill

    def ack(self, kind: str, mark: str) -> None:
        with self.lock:
            self.acked.append((kind, mark))
            if len(self.acked) >= self.target:
                self.enough.set()


def write(served: harness.Served, brand: harness.Brand, n: int, state: Round,
          killed: threading.Event) -> None:
    """A brand posting offers and receipts until the server dies."""
    conn = served.connection()
    i = 0
    while not killed.is_set():
        i += 1
        mark, now = f"f{n}-{brand.id}-{i}-{random.getrandbits(32)}", datetime.now(UTC)
        kind, path, body = (("offer", "/api/v1/offers", offer(brand.name, mark, now)) if i % 2
                            else ("receipt", "/api/v1/purchases", receipt(mark, now)))
        try:
            status, _ = harness.call(conn, "POST", path, token=brand.token, body=body)
        except (OSError, http.client.HTTPException):  # the server died mid-answer
            return
        if status == 201:
            state.ack(kind, mark)


def read(served: harness.Served, brand: harness.Brand, state: Round,
         killed: threading.Event) -> None:
    """A brand reading its profile until the server dies (refused while its grant is paused)."""
    conn = served.connection()
    while not killed.is_set():
        try:
            harness.call(conn, "GET", "/api/v1/profile", token=brand.token)
        except (OSError, http.client.HTTPException):  # the server died mid-answer
            return
        with state.lock:
            state.reads += 1


def consume(served: harness.Served, grant_id: int, passphrase: str, state: Round,
            killed: threading.Event) -> None:
    """The consumer: signs in, then changes the passphrase once or toggles the grant."""
    browser = harness.Browser(served.port)
    try:
        if browser.passphrase("/sign-in", passphrase) != 302:
            return
        if state.new_passphrase:
            status = browser.submit("/settings/passphrase", {
                "current": passphrase, "new_passphrase": state.new_passphrase,
                "confirm": state.new_passphrase})
            state.passphrase_acked = status == 302
            return
        asked = "pause"
        while not killed.is_set():
            state.toggles.append((asked, False))
            status = browser.submit("/access/", {}, f"/access/grants/{grant_id}/{asked}")
            state.toggles[-1] = (asked, status == 302)
            asked = "resume" if asked == "pause" else "pause"
    except (OSError, http.client.HTTPException):
        return


def grant_states(state: Round) -> set[str]:
    """The grant states the vault may hold: the last acknowledged, or one asked since."""
    last, maybe = state.grant_before, set()
    for asked, acked in state.toggles:
        result = "paused" if asked == "pause" else "active"
        if acked:
            last, maybe = result, set()
        else:
            maybe.add(result)
    return {last} | maybe


def opened(folder: Path, candidates: list[str]) -> tuple[str | None, object]:
    """The first candidate passphrase that opens the vault, and the open store."""
    for candidate in candidates:
        try:
            return candidate, lifecycle.unlock(folder, "passphrase", candidate)
        except WrongKey:
            continue
    return None, None


def check_round(result: Result, n: int, folder: Path, state: Round, grant_id: int | None,
                passphrase: str) -> str:
    """The vault after round `n`'s kill; return the passphrase now in force."""
    candidates = [passphrase]
    if state.new_passphrase:
        candidates = ([state.new_passphrase] if state.passphrase_acked
                      else [passphrase, state.new_passphrase])
    in_force, store = opened(folder, candidates)
    if store is None:
        result.fail(f"round {n}: the vault does not open with the passphrase in force")
        return passphrase
    try:
        integrity = [tuple(r) for r in store.execute("pragma integrity_check")]
        cipher = [tuple(r) for r in store.execute("pragma cipher_integrity_check")]
        if integrity != [("ok",)] or cipher:
            result.fail(f"round {n}: integrity {integrity[:3]}, cipher {cipher[:3]}")
        offers = Counter(r[0].removeprefix("Offre ") for r in store.execute(
            "select title from offers where title like 'Offre f%'"))
        receipts = Counter(r[0] for r in store.execute(
            "select merchant_order_id from orders where merchant_order_id is not null"))
        status = store.value("select status from grant_versions where grant_id = ?"
                             " order by version desc limit 1", (grant_id,))
        logged = store.value("select count(*) from access_log where endpoint = '/api/v1/profile'"
                             " and brand_id = (select brand_id from grants where id = ?)",
                             (grant_id,)) - state.read_events
    finally:
        store.close()
    if not state.reads <= logged <= state.reads + 1:
        result.fail(f"round {n}: {state.reads} reads answered, {logged} logged")
    state.read_events += logged
    stored = {"offer": offers, "receipt": receipts}
    found = sum(1 for kind, mark in state.acked if stored[kind][mark] == 1)
    result.acknowledged = (result.acknowledged or 0) + len(state.acked)
    result.found = (result.found or 0) + found
    if found != len(state.acked):
        result.fail(f"round {n}: {len(state.acked) - found} acknowledged writes lost or doubled")
    if grant_id is not None and status not in grant_states(state):
        result.fail(f"round {n}: the grant is {status}, expected one of {grant_states(state)}")
    state.grant_after = status
    return in_force


def kill_round(result: Result, n: int, folder: Path, work: Path, brands: list[harness.Brand],
               grant_id: int, passphrase: str, rng: random.Random,
               before: Round) -> tuple[str, Round]:
    """One round: writes and reads, a kill -9 among them, the checks; the passphrase in force
    after, and the round (its grant's state and its read events, for the next)."""
    state = Round(target=rng.randint(3, 60), grant_before=before.grant_after,
                  grant_after=before.grant_after, read_events=before.read_events)
    if n % 3 == 1:
        state.new_passphrase = f"{PASSPHRASE} round {n}"
    killed = threading.Event()
    with harness.serve(folder, work, passphrase=passphrase) as served:
        threads = [threading.Thread(target=write, args=(served, b, n, state, killed))
                   for b in brands[:WRITERS]]
        threads.append(threading.Thread(target=consume, args=(
            served, grant_id, passphrase, state, killed)))
        threads.append(threading.Thread(target=read, args=(served, brands[WRITERS], state,
                                                           killed)))
        for t in threads:
            t.start()
        state.enough.wait(timeout=60)
        served.process.send_signal(signal.SIGKILL)
        served.process.wait()
        killed.set()
        for t in threads:
            t.join(timeout=60)
    result.requests = (result.requests or 0) + len(state.acked) + state.reads
    return check_round(result, n, folder, state, grant_id, passphrase), state


@contextmanager
def small_disk(where: Path, size_kib: int):
    """A tmpfs of `size_kib` mounted at `where` (needs root, as CI runs)."""
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs",
                    str(where)], check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def fill(where: Path) -> None:
    """Write a filler file until the disk holding `where` is full."""
    with (where / "filler").open("wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def full_disk(result: Result, folder: Path, work: Path, brand: harness.Brand,
              passphrase: str) -> None:
    """Writes on a full disk fail clearly; with space back, the vault is whole and writable."""
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024 + 2048
    with small_disk(work / "small", size) as disk:
        shutil.copytree(folder, disk / "vault")
        with harness.serve(disk / "vault", work, passphrase=passphrase) as served:
            conn = served.connection()
            fill(disk)
            answers = [harness.call(conn, "POST", "/api/v1/purchases", token=brand.token,
                                    body=receipt(f"full-{i}", datetime.now(UTC)))
                       for i in range(20)]
            (disk / "filler").unlink()
            after = harness.call(conn, "POST", "/api/v1/purchases", token=brand.token,
                                 body=receipt("after-full", datetime.now(UTC)))
        refused = [(s, b) for s, b in answers if s != 201]
        result.cases += len(answers)
        result.details.append(f"full disk: {len(refused)} of {len(answers)} writes refused;"
                              f" first answer {answers[0][0]} {answers[0][1][:160]!r}")
        if not refused:
            result.fail("full disk: no write was refused on a full disk")
        for status, body in refused:
            detail = json.loads(body).get("detail", "") if body.startswith(b"{") else ""
            if status < 500 or "free space" not in detail:
                result.fail(f"full disk: unclear answer {status} {body[:120]!r}")
                break
        if after[0] != 201:
            result.fail(f"full disk: with space back the write failed: {after}")
        state = Round(acked=[("receipt", "after-full")] + [
            ("receipt", f"full-{i}") for i, (s, _) in enumerate(answers) if s == 201])
        check_round(result, 0, disk / "vault", state, None, passphrase)


def run(work: Path, *, long: bool) -> Result:
    """The campaign: 20 kills (long) or 3 (short), then the full disk."""
    rounds = 20 if long else 3
    result = Result("faults", cases=rounds)
    folder = work / "fault-vault"
    brands = harness.build(folder, brand_count=WRITERS + 1, scopes=WRITING | {"profile:read"})
    rng = random.Random(20261201)  # reproducible kill points
    toggled = brands[WRITERS]
    grant_id = grant_of(folder, toggled.id)
    passphrase, state = PASSPHRASE, Round()
    for n in range(rounds):
        passphrase, state = kill_round(result, n, folder, work, brands, grant_id, passphrase,
                                       rng, state)
    full_disk(result, folder, work, brands[0], passphrase)
    return result


def grant_of(folder: Path, brand_id: int) -> int:
    """The id of the brand's grant."""
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        return store.value("select id from grants where brand_id = ?", (brand_id,))
    finally:
        store.close()
