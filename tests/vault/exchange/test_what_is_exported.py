"""Every table of the schema is classified: exported, or left out for a reason; no secret leaks."""

from __future__ import annotations

import base64
import json

from tests.vault.exchange.conftest import export_of
from vault import migrations
from vault.exchange import tables


def test_every_table_of_the_current_schema_is_exported_or_left_out_for_a_stated_reason(store):
    assert store.schema_version == migrations.latest()
    schema = set(tables.schema_tables(store))

    unclassified = schema - set(tables.EXPORTED) - set(tables.NOT_EXPORTED)

    assert not unclassified, (
        f"classify {sorted(unclassified)} in vault/exchange/tables.py: EXPORTED (what it holds) "
        "or NOT_EXPORTED (why: a secret, or derived)")
    assert not set(tables.EXPORTED) & set(tables.NOT_EXPORTED)
    assert set(tables.EXPORTED) | set(tables.NOT_EXPORTED) <= schema  # no table that is gone
    assert {t for t, _ in tables.OMITTED_COLUMNS} <= set(tables.EXPORTED)
    assert all(why.strip() for why in (*tables.NOT_EXPORTED.values(),
                                       *tables.OMITTED_COLUMNS.values()))


def test_the_export_holds_every_exported_table_and_says_what_it_left_out(full):
    held = json.loads(export_of(full))

    assert list(held["tables"]) == [t for t in tables.schema_tables(full) if t in tables.EXPORTED]
    assert held["not_exported"] == tables.NOT_EXPORTED and held["unclassified"] == []
    assert set(held["omitted_columns"]) == {"brands.secret_hash"}
    assert all("secret_hash" not in row for row in held["tables"]["brands"])


def test_no_secret_of_the_vault_is_in_any_export(full):
    secrets = [bytes(r[0]) for r in full.all(
        "select signing_seed from vault_identity union all select secret_hash from brands"
        " where secret_hash is not null union all select token_hash from tokens union all"
        " select code_hash from auth_codes union all select token_hash from invitations")]
    assert len(secrets) >= 5

    for name in ("json", "csv", "jsonld"):
        data = export_of(full, name)
        for secret in secrets:
            assert secret not in data
            assert base64.b64encode(secret) not in data and secret.hex().encode() not in data


def test_a_table_nobody_classified_is_left_out_and_named(store):
    store.execute("create table newcomer (id integer primary key, note text)")
    store.execute("insert into newcomer (note) values ('nobody decided about me')")

    held = json.loads(export_of(store))

    assert "newcomer" not in held["tables"] and held["unclassified"] == ["newcomer"]
    assert b"nobody decided" not in export_of(store, "csv")
