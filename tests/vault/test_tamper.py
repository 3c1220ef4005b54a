"""Attacks on the audit log with raw SQL, as someone holding the key would: each found, located."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import rewrite_log
from vault import audit, leaves, tamper, transparency

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def logged(store):
    """Six access events by brand 1 (one a minute, each written on its own: a signed head
    each), then a vault event: seven leaves."""
    for i in range(6):
        audit.record(store, at=T0 + timedelta(minutes=i), method="GET",
                     endpoint="/api/v1/profile", outcome="allowed", brand_name="Maison Dupont",
                     records=1, fields=["name", "city"], held={"kind": "profile", "n": i})
        audit.settle(store)
    audit.event(store, "vault.locked", at=T0 + timedelta(minutes=9))
    return store


def _found(store) -> list[tuple[str, int | None, int | None]]:
    return [(f.kind, f.seq, f.other) for f in tamper.check(store).findings]


def test_an_honest_log_is_intact(logged):
    report = tamper.check(logged)
    assert report.intact and report.size == 7


def test_an_edited_event_is_found_at_its_place(logged):
    logged.execute("update access_log set records = 2 where seq = 3")
    assert _found(logged) == [("edited", 3, None)]


def test_what_an_answer_held_edited_is_found_at_the_event(logged):
    logged.execute("update access_held set fields = '[\"name\"]'"
                   " where id = (select held_id from access_log where seq = 3)")
    assert _found(logged) == [("edited", 3, None)]


def test_an_event_pointed_at_what_another_answer_held_is_found(logged):
    logged.execute("update access_log set held_id = (select held_id from access_log"
                   " where seq = 1) where seq = 4")
    assert _found(logged) == [("edited", 4, None)]


def test_what_many_answers_held_edited_once_is_found_at_each_of_them(store):
    for i in range(3):  # the same answer read three times: one pair of texts stored
        audit.record(store, at=T0 + timedelta(minutes=i), method="GET",
                     endpoint="/api/v1/profile", outcome="allowed", records=1,
                     fields=["name"], held={"kind": "profile"})
    audit.settle(store)
    assert store.value("select count(*) from access_held") == 1

    store.execute("update access_held set held = '{\"kind\":\"intents\"}'")

    assert _found(store) == [("edited", 0, None), ("edited", 1, None), ("edited", 2, None)]


def test_an_edited_vault_event_is_found(logged):
    logged.execute("update vault_events set at = '2026-05-01T09:05:00Z'")
    assert _found(logged) == [("edited", 6, None)]


def test_a_removed_event_is_found_at_its_place(logged):
    logged.execute("delete from access_log where seq = 2")
    assert _found(logged) == [("removed", 2, None)]


def test_an_inserted_event_is_found(logged):
    logged.execute("insert into access_log (at, method, endpoint, outcome, seq) values"
                   " ('2026-05-01T09:02:30Z', 'GET', '/api/v1/intents', 'allowed', 2)")
    logged.execute("insert into access_log (at, method, endpoint, outcome) values"
                   " ('2026-05-01T09:03:30Z', 'GET', '/api/v1/intents', 'allowed')")
    assert _found(logged) == [("inserted", 2, None), ("inserted", None, None)]


def test_reordered_events_are_found_with_where_each_was_logged(logged):
    logged.execute("update access_log set seq = case seq when 1 then 4 else 1 end"
                   " where seq in (1, 4)")
    assert _found(logged) == [("reordered", 1, 4), ("reordered", 4, 1)]


def test_a_row_and_its_leaf_rewritten_together_break_the_signed_heads(logged):
    logged.execute("update access_log set records = 0 where seq = 5")
    row = logged.one("select * from access_events where seq = 5")
    logged.execute("update log_nodes set hash = ? where id = ?",
                   (transparency.leaf_hash(leaves.of_access(row)), transparency.node_id(0, 5)))
    assert _found(logged) == [("rewritten", 5, None)]


def test_a_forged_head_signature_is_found(logged):
    logged.execute("update tree_heads set signature = zeroblob(64) where size = 3")
    assert _found(logged) == [("bad_signature", 2, 3)]


def test_consistency_holds_across_an_honest_append_and_fails_after_a_rewrite(logged):
    before = transparency.head(logged)
    audit.event(logged, "vault.unlocked", at=T0 + timedelta(hours=1))
    after = transparency.head(logged)
    proof = transparency.consistency_proof(logged, before.size, after.size)
    assert transparency.verify_consistency(before.size, after.size, before.root, after.root,
                                           proof)
    # Someone with the key rewrites event #2 and rebuilds the whole tree and its heads.
    rewrite_log(logged, "update access_log set records = 9 where seq = 2")
    rewritten = transparency.head(logged)
    assert rewritten.size == after.size and rewritten.root != after.root
    proof = transparency.consistency_proof(logged, before.size, rewritten.size)
    assert not transparency.verify_consistency(before.size, rewritten.size, before.root,
                                               rewritten.root, proof)

