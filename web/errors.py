"""Our errors become HTTP here, and only here.

The API (paths under /api/) answers RFC 9457 problem+json; the UI a page.
OAuth endpoints keep Authlib's own RFC error bodies and never reach this table.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from vault import errors as e

STATUS: dict[type[e.VaultError], int] = {
    e.ValidationError: 422,
    e.NotFound: 404,
    e.Conflict: 409,
    e.Locked: 423,
    e.WrongKey: 403,
    e.NoVault: 503,
    e.VaultExists: 409,
    e.NotWritable: 500,
    e.KeyringDamaged: 500,
    e.DatabaseDamaged: 500,
    e.VaultTooNew: 500,
    e.TooLarge: 413,
}


def status_for(error: e.VaultError) -> int:
    """The HTTP status of one of our errors (most specific class wins)."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _slug(cls: type) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in cls.__name__).lstrip("-")


def problem(status: int, title: str, detail: str | None = None, *, kind: str = "about:blank",
            **extra) -> Response:
    """An RFC 9457 problem+json response."""
    body = {"type": kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


# Machine endpoints a brand's software calls: they answer JSON, never a page.
_MACHINE_PATHS = ("/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/register",
                  "/.well-known/")


def wants_api() -> bool:
    """True for requests from a brand's software (the API, the OAuth machine endpoints)."""
    return request.path.startswith("/api/") or request.path.startswith(_MACHINE_PATHS)


def _vault_error(error: e.VaultError):
    status = status_for(error)
    if wants_api():
        extra = {}
        if isinstance(error, e.ValidationError):
            extra["errors"] = [p.to_json() for p in error.problems]
        return problem(status, type(error).__doc__.rstrip("."), str(error),
                       kind=f"urn:coffre:problem:{_slug(type(error))}", **extra)
    if isinstance(error, e.Locked):
        return redirect(url_for("ui.unlock"))
    return render_template("error.html", status=status, message=str(error)), status


def _http_error(error: HTTPException):
    if wants_api():
        return problem(error.code or 500, error.name, error.description)
    return render_template("error.html", status=error.code, message=error.description,
                           title=error.name), error.code


def init_app(app: Flask) -> None:
    """Install the handlers."""
    app.register_error_handler(e.VaultError, _vault_error)
    app.register_error_handler(HTTPException, _http_error)
