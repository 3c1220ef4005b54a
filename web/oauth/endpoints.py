"""The machine-facing OAuth endpoints: metadata, token, revocation, introspection, registration.

They answer in Authlib's RFC error format, never with a page, and take their
parameters from the request body only, each at most once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from vault.errors import Locked
from web.oauth.server import metadata as server_metadata

bp = Blueprint("oauth_endpoints", __name__)


def server():
    """The app's authorization server."""
    return current_app.extensions["coffre_oauth"]


def _oauth_error(status: int, error: str, description: str):
    response = jsonify({"error": error, "error_description": description})
    response.status_code = status
    return response


@bp.before_request
def _one_of_each_in_the_body():
    """Refuse parameters in the query string (they end up in logs) and repeated ones."""
    if request.method != "POST":
        return None
    if request.args:
        return _oauth_error(400, "invalid_request", "Send parameters in the body, not the URL.")
    repeated = [k for k in request.form if len(request.form.getlist(k)) > 1]
    if repeated:
        return _oauth_error(400, "invalid_request", f"Repeated parameter: {repeated[0]}.")
    return None


@bp.errorhandler(Locked)
def _locked(error: Locked):
    return _oauth_error(423, "temporarily_unavailable", "The vault is locked.")


@bp.errorhandler(HTTPException)
def _http(error: HTTPException):
    return _oauth_error(error.code or 400, "invalid_request", error.description or error.name)


@bp.get("/.well-known/oauth-authorization-server")
def metadata():
    """RFC 8414 authorization server metadata."""
    return jsonify(server_metadata())


@bp.post("/oauth/token")
def token():
    """Exchange a code, or rotate a refresh token."""
    return server().create_token_response()


@bp.post("/oauth/revoke")
def revoke():
    """RFC 7009 revocation."""
    return server().create_endpoint_response("revocation")


@bp.post("/oauth/introspect")
def introspect():
    """RFC 7662 introspection (a brand's own tokens only)."""
    return server().create_endpoint_response("introspection")


@bp.post("/oauth/register")
def register():
    """RFC 7591 dynamic registration with a one-time initial access token."""
    return server().create_endpoint_response("client_registration")
