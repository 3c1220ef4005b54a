"""Generic CSV files as people's exports write them, read through a recipe or its guess."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vault.errors import ValidationError
from vault.importers import generic, recipes, records
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad, Line, Purchase

PARIS = ZoneInfo("Europe/Paris")


def read(data: bytes, recipe: Recipe | None = None) -> list:
    return list(generic.read(io.BytesIO(data), recipe=recipe))


def bads(rows: list) -> list[tuple]:
    return [(r.line, r.column, r.value, r.code) for r in rows if isinstance(r, Bad)]


def test_a_latin1_file_with_semicolons_and_decimal_commas(tmp_path: Path):
    path = tmp_path / "releve.csv"
    path.write_bytes(("Date;Libellé;Montant\r\n24/11/2024;Crêperie Noël;1 234,50\r\n"
                      "03/11/2024;DÉCATHLON;-8,00\r\n").encode("latin-1"))

    with path.open("rb") as stream:
        rows = list(generic.read(stream))

    assert rows == [
        Purchase(2, "Crêperie Noël", datetime(2024, 11, 24, tzinfo=PARIS), "EUR",
                 (Line("Crêperie Noël", 1, 123450),)),
        Purchase(3, "DÉCATHLON", datetime(2024, 11, 3, tzinfo=PARIS), "EUR",
                 (Line("DÉCATHLON", 1, 800),), refund=True),
    ]


def test_utf8_with_bom_us_dates_and_english_names():
    data = ("\ufeffDate,Time,Shop,Amount,Currency\n11/24/2024,18:05,\"Joe's, Diner\",12.50,USD\n"
            "11/02/2024,09:00,Target,3.00,USD\n").encode()

    first, second = read(data)

    assert (first.merchant, first.at, first.currency, first.total_minor) == (
        "Joe's, Diner", datetime(2024, 11, 24, 18, 5, tzinfo=PARIS), "USD", 1250)
    assert second.at.date().isoformat() == "2024-11-02"  # month first, as line 2 proved


def test_rows_with_an_order_id_make_one_order_with_one_line_each():
    data = (b"Order,Date,Shop,Product,Quantity,Unit price,Category\n"
            b"A1,2024-11-24,Fnac,Livre,2,10.00,books\nA1,2024-11-24,Fnac,Stylo,1,1.50,\n"
            b"A2,2024-11-25,Fnac,Disque,1,15.00,music\n")

    first, second = read(data)

    assert first.merchant_order_id == "A1" and first.line == 2
    assert first.lines == (Line("Livre", 2, 1000, category="books"), Line("Stylo", 1, 150))
    assert (second.merchant_order_id, second.total_minor) == ("A2", 1500)


def test_an_ambiguous_file_is_refused_naming_a_row_unless_the_recipe_says():
    data = b"Date;Marchand;Montant\n03/04/2024;Fnac;1,00\n05/06/2024;Fnac;2,00\n"

    with pytest.raises(ValidationError) as caught:
        read(data)
    assert caught.value.field == "line 2: Date"
    assert caught.value.problems[0].code == "ambiguous_dates"

    said = generic.guess(["Date", "Marchand", "Montant"])
    rows = read(data, Recipe(**{**said.__dict__, "date_form": "mdy"}))
    assert [r.at.month for r in rows] == [3, 5]


def test_an_unparseable_date_or_amount_is_a_bad_row_naming_line_column_and_value():
    data = (b"Date,Shop,Amount\n2024-11-24,Fnac,12.50\nyesterday,Fnac,1.00\n"
            b"2024-11-25,Fnac,12 euros\n")

    rows = read(data)

    assert bads(rows) == [(3, "Date", "yesterday", "date_not_in_form"),
                          (4, "Amount", "12 euros", "not_amount")]
    assert [r.line for r in rows if isinstance(r, Purchase)] == [2]


def test_rows_with_too_many_or_too_few_fields_are_bad():
    rows = read(b"Date,Shop,Amount\n2024-11-24,Fnac,1.00,extra\n2024-11-24,Fnac\n"
                b"2024-11-24,Fnac,2.00\n")

    assert [(b.line, b.code, b.params) for b in rows if isinstance(b, Bad)] == [
        (2, "too_many_fields", {"found": 4, "expected": 3}),
        (3, "too_few_fields", {"found": 2, "expected": 3})]
    assert len([r for r in rows if isinstance(r, Purchase)]) == 1


def test_a_delimiter_ending_every_row_but_not_the_header_is_no_extra_field():
    rows = read(b"Date;Marchand;Montant\r\n24/11/2024;Fnac;1,00;\r\n25/11/2024;Fnac;2,00;;\r\n")

    assert [r.total_minor for r in rows] == [100, 200]


def test_a_missing_required_column_is_refused():
    with pytest.raises(ValidationError) as caught:
        read(b"Date,Shop\n2024-11-24,Fnac\n")

    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("columns.amount", "unmapped_field")]


def test_a_recipe_naming_columns_the_file_lacks_is_refused_naming_them():
    recipe = Recipe(name="Ma banque", columns={"date": "Date opération", "merchant": "Libellé",
                                               "amount": "Montant"}, currency="EUR")

    with pytest.raises(ValidationError) as caught:
        read(b"Date;Libell\xc3\xa9;Somme\n24/11/2024;Fnac;1,00\n", recipe)

    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("columns.date", "lacks the column Date opération"),
        ("columns.amount", "lacks the column Montant")]


def test_invalid_utf8_in_a_file_declared_utf8_is_a_bad_line():
    recipe = Recipe(name="utf8", columns={"date": "Date", "merchant": "Shop", "amount": "Amount"},
                    currency="EUR", encoding="utf-8")
    data = b"Date,Shop,Amount\n2024-11-24,Fnac,1.00\n2024-11-25,Caf\xe9,2.00\n"

    rows = read(data, recipe)

    assert bads(rows) == [(3, None, "2024-11-25,Caf\ufffd,2.00", "not_encoding")]
    assert [b.params for b in rows if isinstance(b, Bad)] == [{"encoding": "utf-8"}]
    assert [r.merchant for r in rows if isinstance(r, Purchase)] == ["Fnac"]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_100_mb_field_is_one_bad_row_read_in_bounded_memory(tmp_path: Path, quoted: bool):
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.write(b"Date,Shop,Amount\n2024-11-24,Fnac,1.00\n2024-11-25,")
        out.write(b'"' if quoted else b"")
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            out.write(chunk)
        out.write(b'"' if quoted else b"")
        out.write(b",2.00\n")

    with path.open("rb") as stream:
        rows = list(generic.read(stream))

    assert [r.line for r in rows if isinstance(r, Purchase)] == [2]
    assert bads(rows) == [(3, None, None, "too_large_field")]
    assert rows[0].params == {"n": records.MAX_FIELD}


@pytest.mark.parametrize(("header", "expected"), [
    (["Date", "Libellé", "Montant"], {"date": "Date", "merchant": "Libellé", "amount": "Montant"}),
    (["Date", "Marchand", "Libellé", "Montant", "Devise"],
     {"date": "Date", "merchant": "Marchand", "amount": "Montant", "currency": "Devise"}),
    (["Order ID", "Order Date", "Shop", "Amount", "Qty"],
     {"order_id": "Order ID", "date": "Order Date", "merchant": "Shop", "amount": "Amount",
      "quantity": "Qty"}),
    (["N° de commande", "Date d'achat", "Magasin", "Prix unitaire", "Quantité", "Catégorie"],
     {"order_id": "N° de commande", "date": "Date d'achat", "merchant": "Magasin",
      "unit_price": "Prix unitaire", "quantity": "Quantité", "category": "Catégorie"}),
])
def test_the_mapping_is_guessed_from_english_and_french_names(header, expected):
    assert generic.guess(header).columns == expected


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty_file"), (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary_file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_file")])
def test_an_empty_or_binary_file_named_csv_is_refused_before_any_row(tmp_path: Path, data, code):
    path = tmp_path / "export.csv"
    path.write_bytes(data)

    with path.open("rb") as stream, pytest.raises(ValidationError) as caught:
        next(generic.read(stream))
    assert (caught.value.field, caught.value.problems[0].code) == ("file", code)


def test_a_header_alone_holds_no_row():
    assert read(b"Date;Marchand;Montant\r\n") == []


def test_an_amount_column_with_a_quantity_gives_the_unit_price():
    [purchase] = read(b"Date,Shop,Product,Qty,Amount\n2024-11-24,Fnac,Piles,4,10.00\n")
    assert purchase.lines == (Line("Piles", 4, 250),)

    [bad] = read(b"Date,Shop,Product,Qty,Amount\n2024-11-24,Fnac,Piles,3,10.00\n")
    assert (bad.line, bad.column, bad.value, bad.code) == (2, "Amount", "10.00",
                                                           "total_not_divisible")


def test_invalid_utf8_past_the_sample_of_a_utf8_file_is_a_bad_line():
    good = "2024-11-24,Boulangerie Éloi,1.00\n".encode()
    count = 3000  # well past the sniffed sample
    data = b"Date,Shop,Amount\n" + good * count + b"2024-11-25,Caf\xe9,2.00\n" + good

    rows = read(data)

    assert [(b.line, b.code) for b in rows if isinstance(b, Bad)] == [(count + 2, "not_encoding")]
    assert len([r for r in rows if isinstance(r, Purchase)]) == count + 1


def test_the_detected_recipe_says_what_the_preview_shows_and_reads_the_file_back():
    data = ("Date;Libellé;Montant\r\n24/11/2024;Crêperie;12,50\r\n").encode("cp1252")

    detected = generic.detect(io.BytesIO(data), name="Ma banque")

    assert detected == Recipe(name="Ma banque", columns={"date": "Date", "merchant": "Libellé",
                                                         "amount": "Montant"},
                              date_form="dmy", decimal=",", delimiter=";", encoding="cp1252",
                              currency="EUR")
    assert recipes.load(recipes.dump(detected)) == detected
    assert [r.total_minor for r in read(data, detected)] == [1250]


def test_ambiguous_dates_leave_the_detected_form_open():
    detected = generic.detect(io.BytesIO(b"Date,Shop,Amount\n03/04/2024,Fnac,1.00\n"))

    assert detected.date_form is None
