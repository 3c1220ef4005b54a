"""`coffre serve` started by systemd's socket activation: serves the socket it is passed
(fd 3, LISTEN_FDS, LISTEN_PID), exits when idle while locked, and starts again on demand."""

from __future__ import annotations

import json
import socket

import pytest

from tests.conftest import PASSPHRASE, TEST_COST
from tests.web.hosting.served import coffre, environment, http_get
from vault import lifecycle


@pytest.fixture
def vault(folder):
    """A new vault, closed."""
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    store.close()
    return folder


def listening(kind: str, tmp_path) -> tuple[socket.socket, object]:
    """A listening socket as systemd holds one for a .socket unit, and its address."""
    if kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: object = str(tmp_path / "alice.sock")
    else:
        sock, address = socket.socket(), ("127.0.0.1", 0)
    sock.bind(address)
    sock.listen(16)
    return sock, sock.getsockname()


def connect(sock: socket.socket, address: object) -> socket.socket:
    client = socket.socket(sock.family, socket.SOCK_STREAM)
    client.connect(address)
    return client


@pytest.mark.parametrize("kind", ["unix", "tcp"])
def test_a_socket_activated_vault_serves_then_exits_when_idle_and_starts_again(
        vault, tmp_path, kind):
    sock, address = listening(kind, tmp_path)
    env = environment(vault, COFFRE_IDLE_EXIT_MINUTES="0.01", COFFRE_PORT="1",
                      **({"COFFRE_PUBLIC_URL": "http://localhost"} if kind == "unix" else {}))
    with sock:
        for _start in range(2):  # the second time, as systemd at the next connection
            with connect(sock, address) as client:  # queued before the server even runs
                server = coffre("serve", env=env, sock=sock)
                status, body = http_get(client, "/healthz", host=(
                    "localhost" if kind == "unix" else "{}:{}".format(*address)))
            assert (status, json.loads(body)["vault"]) == (200, "locked")

            output, _ = server.communicate(timeout=60)

            assert server.returncode == 0, output
            assert "listening on systemd socket" in output
            assert "Idle for 0.01 minutes while locked: exiting." in output
