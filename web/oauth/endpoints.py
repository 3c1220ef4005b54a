"""The machine-facing OAuth endpoints: metadata, the vault's JWKS, token, revocation,
introspection, registration.

They answer in Authlib's RFC error format, never with a page (web.errors sees
to it for this blueprint), and take their parameters from the request body
only, each at most once.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from authlib.oauth2.rfc6749 import InvalidClientError, InvalidRequestError
from flask import Blueprint, Response, current_app, jsonify, request

from vault import identity
from web import runtime
from web.errors import oauth_text
from web.oauth.server import metadata as server_metadata

bp = Blueprint("oauth_endpoints", __name__)


def server():
    """The app's authorization server."""
    return current_app.extensions["coffre_oauth"]


@bp.before_request
def _one_of_each_in_the_body():
    """Refuse parameters in the query string (they end up in logs), repeated ones, and
    client credentials given two ways at once (RFC 6749 section 2.3).

    Raises InvalidRequestError, or InvalidClientError for Basic credentials that
    are not UTF-8 text (answered by web.errors in RFC 6749 format).
    """
    if request.method != "POST":
        return
    if request.args:
        raise InvalidRequestError("Send parameters in the body, not the URL.")
    repeated = [k for k in request.form if len(request.form.getlist(k)) > 1]
    if repeated:
        raise InvalidRequestError(oauth_text(f"Repeated parameter: {repeated[0]}."))
    if _basic_credentials() and "client_secret" in request.form:
        raise InvalidRequestError("Authenticate the client one way only: HTTP Basic or"
                                  " client_secret in the body, not both.")


def _basic_credentials() -> bool:
    """True when the request carries HTTP Basic credentials (which must be UTF-8 text)."""
    kind, _, value = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "basic":
        return False
    try:
        base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as e:
        raise InvalidClientError("The Basic credentials are not base64 of UTF-8 text.",
                                 status_code=401) from e
    return True


@bp.get("/.well-known/oauth-authorization-server")
def metadata():
    """RFC 8414 authorization server metadata."""
    return jsonify(server_metadata())


@bp.get("/.well-known/jwks.json")
def jwks():
    """The vault's public signing key (RFC 7517, RFC 8037): it checks receipts and shares."""
    return jsonify({"keys": [identity.jwk(runtime.store())]})


class _Unauthenticated(Exception):
    def __init__(self, response: Response):
        self.response = response


def _guarded(respond: Callable[[], Response]) -> Response:
    """`respond()`, unless this address must first wait for its wrong credentials.

    A 401 (a wrong client secret, an unknown invitation) counts against the
    client's address; any other answer clears its count. Raises
    TooManyAttempts while the address must wait (429, with Retry-After).
    """
    def attempt() -> Response:
        response = respond()
        if response.status_code == 401:
            raise _Unauthenticated(response)
        return response

    try:
        return current_app.extensions["coffre_client_throttle"].attempt(
            request.remote_addr or "unknown", attempt)
    except _Unauthenticated as refused:
        return refused.response


@bp.post("/oauth/token")
def token():
    """Exchange a code, or rotate a refresh token."""
    return _guarded(server().create_token_response)


@bp.post("/oauth/revoke")
def revoke():
    """RFC 7009 revocation."""
    return _guarded(lambda: server().create_endpoint_response("revocation"))


@bp.post("/oauth/introspect")
def introspect():
    """RFC 7662 introspection (a brand's own tokens only)."""
    return _guarded(lambda: server().create_endpoint_response("introspection"))


@bp.post("/oauth/register")
def register():
    """RFC 7591 dynamic registration with a one-time initial access token."""
    return _guarded(lambda: server().create_endpoint_response("client_registration"))
