"""The two grants we offer (authorization code with PKCE S256, refresh with rotation).

Authlib runs the protocol; these classes only tell it how our vault stores
codes and tokens, and close the gaps its defaults leave: PKCE with S256 for
every client, confidential ones included (Authlib requires PKCE of public
clients only, and accepts `plain`); single-use codes whose reuse revokes what
they produced; refresh tokens that rotate (off in Authlib by default) and
whose reuse revokes the whole grant (Authlib has no reuse detection).
"""

from __future__ import annotations

from typing import ClassVar

from authlib.oauth2.rfc6749 import InvalidGrantError, InvalidRequestError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import request as flask_request

from vault import audit, brands, codes, tokens
from vault import grants as vault_grants
from web import runtime
from web.clock import now
from web.models import AuthorizationCode, BearerToken, load_token

CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]


class S256Challenge(CodeChallenge):
    """PKCE for every client, confidential ones included, and only with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send a code_challenge (S256).")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is accepted.")
        super().validate_code_challenge(grant, redirect_uri)


def refuse(reason: str, *, brand_id: int, grant_id: int) -> None:
    """Write a refused attempt at the token endpoint to the access log.

    The brand exists: it holds the code or token (brands are blocked, never deleted).
    """
    brand = brands.get(runtime.store(), brand_id)
    audit.record(runtime.store(), at=now(), method=flask_request.method,
                 endpoint=flask_request.path, outcome="refused", reason=reason,
                 brand_id=brand_id, brand_name=brand.name, grant_id=grant_id)


class CodeGrant(grants.AuthorizationCodeGrant):
    """Authorization code grant over our codes table."""

    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def save_authorization_code(self, code, request):
        grant = request.user
        data = request.payload.data
        codes.issue(runtime.store(), code, brand_id=request.client.brand.id, grant_id=grant.id,
                    redirect_uri=request.payload.redirect_uri, scopes=grant.scopes,
                    challenge=data["code_challenge"],
                    challenge_method=data["code_challenge_method"], now=now())

    def query_authorization_code(self, code, client):
        store = runtime.store()
        found = codes.find(store, code)
        if found is None or found.brand_id != client.brand.id:
            return None
        if found.used_at is not None:
            self._reused(found)
            return None
        if found.expires_at <= now():
            return None
        return AuthorizationCode(found)

    def authenticate_user(self, authorization_code):
        """Spend the code (one statement decides between concurrent redemptions)."""
        found = authorization_code.code
        if not codes.redeem(runtime.store(), found.id, now=now()):
            self._reused(found)
            raise InvalidGrantError("This code was used already.")
        grant = vault_grants.get(runtime.store(), found.grant_id)
        if not grant.is_live(now()):
            raise InvalidGrantError("The consumer has withdrawn this access.")
        return grant

    def delete_authorization_code(self, authorization_code):
        """Nothing to do: the code was spent in authenticate_user and stays as a tombstone."""

    def _reused(self, found: codes.Code) -> None:
        with runtime.store().atomic():
            tokens.revoke_family(runtime.store(), found.id, now=now(), reason="code_reused")
            refuse("code_reused", brand_id=found.brand_id, grant_id=found.grant_id)


class RefreshGrant(grants.RefreshTokenGrant):
    """Refresh with rotation: each refresh token works once; a replay ends the grant."""

    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        found = load_token(runtime.store(), refresh_token, kind="refresh", at=now())
        if found is None:
            return None
        if found.token.used_at is not None:
            self._reused(found)
            return None
        if found.is_revoked():
            return None
        if not found.scopes:  # refused here, unspent: a retry must not pass for a replay
            raise InvalidGrantError("Nothing this refresh token allowed is allowed any more:"
                                    " ask the consumer again.")
        return found

    def authenticate_user(self, refresh_token: BearerToken):
        """Retire the presented token first, so two concurrent refreshes cannot both win."""
        if not tokens.claim(runtime.store(), refresh_token.token.id, now=now()):
            self._reused(refresh_token)
            raise InvalidGrantError("This refresh token was used already.")
        return refresh_token.grant

    def revoke_old_credential(self, refresh_token):
        """Nothing left to do: authenticate_user retired the token before any new one existed."""

    def _reused(self, found: BearerToken) -> None:
        with runtime.store().atomic():
            vault_grants.revoke(runtime.store(), found.grant.id, now=now(),
                                reason="refresh_reused")
            refuse("refresh_reused", brand_id=found.brand.id, grant_id=found.grant.id)


def save_token(token: dict, request) -> None:
    """Store the digests of the tokens Authlib just generated, and say when the access one dies.

    A token keeps the scopes of its family (or those its brand narrowed it to at a
    refresh, RFC 6749 section 6), not only those the grant allows at this moment:
    what it may use is judged at each call (BearerToken.scopes), so a scope the
    consumer takes back and then gives back reaches it again.
    """
    store, moment = runtime.store(), now()
    grant = request.user
    if request.authorization_code is not None:
        family = request.authorization_code.code.id
        scopes = request.authorization_code.code.scopes
    else:
        family = request.refresh_token.token.family
        asked = request.payload.scope
        scopes = frozenset(asked.split()) if asked else request.refresh_token.token.scopes
    common = {"brand_id": request.client.brand.id, "grant_id": grant.id, "family": family,
              "scopes": scopes, "now": moment}
    access_expiry = _capped(moment + tokens.ACCESS_LIFETIME, grant)
    token["expires_in"] = int((access_expiry - moment).total_seconds())
    with store.atomic():
        tokens.issue(store, token["access_token"], kind="access", expires_at=access_expiry,
                     **common)
        if "refresh_token" in token:
            expiry = tokens.refresh_expiry(store, family, now=moment)
            tokens.issue(store, token["refresh_token"], kind="refresh",
                         expires_at=_capped(expiry, grant), **common)


def _capped(moment, grant):
    return moment if grant.expires_at is None else min(moment, grant.expires_at)
