"""What answers held, stored once (vault.held): read back whole, kept right when a fold fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSPHRASE, rewound
from vault import audit, identity, leaves, lifecycle, migrations, tamper, transparency
from vault.errors import VaultError

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
PAGE = {"kind": "orders", "orders": [3, 2, 1], "next_cursor": None}


def _read(store, *, held=PAGE, outcome="allowed", minute=0):
    audit.record(store, at=T0 + timedelta(minutes=minute), method="GET",
                 endpoint="/api/v1/purchases", outcome=outcome, records=3 if held else 0,
                 fields=["orders[].id", "next_cursor"] if held else [], held=held,
                 reason=None if held else "bad_token")


def test_an_answer_read_many_times_is_stored_once_and_each_event_reads_it_back(store):
    for minute in range(5):
        _read(store, minute=minute)
    _read(store, held=None, outcome="refused", minute=6)
    audit.settle(store)

    events = audit.search(store)
    assert [e.held for e in events] == [None, *[PAGE] * 5]
    assert [e.fields for e in events] == [(), *[("next_cursor", "orders[].id")] * 5]
    assert store.value("select count(*) from access_held") == 1
    assert store.value("select count(*) from access_log where held_id is null") == 1
    assert tamper.check(store).intact


def test_a_fold_undone_leaves_no_answer_behind_and_the_next_one_writes_it(store):
    store.execute("create trigger refused before insert on access_log"
                  " begin select raise(abort, 'disk full'); end")
    _read(store)
    with pytest.raises(VaultError):
        audit.settle(store)
    assert store.value("select count(*) from access_held") == 0

    store.execute("drop trigger refused")
    audit.settle(store)  # the pair written anew: no id of the undone fold was remembered

    assert [e.held for e in audit.search(store)] == [PAGE]
    assert tamper.check(store).intact


def test_a_vault_whose_rows_held_their_answers_is_migrated_with_the_same_leaves(folder, created):
    moved = next(m.version for m in migrations.all_migrations() if m.name == "access_held_once")
    old = rewound(folder, created[0], upto=moved - 1)
    identity.create(old)
    key = identity.signing_key(old)
    for minute, (fields, held) in enumerate([('["name"]', '{"kind":"profile"}')] * 3
                                            + [("[]", None)]):
        row = {"at": f"2026-05-01T09:0{minute}:00Z", "brand_id": None, "brand_name": "Dupont",
               "grant_id": None, "method": "GET", "endpoint": "/api/v1/profile", "scope": None,
               "outcome": "allowed", "reason": None, "records": 1, "fields": fields,
               "months": None, "held": held, "body_sha256": "ab" * 32}
        with old.atomic():  # as the code of that schema wrote an event: its row and its leaf
            seq = transparency.append(old, [leaves.of_access(row)],
                                      at=T0 + timedelta(minutes=minute), key=key)
            old.execute(f"insert into access_log (seq, {', '.join(row)})"
                        f" values (?{', ?' * len(row)})", (seq, *row.values()))
    old.close()

    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)

    assert store.schema_version == migrations.latest()
    assert [(e.fields, e.held) for e in audit.search(store)] == [
        ((), None), *[(("name",), {"kind": "profile"})] * 3]
    assert store.value("select count(*) from access_held") == 1
    report = tamper.check(store)
    assert report.intact and report.size == 4
    store.close()


def test_reads_of_one_answer_folded_in_one_batch_each_keep_their_own_time(store):
    for second in (5, 0, 59, 5):  # the same answer read four times, in no order of time
        audit.record(store, at=T0 + timedelta(hours=second % 7, seconds=second), method="GET",
                     endpoint="/api/v1/purchases", outcome="allowed", records=3,
                     fields=["orders[].id"], held=PAGE)
    _read(store, minute=1)  # another answer in between
    audit.settle(store)  # one batch

    times = [e.at for e in sorted(audit.search(store), key=lambda e: e.seq)]
    assert times == [T0 + timedelta(hours=h, seconds=s)
                     for h, s in ((5, 5), (0, 0), (3, 59), (5, 5))] + [T0 + timedelta(minutes=1)]
    assert tamper.check(store).intact  # each leaf is its row's, rebuilt by the checker alone
