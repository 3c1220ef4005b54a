"""How `coffre serve` (and the tests' server) serves the app with waitress.

The public address. Browsers and brands reach the vault at `PUBLIC_URL`
(default: the address the server listens on); it is the OAuth issuer and the
only Host served. Plain HTTP is fine on this machine's loopback; anywhere
else a network attacker would read the passphrase and every token, so the
server refuses to start unless told so explicitly (`INSECURE_PLAIN_HTTP`):
the way to serve other machines is HTTPS through a reverse proxy
(docs/reverse-proxy.md).

Where it listens. On host:port (loopback by default), on a Unix socket (a
reverse proxy on the same machine connects to it), or on the socket systemd
passes (socket activation, sd_listen_fds: LISTEN_FDS sockets from fd 3, for
this process when LISTEN_PID is ours), which wins over both.

Request bodies. waitress keeps a body in memory only up to `inbuf_overflow`
(512 KB by default) and writes anything larger to a temporary file: an
uploaded purchase history would then lie on disk in clear. Here every body the
app accepts (up to MAX_CONTENT_LENGTH) stays in memory, and waitress itself
refuses a larger one (413) before reading it. Responses are likewise kept in
memory: waitress pauses the app at `outbuf_high_watermark`, below the overflow.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from web import idle
from web.errors import ServingRefused
from web.security import use_public_url

OUTBUF_HIGH_WATERMARK = 16 * 1024 * 1024  # waitress's default
PROXY_DOCS = "docs/reverse-proxy.md"
SD_LISTEN_FDS_START = 3


@dataclass(frozen=True)
class Listening:
    """Where the server takes connections: waitress's arguments, and words for people."""

    kwargs: dict[str, Any]  # host and port, or sockets
    where: str
    local: bool  # only this machine can connect: loopback, or a Unix socket
    url: str | None  # the plain-HTTP address it answers at, when it has one (TCP)

    @classmethod
    def tcp(cls, host: str, port: int) -> Listening:
        """Listening on host:port (waitress binds it)."""
        return cls({"host": host, "port": port}, f"{_netloc(host)}:{port}", is_loopback(host),
                   f"http://{_netloc(host)}:{port}")


def listening(config: dict[str, Any]) -> Listening:
    """Where `coffre serve` listens: systemd's socket, else the Unix socket, else host:port.

    Raises ServingRefused if the Unix socket's path holds something else.
    """
    if config["SYSTEMD_FDS"]:
        socks = [socket.socket(fileno=SD_LISTEN_FDS_START + i)
                 for i in range(config["SYSTEMD_FDS"])]
        return _passed(socks)
    if config["UNIX_SOCKET"]:
        path = Path(config["UNIX_SOCKET"])
        return Listening({"sockets": [bind_unix(path)]}, f"unix:{path}", True, None)
    return Listening.tcp(config["HOST"], int(config["PORT"]))


def _passed(socks: list[socket.socket]) -> Listening:
    """The sockets systemd passed, as they are (bound and listening already)."""
    first = socks[0]
    if first.family == socket.AF_UNIX:
        return Listening({"sockets": socks}, f"systemd socket unix:{first.getsockname()}",
                         True, None)
    host, port = first.getsockname()[:2]
    tcp = Listening.tcp(host, port)
    return Listening({"sockets": socks}, f"systemd socket {tcp.where}",
                     all(_is_local(s) for s in socks), tcp.url)


def _is_local(sock: socket.socket) -> bool:
    return sock.family == socket.AF_UNIX or is_loopback(sock.getsockname()[0])


def bind_unix(path: Path) -> socket.socket:
    """A listening Unix socket at `path` (a stale socket there is replaced), mode 0660.

    Raises ServingRefused if `path` is something other than a socket.
    """
    if path.exists() or path.is_symlink():
        if not stat.S_ISSOCK(path.lstat().st_mode):
            raise ServingRefused(f"{path} exists and is not a socket: not replacing it.")
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    os.chmod(path, 0o660)  # nosec B103 -- the proxy reaches it through its group; nobody else
    sock.listen(1024)
    return sock


def prepare(app: Flask, where: Listening) -> str:
    """Settle the public address of `app` served as `where` says; return it.

    Raises ServingRefused for plain HTTP beyond loopback without INSECURE_PLAIN_HTTP,
    or a Unix socket without a public URL.
    """
    url = app.config["PUBLIC_URL"] or where.url
    if url is None:
        raise ServingRefused(f"Listening on {where.where}, Coffre cannot tell its address:"
                             f" set public_url (COFFRE_PUBLIC_URL, see {PROXY_DOCS}).")
    refusal = plain_http_refusal(url, local=where.local,
                                 allowed=app.config["INSECURE_PLAIN_HTTP"])
    if refusal:
        raise ServingRefused(f"{refusal} (listening on {where.where}).")
    use_public_url(app, url)
    return app.config["PUBLIC_URL"]


def plain_http_refusal(url: str, *, local: bool, allowed: bool) -> str | None:
    """Why serving `url` would send secrets in clear over the network, or None."""
    if urlsplit(url).scheme != "http" or allowed or (is_loopback(urlsplit(url).hostname)
                                                     and local):
        return None
    return (f"Refusing to serve plain HTTP beyond this machine ({url}): passphrases and"
            " tokens would cross the network in clear. Serve HTTPS through a reverse proxy"
            f" and set COFFRE_PUBLIC_URL (see {PROXY_DOCS}), or listen on 127.0.0.1")


def is_loopback(host: str | None) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def _netloc(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def options(app: Flask) -> dict[str, Any]:
    """waitress's settings for serving `app` (keyword arguments of `waitress.serve`)."""
    limit = int(app.config["MAX_CONTENT_LENGTH"]) + 1  # waitress refuses a body >= its limit
    # waitress drops every X-Forwarded-* header unless told otherwise; with trusted hops
    # they must reach werkzeug's ProxyFix, which takes exactly that many (web/security.py).
    return {"ident": "coffre", "max_request_body_size": limit, "inbuf_overflow": limit,
            "outbuf_high_watermark": OUTBUF_HIGH_WATERMARK,
            "outbuf_overflow": 2 * OUTBUF_HIGH_WATERMARK,
            "clear_untrusted_proxy_headers": not int(app.config["PROXY_HOPS"])}


def make_server(app: Flask, *, threads: int, **where: Any) -> Any:
    """A waitress server for `app` (not yet running), with `options` and bodiless answers
    that keep the connection (`where`: host and port, or sockets)."""
    from waitress.server import BaseWSGIServer, create_server

    made = create_server(app, threads=threads, **where, **options(app))
    for listener in [made, *(getattr(made, "_map", None) or made.map).values()]:
        if isinstance(listener, BaseWSGIServer):  # one per socket when there are several
            listener.channel_class = _kept_open()
    return made


@functools.cache
def _kept_open() -> type:
    """waitress's channel whose 304 and 204 answers leave an HTTP/1.1 connection open.

    waitress closes the connection after any HTTP/1.1 answer without a Content-Length,
    even one that by rule has no body (RFC 9112 section 6.3: a 304 or 204 ends at its
    headers), so a brand polling with If-None-Match would open a connection per call.
    """
    from waitress.channel import HTTPChannel
    from waitress.task import WSGITask

    class Task(WSGITask):
        bodiless = False  # while its headers are built: a 304/204 the client keeps open

        def build_response_header(self) -> bytes:
            self.bodiless = (self.version == "1.1" and not self.has_body
                             and not self.close_on_finish
                             and self.request.headers.get("CONNECTION", "").lower() != "close")
            try:
                return super().build_response_header()
            finally:
                self.bodiless = False

        def set_close_on_finish(self) -> None:
            if not self.bodiless:  # the only close asked while building such headers
                super().set_close_on_finish()

    class Channel(HTTPChannel):
        task_class = Task

    return Channel



def run(app: Flask, where: Listening) -> bool:
    """Serve `app` with waitress until interrupted, or until idle exit is due (then True)."""
    from waitress.trigger import trigger

    activity = idle.install(app)
    served = make_server(app, threads=int(app.config["THREADS"]), **where.kwargs)
    channels = getattr(served, "_map", None) or served.map
    left = threading.Event()

    def leave() -> None:
        left.set()
        # Channels belong to waitress's loop thread: close them there, and the loop ends.
        pull = next(c for c in channels.values() if isinstance(c, trigger)).pull_trigger
        pull(lambda: [c.close() for c in list(channels.values())])

    stop = idle.watch(app, activity, leave)
    try:
        served.run()
    finally:
        if stop is not None:
            stop.set()
        served.task_dispatcher.shutdown()
    return left.is_set()


def config_problems(config: dict[str, Any]) -> list[str]:
    """What would stop `coffre serve` as configured, found without binding anything."""
    unix = bool(config["UNIX_SOCKET"])
    url = config["PUBLIC_URL"] or (None if unix else
                                   Listening.tcp(config["HOST"], int(config["PORT"])).url)
    problems = []
    if url is None:
        problems.append("unix_socket is set but public_url is not: Coffre cannot tell the"
                        " address people and brands use.")
    else:
        refusal = plain_http_refusal(url, local=unix or is_loopback(config["HOST"]),
                                     allowed=config["INSECURE_PLAIN_HTTP"])
        problems += [refusal + "."] if refusal else []
    if config["KEYFILE"] and not Path(config["KEYFILE"]).is_file():
        problems.append(f"keyfile {config['KEYFILE']}: no such file.")
    return problems


def config_warnings(config: dict[str, Any]) -> list[str]:
    """What works as configured but is likely a mistake."""
    url = config["PUBLIC_URL"] or ""
    if url.startswith("https://") and not config["PROXY_HOPS"]:
        return ["public_url is https but proxy_hops is 0: behind a reverse proxy, set"
                " proxy_hops = 1, or every client counts as the proxy (sign-in throttle)."]
    return []
