"""The audit log's events as leaves: their canonical bytes, the vault's own events, old vaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE, rewound, snapshot
from tests.web.oauth.helpers import add_brand
from vault import (
    audit,
    backup,
    grants,
    identity,
    leaves,
    lifecycle,
    migrations,
    tamper,
    transparency,
)
from vault.errors import ValidationError

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
JSON = st.recursive(st.none() | st.integers(-(2**53) + 1, 2**53 - 1) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.text("abcdefghij_", min_size=1, max_size=6), inner, max_size=4),
                    max_leaves=12)


@given(brand=TEXT, fields=st.lists(TEXT, max_size=5), held=JSON, records=st.integers(0, 10**6))
def test_an_access_leaf_is_rfc8785_canonical_json(brand, fields, held, records):
    row = {"at": "2026-05-01T09:00:00Z", "brand_id": 3, "brand_name": brand, "grant_id": None,
           "method": "GET", "endpoint": "/api/v1/profile", "scope": None, "outcome": "allowed",
           "reason": None, "records": records, "fields": leaves.canonical(fields).decode(),
           "months": None, "body_sha256": "ab" * 32,
           "held": leaves.canonical(held).decode() if held is not None else None}
    expected = {**row, "type": "access", "fields": fields, "held": held}
    assert leaves.of_access(_Row(row)) == rfc8785.dumps(expected)


class _Row(dict):
    """A mapping with keys(), as a database row is."""


def test_grant_changes_are_events_of_the_log(store):
    brand = add_brand(store)
    grant = grants.create(store, brand.brand_id, frozenset({"profile:read"}), purpose=None,
                          expires_at=None, now=T0)
    grants.pause(store, grant.id, now=T0 + timedelta(minutes=1))
    grants.revoke(store, grant.id, now=T0 + timedelta(minutes=2))
    rows = store.all("select kind, brand_id from vault_events order by seq")
    assert [(r["kind"], r["brand_id"]) for r in rows] == [
        ("grant.created", brand.brand_id), ("grant.paused", brand.brand_id),
        ("grant.revoked", brand.brand_id)]
    assert tamper.check(store).intact


def test_a_backup_is_an_event_of_the_log(store, folder):
    made = backup.create(store, folder, now=T0)
    assert store.value("select details from vault_events where kind = 'vault.backed_up'") == (
        f'{{"backup": "{made.name}"}}')


def test_an_event_kind_must_be_dotted_words_and_a_refused_one_writes_nothing(store):
    before = snapshot(store)
    with pytest.raises(ValidationError):
        audit.event(store, "Export; drop table", at=T0)
    assert snapshot(store) == before
    audit.event(store, "sql.query_run", at=T0, rows=12)
    assert transparency.size(store) == 1


def test_an_older_vaults_access_events_become_the_first_leaves(folder, created):
    logged = next(m.version for m in migrations.all_migrations() if m.name == "transparency_log")
    old = rewound(folder, created[0], upto=logged - 1)
    identity.create(old)
    for minute in (1, 2, 3):
        old.execute("insert into access_log (at, method, endpoint, outcome, records, fields)"
                    f" values ('2026-05-01T09:0{minute}:00Z', 'GET', '/api/v1/profile',"
                    " 'allowed', 1, '[\"name\"]')")
    old.close()
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert [r[0] for r in store.all("select seq from access_log order by id")] == [0, 1, 2]
    report = tamper.check(store)
    assert report.intact and report.size == 3
    key = identity.signing_key(store).verify_key.encode()
    assert transparency.verify_head(transparency.head(store), key)
    store.close()


def test_an_export_an_import_and_forgetting_old_purchases_are_each_logged(store):
    import io

    from tests.web.cli import import_files
    from vault import exchange, imports, retention

    later = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # after the November statement
    exchange.export(store, "json", io.BytesIO(), now=later)
    assert imports.run(store, io.BytesIO(import_files.card_statement()), "releve.csv",
                       now=later).stored
    retention.forget(store, years=1, now=later)

    kinds = [r[0] for r in store.all("select kind from vault_events order by seq")]
    assert kinds[-3:] == ["vault.exported", "import", "retention.applied"]
    assert tamper.check(store).intact
