"""Who may call the brand API: bearer tokens checked by Authlib, scopes declared per endpoint.

Every call is written to the access log, allowed or refused, with the reason
the consumer will read. A refused token is raised as one of the OAuth2Errors
below, which web.errors answers per RFC 6750 (`WWW-Authenticate`) with a
problem+json body; an expired, paused or revoked grant answers exactly like an
unknown token, so a brand learns nothing from the difference.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from authlib.integrations.flask_oauth2 import ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import JsonRequest, MissingAuthorizationError
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError, InvalidTokenError
from flask import Blueprint, Response, g, request
from werkzeug.exceptions import HTTPException

from vault import audit, received, transparency
from vault.errors import VaultError
from vault.store import Store
from web import runtime
from web.clock import now
from web.errors import reason_for
from web.models import BearerToken, load_token

REALM = "coffre"
NO_VERSION = "select null"  # the version query of an endpoint without one
# What the token's statement reads beside it (BearerToken.also), by position.
LOG_SIZE, DATA_VERSION = 0, 1
bp = Blueprint("api", __name__)


@dataclass(frozen=True)
class Endpoint:
    """One API operation: its method, OpenAPI path, and the scopes any one of which allows it."""

    method: str
    path: str
    scopes: tuple[str, ...] | None  # None: any valid token
    name: str
    summary: str
    conditional: bool = False  # answers carry an ETag; If-None-Match may get 304


ENDPOINTS: list[Endpoint] = []
VERSIONS: dict[str, str] = {}  # Flask endpoint name -> the query of its data version


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
    held: dict | None = None  # which records it holds, to rebuild it later (vault.received)


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
        reads = (transparency.SIZE, VERSIONS.get(request.endpoint, NO_VERSION))  # by position
        found = load_token(runtime.store(), token_string, kind="access", at=now(), also=reads)
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


class Protector(ResourceProtector):
    """Authlib's check of the Authorization header, handed only what a bearer check reads.

    Authlib's Flask adapter rebuilds the request's full URL (and sends a signal
    nobody listens to) on every call; the header, the method and the path suffice.
    """

    def acquire_token(self, scopes: list[str] | None = None, **claims: Any) -> BearerToken:
        return self.validate_request(scopes, JsonRequest(request.method, request.path,
                                                         request.headers), **claims)


protector = Protector()
protector.register_token_validator(Validator(realm=REALM))


def endpoint(rule: str, *, scopes: tuple[str, ...] | None, summary: str, method: str = "GET",
             path: str | None = None, version: str | None = None,
             before: Callable[[Store], None] | None = None) -> Callable:
    """Declare an API operation: the scopes that allow it, checked and logged on every call.

    `version` (reads only): the query of a number that changes with every write the
    answer depends on, besides the grant and the request; the answer then carries an
    ETag, and a request naming that tag in If-None-Match gets 304 without a body (logged
    alike). The token's own statement reads it (Validator), so a 304 costs one statement.
    `before` runs once the token is accepted, before the answer's snapshot begins
    (the log's proofs: the journal's waiting events written into the log first).
    """

    def decorator(view: Callable[..., Reply]) -> Callable[..., Response]:
        ENDPOINTS.append(Endpoint(method, path or rule, scopes, view.__name__, summary,
                                  conditional=version is not None))

        @functools.wraps(view)
        def guarded(**kwargs: Any) -> Response:
            return _call(view, scopes, version, before, kwargs)

        bp.add_url_rule(rule, view.__name__, guarded, methods=[method])
        if version is not None:
            VERSIONS[f"{bp.name}.{view.__name__}"] = version
        return guarded

    return decorator


def _call(view: Callable[..., Reply], scopes: tuple[str, ...] | None,
          version: str | None, before: Callable[[Store], None] | None,
          kwargs: dict) -> Response:
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
    access = Access(store, token.at, token)
    if before is not None or request.method not in ("GET", "HEAD"):
        g.coffre_log_grows = True  # by this call: its answer's tree head is read anew (log.py)
    reply, data, tag = _run(view, access, scopes, version, before, kwargs)
    if reply is None:
        response = Response(status=304)
    else:
        response = Response(data, status=reply.status, mimetype="application/json")
    if tag is not None:
        response.set_etag(tag)
    return response


def _run(view: Callable[..., Reply], access: Access, scopes: tuple[str, ...] | None,
         version: str | None, before: Callable[[Store], None] | None,
         kwargs: dict) -> tuple[Reply | None, bytes | None, str | None]:
    """The view and its access-log record, in one transaction: both are kept or neither.

    The record keeps which records the answer held and the SHA-256 of the very bytes
    sent, so the consumer can later see exactly what the brand received.

    A view that fails leaves none of its writes (a savepoint); its refusal is logged
    all the same. A read (GET) writes nothing but its record, so it runs in a snapshot
    and its record goes to the journal (vault.journal) once it is done, before the bytes
    leave: reads never queue for the write lock. Returns the reply
    (None: not modified), the bytes sent, and the ETag, if the endpoint has one.
    """
    reads = request.method in ("GET", "HEAD")
    failed = None
    with nullcontext() if reads else access.store.atomic():
        try:
            if before is not None:  # what the answer's snapshot must see (a failure is logged)
                before(access.store)
            reply, data, digest, tag = _answer(view, access, version if reads else None, kwargs,
                                               access.store.snapshot if reads else
                                               access.store.atomic)
        except (VaultError, HTTPException) as error:
            _log(access.store, "refused", reason=reason_for(error), token=access.token)
            failed = error
        else:
            used = next((s for s in scopes or () if s in access.scopes), None)
            _log(access.store, "allowed", token=access.token, scope=used,
                 records=reply.records if reply else 0,
                 fields=(reply.fields or field_paths(reply.body)) if reply else (),
                 months=reply.months if reply else None, held=reply.held if reply else None,
                 body_sha256=digest)
    if failed is not None:
        raise failed
    return reply, data, tag


def _answer(view: Callable[..., Reply], access: Access, version: str | None, kwargs: dict,
            within: Callable[[], AbstractContextManager[None]],
            ) -> tuple[Reply | None, bytes | None, str | None, str | None]:
    """The reply, the bytes sent and their SHA-256, and the ETag of a conditional read.

    The view runs `within` a snapshot (a read) or a savepoint (a write). Not modified:
    no reply and no bytes. A conditional read whose tag names an answer made before
    gets that answer again (web/answers.py), without running the view. Both are known
    from the data's version alone, read with the token (its statement's own snapshot);
    only when the view must run is the version read again, in the snapshot the view reads.
    """
    tag = None
    if version is not None:
        tag, known = _known(access, access.token.also[DATA_VERSION])
        if known is not None:
            return known
    with within():
        if version is not None:
            tag, known = _known(access, access.store.value(version))
            if known is not None:  # the data changed meanwhile to a state answered before
                return known
        answers = runtime.current().answers
        since = answers.generation
        reply = view(access, **kwargs)
        data = received.body_bytes(reply.body)
        digest = received.digest(data)
    if tag is not None and reply.status == 200:
        answers.keep(tag, (reply, data, digest), since=since)
    return reply, data, digest, tag


def _known(access: Access, data_version: Any) -> tuple[str, tuple | None]:
    """The ETag of the data at `data_version`, and the answer it calls for without the view:
    not modified (the request names the tag), the answer kept under it, or None."""
    tag = _tag(access, data_version)
    if _held(tag):
        return tag, (None, None, None, tag)
    kept = runtime.current().answers.find(tag)
    return tag, None if kept is None else (*kept, tag)


def _tag(access: Access, data_version: Any) -> str:
    """The strong ETag of an answer: a keyed digest of everything the answer is made from.

    Within one opening of the vault the answer is a function of the data (its
    version, read in the same snapshot as an answer made), the grant as it stands and
    the request; the key is new at each unlock, so a tag says nothing about the
    data, and none survives a restart (new code) or a vault opened anew.
    """
    grant = access.token.grant
    made_of = (data_version, grant.id, grant.version, access.scopes, request.path,
               request.query_string)

    def text() -> str:
        *before, scopes, path, query = made_of
        return json.dumps([*before, sorted(scopes), path, query.decode("latin-1")])

    return runtime.current().tags.of(made_of, text)


def _held(tag: str) -> bool:
    """True if the request's If-None-Match names `tag` (weak comparison, RFC 9110 13.1.2).

    "*" is not honoured: the answer then goes out whole, as to a request without it.
    """
    wanted = request.if_none_match
    return not wanted.star_tag and wanted.contains_weak(tag)


def _log(store: Store, outcome: str, *, reason: str | None = None,
         token: BearerToken | None = None, **details: Any) -> None:
    token = token or g.get("coffre_token")
    # A call's event is dated when its token was judged (the moment of its Access).
    audit.record(store, at=token.at if token else now(), method=request.method,
                 endpoint=request.path, outcome=outcome, reason=reason,
                 brand_id=token.brand.id if token else None,
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
