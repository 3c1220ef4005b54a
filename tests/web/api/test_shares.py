"""Sealed shares hold what the API answers, and the consumer makes them from the brand's page."""

from __future__ import annotations

import base64

import pytest
from nacl.public import PrivateKey

from tests.web.oauth.helpers import add_brand, bearer, direct_token
from vault import brands, demo, identity, invitations, shares
from web.api.protect import ENDPOINTS

READS = {"/api/v1/profile": "/api/v1/profile", "/api/v1/purchases": "/api/v1/purchases?limit=500",
         "/api/v1/purchases/summary": "/api/v1/purchases/summary",
         "/api/v1/preferences": "/api/v1/preferences", "/api/v1/intents": "/api/v1/intents"}


def _jwks(secret: PrivateKey) -> dict:
    x = base64.urlsafe_b64encode(bytes(secret.public_key)).decode().rstrip("=")
    return {"keys": [{"kty": "OKP", "crv": "X25519", "use": "enc", "x": x}]}


@pytest.fixture
def consumer(store_of, clock):
    """A demo consumer, with purchases, preferences and intents."""
    demo.populate(store_of, today=clock.now().date(), orders_count=30)
    return store_of


@pytest.mark.parametrize("scopes", [
    {"profile:read"}, {"contact:read"}, {"profile:read", "contact:read"}, {"purchases:read"},
    {"purchases:summary", "intents:read"}, {"preferences:read", "profile:read"},
    set(shares.READABLE)])
def test_a_share_holds_what_the_api_answers_for_the_same_scopes(client, consumer, clock,
                                                               scopes):
    secret = PrivateKey.generate()
    brand = add_brand(consumer, jwks=_jwks(secret))
    token = direct_token(consumer, brand, scopes)

    opened = shares.unseal(shares.create(consumer, brand.brand_id, frozenset(scopes),
                                         now=clock.now()),
                           bytes(secret), identity.public_key(consumer))

    for path, body in opened["data"].items():
        assert body == client.get(READS[path], headers=bearer(token)).get_json(), path


def test_the_brand_page_makes_a_sealed_copy_of_what_is_ticked(owner, consumer):
    secret = PrivateKey.generate()
    brand = add_brand(consumer, jwks=_jwks(secret))
    direct_token(consumer, brand, {"profile:read", "intents:read", "offers:write"})
    page = owner.get("/access/").get_data(as_text=True)
    assert "Give Maison Dupont a sealed copy of your data" in page
    assert 'name="scopes" value="offers:write"' not in page.split("share-")[1]  # reads nothing

    response = owner.post(f"/access/brands/{brand.brand_id}/share",
                          data={"scopes": ["intents:read"]})

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    opened = shares.unseal(response.get_data(), bytes(secret), identity.public_key(consumer))
    assert set(opened["data"]) == {"/api/v1/intents"}


def test_the_page_refuses_a_copy_it_cannot_make_and_says_why_in_french(owner, consumer):
    brand = add_brand(consumer)  # no encryption key
    direct_token(consumer, brand, {"profile:read"})
    owner.post("/language", data={"language": "fr", "next": "/access/"})

    assert "n’a déclaré aucune clé de chiffrement" in owner.get("/access/").get_data(
        as_text=True)
    response = owner.post(f"/access/brands/{brand.brand_id}/share",
                          data={"scopes": ["profile:read"]}, follow_redirects=True)

    assert "Cette marque n’a déclaré aucune clé de chiffrement" in response.get_data(
        as_text=True)


def test_a_copy_of_what_the_brand_may_not_see_is_refused(owner, consumer):
    brand = add_brand(consumer, jwks=_jwks(PrivateKey.generate()))
    direct_token(consumer, brand, {"profile:read"})

    response = owner.post(f"/access/brands/{brand.brand_id}/share",
                          data={"scopes": ["contact:read"]}, follow_redirects=True)

    assert "The brand may not see contact:read now" in response.get_data(as_text=True)


def test_a_registered_brand_gives_its_encryption_key_in_its_jwks(client, store_of, clock):
    secret = PrivateKey.generate()
    invitation = invitations.create(store_of, now=clock.now())
    response = client.post("/oauth/register", json={
        "client_name": "Maison Dupont", "redirect_uris": ["https://md.example/cb"],
        "scope": "profile:read", "jwks": _jwks(secret)},
        headers={"Authorization": f"Bearer {invitation}"})

    assert response.status_code == 201, response.get_json()
    found = brands.find_by_client_id(store_of, response.get_json()["client_id"])
    assert found.encryption_key == bytes(secret.public_key)


def test_the_share_table_matches_the_scopes_the_api_declares():
    declared = {e.path: e.scopes for e in ENDPOINTS if e.method == "GET"}
    assert {path: declared[path] for path in shares.SECTIONS} == {
        path: allowed for path, (allowed, _) in shares.SECTIONS.items()}

