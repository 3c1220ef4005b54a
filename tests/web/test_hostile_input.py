"""Hostile input from outside gets a clear 4xx in its surface's RFC format, and writes nothing.

Each row was once a 500 (issue 9): an exception nobody turned into a refusal.
"""

from __future__ import annotations

import base64
import json

import pytest

from tests.conftest import snapshot
from tests.web.oauth.helpers import ALL, REDIRECT, add_brand, bearer, direct_token, offer, receipt
from vault import invitations

DEEP = "[" * 5000 + "]" * 5000
CURSOR_23_DIGITS = base64.urlsafe_b64encode(b"2025-01-01T00:00:00Z|12345678901234567890123")
HUGE_ITEM = {"name": "Lingot", "category": "jewellery", "quantity": 100_000,
             "unit_price_minor": 10**12}
METADATA = {"client_name": "Maison Dupont", "redirect_uris": [REDIRECT], "scope": "profile:read"}


def _json(value) -> str:
    return json.dumps(value)


def _receipt(**changes) -> str:
    return _json({**receipt(), **changes})


def _register(**changes) -> str:
    return _json({**METADATA, **changes})


# (what, method, path, credential, content type, body, expected status)
API = [
    ("deep JSON offer", "POST", "/api/v1/offers", DEEP, 422),
    ("deep JSON receipt", "POST", "/api/v1/purchases", '{"items": ' + DEEP + "}", 422),
    ("offer until near year 1", "POST", "/api/v1/offers",
     _json(offer(valid_until="0001-01-01T01:00:00+05:00")), 422),
    ("offer from near year 9999", "POST", "/api/v1/offers",
     _json(offer(valid_from="9999-12-31T20:00:00-05:00",
                 valid_until="9999-12-31T22:00:00-05:00")), 422),
    ("offer until year 9999 behind UTC", "POST", "/api/v1/offers",
     _json(offer(valid_until="9999-12-31T23:00:00-05:00")), 422),
    ("cursor with a 23-digit id", "GET", f"/api/v1/purchases?cursor={CURSOR_23_DIGITS.decode()}",
     None, 422),
    ("receipt total over 2**63", "POST", "/api/v1/purchases", _receipt(items=[HUGE_ITEM] * 100),
     422),
    ("quantity 1e400", "POST", "/api/v1/purchases",
     _receipt().replace('"quantity": 1', '"quantity": 1e400'), 422),
    ("price NaN", "POST", "/api/v1/offers", _json(offer()).replace("20}", "NaN}"), 422),
    ("a key named twice", "POST", "/api/v1/offers",
     _json(offer()).replace('"title"', '"channel": "post", "title"'), 422),
]

OAUTH = [
    ("deep JSON registration", "/oauth/register", DEEP, 400),
    ("redirect_uris of numbers", "/oauth/register", _register(redirect_uris=[5]), 400),
    ("jwks as text", "/oauth/register", _register(jwks="x"), 400),
    ("scope as a number", "/oauth/register", _register(scope=5), 400),
    ("logo_uri as a number", "/oauth/register", _register(logo_uri=5), 400),
    ("client_uri as a list", "/oauth/register", _register(client_uri=["https://a.example"]), 400),
    ("tos_uri as a number", "/oauth/register", _register(tos_uri=5), 400),
    ("redirect URI with a bidi control", "/oauth/register",
     _register(redirect_uris=["https://brand.example/cb\u202e"]), 400),
    ("redirect URI beyond ASCII", "/oauth/register",
     _register(redirect_uris=["https://brand.example/caf\u00e9"]), 400),
]


@pytest.mark.parametrize("what, method, path, body, status", API, ids=[r[0] for r in API])
def test_the_api_refuses_hostile_input_in_problem_json(client, store_of, what, method, path,
                                                        body, status):
    token = direct_token(store_of, add_brand(store_of), ALL.split())
    before = snapshot(store_of)

    response = client.open(path, method=method, data=body, headers={
        **bearer(token), "Content-Type": "application/json"})

    assert response.status_code == status, response.data
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == status and response.get_json()["errors"]
    assert _without_audit(snapshot(store_of)) == _without_audit(before)


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", None])
@pytest.mark.parametrize("path, body", [("/api/v1/offers", offer()),
                                        ("/api/v1/purchases", receipt())])
def test_the_api_takes_a_body_only_sent_as_json(client, store_of, kind, path, body):
    token = direct_token(store_of, add_brand(store_of), ALL.split())
    before = snapshot(store_of)
    headers = {**bearer(token), **({"Content-Type": kind} if kind else {})}

    response = client.post(path, data=_json(body), headers=headers)

    assert response.status_code == 415, response.data
    assert response.mimetype == "application/problem+json"
    assert "application/json" in response.get_json()["detail"]
    assert _without_audit(snapshot(store_of)) == _without_audit(before)


@pytest.mark.parametrize("what, path, body, status", OAUTH, ids=[r[0] for r in OAUTH])
def test_registration_refuses_hostile_input_in_rfc7591_format(client, store_of, clock, what,
                                                              path, body, status):
    invitation = invitations.create(store_of, now=clock.now())

    response = client.post(path, data=body, headers={"Authorization": f"Bearer {invitation}",
                                                      "Content-Type": "application/json"})

    assert response.status_code == status, response.data
    assert response.get_json()["error"] in ("invalid_request", "invalid_client_metadata",
                                            "invalid_redirect_uri")
    assert response.get_json()["error_description"]
    assert invitations.find_usable(store_of, invitation, now=clock.now()) is not None


@pytest.mark.parametrize("path", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
def test_basic_credentials_that_are_not_utf8_are_refused(client, store_of, path):
    add_brand(store_of)
    response = client.post(path, data={"grant_type": "refresh_token", "refresh_token": "x",
                                       "token": "x"},
                           headers={"Authorization": "Basic //46/w=="})

    assert response.status_code in (400, 401), response.data
    assert response.get_json()["error"] in ("invalid_client", "invalid_request")


def _without_audit(rows: dict) -> dict:
    """The vault's records, less the access log and its leaves (a refused call is logged, by
    design, as a leaf of the transparency log with its signed head, through the journal)."""
    return {table: found for table, found in rows.items()
            if table not in ("access_log", "log_nodes", "tree_heads", "journal_marks")}
