"""Compact JWS (RFC 7515) with EdDSA (RFC 8037) over RFC 8785 canonical JSON.

The vault signs its consent receipts and sealed shares this way with its own
key (vault.identity), through PyNaCl; a brand checks them with any JOSE library.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import rfc8785
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from vault.errors import NotGenuine
from vault.identity import b64url, key_id


def canonical(value: Any) -> bytes:
    """The RFC 8785 (JCS) bytes of a JSON value."""
    return rfc8785.dumps(value)


def sign(claims: dict[str, Any], key: SigningKey, *, typ: str) -> str:
    """`claims` as a compact JWS signed with `key` (its `kid` in the header)."""
    header = {"alg": "EdDSA", "kid": key_id(key.verify_key.encode()), "typ": typ}
    signing_input = f"{b64url(canonical(header))}.{b64url(canonical(claims))}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')).signature)}"


def _part(text: str, name: str, what: str) -> bytes:
    """One base64url part, refused unless written exactly as it decodes (no stray bits)."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as e:
        raise NotGenuine(f"The {what}'s {name} is not base64url.") from e
    if b64url(raw) != text:
        raise NotGenuine(f"The {what}'s {name} is not base64url.")
    return raw


def _json(raw: bytes, name: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as e:
        raise NotGenuine(f"The {what}'s {name} is not JSON.") from e
    if not isinstance(value, dict):
        raise NotGenuine(f"The {what}'s {name} is not a JSON object.")
    return value


def verify(token: str, public_key: bytes, *, what: str = "receipt",
           typ: str | None = None) -> dict[str, Any]:
    """The claims of a compact JWS that `public_key` signed.

    Raises NotGenuine saying what failed: the shape, the header, the algorithm,
    the key, the type, or the signature itself (any byte changed).
    """
    parts = token.strip().split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise NotGenuine(f"This {what} is not a compact JWS (three parts joined by dots).")
    header = _json(_part(parts[0], "header", what), "header", what)
    if header.get("alg") != "EdDSA":
        raise NotGenuine(f"The {what} is not signed with EdDSA.")
    if header.get("kid") != key_id(public_key):
        raise NotGenuine(f"The {what} names another signing key than this vault's.")
    if typ is not None and header.get("typ") != typ:
        raise NotGenuine(f"This is not a {what} (its type is {header.get('typ')!r}).")
    signature = _part(parts[2], "signature", what)
    try:
        VerifyKey(public_key).verify(f"{parts[0]}.{parts[1]}".encode("ascii"), signature)
    except (BadSignatureError, ValueError) as e:
        raise NotGenuine(f"The {what}'s signature does not match: it was changed after the "
                         "vault signed it, or another key signed it.") from e
    return _json(_part(parts[1], "payload", what), "payload", what)
