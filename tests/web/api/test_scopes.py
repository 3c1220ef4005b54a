"""Table-driven: every endpoint × every set of scopes → allowed exactly when a scope covers it,
and never a field outside the granted scopes."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer, receipt
from vault import demo
from vault.disclosure import CONTACT_FIELDS, PROFILE_FIELDS
from vault.receipts import Receipt
from vault.scopes import SCOPES
from web.api.protect import ENDPOINTS

SCOPE_SETS = [frozenset(c) for n in range(len(SCOPES) + 1) for c in combinations(SCOPES, n)]

# endpoint name -> (method, path, JSON body, the top-level fields each scope may bring)
CALLS = {
    "profile": ("GET", "/api/v1/profile", None,
                {"profile:read": {"subject", *PROFILE_FIELDS},
                 "contact:read": {"subject", *CONTACT_FIELDS}}),
    "purchase_list": ("GET", "/api/v1/purchases?limit=3", None,
                      {"purchases:read": {"orders", "next_cursor"}}),
    "purchase_add": ("POST", "/api/v1/purchases", "receipt", {"purchases:write": {"received"}}),
    "purchase_summary": ("GET", "/api/v1/purchases/summary", None,
                         {s: {"months", "by_month", "by_category", "rfm"}
                          for s in ("purchases:summary", "purchases:read")}),
    "preference_list": ("GET", "/api/v1/preferences", None,
                        {"preferences:read": {"interests", "channels", "caps"}}),
    "intent_list": ("GET", "/api/v1/intents", None, {"intents:read": {"intents"}}),
    "offer_send": ("POST", "/api/v1/offers", "offer",
                   {"offers:write": {"id", "status", "received_at"}}),
    "offer_status": ("GET", "/api/v1/offers/{offer_id}", None,
                     {"offers:write": {"id", "status", "received_at"}}),
    "grant": ("GET", "/api/v1/grant", None, None),
    "grant_receipts": ("GET", "/api/v1/grant/receipts", None, "receipts"),
    "log_proof": ("GET", "/api/v1/log/proof", None,  # any token: a brand's own events only
                  {s: {"tree_head", "events", "next_after", "consistency"} for s in SCOPES}),
}


def test_the_table_covers_every_declared_endpoint():
    assert {e.name for e in ENDPOINTS} == set(CALLS)


@pytest.fixture
def vault_with_data(store_of):
    """A demo consumer with a few purchases."""
    demo.populate(store_of, today=date.today(), orders_count=40)
    return store_of


@pytest.mark.parametrize("name", sorted(CALLS))
def test_allowed_exactly_when_a_scope_covers_it(client, vault_with_data, name):
    store = vault_with_data
    brand = add_brand(store)
    endpoint = next(e for e in ENDPOINTS if e.name == name)
    method, path, body, fields = CALLS[name]
    sent = client.post("/api/v1/offers", json=offer(),
                       headers=bearer(direct_token(store, brand, {"offers:write"})))
    path = path.format(offer_id=sent.get_json()["id"])
    for n, scopes in enumerate(SCOPE_SETS):
        if not scopes:
            continue
        payload = {"receipt": receipt(f"R-{n}"), "offer": offer()}.get(body)
        response = client.open(path, method=method, json=payload,
                               headers=bearer(direct_token(store, brand, scopes)))
        allowed = endpoint.scopes is None or bool(scopes & set(endpoint.scopes))
        label = f"{name} with {sorted(scopes)}"
        if not allowed:
            assert response.status_code == 403, label
            challenge = response.headers["WWW-Authenticate"]
            assert 'error="insufficient_scope"' in challenge, label
            assert f'scope="{endpoint.scopes[0]}"' in challenge, label
            continue
        assert response.status_code in (200, 201), (label, response.get_json())
        _only_granted_fields(response.get_json(), fields, scopes, label)


def _only_granted_fields(data: dict, fields: dict | None, scopes: frozenset, label: str):
    if fields is None:  # the grant: it states exactly what was granted, nothing more
        assert set(data["scope"].split()) == scopes, label
        return
    if fields == "receipts":  # the latest receipt states exactly what was granted
        assert set(Receipt(*[None] * 6, data["receipts"][-1]).claims["scope"].split()) == scopes
        return
    expected = set().union(*(f for s, f in fields.items() if s in scopes))
    assert set(data) == expected, label


def test_a_denied_write_writes_nothing(client, vault_with_data):
    store = vault_with_data
    brand = add_brand(store)
    before = store.value("select count(*) from orders")
    response = client.post("/api/v1/purchases", json=receipt(),
                           headers=bearer(direct_token(store, brand, {"purchases:read"})))
    assert response.status_code == 403
    assert store.value("select count(*) from orders") == before
