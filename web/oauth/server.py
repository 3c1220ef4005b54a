"""The authorization server: Authlib's, told how to find brands and store tokens.

Only the grants we offer are registered (authorization code with PKCE S256,
refresh token); the implicit and password grants do not exist here.
"""

from __future__ import annotations

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9207 import IssuerParameter
from flask import current_app

from vault import brands, tokens
from vault.scopes import SCOPES
from web import runtime
from web.clock import now
from web.models import Client, load_token
from web.oauth.grants import CLIENT_AUTH_METHODS, CodeGrant, RefreshGrant, S256Challenge, save_token
from web.oauth.registration import Registration
from web.security import external_url

LIFETIME_SECONDS = int(tokens.ACCESS_LIFETIME.total_seconds())
SETTINGS = {
    "OAUTH2_ACCESS_TOKEN_GENERATOR": lambda **_: tokens.new_value(),
    "OAUTH2_REFRESH_TOKEN_GENERATOR": lambda **_: tokens.new_value(),
    "OAUTH2_TOKEN_EXPIRES_IN": {"authorization_code": LIFETIME_SECONDS,
                                "refresh_token": LIFETIME_SECONDS},
}


def issuer() -> str:
    """Our issuer identifier: the configured public address (RFC 8414, RFC 9207)."""
    return current_app.config["PUBLIC_URL"]


class Issuer(IssuerParameter):
    """Adds `iss` to every authorization response, errors included (RFC 9207)."""

    def get_issuer(self) -> str:
        return issuer()


def query_client(client_id: str) -> Client | None:
    """The brand with this client id, unless unknown or blocked."""
    brand = brands.find_by_client_id(runtime.store(), client_id)
    return None if brand is None or brand.blocked else Client(brand)


class _OwnTokens:
    """Revocation and introspection: a brand reaches only its own tokens."""

    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        kind = {"access_token": "access", "refresh_token": "refresh"}.get(token_type_hint)
        found = load_token(runtime.store(), token_string, kind=kind, at=now())
        if found is None and kind is not None:  # a wrong hint is only a hint (RFC 7009)
            found = load_token(runtime.store(), token_string, kind=None, at=now())
        return found


class Revocation(_OwnTokens, RevocationEndpoint):
    """RFC 7009: revoking a refresh token also revokes the tokens of its family."""

    def revoke_token(self, token, request):
        store, moment = runtime.store(), now()
        if token.token.kind == "refresh":
            tokens.revoke_family(store, token.token.family, now=moment, reason="by_brand")
        else:
            tokens.revoke(store, token.token.id, now=moment, reason="by_brand")


class Introspection(_OwnTokens, IntrospectionEndpoint):
    """RFC 7662, for the brand's own tokens only."""

    def check_permission(self, token, client, request):
        return token.check_client(client)

    def introspect_token(self, token):
        return {"active": True, "client_id": token.brand.client_id, "scope": token.get_scope(),
                "token_type": "Bearer" if token.token.kind == "access" else "refresh_token",
                "exp": int(token.token.expires_at.timestamp()),
                "iat": int(token.token.issued_at.timestamp()), "iss": issuer(),
                "sub": f"grant:{token.grant.id}"}


def metadata() -> dict:
    """Our RFC 8414 authorization server metadata."""
    methods = list(CLIENT_AUTH_METHODS)
    return {
        "issuer": issuer(),
        "authorization_endpoint": external_url("oauth.authorize"),
        "token_endpoint": external_url("oauth_endpoints.token"),
        "registration_endpoint": external_url("oauth_endpoints.register"),
        "revocation_endpoint": external_url("oauth_endpoints.revoke"),
        "introspection_endpoint": external_url("oauth_endpoints.introspect"),
        "jwks_uri": external_url("oauth_endpoints.jwks"),
        "scopes_supported": list(SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": methods,
        "revocation_endpoint_auth_methods_supported": methods,
        "introspection_endpoint_auth_methods_supported": methods,
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": True,
        "service_documentation": external_url("api.openapi_document"),
    }


def build() -> AuthorizationServer:
    """A server with our two grants, PKCE S256, `iss`, revocation, introspection, registration."""
    server = AuthorizationServer(query_client=query_client, save_token=save_token)
    server.load_config(SETTINGS)
    server.scopes_supported = list(SCOPES)
    server.register_grant(CodeGrant, [S256Challenge(required=True)])
    server.register_grant(RefreshGrant)
    server.register_extension(Issuer())
    server.register_endpoint(Revocation)
    server.register_endpoint(Introspection)
    server.register_endpoint(Registration(server, metadata))
    return server
