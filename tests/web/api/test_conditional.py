"""Conditional reads of the brand API: a strong ETag, If-None-Match answered 304, still logged."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, date, datetime

import pytest

from tests.conftest import PASSPHRASE
from tests.web.oauth.helpers import add_brand, bearer, direct_token, receipt
from vault import audit, demo, grants, purchases
from web.answers import MAX_TAGS, Tags

PAGE = "/api/v1/purchases?limit=20"


@pytest.fixture
def filled(store_of):
    """The demo consumer with 30 purchases."""
    purchases.add_many(store_of, demo.orders(count=30, today=date.today()))
    return store_of


def _get(client, token, tag=None, path=PAGE):
    headers = bearer(token) | ({"If-None-Match": tag} if tag else {})
    return client.get(path, headers=headers)


def test_the_same_tag_back_gets_304_without_a_body_and_is_logged(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    first = _get(client, token)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and tag.startswith('"')  # strong: no W/

    again = _get(client, token, tag)

    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag and again.headers["Cache-Control"] == "no-store"
    logged = audit.recent(filled, limit=2)
    assert [e.outcome for e in logged] == ["allowed", "allowed"]
    assert (logged[0].records, logged[0].fields) == (0, ())  # nothing went out this time
    assert logged[0].scope == "purchases:read" and logged[1].records == 20


def test_a_weak_form_of_the_tag_matches_and_star_gets_the_whole_answer(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    tag = _get(client, token).headers["ETag"]
    assert _get(client, token, f'"other", W/{tag}').status_code == 304
    assert _get(client, token, "*").status_code == 200


def test_a_new_order_changes_the_tag(client, filled, clock):
    brand = add_brand(filled, name="Librairie Mollat")
    token = direct_token(filled, brand, {"purchases:read", "purchases:write"})
    theirs = "/api/v1/purchases?merchant=Librairie%20Mollat"
    first = _get(client, token, path=theirs)
    assert first.get_json()["orders"] == []
    assert client.post("/api/v1/purchases", json=receipt(), headers=bearer(token)).status_code \
        == 201

    fresh = _get(client, token, first.headers["ETag"], path=theirs)

    assert fresh.status_code == 200 and fresh.headers["ETag"] != first.headers["ETag"]
    assert [o["merchant"] for o in fresh.get_json()["orders"]] == ["Librairie Mollat"]


def test_a_deleted_order_changes_the_tag(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    first = _get(client, token)
    newest = first.get_json()["orders"][0]["id"]

    purchases.delete(filled, newest)

    fresh = _get(client, token, first.headers["ETag"])
    assert fresh.status_code == 200 and newest not in [o["id"] for o in fresh.get_json()["orders"]]


def test_an_item_filed_elsewhere_changes_the_tag(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    first = _get(client, token)
    newest = first.get_json()["orders"][0]

    purchases.refile(filled, newest["id"], 0, "other:vélo cargo")

    fresh = _get(client, token, first.headers["ETag"])
    assert fresh.status_code == 200
    assert fresh.get_json()["orders"][0]["items"][0]["category"]["code"] == "other:vélo cargo"


def test_a_change_to_the_grant_changes_the_tag(client, filled, clock):
    token = direct_token(filled, add_brand(filled), {"purchases:read", "profile:read"})
    tag = _get(client, token).headers["ETag"]
    grant_id = audit.recent(filled, limit=1)[0].grant_id

    grants.rescope(filled, grant_id, frozenset({"purchases:read"}), now=clock.now())

    fresh = _get(client, token, tag)
    assert fresh.status_code == 200 and fresh.headers["ETag"] != tag


def test_another_query_has_another_tag(client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    tag = _get(client, token).headers["ETag"]
    other = _get(client, token, tag, path="/api/v1/purchases?limit=21")
    assert other.status_code == 200 and other.headers["ETag"] != tag


def test_a_revoked_token_gets_401_not_304(client, filled, clock):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    tag = _get(client, token).headers["ETag"]
    grant_id = audit.recent(filled, limit=1)[0].grant_id

    grants.revoke(filled, grant_id, now=clock.now())

    refused = _get(client, token, tag)
    assert refused.status_code == 401 and "ETag" not in refused.headers
    assert refused.headers["WWW-Authenticate"].startswith('Bearer realm="coffre"')
    logged = audit.recent(filled, limit=1)[0]
    assert (logged.outcome, logged.reason) == ("refused", "revoked")


def test_no_tag_survives_locking_the_vault(app, client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    tag = _get(client, token).headers["ETag"]
    runtime = app.extensions["coffre"]

    runtime.lock()
    runtime.unlock("passphrase", PASSPHRASE)

    assert _get(client, token, tag).status_code == 200


def test_the_same_request_again_is_sent_the_kept_answer_and_logged_alike(app, client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    first = _get(client, token)
    assert app.extensions["coffre"].answers.find(first.headers["ETag"].strip('"')) is not None

    again = _get(client, token)

    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    logged = audit.recent(filled, limit=2)
    assert logged[0].body_sha256 == logged[1].body_sha256 == hashlib.sha256(first.data).hexdigest()
    assert logged[0].held == logged[1].held and logged[0].records == 20


@pytest.mark.parametrize("change", [
    lambda store, order_id: purchases.delete(store, order_id),
    lambda store, order_id: purchases.refile(store, order_id, 0, "other:vélo cargo"),
], ids=["deleted", "refiled"])
def test_a_kept_answer_is_never_sent_once_the_data_changed(client, filled, change):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    first = _get(client, token)
    newest = first.get_json()["orders"][0]["id"]

    change(filled, newest)

    fresh = _get(client, token)
    assert fresh.status_code == 200 and fresh.data != first.data
    assert fresh.headers["ETag"] != first.headers["ETag"]
    logged = audit.recent(filled, limit=1)[0]
    assert logged.body_sha256 == hashlib.sha256(fresh.data).hexdigest()


def test_a_revoked_grant_is_refused_though_its_answer_was_kept(client, filled, clock):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    assert _get(client, token).status_code == 200
    grants.revoke(filled, audit.recent(filled, limit=1)[0].grant_id, now=clock.now())

    refused = _get(client, token)

    assert refused.status_code == 401 and refused.data.find(b"orders") == -1
    assert audit.recent(filled, limit=1)[0].reason == "revoked"


def test_locking_the_vault_drops_the_kept_answers(app, client, filled):
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    tag = _get(client, token).headers["ETag"].strip('"')
    runtime = app.extensions["coffre"]
    assert runtime.answers.find(tag) is not None

    runtime.lock()

    assert runtime.answers.find(tag) is None



def test_an_order_written_as_the_answers_snapshot_begins_is_in_the_answer_and_its_tag(
        client, filled):
    # Whether the answer is known (304, kept) is told from the version read alone; an
    # answer to make is read in a snapshot, and its tag from the version read again there.
    # The driver's trace hook writes an order from another thread just as that snapshot
    # begins, after the first read of the version.
    token = direct_token(filled, add_brand(filled), {"purchases:read"})
    late = next(demo.orders(count=1, today=date.today(), seed=100))._replace(
        merchant_order_id="LATE-1", ordered_at=datetime.now(UTC))
    written = threading.Event()

    def on_statement(sql: str) -> None:
        if sql == "begin" and not written.is_set():
            written.set()
            writer = threading.Thread(target=purchases.add_many, args=(filled, [late]))
            writer.start()
            writer.join()

    filled._conn().set_trace_callback(on_statement)
    got = _get(client, token, path="/api/v1/purchases?limit=5")
    filled._conn().set_trace_callback(None)

    assert written.is_set() and got.status_code == 200
    assert got.get_json()["orders"][0]["merchant_order_id"] == "LATE-1"
    again = _get(client, token, got.headers["ETag"], path="/api/v1/purchases?limit=5")
    assert again.status_code == 304


def test_a_tag_is_made_once_per_opening_and_past_the_kept_ones_made_again_alike():
    tags, other = Tags(), Tags()
    made: list[int] = []

    def text(n: int):
        return lambda: made.append(n) or f"answer {n}"

    first = tags.of(("page", 1), text(1))
    assert tags.of(("page", 1), text(1)) == first and made == [1]
    assert other.of(("page", 1), text(1)) != first  # another opening, another key
    for n in range(2, MAX_TAGS + 2):  # more than it keeps: it starts afresh
        tags.of(("page", n), text(n))
    assert tags.of(("page", 1), text(1)) == first and made.count(1) == 3
