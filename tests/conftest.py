"""Fixtures shared by every test: real encrypted vaults in tmp_path, the real app.

The Argon2id cost is lowered through the app's config (tests only; one test
checks the production defaults keep the floor). The app's clock stands still
until a test moves it, so no test sleeps.
"""

from __future__ import annotations

import resource
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vault import audit, identity, leaves, lifecycle, transparency
from vault.keys import KdfCost
from vault.store import Store, open_store
from web import create_app, serving
from web.clock import Clock

TEST_COST = KdfCost(opslimit=1, memlimit=8192)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def cost() -> KdfCost:
    """A cheap Argon2id cost, so tests stay fast."""
    return TEST_COST


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for a vault."""
    return tmp_path / "vault"


@pytest.fixture
def created(folder: Path) -> Iterator[tuple[Store, str]]:
    """A new vault, open, and its recovery code."""
    store, code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    yield store, code
    store.close()


@pytest.fixture
def store(created: tuple[Store, str]) -> Store:
    """A new, empty, open vault."""
    return created[0]


class ManualClock(Clock):
    """A clock that moves only when told to: wall and monotonic time together."""

    def __init__(self, start: datetime | None = None):
        self.at = start or datetime.now(UTC)
        self.seconds = 0.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, **delta: float) -> None:
        """Move time forward by `timedelta(**delta)`, e.g. advance(minutes=15)."""
        step = timedelta(**delta)
        self.at += step
        self.seconds += step.total_seconds()


@pytest.fixture
def clock() -> ManualClock:
    """The clock of `app`, starting now and standing still until the test moves it."""
    return ManualClock()


def app_config(folder: Path, **extra) -> dict:
    """The configuration of a test app over `folder`, served as http://localhost (test client).

    A served app (LiveServer) passes PUBLIC_URL=None: its address is then the
    one it listens on, as with `coffre serve`.
    """
    return {"TESTING": True, "COFFRE_HOME": folder, "KDF_OPSLIMIT": TEST_COST.opslimit,
            "KDF_MEMLIMIT": TEST_COST.memlimit, "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test-only-secret", "PUBLIC_URL": "http://localhost", **extra}


@pytest.fixture
def app(folder: Path, clock: ManualClock):
    """The real app over an existing, unlocked vault, on `clock` (CSRF off; see csrf_owner)."""
    app = create_app(app_config(folder, CLOCK=clock))
    app.extensions["coffre"].create(PASSPHRASE)
    yield app
    app.extensions["coffre"].lock()


@pytest.fixture
def client(app):
    """A test client for `app`."""
    return app.test_client()


def rewound(folder: Path, store: Store, *, upto: int) -> Store:
    """The vault in `folder` (open as `store`) made anew at schema version `upto`, open.

    For upgrade tests: the caller fills it as an older Coffre would have, then closes it.
    """
    key = lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE)
    store.close()
    for name in ("vault.db", "vault.db-wal", "vault.db-shm"):
        (folder / name).unlink(missing_ok=True)
    return open_store(folder, key, create=True, upto=upto)


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: compare two to see any change at all.

    The access events the journal holds are written into the log first (audit.settle),
    so what a call logged is in it, whenever the journal's writer runs.
    """
    audit.settle(store)
    tables = [r[0] for r in store.all(
        "select name from sqlite_master where type = 'table' order by name")]
    return {t: sorted((tuple(r) for r in store.all(f'select * from "{t}"')), key=repr)
            for t in tables}


def rewrite_log(store: Store, change: str) -> None:
    """Run the SQL `change` on the events, then rebuild and re-sign the whole transparency log
    from them, as an attacker holding the vault's key could."""
    store.execute(change)
    every = sorted([(r["seq"], leaves.of_access(r)) for r in store.all(
        "select * from access_events")] + [(r["seq"], leaves.of_event(r)) for r in store.all(
            "select * from vault_events")])
    heads = store.all("select size, at from tree_heads order by size")
    with store.atomic():
        store.execute("delete from log_nodes")
        store.execute("delete from tree_heads")
        done = 0
        for head in heads:  # a head at each size the log had one
            transparency.append(store, [data for _, data in every[done:head["size"]]],
                                at=datetime.fromisoformat(head["at"]),
                                key=identity.signing_key(store))
            done = head["size"]


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """No file of this process may grow past `size` bytes meanwhile (as on a full disk, a write
    past it fails: EFBIG, the signal ignored)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def free_port() -> int:
    """A TCP port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The app served by waitress on 127.0.0.1 in a background thread, as `coffre serve` does."""

    def __init__(self, app, *, threads: int = 4):
        self.app = app
        self.port = free_port()
        serving.prepare(app, serving.Listening.tcp("127.0.0.1", self.port))
        self.server = serving.make_server(app, host="127.0.0.1", port=self.port,
                                          threads=threads)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_config(folder: Path) -> dict:
    """Configuration for a served app: CSRF on, as in production."""
    return app_config(folder, WTF_CSRF_ENABLED=True, TESTING=False, PUBLIC_URL=None)


@pytest.fixture
def live_server(live_config: dict) -> Iterator[LiveServer]:
    """The real app, CSRF on, no vault yet, served by waitress on 127.0.0.1."""
    app = create_app(live_config)
    with LiveServer(app) as server:
        yield server
    app.extensions["coffre"].lock()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path: Path):
    """A fresh browser page; its screenshots go under the test's tmp folder."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
