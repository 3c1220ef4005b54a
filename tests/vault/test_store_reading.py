"""Reading the vault: a snapshot that others' writes do not move, and SQL that can only read."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from tests.conftest import snapshot
from vault import brands, invitations, profile, sql_guard
from vault.errors import ValidationError
from vault.exchange import tables

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _in_another_thread(work) -> None:
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_a_snapshot_does_not_see_a_write_committed_while_it_reads(store):
    profile.add_email(store, "first@example.org")

    with store.snapshot():
        before = store.value("select count(*) from profile_emails")
        _in_another_thread(lambda: profile.add_email(store, "second@example.org"))
        during = store.value("select count(*) from profile_emails")

    assert (before, during) == (1, 1)
    assert store.value("select count(*) from profile_emails") == 2


def test_a_write_inside_a_snapshot_fails_at_once(store):
    with store.snapshot(), pytest.raises(Exception, match="within a transaction"):
        profile.add_email(store, "nobody@example.org")
    assert store.value("select count(*) from profile_emails") == 0


def test_read_only_sql_returns_columns_and_rows(store):
    profile.add_email(store, "camille@example.org", label="perso")

    columns, rows = store.read_only("select address, label from profile_emails")

    assert columns == ["address", "label"] and rows == [("camille@example.org", "perso")]
    assert store.read_only("pragma table_info(settings)")[1][0][1] == "key"
    assert store.read_only("pragma user_version")[1] == [(store.schema_version,)]
    assert store.read_only("with recursive n(i) as (select 1 union all select i + 1 from n"
                           " where i < 3) select sum(i) from n")[1] == [(6,)]


REFUSED = [
    ("insert into settings values ('a', 'b')", "INSERT settings"),
    ("update settings set value = 'x'", "UPDATE settings"),
    ("delete from orders", "DELETE orders"),
    ("drop table orders", "DROP TABLE orders"),
    ("create table mine (a)", "CREATE TABLE mine"),
    ("create temp table mine (a)", "CREATE TEMP TABLE mine"),
    ("create view v as select 1", "CREATE VIEW v"),
    ("alter table orders add column x", "ALTER TABLE orders"),
    ("attach database ':memory:' as other", "ATTACH"),
    ("attach database 'elsewhere.db' as other", "ATTACH"),
    ("detach database main", "DETACH"),
    ("pragma user_version = 99", "PRAGMA user_version = 99"),
    ("pragma query_only = off", "PRAGMA query_only = off"),
    ("pragma journal_mode = delete", "PRAGMA journal_mode = delete"),
    ("pragma rekey = 'x'", "PRAGMA rekey = x"),
    ("pragma key = 'x'", "PRAGMA key = x"),
    ("pragma writable_schema = on", "PRAGMA writable_schema = on"),
    ("vacuum", "ATTACH"),  # VACUUM copies the database through an attached one
    ("select load_extension('/tmp/evil')", "the function load_extension()"),
    ("select sqlcipher_export('main')", "the function sqlcipher_export()"),
    ("begin immediate", "BEGIN/COMMIT"),
    ("reindex", "REINDEX"),
    ("analyze", "CREATE TABLE sqlite_stat1"),
]


@pytest.mark.parametrize(("sql", "what"), REFUSED, ids=[s for s, _ in REFUSED])
def test_a_statement_that_would_change_anything_is_refused_and_nothing_changes(
        store, folder, sql, what):
    profile.add_email(store, "camille@example.org")
    before, files = snapshot(store), sorted(p.name for p in folder.parent.rglob("*"))

    with pytest.raises(ValidationError) as caught:
        store.read_only(sql)

    problem = caught.value.problems[0]
    assert (problem.field, problem.code) == ("sql", "sql_refused")
    assert dict(problem.params)["what"].startswith(what)  # REINDEX names the index
    assert "coffre sql only reads" in str(caught.value)
    applied = max(row[0] for row in before["schema_migrations"])
    assert snapshot(store) == before and store.schema_version == applied
    assert sorted(p.name for p in folder.parent.rglob("*")) == files  # no file attached


@pytest.mark.parametrize("sql", ["select 1; delete from orders", "selec 1",
                                 "select * from no_such_table"])
def test_a_statement_sqlite_cannot_run_is_refused_with_its_message(store, sql):
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        store.read_only(sql)
    assert caught.value.problems[0].code == "sql_invalid"
    assert snapshot(store) == before


def test_the_vaults_secrets_read_as_null(store):
    brands.add(store, {"client_name": "Maison Dupont", "redirect_uris": ["https://md.example/cb"],
                       "scope": "profile:read"}, source="manual", now=NOW)
    invitations.create(store, now=NOW)

    for table, column in sql_guard.SECRET_COLUMNS:
        columns, rows = store.read_only(f"select * from {table}")
        assert [row[columns.index(column)] for row in rows] == [None] * len(rows), table
    assert store.value("select count(*) from invitations where token_hash is not null") == 1
    assert store.read_only("select hex(signing_seed), length(signing_seed) from vault_identity"
                           )[1] == [("", None)]


def test_the_hidden_columns_are_the_secrets_an_export_leaves_out(store):
    secret_tables = {t for t, why in tables.NOT_EXPORTED.items() if why.startswith("secret")}
    blobs = {(t, c) for t in secret_tables for c in tables.describe(store, t).blobs}
    assert blobs | set(tables.OMITTED_COLUMNS) == sql_guard.SECRET_COLUMNS


def test_a_statement_run_again_is_not_compiled_again_after_hundreds_of_others(store):
    # The driver keeps a connection's compiled statements in a cache that, once full, throws
    # out the newest one at each miss: two statements first met after a day of the UI would
    # be compiled again at every call (the brand API's token lookup: 0.1 ms each time). The
    # compiler asks the authorizer about every table it reads, so its calls count compilations.
    conn = store._conn()
    compiled: list[str] = []

    def count(action: int, first: str | None, *_: object) -> int:
        if first in ("brands", "grants"):
            compiled.append(first)
        return 0  # SQLITE_OK: the statement may run

    conn.set_authorizer(count)
    for i in range(200):  # every statement a connection runs in a day, more or less
        store.value(f"select {i} from sqlite_master limit 1")
    for _ in range(10):
        store.value("select count(*) from brands")
        store.value("select count(*) from grants")

    assert compiled == ["brands", "grants"]
