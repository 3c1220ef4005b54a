"""Memory of one vault's server: locked, idle-exited and unlocked (a vault of 100k orders).

Each state is a real `coffre serve` process on a Unix socket, as systemd runs
it; its resident memory (VmRSS, and PSS from smaps_rollup) is read from /proc
after it has answered requests: /healthz when locked; when unlocked, brand API
reads of 100 orders (GET /api/v1/purchases?limit=100) and /healthz. The
baseline, measured in the same run, is a bare waitress server of a hello-world
WSGI app in the same Python. An idle-exited vault has no process at all (systemd
holds its socket): the run checks that the locked server does exit when idle.
Medians of --runs processes per state.

    .venv/bin/python benchmarks/memory.py [--orders 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PASSPHRASE = "benchmark passphrase, long enough"  # the one benchmarks/api.py builds with
BARE = """
import sys
from waitress.server import create_server
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
server = create_server(app, unix_socket=sys.argv[1], threads=4)
print("ready", flush=True)
server.run()
"""


def get(path: Path, target: str, token: str | None = None) -> int:
    """One GET over the Unix socket; the status."""
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(str(path))
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n{auth}Connection: close\r\n\r\n"
                 .encode())
    data = b""
    while chunk := sock.recv(1 << 16):
        data += chunk
    sock.close()
    return int(data.split()[1])


def memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of a process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return rss / 1024, pss / 1024


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A server process; returns once it has printed its first line (it listens then)."""
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    server.stdout.readline()
    return server


def coffre(folder: Path, sock: Path, **extra: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment of `coffre serve` on `folder`, on the socket `sock`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFRE_")}
    env.update(COFFRE_HOME=str(folder), COFFRE_UNIX_SOCKET=str(sock), COFFRE_THREADS="4",
               COFFRE_PUBLIC_URL="http://localhost", **extra)
    return [sys.executable, "-c", "from web.cli import main; main(prog_name='coffre')",
            "serve"], env


def measure(command: list[str], env: dict[str, str], sock: Path, requests: list) -> tuple:
    """Start a server, send it `requests`, read its memory, stop it."""
    server = start(command, env)
    try:
        for target, token in requests:
            assert get(sock, target, token) == 200, target
        return memory(server.pid)
    finally:
        server.terminate()
        server.communicate(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from api import PATH, build

    with tempfile.TemporaryDirectory() as tmp:
        folder, sock = Path(tmp) / "vault", Path(tmp) / "v.sock"
        started = time.perf_counter()
        app, token, _etag, _size = build(folder, args.orders)
        app.extensions["coffre"].lock()
        size = (folder / "vault.db").stat().st_size / 2**20
        print(f"vault of {args.orders} orders ({size:.0f} MiB) built in"
              f" {time.perf_counter() - started:.0f} s; page cache at most 64 MiB per thread")
        env0 = {**os.environ}
        states = {
            "baseline (bare waitress)": (([sys.executable, "-c", BARE, str(sock)], env0),
                                         [("/", None)] * 20),
            "locked": (coffre(folder, sock), [("/healthz", None)] * 20),
            f"unlocked, {args.orders} orders": (coffre(folder, sock, COFFRE_PASSPHRASE=PASSPHRASE),
                                      [(PATH, token)] * 50 + [("/healthz", None)]),
        }
        figures = {}
        for name, ((command, env), requests) in states.items():
            runs = [measure(command, env, sock, requests) for _ in range(args.runs)]
            figures[name] = (statistics.median(r[0] for r in runs),
                             statistics.median(r[1] for r in runs))
        command, env = coffre(folder, sock, COFFRE_IDLE_EXIT_MINUTES="0.02")
        idle = start(command, env)
        assert get(sock, "/healthz") == 200
        idle.communicate(timeout=60)
        exited = idle.returncode == 0
    base = figures["baseline (bare waitress)"][0]
    print(f"{'state':<28}{'RSS MiB':>9}{'PSS MiB':>9}{'x baseline':>12}")
    for name, (rss, pss) in figures.items():
        print(f"{name:<28}{rss:>9.1f}{pss:>9.1f}{rss / base:>12.2f}")
    print(f"{'idle-exited':<28}{0:>9.1f}{0:>9.1f}{0:>12.2f}  (process exited when idle:"
          f" {'yes' if exited else 'NO'})")


if __name__ == "__main__":
    main()
