"""The sign-in throttle on the real server: nobody else's failures lock the owner out.

Each client address has its own count; the check and the count are one step,
so parallel guesses get no more real checks than sequential ones; the
Argon2id work itself is bounded by a semaphore, not by a shared wait.
Client addresses are loopback addresses (127.0.0.x), all served on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlencode

import pytest

from tests.conftest import PASSPHRASE, LiveServer, ManualClock, app_config
from web import create_app
from web.throttle import Throttle


def serve(folder, clock, **config):
    """An unlocked vault served by waitress (8 threads) on `clock`, CSRF off."""
    app = create_app(app_config(folder, TESTING=False, PUBLIC_URL=None, CLOCK=clock, **config))
    app.extensions["coffre"].create(PASSPHRASE)
    with LiveServer(app, threads=8) as server:
        yield server
    app.extensions["coffre"].lock()


@pytest.fixture
def served(folder, clock):
    """An unlocked vault served on 127.0.0.1, on the test's clock."""
    yield from serve(folder, clock)


@pytest.fixture
def served_costly(folder, clock):
    """The same with an Argon2id cost that takes real time, as in production."""
    yield from serve(folder, clock, KDF_OPSLIMIT=2, KDF_MEMLIMIT=32 * 1024 * 1024)


def sign_in_from(server: LiveServer, address: str, passphrase: str) -> int:
    """POST /sign-in from the client address `address`; the status code."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30,
                                            source_address=(address, 0))
    try:
        connection.request("POST", "/sign-in", body=urlencode({"passphrase": passphrase}),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_others_failures_never_lock_the_owner_out(served):
    for n in range(2, 10):  # eight attackers, three wrong guesses each
        for _ in range(3):
            assert sign_in_from(served, f"127.0.0.{n}", "wrong wrong wrong") == 403

    assert sign_in_from(served, "127.0.0.1", PASSPHRASE) == 302


def test_an_attackers_own_guesses_are_still_slowed(served):
    statuses = [sign_in_from(served, "127.0.0.2", "wrong wrong wrong") for _ in range(6)]
    assert statuses == [403] * 4 + [429] * 2  # three free failures, a fourth after no wait


def test_parallel_guesses_get_no_more_checks_than_sequential_ones(served_costly):
    start = threading.Barrier(16)
    statuses: list[int] = []

    def guess():
        start.wait()
        statuses.append(sign_in_from(served_costly, "127.0.0.3", "wrong wrong wrong"))

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(statuses) == 16
    assert statuses.count(403) == 4 and statuses.count(429) == 12


def test_a_success_resets_its_clients_count(served):
    for _ in range(3):
        assert sign_in_from(served, "127.0.0.4", "wrong wrong wrong") == 403
    assert sign_in_from(served, "127.0.0.4", PASSPHRASE) == 302
    for _ in range(4):
        assert sign_in_from(served, "127.0.0.4", "wrong wrong wrong") == 403


def test_argon2_work_is_bounded_by_a_semaphore():
    throttle = Throttle(concurrent=1, clock=ManualClock())
    inside, release = threading.Event(), threading.Event()

    def slow_check():
        inside.set()
        release.wait()

    worker = threading.Thread(target=lambda: throttle.attempt("a", slow_check))
    worker.start()
    inside.wait()
    assert not throttle.slots.acquire(blocking=False)  # the one slot is taken
    release.set()
    worker.join()
    assert throttle.slots.acquire(blocking=False)
