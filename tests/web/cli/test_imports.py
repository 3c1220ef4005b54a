"""`coffre import FILE`: outside files in, all or nothing, once only, undone as a whole."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest

from tests.conftest import snapshot as tables
from tests.vault.importers.test_camt import BILLION_LAUGHS, EXTERNAL, document, entry
from tests.web.cli import import_files as files
from tests.web.cli.helpers import coffre, opened
from vault import insights


def imported(folder, data: bytes, *args: str, name: str = "releve.csv", tmp=None):
    path = (tmp or folder.parent) / name
    path.write_bytes(data)
    return coffre(folder, "import", str(path), *args)


def orders(folder) -> list[tuple]:
    """(day, merchant, signed total) of every order, in order."""
    with opened(folder) as store:
        return [tuple(r) for r in store.all(
            "select local_day, merchant, total_minor from orders order by local_day, id")]


def test_a_french_card_statement_end_to_end(vault_folder):
    result = imported(vault_folder, files.card_statement())

    assert result.exit_code == 0, result.output
    assert "Format: bank (encoding cp1252)" in result.output
    assert "Added: 5   Already present: 0   Not a purchase: 1" in result.output
    assert "salary 1" in result.output
    assert orders(vault_folder) == [
        ("2026-11-24", "Decathlon", 4599), ("2026-11-24", "Decathlon", 4599),
        ("2026-11-26", "Decathlon", -4599), ("2026-11-29", "Free Mobile", 1999),
        ("2026-11-29", "Librairie Mollat", 2350)]


def test_importing_the_same_file_again_adds_nothing_and_says_which_lines(vault_folder):
    imported(vault_folder, files.card_statement())
    before = orders(vault_folder)

    again = imported(vault_folder, files.card_statement())

    assert again.exit_code == 0, again.output
    assert "Added: 0   Already present: 5" in again.output
    assert "Already present: line 5, 6, 8, 9, 10" in again.output
    assert orders(vault_folder) == before


def test_an_overlapping_later_export_adds_only_its_new_lines(vault_folder):
    imported(vault_folder, files.card_statement())

    later = imported(vault_folder, files.card_statement(files.LATER), name="decembre.csv")

    assert "Added: 1   Already present: 2" in later.output
    assert orders(vault_folder)[-1] == ("2026-12-01", "Carrefour", 5420)


@pytest.mark.parametrize(("data", "name", "format_name", "added"), [
    (files.AMAZON, "Retail.OrderHistory.1.csv", "amazon", 2),
    (files.OFX, "releve.ofx", "ofx", 4),
    (files.CAMT, "camt053.xml", "camt", 4),
    (files.GENERIC_BOM, "achats.csv", "generic", 2),
])
def test_each_format_is_recognised_and_imported_once(vault_folder, data, name, format_name,
                                                    added):
    result = imported(vault_folder, data, name=name)

    assert result.exit_code == 0, result.output
    assert f"Format: {format_name}" in result.output
    assert f"Added: {added} " in result.output
    assert orders(vault_folder)
    again = imported(vault_folder, data, name=name)
    assert "Added: 0 " in again.output


def test_amazon_cancelled_items_are_left_out_and_counted(vault_folder):
    result = imported(vault_folder, files.AMAZON, name="Retail.OrderHistory.1.csv")

    assert "Added: 2 " in result.output and "Left out by the source: 2" in result.output
    with opened(vault_folder) as store:
        assert [tuple(r) for r in store.all(
            "select merchant_order_id, total_minor, channel from orders order by id")] == [
            ("405-1111111-1111111", 2199, "web"), ("405-3333333-3333333", 899, "web")]


def test_the_refund_nets_out_of_the_spending_at_its_merchant(vault_folder):
    imported(vault_folder, files.card_statement())

    with opened(vault_folder) as store:
        by_shop = {r.key: (r.orders, r.minor)
                   for r in insights.rfm(store, by="merchant", today=date(2026, 12, 1))}
    assert by_shop["Decathlon"] == (2, 4599)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("releve.csv", files.card_statement())
    return out.getvalue()


BAD_FILES = [
    ("empty", b"", (), "is empty"),
    ("another format than named", files.card_statement(), ("--format", "amazon"),
     "is not in the amazon format"),
    ("a missing required column", b"Date;Libell\xe9\n24/11/2026;CB FNAC\n", (),
     "no column gives the amount"),
    ("too many fields", files.card_statement(['24/11/2026;"CB FNAC";12,00;;;;9;\n']), (),
     "has more cells than the header"),
    ("too few fields", b"Date,Marchand,Montant\n2026-11-24,Fnac\n", (),
     "has 2 fields, fewer than the 3 of the header"),
    ("an unparseable date", files.card_statement(['32/13/2026;"CB FNAC";12,00;;\n']), (),
     "is not a date"),
    ("an unparseable amount", files.card_statement(['24/11/2026;"CB FNAC";douze;;\n']), (),
     "is not an amount"),
    ("a 100 MB field", b"Date,Marchand,Montant\n2026-11-24,\"" + b"x" * (100 * 1024 * 1024)
     + b"\",1.00\n", (), "longer than"),
    ("invalid UTF-8 declared UTF-8", files.GENERIC_BOM + b"2026-11-04,Caf\xe9,2.00\r\n", (),
     "is not valid utf-8-sig text"),
    ("billion laughs", document(entry("1.00", "DBIT", name="FNAC"), prolog=BILLION_LAUGHS), (),
     "declares a DTD or entities"),
    ("an external entity", document(entry("1.00", "DBIT", name="FNAC"), prolog=EXTERNAL), (),
     "declares a DTD or entities"),
    ("XML cut short after its entries", files.CAMT[:-40], (), "is not valid XML"),
    ("a zip renamed .csv", _zip(), (), "is a ZIP archive"),
    ("a PNG renamed .csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, (), "is a PNG image"),
]


@pytest.mark.parametrize(("what", "data", "args", "says"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_input_is_reported_and_nothing_imported(vault_folder, what, data, args, says):
    with opened(vault_folder) as store:
        before = tables(store)

    result = imported(vault_folder, data, *args)

    assert result.exit_code == 1
    assert says in result.output
    with opened(vault_folder) as store:
        assert tables(store) == before


def test_ambiguous_dates_in_a_generic_file_name_an_example_row(vault_folder):
    data = b"Date,Marchand,Montant\n01/02/2026,Fnac,1.00\n03/04/2026,Fnac,2.00\n"

    result = imported(vault_folder, data)

    assert result.exit_code == 1
    assert "line 2: Date could be day first or month first" in result.output


def test_a_recipe_naming_columns_the_file_lacks_is_refused(vault_folder, tmp_path):
    recipe = tmp_path / "recette.json"
    recipe.write_text('{"name": "Ma banque", "columns": {"date": "Jour", "merchant": "Shop",'
                      ' "amount": "Montant"}, "currency": "EUR"}')

    result = imported(vault_folder, files.GENERIC_BOM, "--format", "generic", "--recipe",
                      str(recipe))

    assert result.exit_code == 1
    assert "lacks the column Jour" in result.output
    assert orders(vault_folder) == []


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(vault_folder, tmp_path):
    lines = [*files.NOVEMBER, '28/11/2026;"CB FNAC";douze;;\n']
    report = tmp_path / "rapport.csv"

    refused = imported(vault_folder, files.card_statement(lines))
    kept = imported(vault_folder, files.card_statement(lines), "--skip-invalid",
                    "--report", str(report))

    assert refused.exit_code == 1 and "Nothing was imported" in refused.output
    assert kept.exit_code == 0, kept.output
    assert "Added: 5 " in kept.output and "Invalid: 1" in kept.output
    rows = list(csv.reader(report.open(encoding="utf-8")))
    assert rows[1][:4] == ["11", "Débit euros", "douze", "not_bank_amount"]


def test_the_report_holds_every_problem_the_screen_does_not(vault_folder, tmp_path):
    bad = [f'{n % 28 + 1:02d}/11/2026;"CB FNAC";douze;;\n' for n in range(60)]
    report = tmp_path / "rapport.csv"

    result = imported(vault_folder, files.card_statement(bad), "--report", str(report))

    assert result.output.count("is not an amount") == 20
    assert "see them all in" in result.output
    assert len(list(csv.reader(report.open(encoding="utf-8")))) == 61


def test_a_dry_run_leaves_every_table_unchanged(vault_folder):
    with opened(vault_folder) as store:
        before = tables(store)

    result = imported(vault_folder, files.card_statement(), "--dry-run")

    assert "Would add: 5 " in result.output and "Dry run: nothing was stored." in result.output
    with opened(vault_folder) as store:
        assert tables(store) == before


def test_undo_shows_what_it_removes_asks_then_removes_it(vault_folder):
    imported(vault_folder, files.card_statement())
    listed = coffre(vault_folder, "imports", "list")
    assert "bank" in listed.output and "added 5" in listed.output

    kept = coffre(vault_folder, "imports", "undo", "1", input_text="n\n")
    assert "added 5 orders (89.48 EUR)" in kept.output
    assert len(orders(vault_folder)) == 5

    gone = coffre(vault_folder, "imports", "undo", "1", "--yes")
    assert gone.exit_code == 0 and "its 5 orders" in gone.output
    assert orders(vault_folder) == []
    assert "No import yet." in coffre(vault_folder, "imports", "list").output


def test_our_own_json_format_goes_through_the_same_command(vault_folder):
    data = (b'{"format": "coffre-purchases", "version": 1, "orders": [{"merchant": "Fnac",'
            b' "ordered_at": "2026-11-02T10:00:00+01:00", "channel": "store", "currency": "EUR",'
            b' "items": [{"name": "Livre", "category": "books", "quantity": 1,'
            b' "unit_price": "8.90"}]}]}')

    first = imported(vault_folder, data, name="achats.json")
    second = imported(vault_folder, data, name="achats.json")

    assert "Format: json" in first.output and "Added: 1 " in first.output
    assert "Added: 0   Already present: 1" in second.output
