"""Canonical JSON and Ed25519 signatures over offers.

The canonical form of an offer (what a brand signs) is its JSON object with
the `signature` member removed, serialised with keys sorted by code point at
every level, no whitespace, non-ASCII characters written as themselves, and
encoded as UTF-8. That is close to RFC 8785 (JCS) but not it (numbers are
written as Python writes them: 48.0, 1e-07; JCS writes 48, 1e-7), so a
signature over the offer's RFC 8785 form is accepted as well.
docs/offer-format.md says the same for brands.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from agent.offers import MAX_BYTES, signature_bytes
from vault.errors import TooLarge, ValidationError

NONE, VALID, INVALID, UNCHECKED = "none", "valid", "invalid", "unchecked"


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes a brand signs: the offer without `signature`, in canonical JSON."""
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    return dumps(unsigned)


def signed_forms(payload: dict[str, Any]) -> list[bytes]:
    """The bytes a brand may have signed: our canonical form, then RFC 8785's if it differs."""
    ours = canonical(payload)
    try:
        jcs = rfc8785.dumps({k: v for k, v in payload.items() if k != "signature"})
    except rfc8785.CanonicalizationError:  # a number JCS cannot carry: only ours applies
        return [ours]
    return [ours] if jcs == ours else [ours, jcs]


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
    for form in signed_forms(payload):
        try:
            VerifyKey(public_key).verify(form, raw)
        except (BadSignatureError, ValueError, TypeError):
            continue
        return VALID
    return INVALID
