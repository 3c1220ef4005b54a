"""Our vault records seen through Authlib's model interfaces (client, code, token).

Shared: the OAuth server issues these, the brand API checks its bearer tokens with them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin

from vault import bearer
from vault import scopes as scope_names
from vault.brands import Brand
from vault.codes import Code
from vault.grants import Grant
from vault.store import Store
from vault.tokens import Token


class Client(ClientMixin):
    """A brand as an OAuth client: exact redirect URIs, its registered scopes and grant types."""

    def __init__(self, brand: Brand):
        self.brand = brand

    def get_client_id(self) -> str:
        return self.brand.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # every authorization request must name its redirect URI

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The requested scopes if the brand registered every one of them, else None."""
        requested = set((scope or "").split())
        if not requested or not requested <= self.brand.scopes:
            return None
        return scope_names.to_text(requested)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.brand.redirect_uris  # exact string match, nothing else

    def check_client_secret(self, client_secret: str) -> bool:
        return self.brand.check_secret(client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.brand.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.brand.grant_types


class AuthorizationCode(AuthorizationCodeMixin):
    """A stored authorization code, with the PKCE challenge Authlib's extension reads."""

    def __init__(self, code: Code):
        self.code = code
        self.code_challenge = code.challenge
        self.code_challenge_method = code.challenge_method

    def get_redirect_uri(self) -> str:
        return self.code.redirect_uri

    def get_scope(self) -> str:
        return scope_names.to_text(self.code.scopes)


class BearerToken(TokenMixin):
    """A stored token with its grant and brand, judged at one moment; `also`: the values
    read beside them (vault.bearer)."""

    def __init__(self, token: Token, grant: Grant, brand: Brand, at: datetime,
                 also: tuple[Any, ...] = ()):
        self.token = token
        self.grant = grant
        self.brand = brand
        self.at = at
        self.also = also

    @property
    def scopes(self) -> frozenset[str]:
        """What the token allows now: its own scopes, less any the consumer has since removed."""
        return self.token.scopes & self.grant.scopes

    def refusal(self) -> str | None:
        """Why this token cannot be used now (an access-log reason), or None."""
        if self.brand.blocked:
            return "blocked"
        state = self.grant.state(self.at)
        if state != "active":
            return state
        problem = self.token.problem(self.at)
        return {"used": "revoked"}.get(problem, problem)

    def check_client(self, client: Client) -> bool:
        return client.brand.id == self.token.brand_id

    def get_scope(self) -> str:
        return scope_names.to_text(self.scopes)

    def get_expires_in(self) -> int:
        return max(0, int((self.token.expires_at - self.at).total_seconds()))

    def is_expired(self) -> bool:
        return self.token.expires_at <= self.at

    def is_revoked(self) -> bool:
        return self.refusal() is not None

    def get_user(self) -> Grant:
        return self.grant

    def get_client(self) -> Client:
        return Client(self.brand)


def load_token(store: Store, value: str, *, kind: str | None, at: datetime,
               also: tuple[str, ...] = ()) -> BearerToken | None:
    """The token with this value (of `kind` if given) with its grant and brand, or None;
    `also`: scalar queries read in the same statement (vault.bearer.find)."""
    found = bearer.find(store, value, kind=kind, also=also)
    if found is None:
        return None
    return BearerToken(found.token, found.grant, found.brand, at, found.also)
