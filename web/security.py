"""Headers, cookies, proxies and CSRF: secure by default, exemptions listed here."""

from __future__ import annotations

import functools
import io
from typing import IO, Any
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from vault import validate
from web import settings

csrf = CSRFProtect()

# The only requests that skip CSRF: machine endpoints authenticated otherwise
# (OAuth client credentials, bearer tokens, registration access tokens).
CSRF_EXEMPT_BLUEPRINTS = ("api", "oauth_endpoints")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")


class _SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


class _InMemoryUploads(Request):
    """Keeps uploaded files in memory (bounded by MAX_CONTENT_LENGTH).

    Werkzeug spools any upload over 500 KB to an unencrypted temporary file,
    and an uploaded purchase history is personal data.
    """

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None,
                         content_length: int | None = None) -> IO[bytes]:
        return io.BytesIO()


def use_public_url(app: Flask, url: str) -> None:
    """Serve `app` as `url` only: every absolute URL is made from it, any other Host gets 400.

    A URL with a path (https://home.example/alice, one host with a path per
    person) serves the app under that path, its session cookie scoped to it.
    An https URL makes the session cookie Secure. Raises ServingRefused for an
    address that is not an absolute http(s) URL.
    """
    from web.errors import ServingRefused

    try:
        url = settings.public_url(url)
    except ValueError as e:
        raise ServingRefused(f"The public URL {e}") from None
    parts = urlsplit(url)
    app.config["PUBLIC_URL"] = url
    # Flask refuses any other Host (DNS rebinding, forged links): werkzeug's SecurityError, a 400.
    app.config["TRUSTED_HOSTS"] = [parts.hostname]
    app.config["SESSION_COOKIE_PATH"] = parts.path or "/"
    if parts.scheme == "https":
        app.config["SESSION_COOKIE_SECURE"] = True


class UnderPath:
    """Serves the app under the public URL's path (a reverse proxy passes the path unchanged).

    RFC 8414 section 3.1: the metadata of an issuer with a path lives at
    /.well-known/oauth-authorization-server/<path>, outside the app's path; it is
    served as the app's own metadata. Any other path outside the app's is 404.
    """

    def __init__(self, app: Flask):
        self.flask = app
        self.inner = app.wsgi_app

    def __call__(self, environ: dict, start_response: Any) -> Any:
        prefix = _path_of(self.flask.config["PUBLIC_URL"])
        if not prefix:
            return self.inner(environ, start_response)
        path = environ.get("PATH_INFO", "")
        if path == WELL_KNOWN + prefix:
            path = prefix + WELL_KNOWN
        if path != prefix and not path.startswith(prefix + "/"):
            return NotFound()(environ, start_response)
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
        environ["PATH_INFO"] = path[len(prefix):] or "/"
        return self.inner(environ, start_response)


WELL_KNOWN = "/.well-known/oauth-authorization-server"


@functools.lru_cache(maxsize=8)
def _path_of(url: str | None) -> str:
    return urlsplit(url).path if url else ""


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on the public address, never on the request's Host."""
    base = current_app.config["PUBLIC_URL"]
    if base is None:
        raise RuntimeError("PUBLIC_URL is not set: `coffre serve` sets it (web/serving.py).")
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" + url_for(endpoint, **values)


class _PlainJSON(DefaultJSONProvider):
    """Request bodies read through Flask (`request.get_json()`) are plain JSON, nested a little.

    A body nested thousands deep would otherwise exhaust the recursion limit
    (a 500); NaN and infinity are not JSON. Raises ValidationError.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return validate.json_document("body", s)


def _headers(response: Response) -> Response:
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "no-referrer")
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if not request.path.startswith("/static/"):
        # Pages and API answers carry personal data: never keep them in a cache.
        h["Cache-Control"] = "no-store"
        h["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Install the public address, headers, the cookie policy, proxy trust and CSRF."""
    if app.config["PUBLIC_URL"]:
        use_public_url(app, app.config["PUBLIC_URL"])
    app.wsgi_app = UnderPath(app)
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = _SessionInterface()
    app.json = _PlainJSON(app)
    app.request_class = _InMemoryUploads
    app.after_request(_headers)
    csrf.init_app(app)


def exempt_blueprints(app: Flask) -> None:
    """Exempt the machine-facing blueprints listed above from CSRF (call after wiring them)."""
    for name in CSRF_EXEMPT_BLUEPRINTS:
        if name in app.blueprints:
            csrf.exempt(app.blueprints[name])
