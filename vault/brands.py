"""Brands: the OAuth clients the consumer lets ask for access, registered or added by hand.

A brand's redirect URIs are kept exactly as registered and compared as exact
strings. Its client secret, when it has one, is kept only as a digest. Its
Ed25519 public key, taken from the JWKS it registered, checks offers it signs;
its X25519 public key (from that JWKS, or set by the consumer) is what sealed
shares are encrypted to.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vault import grants, redirects, validate
from vault import scopes as scope_names
from vault.errors import NotFound, ValidationError
from vault.provenance import iso_utc, parse_utc
from vault.store import Store
from vault.tokens import digest

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
GRANT_TYPES = ("authorization_code", "refresh_token")
RESPONSE_TYPES = ("code",)
SOURCES = ("registered", "manual")
MAX_REDIRECTS = 10

NAME_MAX = 60  # characters of a brand's name: enough for any real one, short enough to show


@dataclass(frozen=True)
class Brand:
    """A brand known to the vault."""

    id: int
    client_id: str
    name: str
    website: str | None
    logo_uri: str | None
    purpose: str | None
    policy_uri: str | None
    tos_uri: str | None
    contacts: tuple[str, ...]
    redirect_uris: tuple[str, ...]
    scopes: frozenset[str]
    grant_types: tuple[str, ...]
    auth_method: str
    jwks: dict | None
    public_key: bytes | None
    encryption_key: bytes | None  # X25519, for sealed shares
    source: str
    created_at: datetime
    blocked_at: datetime | None
    secret_hash: bytes | None
    receipts_refused_at: datetime | None = None  # since when its pushed receipts are refused

    @property
    def blocked(self) -> bool:
        """True once the consumer blocked the brand."""
        return self.blocked_at is not None

    def check_secret(self, secret: str) -> bool:
        """True if `secret` is this brand's client secret (constant-time)."""
        return self.secret_hash is not None and secrets.compare_digest(digest(secret),
                                                                       self.secret_hash)


def new_client_id() -> str:
    """A fresh client identifier (not a secret, but unguessable all the same)."""
    return "cof_" + secrets.token_urlsafe(18)


def new_secret() -> str:
    """A fresh client secret: 256 bits from the CSPRNG."""
    return secrets.token_urlsafe(32)


def check(values: dict[str, Any]) -> dict[str, Any]:
    """Validate a brand's metadata (RFC 7591 names); raise one ValidationError for every problem.

    Metadata we do not keep (jwks_uri, software_id…) is ignored, never answered back.
    """
    v = values.get
    (name, website, logo, policy, tos, purpose, uris, scope_set, method, kinds, _, contacts,
     key, sealing) = validate.collect(
        lambda: validate.visible_text("client_name", v("client_name"), max_len=NAME_MAX),
        lambda: redirects.web_address("client_uri", v("client_uri")),
        lambda: redirects.web_address("logo_uri", v("logo_uri")),
        lambda: redirects.https_address("policy_uri", v("policy_uri")),
        lambda: redirects.https_address("tos_uri", v("tos_uri")),
        lambda: validate.visible_text("purpose", v("purpose"), required=False, max_len=500),
        lambda: _redirect_uris(v("redirect_uris")),
        lambda: _scopes(v("scope")),
        lambda: validate.choice("token_endpoint_auth_method",
                                v("token_endpoint_auth_method") or "client_secret_basic",
                                AUTH_METHODS),
        lambda: _grant_types(v("grant_types")),
        lambda: _response_types(v("response_types")),
        lambda: _contacts(v("contacts")),
        lambda: ed25519_key(v("jwks")),
        lambda: x25519_key(v("jwks")),
    )
    return {"name": name, "website": website, "logo_uri": logo, "policy_uri": policy,
            "tos_uri": tos, "purpose": purpose, "redirect_uris": uris, "scopes": scope_set,
            "auth_method": method, "grant_types": kinds, "contacts": contacts,
            "jwks": v("jwks"), "public_key": key, "encryption_key": sealing}


def metadata(brand: Brand) -> dict[str, Any]:
    """The brand's client metadata as stored, in RFC 7591 names (what registration answers)."""
    stored = {"client_name": brand.name, "client_uri": brand.website,
              "logo_uri": brand.logo_uri, "policy_uri": brand.policy_uri,
              "tos_uri": brand.tos_uri, "purpose": brand.purpose,
              "redirect_uris": list(brand.redirect_uris),
              "scope": scope_names.to_text(brand.scopes),
              "grant_types": list(brand.grant_types), "response_types": list(RESPONSE_TYPES),
              "token_endpoint_auth_method": brand.auth_method,
              "contacts": list(brand.contacts) or None, "jwks": brand.jwks}
    return {k: v for k, v in stored.items() if v is not None}


def _redirect_uris(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ValidationError("redirect_uris", "no_redirect")
    if len(value) > MAX_REDIRECTS:
        raise ValidationError("redirect_uris", "too_many_redirects", n=MAX_REDIRECTS)
    return tuple(redirects.check("redirect_uris", uri) for uri in value)


def _scopes(value: Any) -> frozenset[str]:
    if value is not None and not isinstance(value, str):
        raise ValidationError("scope", "scope_text")
    chosen = scope_names.parse(value or "")
    if not chosen:
        raise ValidationError("scope", "no_scope")
    return chosen


def _grant_types(value: Any) -> tuple[str, ...]:
    kinds = tuple(value) if value else GRANT_TYPES
    if not all(isinstance(k, str) and k in GRANT_TYPES for k in kinds):
        raise ValidationError("grant_types", "grant_types", values=" and ".join(GRANT_TYPES))
    if "authorization_code" not in kinds:
        raise ValidationError("grant_types", "needs_authorization_code")
    return tuple(k for k in GRANT_TYPES if k in kinds)


def _response_types(value: Any) -> None:
    if value is not None and (not isinstance(value, list) or set(value) != set(RESPONSE_TYPES)):
        raise ValidationError("response_types", "one_of", values=", ".join(RESPONSE_TYPES))


def _contacts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > 5:
        raise ValidationError("contacts", "too_many_contacts", n=5)
    return tuple(validate.email("contacts", c) for c in value)


def ed25519_key(jwks: Any) -> bytes | None:
    """The raw 32-byte Ed25519 public key of a JWK set (the first OKP key), or None."""
    return _okp_key(jwks, "Ed25519")


def x25519_key(jwks: Any) -> bytes | None:
    """The raw 32-byte X25519 public key of a JWK set (sealed shares go to it), or None."""
    return _okp_key(jwks, "X25519")


def _okp_key(jwks: Any, curve: str) -> bytes | None:
    if jwks is None:
        return None
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise ValidationError("jwks", "not_jwks")
    for jwk in keys:
        if isinstance(jwk, dict) and jwk.get("kty") == "OKP" and jwk.get("crv") == curve:
            return raw_key("jwks", jwk.get("x"))
    return None


def raw_key(field: str, x: Any) -> bytes:
    """The 32 bytes of a base64url public key. Raises ValidationError naming `field`."""
    try:
        raw = base64.urlsafe_b64decode(str(x) + "=" * (-len(str(x)) % 4))
    except (binascii.Error, ValueError) as e:
        raise ValidationError(field, "key_not_base64url") from e
    if len(raw) != 32:
        raise ValidationError(field, "key_length", n=32)
    return raw


def add(store: Store, values: dict[str, Any], *, source: str, now: datetime,
        client_id: str | None = None, secret: str | None = None) -> tuple[Brand, str | None]:
    """Store a new brand; return it and its client secret (None for a public client).

    `client_id` and `secret` are made here unless given. Raises ValidationError.
    """
    if source not in SOURCES:
        raise ValueError(source)
    clean = check(values)
    public = clean["auth_method"] == "none"
    secret = None if public else (secret or new_secret())
    with store.atomic():
        brand_id = store.execute(
            "insert into brands (client_id, secret_hash, name, website, logo_uri, policy_uri,"
            " tos_uri, purpose, contacts, redirect_uris, scopes, grant_types, auth_method, jwks,"
            " public_key, encryption_key, source, created_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (client_id or new_client_id(), None if public else digest(secret), clean["name"],
             clean["website"], clean["logo_uri"], clean["policy_uri"], clean["tos_uri"],
             clean["purpose"],
             json.dumps(clean["contacts"]), json.dumps(clean["redirect_uris"]),
             scope_names.to_text(clean["scopes"]), json.dumps(clean["grant_types"]),
             clean["auth_method"], json.dumps(clean["jwks"]) if clean["jwks"] else None,
             clean["public_key"], clean["encryption_key"], source, iso_utc(now)),
        ).lastrowid
    return get(store, brand_id), secret


def find(store: Store, brand_id: int) -> Brand | None:
    """The brand with this id, or None."""
    row = store.one("select * from brands where id = ?", (brand_id,))
    return None if row is None else _brand(row)


def get(store: Store, brand_id: int) -> Brand:
    """The brand with this id. Raises NotFound."""
    brand = find(store, brand_id)
    if brand is None:
        raise NotFound(f"There is no brand {brand_id}.")
    return brand


def find_by_client_id(store: Store, client_id: str) -> Brand | None:
    """The brand with this OAuth client id, or None."""
    row = store.one("select * from brands where client_id = ?", (client_id,))
    return None if row is None else _brand(row)


def all_brands(store: Store) -> list[Brand]:
    """Every brand, by name."""
    return [_brand(r) for r in store.all("select * from brands order by name collate nocase, id")]


def public_key(store: Store, brand_id: int) -> bytes | None:
    """The raw Ed25519 public key the brand registered, or None (also for an unknown brand)."""
    value = store.value("select public_key from brands where id = ?", (brand_id,))
    return None if value is None else bytes(value)


def set_encryption_key(store: Store, brand_id: int, key: str) -> Brand:
    """Set the X25519 public key (base64url) sealed shares for this brand are encrypted to.

    Raises NotFound, ValidationError for a key that is not 32 bytes of base64url.
    """
    raw = raw_key("key", key.strip())
    with store.atomic():
        get(store, brand_id)
        store.execute("update brands set encryption_key = ? where id = ?", (raw, brand_id))
    return get(store, brand_id)


def block(store: Store, brand_id: int, *, now: datetime) -> Brand:
    """Block a brand: every grant and token ends now, and it cannot be granted again.

    Raises NotFound. Blocking twice is harmless.
    """
    with store.atomic():
        brand = get(store, brand_id)
        grants.revoke_brand(store, brand_id, now=now, reason="brand_blocked")
        if not brand.blocked:
            store.execute("update brands set blocked_at = ? where id = ?",
                          (iso_utc(now), brand_id))
    return get(store, brand_id)


def unblock(store: Store, brand_id: int) -> Brand:
    """Let a blocked brand ask for access again (its old grants stay revoked)."""
    with store.atomic():
        get(store, brand_id)
        store.execute("update brands set blocked_at = null where id = ?", (brand_id,))
    return get(store, brand_id)


def _brand(row: Any) -> Brand:
    return Brand(
        id=row["id"], client_id=row["client_id"], name=row["name"], website=row["website"],
        logo_uri=row["logo_uri"], policy_uri=row["policy_uri"], tos_uri=row["tos_uri"],
        purpose=row["purpose"],
        contacts=tuple(json.loads(row["contacts"])),
        redirect_uris=tuple(json.loads(row["redirect_uris"])),
        scopes=frozenset(row["scopes"].split()),
        grant_types=tuple(json.loads(row["grant_types"])), auth_method=row["auth_method"],
        jwks=json.loads(row["jwks"]) if row["jwks"] else None,
        public_key=bytes(row["public_key"]) if row["public_key"] is not None else None,
        encryption_key=(bytes(row["encryption_key"]) if row["encryption_key"] is not None
                        else None),
        source=row["source"], created_at=parse_utc(row["created_at"]),
        blocked_at=parse_utc(row["blocked_at"]) if row["blocked_at"] else None,
        secret_hash=bytes(row["secret_hash"]) if row["secret_hash"] is not None else None,
        receipts_refused_at=(parse_utc(row["receipts_refused_at"])
                             if row["receipts_refused_at"] else None),
    )
