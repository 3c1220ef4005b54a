"""Canonical JSON and Ed25519 signatures over offers.

The canonical form of an offer (what a brand signs) is its JSON object with
the `signature` member removed, serialised with keys sorted by code point at
every level, no whitespace, non-ASCII characters written as themselves, and
encoded as UTF-8. docs/offer-format.md says the same for brands.
"""

from __future__ import annotations

import json
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from agent.offers import MAX_BYTES, signature_bytes
from vault.errors import TooLarge, ValidationError

NONE, VALID, INVALID, UNCHECKED = "none", "valid", "invalid", "unchecked"


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes a brand signs: the offer without `signature`, in canonical JSON."""
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    return dumps(unsigned)


def dumps(value: Any) -> bytes:
    """Canonical JSON of any value (sorted keys, no whitespace, UTF-8)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def check_size(payload: Any) -> bytes:
    """The offer as canonical JSON.

    Raises TooLarge past MAX_BYTES, ValidationError for a value JSON cannot
    carry (NaN, infinity).
    """
    try:
        data = dumps(payload)
    except (TypeError, ValueError) as e:
        raise ValidationError("offer", "not_plain_json") from e
    if len(data) > MAX_BYTES:
        raise TooLarge(f"An offer may be at most {MAX_BYTES} bytes of JSON; this one has "
                       f"{len(data)}.")
    return data


def state(payload: dict[str, Any], public_key: bytes | None) -> str:
    """Whether the offer's signature holds: none, valid, invalid, or unchecked (no key known)."""
    raw = signature_bytes(payload.get("signature"))
    if raw is None:
        return NONE
    if public_key is None:
        return UNCHECKED
    try:
        VerifyKey(public_key).verify(canonical(payload), raw)
    except (BadSignatureError, ValueError, TypeError):
        return INVALID
    return VALID
