"""Errors become HTTP here, and only here: one table from error class to status.

Three surfaces answer errors, each in its own format:

- PAGE, the consumer's pages (every blueprint not named in SURFACES): an HTML
  error page; Locked redirects to the unlock page instead.
- API, the brand API: RFC 9457 problem+json (a ValidationError adds
  `errors: [{field, reason}]`); a refused token adds RFC 6750 `WWW-Authenticate`.
- OAUTH, the machine OAuth endpoints: RFC 6749 / RFC 7591 JSON
  (`error`, `error_description`), the format Authlib uses for the errors it
  answers itself; the RFC asks 400 for any request the client can fix.

The surface is the one of the blueprint whose view (or before_request) raised
the error: `request.blueprint`. A request that matched no route has none. For
a wrong method (405) the blueprint owning the path decides. For an unknown
path (404), /api/… answers as the API and /.well-known/… as the OAuth
endpoints, both being read by software; any other path gets the page.

HTTP errors raised by Flask or Werkzeug (404, 405, 413, a CSRF 400…) follow
the same surfaces: a page, or problem+json; on the OAuth endpoints that
problem+json also carries RFC 6749's `error` and `error_description`, so a
client of either kind can read it. Authlib's OAuth2Error answers with its
class's status and body on the OAuth endpoints, as problem+json with its
challenge on the API, and on a page (the consent page, when the brand's
redirect URI is not verified) as a refusal page, never a redirect.

The errors the web layer raises itself:

WebError
├── TooManyAttempts        too many wrong passphrases from this client: wait
├── UnusableRequest        a brand sent the consumer a request that cannot be used
├── ServingRefused         the server would not be safe to start as configured
└── ConfigInvalid          a setting is unknown, of the wrong type or out of range
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from authlib.oauth2 import OAuth2Error
from flask import (
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError
from werkzeug.http import HTTP_STATUS_CODES

from vault import errors as e


class WebError(Exception):
    """Base of the errors the web layer raises itself."""


class TooManyAttempts(WebError):
    """Too many wrong attempts: wait before the next one."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(f"Too many wrong attempts: wait {seconds} s, then try again.")


class UnusableRequest(WebError):
    """A brand sent the consumer a request that cannot be used."""


class ServingRefused(WebError):
    """The server would not be safe to start as configured."""


class ConfigInvalid(WebError):
    """A setting is unknown, of the wrong type or out of range (each problem names it)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The configuration is not valid:\n" + "\n".join(
            f"  - {p}" for p in problems))


class Surface(StrEnum):
    """Who reads the answer: a person (a page), a brand's API client, an OAuth client."""

    PAGE = "page"
    API = "api"
    OAUTH = "oauth"


# The blueprints that do not answer with pages (every other one does).
SURFACES = {"api": Surface.API, "oauth_endpoints": Surface.OAUTH}
# Requests that matched no route (404): the surface by path.
_UNROUTED = (("/api/", Surface.API), ("/.well-known/", Surface.OAUTH))


@dataclass(frozen=True)
class Answer:
    """How one error class is answered.

    `status` on pages and the API; on the OAuth endpoints, `oauth_error` with
    `oauth_status`; `reason` is what the access log says of an API call it refused.
    """

    status: int
    oauth_error: str = "invalid_request"
    oauth_status: int = 400
    reason: str = "invalid_request"


_UNAVAILABLE = "temporarily_unavailable"
_BROKEN = Answer(500, "server_error", 500)

TABLE: dict[type[Exception], Answer] = {
    e.ValidationError: Answer(422),
    e.WeakPassphrase: Answer(422),
    e.NotFound: Answer(404, reason="not_found"),
    e.Conflict: Answer(409),
    e.NoVault: Answer(503, _UNAVAILABLE, 503),
    e.VaultExists: Answer(409),
    e.NotWritable: _BROKEN,
    e.WrongKey: Answer(403),
    e.KeyringDamaged: _BROKEN,
    e.DatabaseDamaged: _BROKEN,
    e.VaultTooNew: _BROKEN,
    e.Locked: Answer(423, _UNAVAILABLE, 423),
    e.Busy: Answer(503, _UNAVAILABLE, 503),
    e.TooLarge: Answer(413, reason="too_large"),
    e.ReceiptsRefused: Answer(403, reason="receipts_refused"),
    e.NotGenuine: Answer(422),
    TooManyAttempts: Answer(429, _UNAVAILABLE, 429),
    UnusableRequest: Answer(400),
    ServingRefused: _BROKEN,  # raised at start, before any request; never by a view
    ConfigInvalid: _BROKEN,  # likewise
}
# On pages these redirect (302) to the endpoint named, rather than show an error page.
PAGE_REDIRECTS: dict[type[Exception], str] = {e.Locked: "ui.unlock"}


def answer_for(kind: type[Exception]) -> Answer:
    """The row of `kind` (its closest ancestor in the table), or a 500."""
    return next((TABLE[cls] for cls in kind.__mro__ if cls in TABLE), _BROKEN)


def status_of(kind: type[Exception], surface: Surface = Surface.PAGE) -> int:
    """The HTTP status an error of class `kind` gets on `surface`."""
    if surface is Surface.PAGE and _redirect_for(kind):
        return 302
    answer = answer_for(kind)
    return answer.oauth_status if surface is Surface.OAUTH else answer.status


def reason_for(error: Exception) -> str:
    """The access-log reason of an API call refused with `error`."""
    return answer_for(type(error)).reason


def _redirect_for(kind: type[Exception]) -> str | None:
    return next((PAGE_REDIRECTS[c] for c in kind.__mro__ if c in PAGE_REDIRECTS), None)


def _surface() -> Surface:
    """The surface answering this request's errors (see the module docstring)."""
    name = request.blueprint or _owner_of_path()
    if name is not None:
        return SURFACES.get(name, Surface.PAGE)
    return next((s for prefix, s in _UNROUTED if request.path.startswith(prefix)), Surface.PAGE)


def _owner_of_path() -> str | None:
    """For a wrong method (405), the blueprint of the route at this path."""
    error = request.routing_exception
    if not isinstance(error, MethodNotAllowed) or not error.valid_methods:
        return None
    try:
        endpoint, _ = current_app.create_url_adapter(request).match(
            method=sorted(error.valid_methods)[0])
    except HTTPException:
        return None
    return endpoint.rpartition(".")[0] or None


def oauth_text(text: str) -> str:
    """`text` made fit for an RFC 6749 error_description (printable ASCII, no `"` or `\\`)."""
    return re.sub(r"[^\x20-\x21\x23-\x5b\x5d-\x7e]", "?", text)


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


def oauth_error(status: int, error: str, description: str) -> Response:
    """An RFC 6749 error response (section 5.2)."""
    response = jsonify({"error": error, "error_description": oauth_text(description)})
    response.status_code = status
    return response


def _slug(cls: type) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in cls.__name__).lstrip("-")


def _ours(error: e.VaultError | WebError) -> ResponseReturnValue:
    response = make_response(_answer(error))
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.seconds)  # RFC 9110 §10.2.3
    return response


def _answer(error: e.VaultError | WebError) -> ResponseReturnValue:
    where = _surface()
    status = status_of(type(error), where)
    if where is Surface.API:
        extra = {}
        if isinstance(error, e.ValidationError):
            extra["errors"] = [p.to_json() for p in error.problems]
        return problem(status, type(error).__doc__.rstrip("."), str(error),
                       kind=f"urn:coffre:problem:{_slug(type(error))}", **extra)
    if where is Surface.OAUTH:
        return oauth_error(status, answer_for(type(error)).oauth_error, str(error))
    endpoint = _redirect_for(type(error))
    if endpoint:
        return redirect(url_for(endpoint))
    if isinstance(error, UnusableRequest):
        return _brand_refusal(str(error))
    return render_template("error.html", status=status, message=str(error)), status


def _brand_refusal(message: str) -> ResponseReturnValue:
    """The consumer's page for a brand's request that cannot be used: never a redirect."""
    return render_template("oauth/error.html", message=message,
                           title=_("This request from a brand cannot be used")), 400


def _http(error: HTTPException) -> ResponseReturnValue:
    if isinstance(error, SecurityError):
        return _untrusted_host()
    status = error.code or 500
    headers = [(k, v) for k, v in error.get_headers() if k != "Content-Type"]  # Allow on 405
    where = _surface()
    if where is Surface.PAGE:
        return render_template("error.html", status=status, message=error.description,
                               title=error.name), status, headers
    extra = {}
    if where is Surface.OAUTH:
        extra = {"error": "invalid_request",
                 "error_description": oauth_text(error.description or error.name)}
    response = problem(status, error.name, error.description, **extra)
    response.headers.extend(headers)
    return response


def _untrusted_host() -> ResponseReturnValue:
    """A request for a Host other than the public URL's: 400, and no link to anywhere.

    Flask could not route it, so no page of ours (they build links) can answer it.
    """
    status, title, url = 400, "Bad Request", current_app.config["PUBLIC_URL"]
    detail = f"This vault is served at {url} only: the request named another host."
    if _surface() is Surface.PAGE:
        text = _("This vault is served at %(url)s only: the request named another host.",
                 url=url)
        page = f"<!doctype html><title>{status}</title><p>{escape(text)}</p>"
        return Response(page, status, mimetype="text/html")
    return problem(status, title, detail, error="invalid_request",
                   error_description=oauth_text(detail))


def _authlib(error: OAuth2Error) -> ResponseReturnValue:
    where = _surface()
    if where is Surface.API:
        return _bearer(error)
    if where is Surface.OAUTH:
        response = jsonify(dict(error.get_body()))
        response.status_code = error.status_code
        response.headers.extend((k, v) for k, v in error.get_headers() if k != "Content-Type")
        return response
    return _brand_refusal(_("The brand is unknown to your vault, blocked, or sent you through an "
                            "address it did not register. Nothing was shared. If you expected "
                            "this brand, ask it to check its set-up."))


def _bearer(error: OAuth2Error) -> Response:
    """RFC 6750: the token's refusal as problem+json, its challenge in WWW-Authenticate."""
    status = error.status_code
    response = problem(status, HTTP_STATUS_CODES[status], error.get_error_description(),
                       error=error.error)
    challenge = [v for k, v in error.get_headers() if k == "WWW-Authenticate"]
    if challenge:
        response.headers["WWW-Authenticate"] = challenge[-1]
    return response


def init_app(app: Flask) -> None:
    """Install the handlers: ours, Authlib's, and HTTP's."""
    app.register_error_handler(e.VaultError, _ours)
    app.register_error_handler(WebError, _ours)
    app.register_error_handler(OAuth2Error, _authlib)
    app.register_error_handler(HTTPException, _http)
