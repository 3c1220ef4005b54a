"""The brand API's behaviour: data shaping, pagination, errors, refusals and the access log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer, receipt
from vault import audit, demo, grants, purchases


@pytest.fixture
def filled(store_of):
    """The demo consumer with 120 purchases."""
    demo.populate(store_of, today=date.today(), orders_count=120)
    return store_of


def _get(client, path, token):
    return client.get(path, headers=bearer(token))


def test_profile_read_gives_an_age_band_never_the_birth_date(client, filled):
    token = direct_token(filled, add_brand(filled), {"profile:read"})
    body = _get(client, "/api/v1/profile", token).get_json()
    assert body["age_band"] and "1988" not in str(body)
    assert body["city"] == "Lyon" and body["country"] == "FR"
    assert "emails" not in body and "birth_date" not in body


def test_cursor_pagination_walks_every_order_once(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    seen, path = [], "/api/v1/purchases?limit=50"
    while path:
        body = _get(client, path, token).get_json()
        seen.extend(o["id"] for o in body["orders"])
        path = body["next_cursor"] and f"/api/v1/purchases?limit=50&cursor={body['next_cursor']}"
    assert len(seen) == len(set(seen)) == 120


def test_filters_apply(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    body = _get(client, "/api/v1/purchases?merchant=Monoprix&limit=500", token).get_json()
    expected = purchases.count(filled, purchases.Filters(merchant="Monoprix"))
    assert len(body["orders"]) == expected and {o["merchant"] for o in body["orders"]} <= {
        "Monoprix"}


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"),
                                          ("since=yesterday", "since"), ("cursor=@@", "cursor"),
                                          ("since=", "since"), ("until=%20", "until")])
def test_bad_parameters_are_problem_json_naming_the_field(client, filled, query, field):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    response = _get(client, f"/api/v1/purchases?{query}", token)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in [e["field"] for e in response.get_json()["errors"]]
    assert audit.recent(filled, limit=1)[0].reason == "invalid_request"


def test_the_summary_hides_small_groups(client, store_of):
    purchases.add_many(store_of, demo.orders(count=4, today=date.today()))
    token = direct_token(store_of, add_brand(store_of), {"purchases:summary"})
    body = _get(client, "/api/v1/purchases/summary?months=36", token).get_json()
    rows = body["by_month"] + body["by_category"] + body["rfm"]["by_category"]
    assert all(r["orders"] >= 3 for r in rows)
    assert all(r["spend_minor"] % 100 == 0 for r in rows + body["rfm"]["overall"])


def test_preferences_never_show_blocked_brands(client, filled):
    token = direct_token(filled, add_brand(filled), {"preferences:read"})
    text = _get(client, "/api/v1/preferences", token).get_data(as_text=True)
    assert "Shein" not in text and "interests" in text


def test_a_pushed_receipt_is_filed_under_the_brand(client, store_of):
    brand = add_brand(store_of, name="Librairie Mollat")
    token = direct_token(store_of, brand, {"purchases:write"})
    response = client.post("/api/v1/purchases", json={**receipt(), "merchant": "Fnac"},
                           headers=bearer(token))
    assert response.status_code == 201 and response.get_json() == {"received": True}
    order = purchases.after(store_of, purchases.Filters(), cursor=None, limit=1)[0]
    assert order.merchant == "Librairie Mollat" and order.provenance.source == "brand"
    again = client.post("/api/v1/purchases", json=receipt(), headers=bearer(token))
    assert again.status_code == 200 and again.get_json()["already_in_vault"] is True
    assert purchases.count(store_of) == 1


def test_an_offer_and_its_status_belong_to_its_brand(client, store_of):
    sender, other = add_brand(store_of), add_brand(store_of, name="Other")
    sent = client.post("/api/v1/offers", json=offer(),
                       headers=bearer(direct_token(store_of, sender, {"offers:write"})))
    assert sent.status_code == 201
    offer_id = sent.get_json()["id"]
    mine = _get(client, f"/api/v1/offers/{offer_id}",
                direct_token(store_of, sender, {"offers:write"}))
    theirs = _get(client, f"/api/v1/offers/{offer_id}",
                  direct_token(store_of, other, {"offers:write"}))
    assert mine.status_code == 200 and mine.get_json()["status"] in (
        "delivered", "held", "declined", "received")
    assert theirs.status_code == 404 and theirs.mimetype == "application/problem+json"


def test_an_offer_too_large_is_413_before_parsing(client, store_of):
    from agent.offers import MAX_BYTES

    token = direct_token(store_of, add_brand(store_of), {"offers:write"})
    response = client.post("/api/v1/offers", data=b"{" + b" " * MAX_BYTES + b"}",
                           content_type="application/json", headers=bearer(token))
    assert response.status_code == 413 and response.mimetype == "application/problem+json"
    assert store_of.value("select count(*) from offers") == 0


def test_each_problem_carries_its_code_and_values_beside_the_english(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    body = _get(client, "/api/v1/purchases?limit=501", token).get_json()
    assert body["detail"] == "limit: must be at most 500"
    assert body["errors"] == [{"field": "limit", "reason": "must be at most 500",
                               "code": "too_large", "params": {"n": 500}}]


def test_a_malformed_offer_is_422_with_every_problem(client, store_of):
    token = direct_token(store_of, add_brand(store_of), {"offers:write"})
    response = client.post("/api/v1/offers", json={"title": ""}, headers=bearer(token))
    assert response.status_code == 422
    assert {"title", "category"} <= {e["field"] for e in response.get_json()["errors"]}


def test_no_token_gets_a_bare_bearer_challenge(client, store_of):
    response = client.get("/api/v1/profile")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="coffre"'
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("header", ["Basic YTpi", "Bearer", "Bearer made-up-token", "Bearer  "])
def test_a_bad_token_is_invalid_token(client, store_of, header):
    response = client.get("/api/v1/profile", headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_expired_paused_and_revoked_answer_exactly_alike(client, store_of, clock):
    brand = add_brand(store_of)
    answers = {}
    for state in ("paused", "revoked", "expired", "unknown"):
        token = direct_token(store_of, brand, {"profile:read"})
        grant_id = store_of.value("select max(id) from grants")
        if state == "paused":
            grants.pause(store_of, grant_id, now=clock.now())
        elif state == "revoked":
            grants.revoke(store_of, grant_id, now=clock.now())
        elif state == "expired":
            grants.set_expiry(store_of, grant_id, clock.now() + timedelta(days=1), now=clock.now())
            clock.advance(days=2)
        else:
            token = "never-issued"
        response = _get(client, "/api/v1/profile", token)
        answers[state] = (response.status_code, response.get_data(),
                          response.headers["WWW-Authenticate"])
    assert len(set(answers.values())) == 1 and answers["paused"][0] == 401
    reasons = [e.reason for e in audit.recent(store_of, limit=4)]
    assert sorted(reasons) == ["bad_token", "expired", "paused", "revoked"]


def test_narrowing_takes_effect_on_the_next_call(client, store_of, clock):
    brand = add_brand(store_of)
    token = direct_token(store_of, brand, {"profile:read", "intents:read"})
    grant_id = store_of.value("select max(id) from grants")
    assert _get(client, "/api/v1/intents", token).status_code == 200

    grants.rescope(store_of, grant_id, frozenset({"profile:read"}), now=clock.now())

    assert _get(client, "/api/v1/intents", token).status_code == 403
    assert _get(client, "/api/v1/profile", token).status_code == 200


def test_pause_then_resume(client, store_of, clock):
    brand = add_brand(store_of)
    token = direct_token(store_of, brand, {"profile:read"})
    grant_id = store_of.value("select max(id) from grants")
    grants.pause(store_of, grant_id, now=clock.now())
    assert _get(client, "/api/v1/profile", token).status_code == 401
    grants.resume(store_of, grant_id, now=clock.now())
    assert _get(client, "/api/v1/profile", token).status_code == 200


def test_every_call_is_logged_with_scope_records_and_fields(client, filled):
    brand = add_brand(filled)
    token = direct_token(filled, brand, {"purchases:read"})
    _get(client, "/api/v1/purchases?limit=7", token)
    _get(client, "/api/v1/profile", token)
    refused, allowed = audit.recent(filled, limit=2)
    assert (allowed.outcome, allowed.scope, allowed.records) == ("allowed", "purchases:read", 7)
    assert "orders[].merchant" in allowed.fields and allowed.brand_name == "Maison Dupont"
    assert (refused.outcome, refused.reason, refused.records) == ("refused",
                                                                  "insufficient_scope", 0)


def test_while_locked_the_api_answers_423(app, client, store_of):
    token = direct_token(store_of, add_brand(store_of), {"profile:read"})
    app.extensions["coffre"].lock()
    response = _get(client, "/api/v1/profile", token)
    assert response.status_code == 423 and response.mimetype == "application/problem+json"


def test_unknown_api_paths_are_problem_json(client, store_of):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
