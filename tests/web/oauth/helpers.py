"""Helpers for the OAuth and API tests: a brand, PKCE, the consent dance, tokens.

Imported by the tests of tests/web/oauth, api and access.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from vault import brands, codes, grants, tokens
from vault.scopes import SCOPES

REDIRECT = "https://brand.example/callback"
ALL = " ".join(SCOPES)


@dataclass
class BrandClient:
    """A brand as its own software knows itself: ids, secret, redirect URI."""

    brand_id: int
    client_id: str
    secret: str | None
    redirect_uri: str = REDIRECT

    def auth(self) -> dict:
        """Keyword arguments for the test client: HTTP Basic, or client_id for a public one."""
        if self.secret is None:
            return {}
        raw = base64.b64encode(f"{self.client_id}:{self.secret}".encode()).decode()
        return {"headers": {"Authorization": f"Basic {raw}"}}

    def form(self, **values) -> dict:
        """A token-endpoint form, with client_id when the brand is public."""
        return {**values, **({"client_id": self.client_id} if self.secret is None else {})}


def add_brand(store, *, scopes: str = ALL, public: bool = False, name: str = "Maison Dupont",
              redirect: str = REDIRECT, purpose: str | None = "Send you offers that fit.",
              **extra) -> BrandClient:
    """A brand added by hand, as the consumer would."""
    values = {"client_name": name, "redirect_uris": [redirect], "scope": scopes,
              "purpose": purpose, "token_endpoint_auth_method": "none" if public else None,
              **extra}
    brand, secret = brands.add(store, values, source="manual", now=datetime.now(UTC))
    return BrandClient(brand.id, brand.client_id, secret, redirect)


def pkce() -> tuple[str, str]:
    """A fresh code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def authorize_path(brand: BrandClient, *, scope: str, challenge: str | None, state: str = "xyz",
                   method: str | None = "S256", **extra) -> str:
    """The /oauth/authorize address a brand sends the consumer to."""
    params = {"response_type": "code", "client_id": brand.client_id,
              "redirect_uri": brand.redirect_uri, "scope": scope, "state": state}
    if challenge is not None:
        params["code_challenge"] = challenge
    if method is not None:
        params["code_challenge_method"] = method
    params.update(extra)
    return "/oauth/authorize?" + urlencode({k: v for k, v in params.items() if v is not None})


def query(location: str) -> dict[str, str]:
    """The query parameters of a redirect, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def allow(client, brand: BrandClient, *, scope: str = ALL, grant: str | None = None,
          duration: str = "30d", state: str = "xyz") -> tuple[str, str]:
    """Walk the consent page, allow `grant` (default: all asked); return code and verifier."""
    verifier, challenge = pkce()
    path = authorize_path(brand, scope=scope, challenge=challenge, state=state)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"allow_scope": (grant or scope).split(),
                                       "duration": duration, "allow": "1"})
    assert response.status_code in (302, 303), response.data
    params = query(response.headers["Location"])
    assert params["state"] == state
    return params["code"], verifier


def exchange(client, brand: BrandClient, code: str, verifier: str | None):
    """Trade a code for tokens at the token endpoint; return the response."""
    form = brand.form(grant_type="authorization_code", code=code,
                      redirect_uri=brand.redirect_uri, code_verifier=verifier)
    return client.post("/oauth/token", data={k: v for k, v in form.items() if v is not None},
                       **brand.auth())


def refresh(client, brand: BrandClient, refresh_token: str, **extra: str):
    """Rotate a refresh token (`extra`: more form fields, such as a narrower scope)."""
    return client.post("/oauth/token", data=brand.form(grant_type="refresh_token",
                                                       refresh_token=refresh_token, **extra),
                       **brand.auth())


def tokens_for(client, brand: BrandClient, *, scope: str = ALL, grant: str | None = None,
               duration: str = "30d") -> dict:
    """The token response of a full consent + exchange (client must be signed in)."""
    code, verifier = allow(client, brand, scope=scope, grant=grant, duration=duration)
    response = exchange(client, brand, code, verifier)
    assert response.status_code == 200, response.data
    return response.get_json()


def bearer(token: dict | str) -> dict:
    """Headers carrying an access token."""
    value = token["access_token"] if isinstance(token, dict) else token
    return {"Authorization": f"Bearer {value}"}


def direct_token(store, brand: BrandClient, scopes) -> str:
    """An access token for `scopes`, issued straight through the vault (no consent dance)."""
    moment = datetime.now(UTC)
    grant = grants.create(store, brand.brand_id, frozenset(scopes), purpose=None,
                          expires_at=None, now=moment)
    family = codes.issue(store, tokens.new_value(), brand_id=brand.brand_id, grant_id=grant.id,
                         redirect_uri=brand.redirect_uri, scopes=grant.scopes,
                         challenge="c" * 43, challenge_method="S256", now=moment)
    value = tokens.new_value()
    tokens.issue(store, value, kind="access", brand_id=brand.brand_id, grant_id=grant.id,
                 family=family, scopes=grant.scopes, now=moment,
                 expires_at=moment + tokens.ACCESS_LIFETIME)
    return value


def offer(**changes) -> dict:
    """A valid offer in Coffre's offer format."""
    until = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    return {"title": "Un roman à -20 %", "category": "books", "channel": "email",
            "language": "fr", "valid_until": until, "discount_percent": 20, **changes}


def receipt(ref: str = "R-1") -> dict:
    """A valid receipt a brand pushes (purchases:write)."""
    return {"merchant_order_id": ref, "ordered_at": "2025-03-14T10:30:00+01:00",
            "channel": "web", "currency": "EUR",
            "items": [{"name": "Roman", "category": "books", "quantity": 1,
                       "unit_price_minor": 1250}]}
