"""Receipts as brands and consumers get them: checked by a JOSE library that did not sign them."""

from __future__ import annotations

import json
import re
import warnings
from datetime import timedelta

import pytest
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from tests.conftest import PASSPHRASE
from tests.web.oauth.helpers import add_brand, bearer, tokens_for
from vault import grants, identity, receipts


def _published(client) -> KeySet:
    """The vault's keys as a brand fetches them: from the address the metadata names."""
    meta = client.get("/.well-known/oauth-authorization-server").get_json()
    path = meta["jwks_uri"].removeprefix("http://localhost")
    return KeySet.import_key_set(client.get(path).get_json())


def _check(token: str, keys: KeySet) -> dict:
    """The receipt's claims, checked with joserfc (it warns that RFC 9864 names EdDSA Ed25519)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return json.loads(jws.deserialize_compact(token, keys, algorithms=["EdDSA"]).payload)


def test_the_jwks_holds_the_vault_key_with_its_kid(client, store_of):
    jwks = client.get("/.well-known/jwks.json").get_json()

    assert jwks == {"keys": [identity.jwk(store_of)]}
    assert jwks["keys"][0]["kty"] == "OKP" and jwks["keys"][0]["crv"] == "Ed25519"
    assert client.get("/.well-known/oauth-authorization-server").get_json()["jwks_uri"] == (
        "http://localhost/.well-known/jwks.json")


def test_the_grant_carries_its_current_receipt_checked_against_the_published_key(owner,
                                                                                  store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read purchases:summary")

    grant = owner.get("/api/v1/grant", headers=bearer(token)).get_json()
    claims = _check(grant["receipt"], _published(owner))

    assert claims["grant"] == {"id": grant["grant_id"], "version": 1, "change": "created",
                               "status": "active", "reason": None,
                               "granted_at": grant["granted_at"]}
    assert claims["scope"] == "profile:read purchases:summary"
    assert claims["controller"]["client_id"] == brand.client_id
    assert claims["purposes"] == ["Send you offers that fit."]
    assert claims["subject"] == grant["subject"]


def test_every_byte_of_a_receipt_counts(owner, store_of):
    token = tokens_for(owner, add_brand(store_of), scope="profile:read")
    receipt = owner.get("/api/v1/grant", headers=bearer(token)).get_json()["receipt"]
    keys = _published(owner)

    for i in range(len(receipt)):
        changed = bytearray(receipt.encode())
        changed[i] ^= 1
        with pytest.raises((JoseError, ValueError)):
            _check(changed.decode(), keys)


def test_receipts_list_every_change_and_the_consumer_downloads_the_revoked_one(owner,
                                                                                store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read intents:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(token)).get_json()["grant_id"]
    owner.post(f"/access/grants/{grant_id}/narrow", data={"scopes": ["profile:read"],
                                                           "confirmed": "yes"})
    listed = owner.get("/api/v1/grant/receipts", headers=bearer(token)).get_json()["receipts"]
    owner.post(f"/access/grants/{grant_id}/revoke", data={"confirmed": "yes"})

    keys = _published(owner)
    assert [_check(r, keys)["grant"]["change"] for r in listed] == ["created", "narrowed"]
    page = owner.get("/access/").get_data(as_text=True)
    links = re.findall(r'href="(/access/receipts/[^"]+)"', page)
    assert len(links) == 3  # newest first: revoked, narrowed, created
    download = owner.get(links[0])
    assert "attachment" in download.headers["Content-Disposition"]
    revoked = _check(download.get_data(as_text=True).strip(), keys)
    assert revoked["grant"]["change"] == "revoked"
    assert revoked["replaces"] == _check(listed[-1], keys)["receipt_id"]
    assert owner.get("/access/receipts/not-a-receipt").status_code == 404


def test_two_brands_know_the_consumer_by_different_ids_in_profile_and_receipts(owner,
                                                                                store_of):
    ids = []
    for name in ("Maison Dupont", "Librairie Martin"):
        token = tokens_for(owner, add_brand(store_of, name=name), scope="profile:read")
        profile = owner.get("/api/v1/profile", headers=bearer(token)).get_json()
        grant = owner.get("/api/v1/grant", headers=bearer(token)).get_json()
        assert profile["subject"] == grant["subject"] == _check(grant["receipt"], _published(
            owner))["subject"]
        ids.append(profile["subject"])

    assert ids[0] != ids[1]


def test_the_page_shows_the_vault_fingerprint_in_both_languages(owner, store_of):
    fingerprint = identity.fingerprint(identity.public_key(store_of))

    english = owner.get("/access/").get_data(as_text=True)
    owner.post("/language", data={"language": "fr", "next": "/access/"})
    french = owner.get("/access/").get_data(as_text=True)

    assert fingerprint in english and "Your vault's signature" in english
    assert fingerprint in french and "La signature de votre coffre" in french


def test_an_expiry_noticed_by_reading_is_kept_when_the_vault_is_next_unlocked(app, store_of,
                                                                             clock):
    brand = add_brand(store_of)
    grant = grants.create(store_of, brand.brand_id, frozenset({"profile:read"}), purpose=None,
                          expires_at=clock.now() + timedelta(days=1), now=clock.now())
    clock.advance(days=2)
    shown = grants.receipts_of(store_of, grant.id, now=clock.now())
    assert [r.change for r in receipts.stored(store_of, grant.id)] == ["created"]

    app.extensions["coffre"].lock()
    app.extensions["coffre"].unlock("passphrase", PASSPHRASE)

    store = app.extensions["coffre"].require()
    assert receipts.stored(store, grant.id) == shown
    assert [r.change for r in shown] == ["created", "expired"]
