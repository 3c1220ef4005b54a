"""GET /api/v1/log/proof: a brand's own events with their proofs, and nobody else's."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from tests.conftest import PASSPHRASE
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from vault import audit, lifecycle, transparency
from vault.store import open_store


def _b(values):
    return [base64.b64decode(v) for v in values]


def _two_brands(client, store):
    ours, theirs = add_brand(store), add_brand(store, name="Autre Marque")
    token, other = (direct_token(store, b, {"profile:read"}) for b in (ours, theirs))
    for value in (token, other, token, other):
        assert client.get("/api/v1/profile", headers=bearer(value)).status_code == 200
    return ours, token, other


def test_each_of_its_own_events_comes_with_a_proof_that_verifies(client, store_of):
    ours, token, _ = _two_brands(client, store_of)
    body = client.get("/api/v1/log/proof", headers=bearer(token)).get_json()
    head = body["tree_head"]
    root = base64.b64decode(head["root"])
    assert len(body["events"]) == 2
    for event in body["events"]:
        leaf = base64.b64decode(event["leaf"])
        assert json.loads(leaf)["brand_id"] == ours.brand_id
        assert transparency.verify_inclusion(transparency.leaf_hash(leaf), event["index"],
                                             head["size"], _b(event["proof"]), root)


def test_another_brands_event_is_answered_as_one_that_does_not_exist(client, store_of):
    _, token, other = _two_brands(client, store_of)
    theirs = client.get("/api/v1/log/proof", headers=bearer(other)).get_json()["events"][0]
    size = transparency.size(store_of)
    asked = client.get(f"/api/v1/log/proof?index={theirs['index']}&size={size}",
                       headers=bearer(token))
    nothing = client.get(f"/api/v1/log/proof?index={size - 1}&size={size}",
                         headers=bearer(token))
    assert asked.status_code == nothing.status_code == 404
    assert asked.get_json()["detail"].replace(str(theirs["index"]), "N") == (
        nothing.get_json()["detail"].replace(str(size - 1), "N"))


def test_a_consistency_proof_links_a_held_head_to_the_latest(client, store_of):
    _, token, _ = _two_brands(client, store_of)
    old = client.get("/api/v1/log/proof", headers=bearer(token)).get_json()["tree_head"]
    client.get("/api/v1/profile", headers=bearer(token))
    body = client.get(f"/api/v1/log/proof?first={old['size']}", headers=bearer(token)).get_json()
    new = body["tree_head"]
    assert body["consistency"]["first"] == old["size"] < new["size"]
    assert transparency.verify_consistency(old["size"], new["size"], base64.b64decode(
        old["root"]), base64.b64decode(new["root"]), _b(body["consistency"]["proof"]))


def test_a_size_the_log_never_had_is_not_found_and_a_bad_number_is_named(client, store_of):
    _, token, _ = _two_brands(client, store_of)
    assert client.get("/api/v1/log/proof?size=9999", headers=bearer(token)).status_code == 404
    response = client.get("/api/v1/log/proof?limit=0", headers=bearer(token))
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == ["limit"]


def test_a_caller_without_a_known_token_is_not_told_the_head(client, store_of):
    _two_brands(client, store_of)
    for headers in ({}, bearer("not-a-token-the-vault-issued")):
        response = client.get("/api/v1/profile", headers=headers)
        assert response.status_code == 401 and "Coffre-Tree-Head" not in response.headers


def _header_size(response) -> int:
    return int(response.headers["Coffre-Tree-Head"].split(",")[0].removeprefix("size="))


def test_each_answer_carries_the_head_of_the_log_as_it_stands_also_after_another_process(
        client, store_of, folder):
    _, token, _ = _two_brands(client, store_of)
    audit.settle(store_of)
    first = client.get("/api/v1/profile", headers=bearer(token))
    assert _header_size(first) == transparency.size(store_of)
    # The command line, say: another opening of the same vault writes an event and its head.
    other = open_store(folder, lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE))
    audit.event(other, "export", at=datetime(2026, 11, 2, tzinfo=UTC), file="export.json")
    latest = transparency.head(other)
    other.close()

    answer = client.get("/api/v1/profile", headers=bearer(token))
    assert _header_size(answer) == latest.size > _header_size(first)
    assert answer.headers["Coffre-Tree-Head"].count(base64.b64encode(latest.root).decode()) == 1
