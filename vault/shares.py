"""Sealed data shares: what some of a brand's scopes allow, as the API would answer, in a file.

For a brand the vault cannot be reached by. The file is a compact JWS signed
with the vault's key (who it is for, the scopes, the current consent receipt,
and for each API read those scopes allow, its path and the body the API would
send), encrypted to the brand's X25519 key with a PyNaCl SealedBox. A SealedBox
proves nothing about its sender: the signature inside does.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from vault import audit, brands, disclosure, grants, identity, jws, purchases, receipts
from vault import scopes as scope_names
from vault.brands import Brand
from vault.errors import NotGenuine, ValidationError
from vault.provenance import iso_utc
from vault.store import Store

TYP = "coffre-share+jws"
PAGE = 500  # orders read per query while a share is built

Body = Callable[[Store, frozenset[str], Brand, datetime], Any]


def _orders(store: Store, scopes: frozenset[str], brand: Brand, now: datetime) -> Any:
    found, cursor = [], None
    while True:
        page, _ids, cursor = disclosure.orders_json(store, purchases.Filters(), cursor=cursor,
                                                    limit=PAGE)
        found += [json.loads(order) for order in page]
        if cursor is None:
            return {"orders": found, "next_cursor": None}


# API path -> (the scopes any one of which allows it, as the API declares them; its body)
SECTIONS: dict[str, tuple[tuple[str, ...], Body]] = {
    "/api/v1/profile": (("profile:read", "contact:read"), lambda store, scopes, brand, now:
                        disclosure.profile_body(store, scopes, client_id=brand.client_id,
                                                today=now.date())),
    "/api/v1/purchases": (("purchases:read",), _orders),
    "/api/v1/purchases/summary": (("purchases:summary", "purchases:read"),
                                  lambda store, scopes, brand, now: disclosure.summary(
                                      store, months=disclosure.SUMMARY_MONTHS,
                                      today=now.date())),
    "/api/v1/preferences": (("preferences:read",),
                            lambda store, scopes, brand, now: disclosure.preferences_for(store)),
    "/api/v1/intents": (("intents:read",), lambda store, scopes, brand, now:
                        disclosure.intents_body(store, today=now.date())),
}
READABLE = frozenset(s for allowed, _ in SECTIONS.values() for s in allowed)


def check(store: Store, brand: Brand, scopes: frozenset[str], *,
          now: datetime) -> grants.Grant:
    """The live grant a share of `scopes` for `brand` rests on.

    Raises ValidationError: no scope, one that reads nothing, no encryption key,
    no live grant, or scopes outside it.
    """
    if not scopes:
        raise ValidationError("scopes", "no_scope")
    unread = sorted(scopes - READABLE)
    if unread:
        raise ValidationError("scopes", "share_nothing_to_read", scope=unread[0])
    if brand.encryption_key is None:
        raise ValidationError("brand", "no_encryption_key")
    grant = grants.current_for_brand(store, brand.id, now=now)
    if grant is None or not grant.is_live(now):
        raise ValidationError("brand", "no_live_grant")
    if not scopes <= grant.scopes:
        raise ValidationError("scopes", "share_not_granted",
                              scopes=scope_names.to_text(scopes - grant.scopes))
    return grant


def create(store: Store, brand_id: int, scopes: frozenset[str], *, now: datetime) -> bytes:
    """A sealed share for a brand: the bytes to hand it. Raises NotFound, ValidationError."""
    scopes = scope_names.parse(scopes, field="scopes")
    with store.atomic():  # one snapshot of the vault, and its audit record with it
        brand = brands.get(store, brand_id)
        grant = check(store, brand, scopes, now=now)
        receipt = grants.receipts_of(store, grant.id, now=now)[-1]
        claims = {"share_id": str(uuid.uuid4()), "issued_at": iso_utc(now),
                  "to": {"name": brand.name, "client_id": brand.client_id},
                  "subject": identity.pairwise_id(store, brand.client_id),
                  "scope": scope_names.to_text(scopes), "receipt": receipt.jws,
                  "data": {path: body(store, scopes, brand, now)
                           for path, (allowed, body) in SECTIONS.items()
                           if scopes & set(allowed)}}
        token = jws.sign(claims, identity.signing_key(store), typ=TYP)
        audit.event(store, "share.created", at=now, brand_id=brand.id,
                    scope=scope_names.to_text(scopes), sections=sorted(claims["data"]))
    return SealedBox(PublicKey(brand.encryption_key)).encrypt(token.encode("ascii"))


def unseal(sealed: bytes, private_key: bytes, vault_key: bytes) -> dict[str, Any]:
    """What a brand holding `private_key` reads in a share from the vault of `vault_key`.

    Raises NotGenuine saying what failed: not for this key (or changed), the
    vault's signature, the receipt inside, or a receipt not covering the share.
    """
    try:
        token = SealedBox(PrivateKey(private_key)).decrypt(sealed).decode("ascii")
    except (CryptoError, UnicodeDecodeError, ValueError) as e:
        raise NotGenuine("This share cannot be opened with this key: it was sealed for "
                         "another brand, or changed after it was sealed.") from e
    claims = jws.verify(token, vault_key, what="share", typ=TYP)
    consent = receipts.verify(claims.get("receipt", ""), vault_key)
    if consent["controller"]["client_id"] != claims["to"]["client_id"]:
        raise NotGenuine("The receipt inside this share is another brand's.")
    if not set(claims["scope"].split()) <= set(consent["scope"].split()):
        raise NotGenuine("The receipt inside this share does not cover its scopes.")
    return claims
