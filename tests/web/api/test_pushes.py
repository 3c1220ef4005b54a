"""Receipts brands push: once each, labelled with the brand, refused when the consumer says so."""

from __future__ import annotations

from tests.web.helpers import text
from tests.web.oauth.helpers import add_brand, bearer, receipt, tokens_for
from vault import audit, brands, purchases, pushes, transparency
from vault.provenance import utcnow


def _push(client, token, body):
    return client.post("/api/v1/purchases", json=body, headers=bearer(token))


def _token(owner, store_of, **brand):
    found = add_brand(store_of, name="Librairie Mollat", **brand)
    return found, tokens_for(owner, found, scope="purchases:write")["access_token"]


def test_the_same_receipt_twice_is_stored_once_and_the_answer_says_so(owner, store_of):
    _brand, token = _token(owner, store_of)

    first, again = _push(owner, token, receipt("R-7")), _push(owner, token, receipt("R-7"))

    assert first.status_code == 201 and first.get_json() == {"received": True}
    assert again.status_code == 200
    assert again.get_json() == {"received": True, "already_in_vault": True}
    assert purchases.count(store_of) == 1


def test_a_receipt_without_order_number_is_known_by_its_moment_and_amount(owner, store_of):
    _brand, token = _token(owner, store_of)
    bare = {k: v for k, v in receipt().items() if k != "merchant_order_id"}

    assert _push(owner, token, bare).status_code == 201
    assert _push(owner, token, bare).get_json()["already_in_vault"] is True
    other = {**bare, "ordered_at": "2025-03-15T10:30:00+01:00"}
    assert _push(owner, token, other).status_code == 201
    assert purchases.count(store_of) == 2


def test_a_pushed_receipt_is_labelled_with_the_brand_on_the_purchases_page(owner, store_of):
    _brand, token = _token(owner, store_of)
    _push(owner, token, receipt())
    page = text(owner.get("/purchases"))
    assert "sent by Librairie Mollat" in page
    assert "envoyé par Librairie Mollat" in text(owner.get("/purchases",
                                                           headers={"Accept-Language": "fr"}))


def test_a_refused_brand_gets_a_403_problem_is_logged_and_stores_nothing(owner, store_of):
    brand, token = _token(owner, store_of)
    assert owner.post(f"/access/brands/{brand.brand_id}/refuse-receipts").status_code == 302

    response = _push(owner, token, receipt())

    assert response.status_code == 403 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == "urn:coffre:problem:receipts-refused"
    assert "does not accept receipts" in body["detail"]
    assert purchases.count(store_of) == 0
    last = audit.recent(store_of, limit=1)[0]
    assert (last.outcome, last.reason) == ("refused", "receipts_refused")


def test_the_brand_page_refuses_and_accepts_receipts_again(owner, store_of):
    brand, token = _token(owner, store_of)
    page = text(owner.get("/access/"))
    assert "Refuse its receipts" in page and "filed in your purchases" in page
    owner.post(f"/access/brands/{brand.brand_id}/refuse-receipts")
    assert "refused since" in text(owner.get("/access/"))
    assert "refusés depuis" in text(owner.get("/access/", headers={"Accept-Language": "fr"}))
    owner.post(f"/access/brands/{brand.brand_id}/accept-receipts")
    assert brands.get(store_of, brand.brand_id).receipts_refused_at is None
    assert _push(owner, token, receipt()).status_code == 201


def test_refusing_is_kept_in_the_vault_until_accepted(store_of):
    brand = add_brand(store_of)
    refused = pushes.refuse(store_of, brand.brand_id, now=utcnow())
    assert refused.receipts_refused_at is not None
    assert pushes.refuse(store_of, brand.brand_id, now=utcnow()).receipts_refused_at == \
        refused.receipts_refused_at  # refusing twice keeps the first date




def test_a_pushs_answer_carries_the_tree_head_that_counts_its_own_event(owner, store_of):
    _brand, token = _token(owner, store_of)

    answer = _push(owner, token, receipt("R-9"))

    assert answer.status_code == 201
    size = int(answer.headers["Coffre-Tree-Head"].split(",")[0].removeprefix("size="))
    assert size == transparency.size(store_of)
    assert audit.recent(store_of, limit=1)[0].seq == size - 1
