"""How `coffre serve` (and the tests' server) serves the app with waitress.

The public address. Browsers and brands reach the vault at `PUBLIC_URL`
(default: the address the server listens on); it is the OAuth issuer and the
only Host served. Plain HTTP is fine on this machine's loopback; anywhere
else a network attacker would read the passphrase and every token, so the
server refuses to start unless told so explicitly (`INSECURE_PLAIN_HTTP`):
the way to serve other machines is HTTPS through a reverse proxy
(docs/reverse-proxy.md).

Request bodies. waitress keeps a body in memory only up to `inbuf_overflow`
(512 KB by default) and writes anything larger to a temporary file: an
uploaded purchase history would then lie on disk in clear. Here every body the
app accepts (up to MAX_CONTENT_LENGTH) stays in memory, and waitress itself
refuses a larger one (413) before reading it. Responses are likewise kept in
memory: waitress pauses the app at `outbuf_high_watermark`, below the overflow.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from web.errors import ServingRefused
from web.security import use_public_url

OUTBUF_HIGH_WATERMARK = 16 * 1024 * 1024  # waitress's default
PROXY_DOCS = "docs/reverse-proxy.md"


def prepare(app: Flask, host: str, port: int) -> str:
    """Settle the public address of `app` served at host:port; return it.

    Raises ServingRefused for plain HTTP beyond loopback without INSECURE_PLAIN_HTTP.
    """
    url = app.config["PUBLIC_URL"] or f"http://{_netloc(host)}:{port}"
    hostname = urlsplit(url).hostname
    if urlsplit(url).scheme == "http" and not (is_loopback(hostname) and is_loopback(host)) \
            and not app.config["INSECURE_PLAIN_HTTP"]:
        raise ServingRefused(
            f"Refusing to serve plain HTTP beyond this machine ({url}, listening on {host}):"
            " passphrases and tokens would cross the network in clear. Serve HTTPS through a"
            f" reverse proxy and set COFFRE_PUBLIC_URL (see {PROXY_DOCS}), or listen on"
            " 127.0.0.1.")
    use_public_url(app, url)
    return app.config["PUBLIC_URL"]


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
    return {"ident": "coffre", "max_request_body_size": limit, "inbuf_overflow": limit,
            "outbuf_high_watermark": OUTBUF_HIGH_WATERMARK,
            "outbuf_overflow": 2 * OUTBUF_HIGH_WATERMARK}
