"""The brand API speaks categories by code with both labels; a brand may send a code or a word."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.web.oauth.helpers import add_brand, bearer, direct_token, offer, receipt
from vault import demo, intents, purchases
from vault import offers as stored

BOOKS = {"code": "09.7.1", "label": {"en": "Books", "fr": "Livres"}}


def test_purchases_read_gives_each_item_s_code_and_both_labels(client, store_of):
    purchases.add(store_of, purchases.check({
        "merchant": "Fnac", "ordered_at": "2025-03-14T10:30:00+01:00", "channel": "web",
        "currency": "EUR", "items": [
            {"name": "Roman", "category": "Livres", "unit_price": "9"},
            {"name": "Cerf-volant", "category": "cerf-volant", "unit_price": "19"},
            {"name": "Jeu", "category": 'jeu "rare" $.x', "unit_price": "5"}]},
        now=datetime.now(UTC)))
    token = direct_token(store_of, add_brand(store_of), {"purchases:read"})
    body = client.get("/api/v1/purchases", headers=bearer(token)).get_json()
    assert [i["category"] for i in body["orders"][0]["items"]] == [BOOKS, {
        "code": "other:cerf-volant",
        "label": {"en": "other: cerf-volant", "fr": "autre : cerf-volant"}}, {
        "code": 'other:jeu "rare" $.x',
        "label": {"en": 'other: jeu "rare" $.x', "fr": 'autre : jeu "rare" $.x'}}]
    by_word = client.get("/api/v1/purchases?category=livres", headers=bearer(token))
    by_group = client.get("/api/v1/purchases?category=09.7", headers=bearer(token))
    none = client.get("/api/v1/purchases?category=07", headers=bearer(token))
    assert [len(r.get_json()["orders"]) for r in (by_word, by_group, none)] == [1, 1, 0]


def test_the_summary_and_the_intents_name_categories_by_code_with_labels(client, store_of):
    demo.populate(store_of, today=date.today(), orders_count=120)
    token = direct_token(store_of, add_brand(store_of), {"purchases:summary", "intents:read"})
    summary = client.get("/api/v1/purchases/summary?months=36", headers=bearer(token)).get_json()
    assert BOOKS in [r["category"] for r in summary["by_category"]]
    assert BOOKS in [r["category"] for r in summary["rfm"]["by_category"]]
    assert {r["key"] for r in summary["rfm"]["overall"]} == {"all"}
    found = client.get("/api/v1/intents", headers=bearer(token)).get_json()["intents"]
    assert [i["category"]["code"] for i in found] == [
        i.category for i in intents.open_intents(store_of, today=date.today())]
    assert {"code": "07.3", "label": {"en": "Travel", "fr": "Voyages"}} in [
        i["category"] for i in found]


def test_a_brand_s_word_or_code_is_filed_by_code_an_unknown_word_kept(client, store_of):
    brand = add_brand(store_of)
    token = direct_token(store_of, brand, {"offers:write", "purchases:write"})
    ids = [client.post("/api/v1/offers", json=offer(category=word), headers=bearer(token))
           .get_json()["id"] for word in ("LIVRES", "09.7.1", "Bandes dessinées", "kites")]
    assert [stored.get(store_of, i).category for i in ids] == [
        "09.7.1", "09.7.1", "09.7.1", "other:kites"]
    sent = receipt()
    sent["items"][0]["category"] = "Trains"
    assert client.post("/api/v1/purchases", json=sent, headers=bearer(token)).status_code == 201
    latest = purchases.after(store_of, purchases.Filters(), cursor=None, limit=1)[0]
    assert latest.items[0].category == "07.3.1"
