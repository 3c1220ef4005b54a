"""Registration, metadata, revocation and introspection: RFC 7591, 8414, 7009, 7662."""

from __future__ import annotations

import base64

import nacl.signing
import pytest
from authlib.oauth2 import rfc8414, rfc9207

from tests.web.oauth.helpers import (
    REDIRECT,
    BrandClient,
    add_brand,
    bearer,
    refresh,
    tokens_for,
)
from vault import brands, invitations

METADATA = {"client_name": "Maison Dupont", "redirect_uris": [REDIRECT],
            "scope": "profile:read offers:write", "purpose": "Offers for you."}


def _register(client, invitation: str | None, **metadata):
    headers = {"Authorization": f"Bearer {invitation}"} if invitation else {}
    return client.post("/oauth/register", json={**METADATA, **metadata}, headers=headers)


def test_a_brand_registers_once_with_an_invitation(client, store_of, clock):
    invitation = invitations.create(store_of, now=clock.now())
    key = nacl.signing.SigningKey.generate().verify_key.encode()
    jwks = {"keys": [{"kty": "OKP", "crv": "Ed25519",
                      "x": base64.urlsafe_b64encode(key).decode().rstrip("=")}]}

    response = _register(client, invitation, jwks=jwks)

    assert response.status_code == 201, response.data
    body = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    brand = brands.find_by_client_id(store_of, body["client_id"])
    assert brand.check_secret(body["client_secret"]) and brand.source == "registered"
    assert brand.purpose == "Offers for you." and brands.public_key(store_of, brand.id) == key
    again = _register(client, invitation, client_name="Second")
    assert again.status_code == 401 and again.get_json()["error"] == "invalid_token"
    assert "Bearer" in again.headers["WWW-Authenticate"]
    assert len(brands.all_brands(store_of)) == 1


@pytest.mark.parametrize("invitation", [None, "made-up", "expired"])
def test_no_registration_without_a_valid_invitation(client, store_of, invitation, clock):
    if invitation == "expired":
        from datetime import timedelta

        invitation = invitations.create(store_of, now=clock.now() - timedelta(days=8))
    response = _register(client, invitation)
    assert response.status_code == 401
    assert brands.all_brands(store_of) == []


def test_a_public_client_gets_no_secret(client, store_of, clock):
    invitation = invitations.create(store_of, now=clock.now())
    body = _register(client, invitation, token_endpoint_auth_method="none").get_json()
    assert "client_secret" not in body
    assert brands.find_by_client_id(store_of, body["client_id"]).auth_method == "none"


@pytest.mark.parametrize("metadata, error", [
    ({"redirect_uris": ["http://brand.example/cb"]}, "invalid_redirect_uri"),
    ({"redirect_uris": ["https://brand.example/cb#x"]}, "invalid_redirect_uri"),
    ({"scope": "profile:read admin"}, "invalid_client_metadata"),
    ({"grant_types": ["password"]}, "invalid_client_metadata"),
    ({"grant_types": ["implicit"]}, "invalid_client_metadata"),
    ({"response_types": ["token"]}, "invalid_client_metadata"),
    ({"token_endpoint_auth_method": "client_secret_jwt"}, "invalid_client_metadata"),
    ({"client_name": ""}, "invalid_client_metadata"),
])
def test_bad_metadata_is_refused_and_spends_nothing(client, store_of, metadata, error, clock):
    invitation = invitations.create(store_of, now=clock.now())
    response = _register(client, invitation, **metadata)
    assert response.status_code == 400
    assert response.get_json()["error"] in (error, "invalid_client_metadata")
    assert invitations.find_usable(store_of, invitation, now=clock.now()) is not None


def test_metadata_is_valid_rfc8414_and_lists_every_endpoint(client, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # http on localhost, tests only
    data = client.get("/.well-known/oauth-authorization-server").get_json()
    rfc8414.AuthorizationServerMetadata(data).validate(
        metadata_classes=[rfc9207.AuthorizationServerMetadata])
    for name in ("authorization", "token", "registration", "revocation", "introspection"):
        assert data[f"{name}_endpoint"].startswith("http://localhost/oauth/")
    assert data["issuer"] == "http://localhost"


def _revoke(client, brand: BrandClient, token: str, hint: str | None = None):
    data = brand.form(token=token, **({"token_type_hint": hint} if hint else {}))
    return client.post("/oauth/revoke", data=data, **brand.auth())


def test_revoking_an_access_token_ends_only_it(owner, store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")

    assert _revoke(owner, brand, token["access_token"], "access_token").status_code == 200

    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 401
    assert refresh(owner, brand, token["refresh_token"]).status_code == 200


def test_revoking_a_refresh_token_ends_its_family(owner, store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")

    assert _revoke(owner, brand, token["refresh_token"]).status_code == 200

    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 401
    assert refresh(owner, brand, token["refresh_token"]).status_code == 400


def test_a_brand_cannot_revoke_another_brands_token(owner, store_of):
    holder, other = add_brand(store_of), add_brand(store_of, name="Other")
    token = tokens_for(owner, holder, scope="profile:read")

    assert _revoke(owner, other, token["access_token"]).status_code == 400
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 200


def _introspect(client, brand: BrandClient, token: str):
    return client.post("/oauth/introspect", data=brand.form(token=token), **brand.auth())


def test_introspection_of_own_tokens_only(owner, store_of):
    holder, other = add_brand(store_of), add_brand(store_of, name="Other")
    token = tokens_for(owner, holder, scope="profile:read offers:write",
                       grant="profile:read")

    mine = _introspect(owner, holder, token["access_token"]).get_json()
    assert mine["active"] is True and mine["scope"] == "profile:read"
    assert mine["client_id"] == holder.client_id
    assert _introspect(owner, other, token["access_token"]).get_json() == {"active": False}
    assert _introspect(owner, holder, "made-up").get_json() == {"active": False}


def test_introspection_says_inactive_once_paused(owner, store_of, clock):
    from vault import grants

    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")
    grant_id = owner.get("/api/v1/grant", headers=bearer(token)).get_json()["grant_id"]
    grants.pause(store_of, grant_id, now=clock.now())
    assert _introspect(owner, brand, token["access_token"]).get_json() == {"active": False}


def test_a_public_client_uses_pkce_alone(owner, store_of):
    brand = add_brand(store_of, public=True)
    token = tokens_for(owner, brand, scope="profile:read")
    assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 200
    assert refresh(owner, brand, token["refresh_token"]).status_code == 200


def test_client_authentication_is_required_and_checked(owner, store_of):
    brand = add_brand(store_of)
    token = tokens_for(owner, brand, scope="profile:read")
    brand.secret = "wrong"
    assert refresh(owner, brand, token["refresh_token"]).status_code == 401
    brand.secret = None  # a confidential brand cannot pass as public
    assert refresh(owner, brand, token["refresh_token"]).status_code in (400, 401)


def test_while_locked_the_endpoints_answer_423(app, client, store_of):
    brand = add_brand(store_of)
    app.extensions["coffre"].lock()
    response = client.post("/oauth/token", data={"grant_type": "refresh_token",
                                                  "refresh_token": "x"}, **brand.auth())
    assert response.status_code == 423
    assert response.get_json()["error"] == "temporarily_unavailable"


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
def test_a_wrong_method_on_a_machine_endpoint_answers_json(client, path):
    response = client.get(path)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 405


def test_the_metadata_speaks_only_of_the_public_url(folder):
    from tests.conftest import app_config
    from web import create_app

    app = create_app(app_config(folder, PUBLIC_URL="https://vault.example"))
    client = app.test_client()
    data = client.get("/.well-known/oauth-authorization-server",
                      base_url="http://vault.example").get_json()  # as a proxy forwards it

    assert data["issuer"] == "https://vault.example"
    urls = [v for k, v in data.items() if k.endswith(("_endpoint", "documentation"))]
    assert urls and all(u.startswith("https://vault.example/") for u in urls)
    openapi = client.get("/api/openapi.json", base_url="http://vault.example").get_json()
    assert openapi["servers"] == [{"url": "https://vault.example"}]
    assert client.get("/.well-known/oauth-authorization-server",
                      base_url="http://localhost").status_code == 400


def test_registration_answers_only_what_it_stored(client, store_of, clock):
    invitation = invitations.create(store_of, now=clock.now())
    response = _register(client, invitation, jwks_uri="http://brand.example/jwks",
                         software_id="x-1", software_version="2", client_name="Maison Dupont",
                         policy_uri="https://brand.example/privacy",
                         tos_uri="https://brand.example/terms")

    assert response.status_code == 201, response.data
    body = response.get_json()
    brand = brands.find_by_client_id(store_of, body["client_id"])
    assert (brand.policy_uri, brand.tos_uri) == ("https://brand.example/privacy",
                                                 "https://brand.example/terms")
    assert not {"jwks_uri", "software_id", "software_version"} & body.keys()
    issued = {"client_id", "client_secret", "client_id_issued_at", "client_secret_expires_at"}
    assert {k: v for k, v in body.items() if k not in issued} == brands.metadata(brand)
    assert body["policy_uri"] == "https://brand.example/privacy"


@pytest.mark.parametrize("field", ["policy_uri", "tos_uri"])
@pytest.mark.parametrize("address", ["http://brand.example/privacy", "http://127.0.0.1/p", 5])
def test_policy_addresses_must_be_https(client, store_of, clock, field, address):
    invitation = invitations.create(store_of, now=clock.now())
    response = _register(client, invitation, **{field: address})

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_client_metadata"
    assert field in response.get_json()["error_description"]
    assert brands.all_brands(store_of) == []


@pytest.mark.parametrize("body_secret_of", ["same", "other"])
def test_two_client_authentication_methods_at_once_are_refused(owner, store_of, body_secret_of):
    brand = add_brand(store_of)
    other = add_brand(store_of, name="Other brand")
    issued = tokens_for(owner, brand, scope="profile:read")
    secret = brand.secret if body_secret_of == "same" else other.secret
    form = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"],
            "client_secret": secret}
    if body_secret_of == "other":
        form["client_id"] = other.client_id

    response = owner.post("/oauth/token", data=form, **brand.auth())

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"
    assert "one way only" in response.get_json()["error_description"]
    assert refresh(owner, brand, issued["refresh_token"]).status_code == 200  # nothing spent


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
def test_plain_http_beyond_loopback_gets_an_rfc_error(tmp_path, path):
    from tests.conftest import PASSPHRASE, app_config
    from web import create_app

    app = create_app(app_config(tmp_path / "lan", PUBLIC_URL="http://vault.lan",
                                INSECURE_PLAIN_HTTP=True))
    app.extensions["coffre"].create(PASSPHRASE)
    brand = add_brand(app.extensions["coffre"].require())
    response = app.test_client().post(path, base_url="http://vault.lan", data={
        "grant_type": "refresh_token", "refresh_token": "x", "token": "x"}, **brand.auth())

    assert response.status_code == 400
    assert response.get_json()["error"] == "insecure_transport"
    app.extensions["coffre"].lock()
