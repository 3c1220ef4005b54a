"""Round trip: the demo vault -> JSON export -> a new vault -> export again: nothing lost."""

from __future__ import annotations

import json

from tests.vault.exchange.conftest import SECRET, export_of
from vault import brands, tokens
from vault.exchange import load, tables


def _rows(store) -> dict[str, list[tuple]]:
    """Every exported table, row by row (the columns an export holds), by id."""
    found = {}
    for table in tables.exported(store):
        names = ", ".join(f'"{c}"' for c in table.columns)
        found[table.name] = [tuple(r) for r in store.all(
            f'select {names} from "{table.name}" order by {table.order}')]
    return found


def test_a_json_export_loaded_into_a_new_vault_exports_the_same(full, fresh):
    first = export_of(full)

    added = load.load(fresh, first)
    second = export_of(fresh)

    one, two = json.loads(first), json.loads(second)
    assert added["orders"] == 60 and added["grant_versions"] == full.value(
        "select count(*) from grant_versions") >= 5
    assert one["tables"] == two["tables"]
    # Only the vault's own signing key differs: the new vault made its own.
    assert {k for k in one if one[k] != two[k]} == {"vault"}


def test_every_table_is_the_same_row_by_row(full, fresh):
    before = _rows(full)
    load.load(fresh, export_of(full))  # (the export logs itself in `full`, after the file)

    after = _rows(fresh)

    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name  # ids kept, so the mapping is the identity
    assert all(before[t] for t in ("orders", "order_items", "grant_versions", "offers",
                                   "access_log", "brands", "intents", "profile"))


def test_what_is_not_exported_stays_behind(full, fresh):
    load.load(fresh, export_of(full))

    for name in ("tokens", "auth_codes", "invitations"):
        assert fresh.value(f"select count(*) from {name}") == 0
    dupont = next(b for b in brands.all_brands(fresh) if b.name == "Maison Dupont")
    assert dupont.secret_hash is not None and not dupont.check_secret(SECRET)
    assert next(b for b in brands.all_brands(full) if b.name == "Maison Dupont").check_secret(
        SECRET)
    assert tokens.find(fresh, "anything") is None
    assert fresh.value("select signing_seed from vault_identity") != full.value(
        "select signing_seed from vault_identity")
