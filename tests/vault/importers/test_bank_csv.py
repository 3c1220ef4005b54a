"""Bank statements in CSV as banks export them: French cards, signed amounts, bad files."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.vault.importers.bank import summary
from vault.errors import ValidationError
from vault.importers import bank_csv, merchants
from vault.importers.rows import Purchase

# A card account's export as Crédit Agricole writes it: the account above the header,
# ";" between columns, decimal commas, Latin-1 bytes, debit and credit columns, a label
# over two lines, and a ";" at the end of every line.
FRENCH = """Téléchargement du 01/12/2026;;;;
Compte courant n° 12345678901;;;;
Solde au 30/11/2026 : 1 234,56 EUR;;;;
;;;;
Date;Libellé;Débit euros;Crédit euros;
24/11/2026;"CB DÉCATHLON VÉNISSIEUX 24/11";45,99;;
24/11/2026;"CB DÉCATHLON VÉNISSIEUX 24/11";45,99;;
25/11/2026;"PAIEMENT PAR CARTE X1234
FNAC BELLECOUR 23/11";1 299,00;;
26/11/2026;"VIR SEPA ACME SAS SALAIRE NOVEMBRE";;2 450,00;
27/11/2026;"CB AVOIR DÉCATHLON 26/11";;45,99;
28/11/2026;"RETRAIT DAB 28/11 LYON BELLECOUR";60,00;;
29/11/2026;"PRLV SEPA FREE MOBILE ECH/291126 ID EMETTEUR/FR12ZZZ123456";19,99;;
30/11/2026;"VIR SEPA M. DUPONT JEAN";;150,00;
30/11/2026;"FRAIS TENUE DE COMPTE";2,00;;
30/11/2026;"VIREMENT INTERNE VERS LIVRET A";200,00;;
30/11/2026;"CHEQUE 1234567";80,00;;
;"Total des opérations";1 751,97;2 645,99;
""".encode("latin-1")


def read(data: bytes, **options):
    return list(bank_csv.read(io.BytesIO(data), **options))


def test_a_french_card_statement_reads_line_by_line():
    assert summary(read(FRENCH)) == [
        (6, "purchase", "Decathlon", 4599, "2026-11-24"),
        (7, "purchase", "Decathlon", 4599, "2026-11-24"),  # two same-day purchases, both kept
        (8, "purchase", "Fnac", 129900, "2026-11-23"),  # the card's day in the label wins
        (10, "not a purchase", "salary"),
        (11, "refund", "Decathlon", 4599, "2026-11-26"),
        (12, "not a purchase", "cash"),
        (13, "purchase", "Free Mobile", 1999, "2026-11-29"),
        (14, "not a purchase", "transfer"),
        (15, "not a purchase", "bank_fee"),
        (16, "not a purchase", "own_transfer"),
        (17, "not a purchase", "cheque"),
        (18, "not a purchase", "balance"),
    ]


def test_a_purchase_keeps_the_label_as_written_with_the_merchants_category():
    first = read(FRENCH)[0]

    assert isinstance(first, Purchase)
    assert first.merchant == "CB DÉCATHLON VÉNISSIEUX 24/11"
    assert first.at == datetime(2026, 11, 24, tzinfo=ZoneInfo("Europe/Paris"))
    assert (first.currency, first.lines[0].category, first.refund) == ("EUR", "09.2.2", False)


def test_a_transfer_naming_the_consumer_is_between_own_accounts():
    rows = summary(read(FRENCH, owners=("Dupont",)))

    assert (14, "not a purchase", "own_transfer") in rows


def test_the_consumers_corrections_reach_the_reader():
    def recognise(label):
        return merchants.recognise(label, aliases={"FNAC": "Fnac Bellecour"},
                                   categories={"FNAC BELLECOUR": "09.7.1"})

    fnac = read(FRENCH, recognise=recognise)[2]

    assert (fnac.lines[0].name, fnac.lines[0].category) == ("Fnac Bellecour", "09.7.1")


# Boursorama's export: one signed amount, ISO dates, the operation date first.
SIGNED = (
    b"dateOp;dateVal;label;category;categoryParent;supplierFound;amount;comment;accountNum\n"
    b'2026-11-24;2026-11-25;"CARTE 22/11/26 CARREFOUR MARKET CB*1234";"Alimentation";'
    b'"Vie quotidienne";"carrefour";-32,10;;00012345\n'
    b'2026-11-25;2026-11-25;"PRLV SEPA EDF CLIENTS PARTICULIERS";"Energie";"Logement";'
    b'"edf";-64,00;;00012345\n'
    b'2026-11-26;2026-11-26;"AVOIR CARTE 25/11/26 AMAZON PAYMENTS";"Divers";"Divers";'
    b'"amazon";+19,99;;00012345\n'
    b'2026-11-27;2026-11-27;"VIR SEPA CAF DU RHONE";"Allocations";"Revenus";"";120,00;;00012345\n'
)


def test_a_signed_amount_column_gives_purchases_refunds_and_income():
    assert summary(read(SIGNED)) == [
        (2, "purchase", "Carrefour", 3210, "2026-11-22"),
        (3, "purchase", "EDF", 6400, "2026-11-25"),
        (4, "refund", "Amazon", 1999, "2026-11-25"),
        (5, "not a purchase", "income"),  # paid in, but by no merchant
    ]


def test_an_english_statement_with_commas_and_a_currency_in_the_header():
    data = (b"Date,Description,Amount (GBP),Balance\n"
            b'24/11/2026,CARD PAYMENT TO H&M 1234 LONDON,"-1,234.50",10.00\n'
            b"25/11/2026,CASH WITHDRAWAL HSBC,-20.00,10.00\n")

    rows = read(data)

    assert summary(rows) == [(2, "purchase", "H&M", 123450, "2026-11-24"),
                             (3, "not a purchase", "cash")]
    assert rows[0].currency == "GBP"


@pytest.mark.parametrize(("header", "codes"), [
    (b"Date;D\xe9bit;Cr\xe9dit\n", ["no_label_column"]),
    (b"Libell\xe9;Montant\n", ["no_date_column"]),
    (b"Date;Libell\xe9;Solde\n", ["no_amount_column"]),
])
def test_a_missing_required_column_refuses_the_file(header, codes):
    with pytest.raises(ValidationError) as caught:
        read(header + b"24/11/2026;CB FNAC;12,00\n")

    assert [(p.field, p.code) for p in caught.value.problems] == [("line 1", c) for c in codes]


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty_file"),
    (b"\n\n  \n", "empty_file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, "binary_file"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 50, "binary_file"),
])
def test_an_empty_file_or_another_format_is_refused(data, code):
    with pytest.raises(ValidationError) as caught:
        read(data)

    assert caught.value.problems[0].code == code


HEADER = "Date;Libellé;Débit;Crédit\n".encode("latin-1")


@pytest.mark.parametrize(("line", "bad"), [
    (b"24/11/2026;CB FNAC;12,5O;\n", ("D\xe9bit", "12,5O", "not_bank_amount")),
    (b"31/11/2026;CB FNAC;12,50;\n", ("Date", "31/11/2026", "not_bank_date")),
    (b"hier;CB FNAC;12,50;\n", ("Date", "hier", "not_bank_date")),
    (b";CB FNAC;12,50;\n", ("Date", "", "not_bank_date")),
    (b"24/11/2026;CB FNAC;;\n", (None, "", "no_amount")),
    (b"24/11/2026;CB FNAC;12,50;3,00\n", ("D\xe9bit", "12,50", "debit_and_credit")),
    (b"24/11/2026;;12,50;\n", ("Libell\xe9", "", "required")),
    (b"24/11/2026;CB FNAC;12,50;;surplus\n", (None, None, "extra_cells")),
])
def test_a_line_that_cannot_be_read_is_reported_with_its_column_and_value(line, bad):
    column, value, code = bad
    rows = read(HEADER + line + b"25/11/2026;CB FNAC;8,00;\n")

    assert summary(rows) == [(2, "bad", column, value, code),
                             (3, "purchase", "Fnac", 800, "2026-11-25")]


def test_a_huge_field_is_refused_and_the_next_lines_still_read():
    huge = b"24/11/2026;" + b"A" * 100_000 + b";1,00;\n"
    rows = read(HEADER + huge + b"25/11/2026;CB FNAC;8,00;\n")

    assert summary(rows) == [(2, "bad", None, None, "too_long"),
                             (3, "purchase", "Fnac", 800, "2026-11-25")]


def test_invalid_utf8_in_a_file_declared_utf8_is_reported_by_line():
    data = "Date;Libellé;Montant\n24/11/2026;CB FNAC;-8,00\n".encode()
    rows = read(data + b"25/11/2026;CB CAF\xe9 DU PARC;-3,00\n", encoding="utf-8")

    assert summary(rows) == [(2, "purchase", "Fnac", 800, "2026-11-24"),
                             (3, "bad", None, None, "bad_encoding")]


def test_utf8_with_a_byte_order_mark_reads_like_latin1():
    text = FRENCH.decode("latin-1")

    assert summary(read(b"\xef\xbb\xbf" + text.encode())) == summary(read(FRENCH))


def test_the_header_must_come_within_the_first_lines():
    data = b"Compte;12345\n" * bank_csv.HEADER_LINES + HEADER + b"24/11/2026;CB FNAC;1,00;\n"

    with pytest.raises(ValidationError, match="no header"):
        read(data)
