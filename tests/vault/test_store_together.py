"""Group commit: the writes of concurrent threads committed in one transaction (Store.together).

Each test holds a first piece of work open while the others are handed in, so the
others are certain to be committed together, by one leading thread, in one commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.conftest import PASSPHRASE
from vault import audit, identity, lifecycle, tamper, transparency
from vault.errors import Conflict
from vault.store import Store, open_store

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _scratch(store: Store) -> None:
    store.execute("create table scratch (n integer primary key, thread integer not null)")


def _insert(store: Store, n: int) -> Callable[[], int]:
    def work() -> int:
        store.execute("insert into scratch values (?, ?)", (n, threading.get_ident()))
        return threading.get_ident()
    return work


def _behind_a_held_leader(store: Store, works: list[Callable[[], object]]) -> list:
    """Run each of `works` in a thread of its own while a first work holds the lead; return
    what each returned or raised, once all are handed in and the leader let go."""
    release, leading = threading.Event(), threading.Event()

    def first() -> None:
        leading.set()
        release.wait(10)

    results: list = [None] * len(works)

    def run(i: int) -> None:
        try:
            results[i] = store.together(works[i])
        except Exception as e:  # handed back to the test to assert on
            results[i] = e

    leader = threading.Thread(target=store.together, args=(first,))
    leader.start()
    leading.wait(10)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    with store._group:  # every one of them handed in and waiting
        assert store._group.wait_for(lambda: len(store._pending) == len(works), timeout=10)
    release.set()
    for t in [leader, *threads]:
        t.join(10)
    return results


def test_work_handed_in_meanwhile_commits_in_one_transaction_of_one_thread(store):
    _scratch(store)

    ran_on = _behind_a_held_leader(store, [_insert(store, n) for n in range(3)])

    assert len(set(ran_on)) == 1  # one thread ran all three (in one transaction)
    assert ran_on[0] != threading.get_ident()
    assert [r[0] for r in store.all("select n from scratch order by n")] == [0, 1, 2]


def test_each_waiter_returns_only_once_its_write_is_committed(folder, store):
    _scratch(store)
    other = open_store(folder, lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE))
    seen = []

    def looked(n: int) -> Callable[[], None]:
        def run() -> None:
            store.together(_insert(store, n))
            seen.append(other.value("select count(*) from scratch where n = ?", (n,)))
        return run

    threads = [threading.Thread(target=looked(n)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    other.close()

    assert seen == [1, 1, 1, 1]  # another connection saw each row as its call returned


def test_a_failing_work_is_undone_alone_and_raised_to_its_own_caller(store):
    _scratch(store)
    store.execute("insert into scratch values (7, 0)")

    results = _behind_a_held_leader(store, [_insert(store, 1), _insert(store, 7),
                                            _insert(store, 2)])

    assert isinstance(results[1], Conflict)
    assert not isinstance(results[0], Exception) and not isinstance(results[2], Exception)
    assert [r[0] for r in store.all("select n from scratch order by n")] == [1, 2, 7]


def test_a_commit_that_fails_raises_to_every_caller_and_keeps_nothing(store):
    _scratch(store)

    def breaks_at_commit() -> None:  # a foreign key checked only when the transaction commits
        store.execute("pragma defer_foreign_keys = on")
        store.execute("insert into grants (brand_id, created_at) values (999, 'x')")

    results = _behind_a_held_leader(store, [_insert(store, 1), breaks_at_commit,
                                            _insert(store, 2)])

    assert all(isinstance(r, Conflict) for r in results)
    assert store.all("select n from scratch") == []
    assert store.value("select count(*) from grants") == 0


def test_access_events_of_concurrent_calls_each_get_a_signed_head_and_verify(store):
    before = transparency.size(store)

    def run(n: int) -> None:  # as the API does: each event written outside any transaction
        audit.record(store, at=T0, method="GET", endpoint=f"/api/v1/e{n}", outcome="allowed",
                     records=n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)

    size = transparency.size(store)
    assert size == before + 6
    key = identity.public_key(store)
    for n in range(before + 1, size + 1):  # every size has its head, signed by the vault
        assert transparency.verify_head(transparency.head(store, n), key)
    root = transparency.head(store, size).root
    for row in store.all("select * from access_log where endpoint like '/api/v1/e%'"):
        proof = transparency.inclusion_proof(store, row["seq"], size)
        assert transparency.verify_inclusion(transparency.leaf_hash(audit.leaf_of_access(row)),
                                             row["seq"], size, proof, root)
    assert tamper.check(store).intact


def test_an_event_recorded_inside_a_transaction_stays_part_of_it(store):
    before = transparency.size(store)

    with pytest.raises(RuntimeError), store.atomic():
        audit.record(store, at=T0, method="POST", endpoint="/api/v1/purchases",
                     outcome="allowed")
        raise RuntimeError("the view failed")

    assert transparency.size(store) == before
    assert store.value("select count(*) from access_log") == 0


def test_work_alone_that_fails_halfway_leaves_nothing(store):
    _scratch(store)

    def halfway() -> None:
        store.execute("insert into scratch values (1, 0)")
        store.execute("insert into scratch values (1, 0)")  # the same key: Conflict

    with pytest.raises(Conflict):
        store.together(halfway)

    assert store.all("select n from scratch") == []
