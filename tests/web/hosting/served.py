"""Helpers of the hosting tests: `coffre serve` in its own process, as systemd would run it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_COST

ROOT = Path(__file__).parents[3]
# What systemd does before running the service: the listening socket as fd 3,
# LISTEN_FDS=1 and LISTEN_PID set to the service's own pid (sd_listen_fds(3)).
ACTIVATE = ("import os, sys; os.dup2(int(sys.argv[1]), 3);"
            " os.environ.update(LISTEN_FDS='1', LISTEN_PID=str(os.getpid()));"
            " os.execv(sys.executable, [sys.executable, '-c',"
            " 'from web.cli import main; main(prog_name=\"coffre\")', *sys.argv[2:]])")


def environment(folder: Path, **settings: str) -> dict[str, str]:
    """The environment of a served vault: the test's cheap KDF, and COFFRE_* `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COFFRE_", "LISTEN_"))}
    return {**env, "COFFRE_HOME": str(folder), "COFFRE_KDF_OPSLIMIT": str(TEST_COST.opslimit),
            "COFFRE_KDF_MEMLIMIT": str(TEST_COST.memlimit), **settings}


def coffre(*args: str, env: dict[str, str], sock: socket.socket | None = None,
           ) -> subprocess.Popen:
    """`coffre ARGS` in a new process; with `sock`, socket-activated on it."""
    if sock is None:
        command = [sys.executable, "-c", "from web.cli import main; main(prog_name='coffre')"]
        fds: tuple[int, ...] = ()
    else:
        command, fds = [sys.executable, "-c", ACTIVATE, str(sock.fileno())], (sock.fileno(),)
    return subprocess.Popen([*command, *args], cwd=ROOT, env=env, pass_fds=fds,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def http_get(connect: socket.socket, path: str, host: str = "localhost") -> tuple[int, str]:
    """One HTTP/1.1 GET on a connected socket: the status and the body."""
    connect.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                    .encode())
    data = b""
    while chunk := connect.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()
