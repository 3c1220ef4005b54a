"""The CSV and JSON-LD exports: what a spreadsheet or a linked-data tool reads in them."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from tests.vault.exchange.conftest import NOW, export_of
from vault import demo, exchange
from vault.errors import ValidationError
from vault.exchange import tables


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_csv_export_is_a_zip_of_one_file_per_exported_table_with_its_columns(full):
    counts = {t.name: full.value(f'select count(*) from "{t.name}"') for t in tables.exported(full)}
    archive = zipfile.ZipFile(io.BytesIO(export_of(full, "csv")))  # the export is logged after
    manifest = json.loads(archive.read("manifest.json"))

    assert manifest["format"] == "coffre-export" and manifest["schema_version"] == (
        full.schema_version)
    for table in tables.exported(full):
        rows = _csv(archive, f"{table.name}.csv")
        assert rows[0] == list(table.columns)
        assert len(rows) - 1 == counts[table.name]
    assert set(archive.namelist()) == {"manifest.json", *manifest["files"]}


def test_a_csv_file_holds_the_values_as_stored_accents_and_empty_cells_included(full):
    archive = zipfile.ZipFile(io.BytesIO(export_of(full, "csv")))

    header, *rows = _csv(archive, "profile_addresses.csv")
    address = dict(zip(header, rows[0], strict=True))

    assert archive.read("profile_addresses.csv").startswith(b"\xef\xbb\xbf")  # spreadsheets
    assert address["city"] == "Lyon" and address["line2"] == ""  # NULL is an empty cell
    codes = {r[0]: r[3] for r in _csv(archive, "categories.csv")[1:]}
    assert codes["09.7.1"] == "Livres"


def test_the_json_ld_export_uses_schema_org_types_for_what_maps(full):
    held = json.loads(export_of(full, "jsonld"))
    graph = held["@graph"]
    kinds = {node["@type"] for node in graph}

    assert held["@context"] == "https://schema.org/"
    assert {"Person", "Organization", "Order", "Demand", "Offer"} <= kinds
    orders = [n for n in graph if n["@type"] == "Order"]
    assert len(orders) == full.value("select count(*) from orders")
    item = orders[0]["orderedItem"][0]
    assert item["@type"] == "OrderItem" and item["orderedItem"]["@type"] == "Product"
    assert item["orderedItem"]["offers"]["priceCurrency"] == "EUR"
    me = next(n for n in graph if n["@type"] == "Person")
    assert me["givenName"] == "Camille" and "camille.martin@example.org" in me["email"]
    sellers = {n["@id"] for n in graph if n["@type"] == "Organization"}
    assert all(o["seller"]["@id"] in sellers for o in orders)


def test_an_order_total_reads_as_a_decimal_amount(full):
    graph = json.loads(export_of(full, "jsonld"))["@graph"]
    order = next(n for n in graph if n["@type"] == "Order")
    minor = full.value("select total_minor from orders where id = ?",
                       (int(order["@id"].rsplit("/", 1)[1]),))

    assert order["totalPaymentDue"] == {"@type": "PriceSpecification",
                                        "price": f"{minor // 100}.{minor % 100:02d}",
                                        "priceCurrency": "EUR"}


def test_an_unknown_format_is_refused(full):
    with pytest.raises(ValidationError) as caught:
        exchange.export(full, "xml", io.BytesIO(), now=NOW)
    assert caught.value.problems[0].code == "one_of"


def test_progress_counts_every_row_written(full):
    seen: list[int] = []
    rows = sum(full.value(f'select count(*) from "{t.name}"') for t in tables.exported(full))
    exchange.export(full, "json", io.BytesIO(), now=NOW, progress=seen.append)
    assert seen[-1] == rows  # the export's own event is logged once it is written


@pytest.mark.parametrize("count", [999, 1000, 1001])
def test_a_table_of_a_thousand_rows_or_so_is_still_one_json_document(store, count):
    demo.populate(store, today=NOW.date(), orders_count=count)

    held = json.loads(export_of(store))

    assert len(held["tables"]["orders"]) == count
