"""Brands: metadata checked at the door, redirect URIs kept exact, secrets as digests."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import nacl.signing
import pytest

from vault import brands, disclosure
from vault.errors import ValidationError

T0 = datetime(2030, 1, 1, tzinfo=UTC)
GOOD = {"client_name": "Maison Dupont", "redirect_uris": ["https://md.example/cb"],
        "scope": "profile:read offers:write"}


def _jwks(key: bytes) -> dict:
    x = base64.urlsafe_b64encode(key).decode().rstrip("=")
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "use": "sig"}]}


def test_a_confidential_brand_gets_a_secret_kept_only_as_a_digest(store):
    brand, secret = brands.add(store, GOOD, source="manual", now=T0)

    assert brand.check_secret(secret) and not brand.check_secret(secret + "x")
    assert secret.encode() not in repr(store.all("select * from brands")).encode()
    assert brand.auth_method == "client_secret_basic"


def test_a_public_brand_has_no_secret(store):
    brand, secret = brands.add(store, {**GOOD, "token_endpoint_auth_method": "none"},
                               source="manual", now=T0)
    assert secret is None and not brand.check_secret("")


def test_public_key_comes_from_the_registered_jwks(store):
    key = nacl.signing.SigningKey.generate().verify_key.encode()
    brand, _ = brands.add(store, {**GOOD, "jwks": _jwks(key)}, source="registered", now=T0)
    plain, _ = brands.add(store, GOOD, source="manual", now=T0)

    assert brands.public_key(store, brand.id) == key
    assert brands.public_key(store, plain.id) is None
    assert brands.public_key(store, 999) is None


@pytest.mark.parametrize("uri", [
    "http://md.example/cb",              # http away from loopback
    "https://user:pw@md.example/cb",     # userinfo
    "https://md.example@evil.example/cb",
    "https://md.example/cb#frag",        # fragment
    "https://md.example/cb ",            # trailing space
    "https://*.md.example/cb",           # wildcard
    "javascript:alert(1)",
    "md.example/cb",                     # relative
    "https:///cb",                       # no host
    "https://md.example;script-src/cb",  # not a host name (it would leak into a header)
    "https://md_example.com/cb",
])
def test_ambiguous_redirect_uris_are_refused(store, uri):
    with pytest.raises(ValidationError) as e:
        brands.add(store, {**GOOD, "redirect_uris": [uri]}, source="manual", now=T0)
    assert e.value.field == "redirect_uris"
    assert brands.all_brands(store) == []


def test_loopback_http_is_allowed_and_kept_exactly(store):
    uri = "http://127.0.0.1:8123/Call%20Back?x=1"
    brand, _ = brands.add(store, {**GOOD, "redirect_uris": [uri]}, source="manual", now=T0)
    assert brand.redirect_uris == (uri,)


@pytest.mark.parametrize("field, value", [
    ("scope", "profile:read admin"), ("scope", ""), ("client_name", ""),
    ("client_name", "M" * 61),
    ("token_endpoint_auth_method", "private_key_jwt"), ("grant_types", ["password"]),
    ("grant_types", ["implicit", "authorization_code"]), ("contacts", "me@example.org"),
    ("logo_uri", "data:image/svg+xml;base64,PHN2Zz4="), ("jwks", {"keys": "nope"}),
    ("client_uri", "ftp://md.example"),
])
def test_bad_metadata_is_refused_with_its_field(store, field, value):
    with pytest.raises(ValidationError) as e:
        brands.add(store, {**GOOD, field: value}, source="manual", now=T0)
    assert field in [p.field for p in e.value.problems]


def test_a_name_of_sixty_characters_is_the_longest_kept(store):
    brand, _ = brands.add(store, {**GOOD, "client_name": "M" * 60}, source="manual", now=T0)
    assert brand.name == "M" * 60


def test_block_and_unblock(store):
    brand, _ = brands.add(store, GOOD, source="manual", now=T0)
    assert brands.block(store, brand.id, now=T0).blocked
    assert not brands.unblock(store, brand.id).blocked


@pytest.mark.parametrize("born, band", [
    ("2013-01-02", "under 18"), ("2000-06-01", "18-24"), ("1999-01-01", "25-34"),
    ("1988-05-17", "35-44"), ("1950-01-01", "65+")])
def test_age_band_never_the_birth_date(born, band):
    assert disclosure.age_band(date.fromisoformat(born), date(2025, 3, 1)) == band
