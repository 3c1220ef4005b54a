"""Sealed shares: only their brand opens them, the vault signed them, they hold what scopes
allow."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import pytest
from nacl.public import PrivateKey, SealedBox

from tests.conftest import snapshot
from vault import brands, demo, disclosure, grants, identity, jws, shares
from vault.errors import NotGenuine, ValidationError
from vault.scopes import SCOPES

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
ALL = frozenset({"profile:read", "contact:read", "purchases:read", "purchases:summary",
                 "preferences:read", "intents:read", "offers:write"})
READABLE = sorted(shares.READABLE)
# scope -> the API reads it brings into a share
PATHS = {"profile:read": {"/api/v1/profile"}, "contact:read": {"/api/v1/profile"},
         "purchases:read": {"/api/v1/purchases", "/api/v1/purchases/summary"},
         "purchases:summary": {"/api/v1/purchases/summary"},
         "preferences:read": {"/api/v1/preferences"}, "intents:read": {"/api/v1/intents"}}


def _key(secret: PrivateKey) -> dict:
    x = base64.urlsafe_b64encode(bytes(secret.public_key)).decode().rstrip("=")
    return {"keys": [{"kty": "OKP", "crv": "X25519", "use": "enc", "x": x}]}


def _brand(store, name="Maison Dupont", secret=None, scopes=ALL):
    values = {"client_name": name, "scope": " ".join(sorted(ALL)),
              "redirect_uris": ["https://md.example/cb"]}
    if secret is not None:
        values["jwks"] = _key(secret)
    brand, _ = brands.add(store, values, source="manual", now=T0)
    grants.create(store, brand.id, scopes, purpose="Offers", expires_at=None, now=T0)
    return brand


@pytest.fixture
def filled(store):
    """A vault with a demo consumer's profile, purchases, preferences and intents."""
    demo.populate(store, today=date(2030, 1, 1), orders_count=20)
    return store


SETS = [frozenset(c) for n in range(1, len(READABLE) + 1) for c in combinations(READABLE, n)]


@pytest.mark.parametrize("scopes", SETS, ids=lambda s: "+".join(sorted(s)))
def test_a_share_holds_exactly_what_its_scopes_allow(filled, scopes):
    secret = PrivateKey.generate()
    brand = _brand(filled, secret=secret)

    opened = shares.unseal(shares.create(filled, brand.id, scopes, now=T0), bytes(secret),
                           identity.public_key(filled))

    assert set(opened["data"]) == set().union(*(PATHS[s] for s in scopes))
    assert opened["scope"].split() == sorted(scopes, key=SCOPES.index)
    if "/api/v1/profile" in opened["data"]:
        fields = {"subject"} | ({*disclosure.PROFILE_FIELDS} if "profile:read" in scopes
                                else set()) | ({*disclosure.CONTACT_FIELDS}
                                               if "contact:read" in scopes else set())
        assert set(opened["data"]["/api/v1/profile"]) == fields
    if "/api/v1/purchases" in opened["data"]:
        assert len(opened["data"]["/api/v1/purchases"]["orders"]) == 20


def test_a_share_carries_the_current_receipt_and_the_brands_pairwise_id(filled):
    secret = PrivateKey.generate()
    brand = _brand(filled, secret=secret)

    opened = shares.unseal(shares.create(filled, brand.id, {"profile:read"}, now=T0),
                           bytes(secret), identity.public_key(filled))

    current = grants.receipts_of(filled, grants.current_for_brand(filled, brand.id, now=T0).id,
                                 now=T0)[-1]
    assert opened["receipt"] == current.jws
    assert opened["subject"] == identity.pairwise_id(filled, brand.client_id)
    assert opened["to"] == {"name": brand.name, "client_id": brand.client_id}


def test_one_brand_cannot_open_anothers_share(filled):
    mine, theirs = PrivateKey.generate(), PrivateKey.generate()
    brand = _brand(filled, secret=mine)
    _brand(filled, name="Librairie Martin", secret=theirs)
    sealed = shares.create(filled, brand.id, {"profile:read"}, now=T0)

    with pytest.raises(NotGenuine, match="cannot be opened with this key"):
        shares.unseal(sealed, bytes(theirs), identity.public_key(filled))


def test_a_changed_share_or_one_signed_by_another_key_fails_saying_what(filled):
    secret = PrivateKey.generate()
    brand = _brand(filled, secret=secret)
    sealed = bytearray(shares.create(filled, brand.id, {"intents:read"}, now=T0))
    vault_key = identity.public_key(filled)

    sealed[40] ^= 1
    with pytest.raises(NotGenuine, match="cannot be opened"):
        shares.unseal(bytes(sealed), bytes(secret), vault_key)
    token = SealedBox(secret).decrypt(shares.create(filled, brand.id, {"intents:read"},
                                                    now=T0)).decode()
    header, payload, signature = token.split(".")
    forged = SealedBox(secret.public_key).encrypt(
        f"{header}.{payload[:-2]}{'AB' if payload[-2:] != 'AB' else 'CD'}.{signature}".encode())
    with pytest.raises(NotGenuine, match="share's signature does not match"):
        shares.unseal(forged, bytes(secret), vault_key)
    other = jws.sign({"scope": "intents:read"}, identity.signing_key(filled), typ="other")
    with pytest.raises(NotGenuine, match="This is not a share"):
        shares.unseal(SealedBox(secret.public_key).encrypt(other.encode()), bytes(secret),
                      vault_key)


@pytest.mark.parametrize("case, field, code", [
    ("outside the grant", "scopes", "share_not_granted"),
    ("a write scope", "scopes", "share_nothing_to_read"),
    ("no encryption key", "brand", "no_encryption_key"),
    ("a paused grant", "brand", "no_live_grant"),
    ("an expired grant", "brand", "no_live_grant"),
    ("no scope", "scopes", "no_scope"),
])
def test_a_share_is_refused_with_the_reason_and_nothing_is_written(filled, case, field, code):
    secret = None if case == "no encryption key" else PrivateKey.generate()
    brand = _brand(filled, secret=secret, scopes=frozenset({"profile:read", "offers:write"}))
    grant = grants.current_for_brand(filled, brand.id, now=T0)
    if case == "a paused grant":
        grants.pause(filled, grant.id, now=T0)
    if case == "an expired grant":
        grants.set_expiry(filled, grant.id, T0 + timedelta(hours=1), now=T0)
    scopes = {"outside the grant": {"profile:read", "purchases:summary"},
              "a write scope": {"offers:write"}, "no scope": set()}.get(case, {"profile:read"})
    before = snapshot(filled)

    with pytest.raises(ValidationError) as caught:
        shares.create(filled, brand.id, frozenset(scopes), now=T0 + timedelta(days=1))

    assert (caught.value.field, caught.value.problems[0].code) == (field, code)
    assert snapshot(filled) == before
