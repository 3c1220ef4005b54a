"""OFX and QFX statements: version 1 (SGML) and 2 (XML), judged like CSV lines."""

from __future__ import annotations

import io

import pytest

from tests.vault.importers.bank import summary
from vault.errors import ValidationError
from vault.importers import ofx

V1_HEADER = ("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n"
             "ENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\n"
             "NEWFILEUID:NONE\r\n\r\n")


def transaction(kind: str, day: str, amount: str, fitid: str, name: str, memo: str = "") -> str:
    memo = f"<MEMO>{memo}\r\n" if memo else ""
    return (f"<STMTTRN>\r\n<TRNTYPE>{kind}\r\n<DTPOSTED>{day}\r\n<TRNAMT>{amount}\r\n"
            f"<FITID>{fitid}\r\n<NAME>{name}\r\n{memo}</STMTTRN>\r\n")


TRANSACTIONS = [
    transaction("POS", "20261124", "-45.99", "1", "CB DÉCATHLON VÉNISSIEUX"),
    transaction("POS", "20261124", "-45.99", "2", "CB DÉCATHLON VÉNISSIEUX"),
    transaction("DIRECTDEP", "20261126", "2450.00", "3", "VIR SEPA ACME SAS"),
    transaction("CREDIT", "20261127", "45.99", "4", "CB AVOIR DECATHLON"),
    transaction("ATM", "20261128", "-60.00", "5", "RETRAIT DAB LYON"),
    transaction("DIRECTDEBIT", "20261129", "-19.99", "6", "PRLV SEPA FREE MOBILE", "FACTURE"),
    transaction("SRVCHG", "20261130", "-2.00", "7", "COTISATION CARTE"),
    transaction("XFER", "20261130", "-200.00", "8", "VIR M. DUPONT JEAN"),
]
EXPECTED = [
    ("purchase", "Decathlon", 4599, "2026-11-24"),
    ("purchase", "Decathlon", 4599, "2026-11-24"),
    ("not a purchase", "salary"),
    ("refund", "Decathlon", 4599, "2026-11-27"),
    ("not a purchase", "cash"),
    ("purchase", "Free Mobile", 1999, "2026-11-29"),
    ("not a purchase", "bank_fee"),
    ("not a purchase", "transfer"),
]


def statement(body: str) -> str:
    return ("<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
            "<DTSERVER>20261201<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>\r\n"
            "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n"
            "<STMTRS><CURDEF>EUR\r\n<BANKACCTFROM><BANKID>30003<ACCTID>000123"
            "<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20261101"
            f"<DTEND>20261130\r\n{body}</BANKTRANLIST>\r\n<LEDGERBAL><BALAMT>1234.56"
            "<DTASOF>20261130</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n")


def read(data: bytes, **options):
    return list(ofx.read(io.BytesIO(data), **options))


def test_a_version_1_qfx_in_windows_1252_reads_record_by_record():
    qfx = statement("".join(TRANSACTIONS)).replace(
        "<LANGUAGE>FRA", "<LANGUAGE>FRA<INTU.BID>3000")  # Quicken's own tags
    rows = read((V1_HEADER + qfx).encode("cp1252"))

    assert [row[1:] for row in summary(rows)] == EXPECTED
    assert rows[0].merchant == "CB DÉCATHLON VÉNISSIEUX"
    assert rows[0].line == 17  # where its <STMTTRN> opens


def test_a_version_2_ofx_in_xml_reads_alike():
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
           '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE"'
           ' NEWFILEUID="NONE"?>\n')
    body = "".join(t.replace("\r\n<FITID>", "</TRNAMT>\r\n<FITID>") for t in TRANSACTIONS)

    rows = read((xml + statement(body)).encode())

    assert [row[1:] for row in summary(rows)] == EXPECTED


def test_a_statement_on_one_line_in_chunks_far_apart_still_reads():
    many = "".join(TRANSACTIONS) * 400  # more than one chunk of the scan
    rows = read((V1_HEADER + statement(many).replace("\r\n", "")).encode("cp1252"))

    assert len(rows) == 3200
    assert [row[1:] for row in summary(rows[-8:])] == EXPECTED


def test_the_currency_is_the_statements():
    rows = read((V1_HEADER + statement(TRANSACTIONS[0]).replace("EUR", "CHF")).encode("cp1252"))

    assert rows[0].currency == "CHF"


def test_a_bad_record_is_reported_and_the_others_read():
    bad = transaction("DEBIT", "20261124", "-12,5O", "9", "CB FNAC")
    rows = read((V1_HEADER + statement(bad + TRANSACTIONS[0])).encode("cp1252"))

    assert [(r[1], r[2], r[4]) if r[1] == "bad" else r[1] for r in summary(rows)] == [
        ("bad", "STMTTRN", "bad_syntax"), "purchase"]


def test_a_file_that_ends_inside_a_record_says_so():
    text = V1_HEADER + statement(TRANSACTIONS[0])
    rows = read(text[:text.index("</STMTTRN>")].encode("cp1252"))

    assert summary(rows) == [(17, "bad", "STMTTRN", None, "bad_syntax")]


@pytest.mark.parametrize("data", [
    b"Date;Libell\xe9;Montant\n24/11/2026;CB FNAC;-12,00\n",
    b"\x89PNG\r\n\x1a\n" + bytes(200),
])
def test_a_file_that_is_not_ofx_is_refused(data):
    with pytest.raises(ValidationError) as caught:
        read(data)

    assert caught.value.problems[0].code == "not_ofx"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="is empty"):
        read(b"")
