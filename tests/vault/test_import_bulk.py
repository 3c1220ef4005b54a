"""What storing an import in bulk keeps: the history's version moves with every import kept,
and the vault's triggers and indexes are the same after an import, kept or refused."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from tests.web.cli import import_files as files
from vault import imports, purchases
from vault.purchases import Item, Order

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
BAD_AMOUNT = '28/11/2026;"CB FNAC BELLECOUR 28/11";douze;;\n'


def run(store, data: bytes) -> imports.Report:
    return imports.run(store, io.BytesIO(data), "releve.csv", now=NOW)


def schema(store) -> list[tuple]:
    return [tuple(r) for r in store.all("select type, name, sql from sqlite_master"
                                        " where tbl_name in ('orders', 'order_items')"
                                        " order by name")]


def test_a_kept_import_moves_the_version_and_leaves_the_schema_as_it_was(store):
    before, version = schema(store), purchases.version(store)

    assert run(store, files.card_statement()).stored

    assert purchases.version(store) > version
    assert schema(store) == before
    # The triggers are back: an order typed afterwards moves the version again.
    version = purchases.version(store)
    purchases.add(store, Order("Fnac", NOW, "store", "EUR", (Item("Livre", "09.5.1", 1, 890),)))
    assert purchases.version(store) > version


def test_a_refused_import_leaves_the_version_and_the_schema_as_they_were(store):
    before, version = schema(store), purchases.version(store)

    report = run(store, files.card_statement([*files.NOVEMBER, BAD_AMOUNT]))

    assert not report.stored and report.counts.invalid == 1
    assert (purchases.version(store), schema(store)) == (version, before)


def test_the_version_is_bumped_once_only_inside_a_transaction(store):
    with pytest.raises(RuntimeError), purchases.history_bumped_once(store):
        pass
    assert len([r for r in schema(store) if r[0] == "trigger"]) == 6


def test_a_shops_order_number_already_in_the_vault_is_found_by_the_import(store):
    typed = Order("Amazon", datetime(2023, 5, 14, 9, tzinfo=UTC), "web", "EUR",
                  (Item("Câble USB-C", "05.4", 1, 1299),), merchant_order_id="405-1111111-1111111")
    purchases.add(store, typed)

    report = imports.run(store, io.BytesIO(files.AMAZON), "Retail.OrderHistory.1.csv", now=NOW)

    assert (report.counts.added, report.counts.present) == (1, 1)
    assert store.all("select merchant_order_id from orders where import_id is not null"
                     )[0][0] == "405-3333333-3333333"
