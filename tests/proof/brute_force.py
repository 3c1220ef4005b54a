"""Brute force: guesses at sign-in, unlock, the token endpoint and registration from many addresses.

Each attacker is its own loopback address (127.0.0.10, .11, …; Linux routes the
whole 127/8 to lo), hammering without pause; the owner, from 127.0.0.2, signs
in or unlocks in the middle of it. The vault uses the production Argon2id
cost, so a guess that reaches the key derivation costs what it costs at home.
Judged: the owner always gets in; no guess succeeds; each attacker address is
admitted no more often than the throttle's schedule allows; a guess costs the
attacker more time than it costs the server in CPU.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import PASSPHRASE
from tests.proof import harness
from tests.proof.result import Result
from vault.keys import DEFAULT_COST

OWNER = "127.0.0.2"
FREE = 3  # failures the throttle allows before a wait (web/throttle.py's default)


@dataclass
class Tally:
    """What one phase saw."""

    guesses: int = 0
    admitted: int = 0  # answered after a real check (not a 429)
    refused: int = 0  # 429: told to wait, no check run
    succeeded: int = 0  # a guess that worked: must stay 0
    statuses: dict[int, int] = field(default_factory=dict)
    per_address: dict[str, int] = field(default_factory=dict)  # admitted guesses by address
    owner_seconds: float = 0.0  # how long the owner's own attempt took, mid-attack
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, address: str, status: int, admitted: bool, succeeded: bool) -> None:
        with self.lock:
            self.guesses += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.refused += status == 429
            self.admitted += admitted
            self.succeeded += succeeded
            if admitted:
                self.per_address[address] = self.per_address.get(address, 0) + 1


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def attack(served: harness.Served, addresses: list[str], seconds: float,
           guess: Callable[[harness.Served, str, int], tuple[int, bool, bool]],
           owner: Callable[[], bool]) -> tuple[Tally, bool, float]:
    """Every address guesses at once for `seconds`; the owner tries halfway.

    Returns the tally, whether the owner got in, and the server's CPU seconds.
    """
    tally, stop_at = Tally(), time.monotonic() + seconds
    throttled = threading.Event()  # every address has used up its free failures
    before = cpu_seconds(served.process.pid)

    def hammer(address: str) -> None:
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            try:
                status, admitted, succeeded = guess(served, address, n)
            except OSError:  # refused or dropped: the server failed this attacker
                status, admitted, succeeded = 599, False, False
            tally.note(address, status, admitted, succeeded)
            if tally.guesses >= len(addresses) * (FREE + 2):
                throttled.set()

    threads = [threading.Thread(target=hammer, args=(a,)) for a in addresses]
    for t in threads:
        t.start()
    throttled.wait(timeout=seconds / 2)  # the owner comes in while the attack is at full speed
    started = time.monotonic()
    owner_in = owner()
    tally.owner_seconds = time.monotonic() - started
    for t in threads:
        t.join()
    return tally, owner_in, cpu_seconds(served.process.pid) - before


def allowed(seconds: float) -> int:
    """The most checks the throttle lets one address run in `seconds` (FREE, then 1, 2, 4 s…)."""
    checks, spent, wait = FREE + 1, 0.0, 1.0
    while spent + wait <= seconds:
        spent, wait, checks = spent + wait, wait * 2, checks + 1
    return checks


def passphrase_guesser(path: str) -> Callable[[harness.Served, str, int], tuple[int, bool, bool]]:
    """Guesses at the sign-in or unlock page, one browser per attacker address."""
    browsers: dict[str, harness.Browser] = {}

    def guess(served: harness.Served, address: str, n: int) -> tuple[int, bool, bool]:
        browser = browsers.setdefault(address, harness.Browser(served.port, address))
        status = browser.passphrase(path, f"wrong guess {address} {n}")
        # A wrong passphrase is checked and answered 403. Once the owner has unlocked,
        # /unlock sends everyone on to sign in (and a post without the form's token is a
        # 400): nothing is checked then, and nothing opens.
        moved_on = urlsplit(browser.location).path.endswith(("/sign-in", "/unlock"))
        opened = status == 302 and not moved_on
        return status, status == 403 or opened, opened

    return guess


def judge(result: Result, phase: str, tally: Tally, owner_in: bool, cpu: float,
          seconds: float) -> None:
    """Failures and figures of one phase."""
    result.cases += tally.guesses
    result.requests = (result.requests or 0) + tally.guesses
    if not owner_in:
        result.fail(f"{phase}: the owner could not get in during the attack")
    if tally.succeeded:
        result.fail(f"{phase}: {tally.succeeded} guesses succeeded")
    errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    result.errors = (result.errors or 0) + errors
    if errors:
        result.fail(f"{phase}: {errors} server errors")
    addresses = len(tally.per_address) or 1
    attacker = seconds * addresses / max(tally.admitted, 1)
    server = cpu / max(tally.guesses, 1)
    result.details.append(
        f"{phase}: {tally.guesses} guesses from {addresses} addresses, {tally.admitted} checked,"
        f" {tally.refused} told to wait; attacker {attacker:.2f} s per checked guess vs server"
        f" {server * 1000:.2f} ms CPU per guess; the owner got in in {tally.owner_seconds:.2f} s;"
        f" statuses {dict(sorted(tally.statuses.items()))}")
    if attacker <= server:
        result.fail(f"{phase}: a guess costs the server more than the attacker")
    most = max(tally.per_address.values(), default=0)
    if most > allowed(seconds):
        result.fail(f"{phase}: an address got {most} checks, more than the throttle's"
                    f" {allowed(seconds)} in {seconds:.0f} s")


def passphrase_phases(result: Result, work: Path, folder: Path, addresses: list[str],
                      seconds: float) -> None:
    """Sign-in on an unlocked server, then unlock on a locked one."""
    for phase, path, unlocked in (("sign-in", "/sign-in", True), ("unlock", "/unlock", False)):
        with harness.serve(folder, work, unlocked=unlocked) as served:
            owner = harness.Browser(served.port, OWNER)
            tally, owner_in, cpu = attack(
                served, addresses, seconds, passphrase_guesser(path),
                lambda o=owner, p=path: o.passphrase(p, PASSPHRASE) == 302)
        judge(result, phase, tally, owner_in, cpu, seconds)


def token_guess(client_id: str) -> Callable[[harness.Served, str, int], tuple[int, bool, bool]]:
    """Guesses of a registered brand's client secret at the token endpoint."""

    def guess(served: harness.Served, address: str, n: int) -> tuple[int, bool, bool]:
        basic = base64.b64encode(f"{client_id}:guess-{address}-{n}".encode()).decode()
        status = one_post(served, address, "/oauth/token",
                          b"grant_type=refresh_token&refresh_token=guess",
                          {"Authorization": f"Basic {basic}",
                           "Content-Type": "application/x-www-form-urlencoded"})
        return status, status != 429, status == 200

    return guess


def registration_guess(served: harness.Served, address: str, n: int) -> tuple[int, bool, bool]:
    """A guess of an invitation at the registration endpoint."""
    status = one_post(served, address, "/oauth/register", (
        b'{"client_name": "Intrus", "redirect_uris": ["https://intrus.example/cb"]}'), {
        "Authorization": f"Bearer guess-{address}-{n}", "Content-Type": "application/json"})
    return status, status != 429, status == 201


def one_post(served: harness.Served, address: str, path: str, body: bytes,
             headers: dict[str, str]) -> int:
    """One POST on a fresh connection from `address`; the status."""
    conn = harness.connect(served.port, source=address)
    try:
        return harness.call(conn, "POST", path, body=body, headers=headers)[0]
    finally:
        conn.close()


def machine_phases(result: Result, work: Path, folder: Path, brand: harness.Brand,
                   addresses: list[str], seconds: float) -> None:
    """Client secrets at the token endpoint, invitations at registration; the brand still works."""
    refresh = f"grant_type=refresh_token&refresh_token={brand.token}".encode()
    basic = base64.b64encode(f"{brand.client_id}:{brand.secret}".encode()).decode()
    with harness.serve(folder, work) as served:
        for phase, guess in (("token", token_guess(brand.client_id)),
                             ("registration", registration_guess)):
            tally, owner_in, cpu = attack(served, addresses, seconds, guess, lambda: one_post(
                served, OWNER, "/oauth/token", refresh, {
                    "Authorization": f"Basic {basic}",
                    "Content-Type": "application/x-www-form-urlencoded"}) in (200, 400))
            judge(result, phase, tally, owner_in, cpu, seconds)


def run(work: Path, *, long: bool) -> Result:
    """The campaign: 50 addresses for 30 s per phase (long) or 8 for 4 s (short)."""
    count, seconds = (50, 30.0) if long else (8, 4.0)
    addresses = [f"127.0.0.{10 + n}" for n in range(count)]
    result = Result("brute force")
    folder = work / "brute-vault"
    [brand] = harness.build(folder, brand_count=1, scopes=frozenset({"profile:read"}),
                            orders=20, cost=DEFAULT_COST)
    passphrase_phases(result, work, folder, addresses, seconds)
    machine_phases(result, work, folder, brand, addresses, seconds)
    return result
