"""A vault with brands holding live tokens, served by `coffre serve` in its own process.

The campaigns attack the production server as a self-hoster runs it: the
`coffre serve` command (waitress, the production configuration), unlocked at
start with the passphrase from the environment, never from a file.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import PASSPHRASE, TEST_COST
from tests.web.hosting import served
from vault import brands, codes, demo, grants, lifecycle, tokens
from vault.keys import KdfCost
from vault.store import Store

FAR = datetime(2100, 1, 1, tzinfo=UTC)  # tokens that outlive any campaign
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                   r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Brand:
    """A registered brand with a live grant and an access token for it."""

    id: int
    name: str
    token: str
    client_id: str
    secret: str


def build(folder: Path, *, brand_count: int, scopes: frozenset[str], orders: int = 200,
          now: datetime | None = None, cost: KdfCost = TEST_COST) -> list[Brand]:
    """Create a demo vault in `folder` and `brand_count` brands granted `scopes`; lock it.

    `cost` is the Argon2id cost of its passphrase (the tests' low one unless given).
    """
    now = now or datetime.now(UTC)
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=cost)
    try:
        demo.populate(store, today=now.date(), orders_count=orders)
        return [mint(store, f"Marque {n:02d}", scopes, now=now) for n in range(brand_count)]
    finally:
        store.close()


def mint(store: Store, name: str, scopes: frozenset[str], *, now: datetime) -> Brand:
    """A brand named `name` granted `scopes` until 2100, with an access token."""
    brand, secret = brands.add(store, {"client_name": name, "scope": " ".join(sorted(scopes)),
                                  "redirect_uris": ["https://brand.example/cb"]},
                          source="manual", now=now)
    grant = grants.create(store, brand.id, scopes, purpose=None, expires_at=None, now=now)
    family = codes.issue(store, tokens.new_value(), brand_id=brand.id, grant_id=grant.id,
                         redirect_uri="https://brand.example/cb", scopes=grant.scopes,
                         challenge="c" * 43, challenge_method="S256", now=now)
    token = tokens.new_value()
    tokens.issue(store, token, kind="access", brand_id=brand.id, grant_id=grant.id,
                 family=family, scopes=grant.scopes, now=now, expires_at=FAR)
    return Brand(brand.id, name, token, brand.client_id, secret)


@dataclass
class Served:
    """A `coffre serve` process on 127.0.0.1 and what it printed."""

    process: subprocess.Popen
    port: int
    output: Path  # the server's stdout and stderr, inside the campaign's own folder

    @property
    def url(self) -> str:
        """Where the server listens."""
        return f"http://127.0.0.1:{self.port}"

    def connection(self) -> http.client.HTTPConnection:
        """A keep-alive connection to the server."""
        return connect(self.port)


def connect(port: int, *, source: str | None = None) -> http.client.HTTPConnection:
    """A keep-alive connection to 127.0.0.1:`port`, from loopback address `source` if given."""
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                      source_address=(source, 0) if source else None)


@contextmanager
def serve(folder: Path, work: Path, *, threads: int = 8, unlocked: bool = True,
          passphrase: str = PASSPHRASE, extra: tuple[str, ...] = (),
          env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run `coffre serve` on the vault in `folder` (unlocked unless told); stop it after.

    The server is socket-activated as systemd would start it (tests/web/hosting/served.py):
    the socket listens before the process starts, so the first request simply waits in
    the kernel's queue. `env` adds to (or overrides) the server's environment: TMPDIR, say.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    output = work / f"server-{port}.log"
    env = {**{k: v for k, v in os.environ.items() if k != "COFFRE_PASSPHRASE"},
           "COFFRE_PUBLIC_URL": f"http://127.0.0.1:{port}", **(env or {})}
    if unlocked:
        env["COFFRE_PASSPHRASE"] = passphrase
    command = [sys.executable, "-c", served.ACTIVATE, str(listener.fileno()), "--vault",
               str(folder), "serve", "--threads", str(threads), *extra]
    with output.open("wb") as log, listener:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, env=env,
                                   pass_fds=(listener.fileno(),))
    running = Served(process, port, output)
    try:
        started = process.stdout.readline().decode()
        if "Coffre is serving" not in started:
            raise RuntimeError(f"coffre serve did not start: {started!r}, {output.read_text()}")
        yield running
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """End the server gently, then for good."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


class Browser:
    """A cookie jar and CSRF token over one keep-alive connection from one address."""

    def __init__(self, port: int, address: str = "127.0.0.1"):
        self.port, self.address = port, address
        self.conn = connect(port, source=address)
        self.cookies: dict[str, str] = {}
        self.location = ""  # where the last answer redirected to

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except http.client.RemoteDisconnected:  # the server closed a kept-alive connection
            self.conn = connect(self.port, source=self.address)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        self.location = response.headers.get("Location", "")
        page = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, page

    def submit(self, page_path: str, form: dict[str, str], action: str | None = None) -> int:
        """Open a page, then post `form` with the page's CSRF token (to `action`); the status."""
        _, page = self.request("GET", page_path)
        found = _CSRF.search(page)
        token = (found.group(1) or found.group(2)) if found else ""
        return self.request("POST", action or page_path, {"csrf_token": token, **form})[0]

    def passphrase(self, path: str, guess: str) -> int:
        """Post `guess` on the sign-in or unlock page; the status (302 when it opened)."""
        return self.submit(path, {"passphrase": guess})


def call(conn: http.client.HTTPConnection, method: str, path: str, *, token: str | None = None,
         body: object = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One request on a keep-alive connection: the status and the body."""
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=data, headers=sent)
    response = conn.getresponse()
    return response.status, response.read()
