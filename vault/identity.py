"""The vault's own keys, kept inside the encrypted database: its Ed25519 signing key,
published as a JWK, and the secret behind the pairwise ids each brand knows the consumer by.

The signing key's `kid` is its RFC 7638 thumbprint; its fingerprint is the first 80
bits of that thumbprint in base32, short enough to read to a brand on the phone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

import nacl.signing

from vault.errors import DatabaseDamaged
from vault.provenance import iso_utc, utcnow
from vault.store import Store


def create(store: Store) -> None:
    """Make the vault's signing key and pairwise secret (once, at vault creation)."""
    seed = nacl.signing.SigningKey.generate().encode()
    with store.atomic():
        store.execute("insert into vault_identity (id, signing_seed, created_at, pairwise_secret)"
                      " values (1, ?, ?, ?)", (seed, iso_utc(utcnow()), secrets.token_bytes(32)))


def signing_key(store: Store) -> nacl.signing.SigningKey:
    """The key that signs consent receipts, sealed shares and the audit chain."""
    seed = store.value("select signing_seed from vault_identity where id = 1")
    if seed is None:
        raise DatabaseDamaged("The vault has no signing key.")
    return nacl.signing.SigningKey(bytes(seed))


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _thumbprint(public_key: bytes) -> bytes:
    # RFC 7638: the required members, sorted, no whitespace.
    members = {"crv": "Ed25519", "kty": "OKP", "x": b64url(public_key)}
    return hashlib.sha256(json.dumps(members, sort_keys=True, separators=(",", ":"))
                          .encode()).digest()


def key_id(public_key: bytes) -> str:
    """The `kid` of an Ed25519 public key: its RFC 7638 thumbprint, base64url."""
    return b64url(_thumbprint(public_key))


def public_key(store: Store) -> bytes:
    """The raw 32-byte Ed25519 public key of the vault."""
    return signing_key(store).verify_key.encode()


def jwk(store: Store) -> dict[str, str]:
    """The vault's public key as an OKP/Ed25519 JWK (RFC 8037) with its `kid`."""
    raw = public_key(store)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": key_id(raw),
            "use": "sig", "alg": "EdDSA"}


def fingerprint(public_key: bytes) -> str:
    """Sixteen base32 characters in four groups ("MFRG-GZDF-MZTW-Q2LK") naming the key."""
    text = base64.b32encode(_thumbprint(public_key)[:10]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def pairwise_id(store: Store, client_id: str) -> str:
    """The consumer's id for one brand: HMAC-SHA256 of its client id under the vault's secret.

    Two brands get unrelated ids, so they cannot join their data on it.
    Raises DatabaseDamaged if the vault has no pairwise secret.
    """
    secret = store.value("select pairwise_secret from vault_identity where id = 1")
    if secret is None:
        raise DatabaseDamaged("The vault has no pairwise secret.")
    return b64url(hmac.new(bytes(secret), client_id.encode(), hashlib.sha256).digest())
