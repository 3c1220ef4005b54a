"""Who may call the brand API: bearer tokens checked by Authlib, scopes declared per endpoint.

Every call is written to the access log, allowed or refused, with the reason
the consumer will read. A refused token is raised as one of the OAuth2Errors
below, which web.errors answers per RFC 6750 (`WWW-Authenticate`) with a
problem+json body; an expired, paused or revoked grant answers exactly like an
unknown token, so a brand learns nothing from the difference.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from authlib.integrations.flask_oauth2 import ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import MissingAuthorizationError
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError, InvalidTokenError
from flask import Blueprint, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from vault import audit
from vault.errors import VaultError
from vault.store import Store
from web import runtime
from web.clock import now
from web.errors import reason_for
from web.models import BearerToken, load_token

REALM = "coffre"
bp = Blueprint("api", __name__)


@dataclass(frozen=True)
class Endpoint:
    """One API operation: its method, OpenAPI path, and the scopes any one of which allows it."""

    method: str
    path: str
    scopes: tuple[str, ...] | None  # None: any valid token
    name: str
    summary: str


ENDPOINTS: list[Endpoint] = []


@dataclass
class Access:
    """What a view gets: the store, the moment, the token and the scopes it holds now."""

    store: Store
    at: datetime
    token: BearerToken

    @property
    def scopes(self) -> frozenset[str]:
        """The scopes the call may use (the token's, less any the consumer removed)."""
        return self.token.scopes


@dataclass
class Reply:
    """A view's answer: the JSON body (or JSON text), its status, how many records went out."""

    body: Any
    records: int
    status: int = 200
    fields: list[str] = field(default_factory=list)
    months: int | None = None  # the period it covers, said in the access log


class Refused(InvalidTokenError):
    """A token that cannot be used; `reason` goes to the access log only."""

    def __init__(self, reason: str,
                 description: str = "The access token is invalid, expired or revoked."):
        super().__init__(description=description, realm=REALM)
        self.reason = reason


class NoToken(MissingAuthorizationError):
    """No token at all: a bare challenge, with no error code (RFC 6750 section 3.1)."""

    description = "Send an access token in the Authorization header (Bearer)."

    def get_headers(self):
        return [*super().get_headers(), ("WWW-Authenticate", f'Bearer realm="{REALM}"')]


class ScopeRefused(InsufficientScopeError):
    """A valid token without the scope the endpoint needs; the header names that scope."""

    reason = "insufficient_scope"

    def __init__(self, needed: str):
        super().__init__(description=f"This call needs the scope {needed}.")
        self.needed = needed

    def get_headers(self):
        return [*super().get_headers(),
                ("WWW-Authenticate", f'Bearer realm="{REALM}", error="insufficient_scope", '
                                     f'error_description="{self.description}", '
                                     f'scope="{self.needed}"')]


class Validator(BearerTokenValidator):
    """Finds the token by its digest and judges it with its grant and brand, now."""

    def authenticate_token(self, token_string: str) -> BearerToken | None:
        found = load_token(runtime.store(), token_string, kind="access", at=now())
        g.coffre_token = found
        return found

    def validate_token(self, token, scopes, request):
        if token is None:
            raise Refused("bad_token")
        reason = token.refusal()
        if reason:
            raise Refused(reason)
        if self.scope_insufficient(token.get_scope(), scopes):
            raise ScopeRefused(scopes[0])


protector = ResourceProtector()
protector.register_token_validator(Validator(realm=REALM))


def endpoint(rule: str, *, scopes: tuple[str, ...] | None, summary: str, method: str = "GET",
             path: str | None = None) -> Callable:
    """Declare an API operation: the scopes that allow it, checked and logged on every call."""

    def decorator(view: Callable[..., Reply]) -> Callable[..., Response]:
        ENDPOINTS.append(Endpoint(method, path or rule, scopes, view.__name__, summary))

        @functools.wraps(view)
        def guarded(**kwargs: Any) -> Response:
            return _call(view, scopes, kwargs)

        bp.add_url_rule(rule, view.__name__, guarded, methods=[method])
        return guarded

    return decorator


def _call(view: Callable[..., Reply], scopes: tuple[str, ...] | None, kwargs: dict) -> Response:
    store = runtime.store()  # raises Locked: 423
    if "access_token" in request.args:
        _log(store, "refused", reason="token_in_url")
        raise Refused("token_in_url", "Send the access token in the Authorization header, "
                      "never in the address.")
    try:
        token = protector.acquire_token(list(scopes) if scopes else None)
    except OAuth2Error as error:
        _log(store, "refused", reason=getattr(error, "reason", "bad_token"))
        raise _refusal(error)  # noqa: B904 -- often the same error, re-raised
    access = Access(store, now(), token)
    reply = _run(view, access, scopes, kwargs)
    if isinstance(reply.body, str):  # JSON text built by the vault
        return Response(reply.body, status=reply.status, mimetype="application/json")
    response = jsonify(reply.body)
    response.status_code = reply.status
    return response


def _run(view: Callable[..., Reply], access: Access, scopes: tuple[str, ...] | None,
         kwargs: dict) -> Reply:
    """The view and its access-log record, in one transaction: both are kept or neither.

    A view that fails leaves none of its writes (a savepoint), and its refusal
    is logged and kept all the same. A read (GET) writes nothing but its record,
    so it runs before that record's transaction, and brands' reads never queue
    behind one another for the write lock.
    """
    reads = request.method in ("GET", "HEAD")
    failed = None
    with nullcontext() if reads else access.store.atomic():
        try:
            with nullcontext() if reads else access.store.atomic():
                reply = view(access, **kwargs)
        except (VaultError, HTTPException) as error:
            _log(access.store, "refused", reason=reason_for(error), token=access.token)
            failed = error
        else:
            used = next((s for s in scopes or () if s in access.scopes), None)
            _log(access.store, "allowed", token=access.token, scope=used, records=reply.records,
                 fields=reply.fields or field_paths(reply.body), months=reply.months)
    if failed is not None:
        raise failed
    return reply


def _log(store: Store, outcome: str, *, reason: str | None = None,
         token: BearerToken | None = None, **details: Any) -> None:
    token = token or g.get("coffre_token")
    audit.record(store, at=now(), method=request.method, endpoint=request.path, outcome=outcome,
                 reason=reason, brand_id=token.brand.id if token else None,
                 brand_name=token.brand.name if token else None,
                 grant_id=token.grant.id if token else None, **details)


def _refusal(error: OAuth2Error) -> OAuth2Error:
    """What the brand is told: no token, a missing scope, or an unusable token (all alike)."""
    if isinstance(error, MissingAuthorizationError):
        return NoToken()
    if isinstance(error, Refused | ScopeRefused):
        return error
    return Refused("bad_token")  # another scheme, or a malformed header


def field_paths(body: Any, name: str = "") -> list[str]:
    """The names of the fields in a JSON body ("orders[].merchant"), for the access log."""
    if isinstance(body, dict) and body:
        return [p for key, value in body.items()
                for p in field_paths(value, f"{name}.{key}" if name else key)]
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return field_paths(body[0], f"{name}[]")  # every element has the same shape
    return [name] if name else []
