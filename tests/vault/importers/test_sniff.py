"""Sniffing a file from its first bytes: encoding, dialect, what it is, what it is not."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from vault.errors import ValidationError
from vault.importers import sniff

AMAZON_HEADER = ("Website,Order ID,Order Date,Purchase Order Number,Currency,Unit Price,"
                 "Quantity,Order Status,Product Name\n")


def sampled(data: bytes) -> sniff.Sample:
    return sniff.sniff(io.BytesIO(data))


def test_a_byte_order_mark_means_utf8_and_stays_out_of_the_header():
    sample = sampled("\ufeffDate,Marchand,Montant\n2024-11-24,Café,3.20\n".encode())

    assert sample.encoding == "utf-8-sig"
    assert sample.header == ["Date", "Marchand", "Montant"]


def test_french_bank_file_in_windows_1252_with_semicolons():
    data = ("Date;Libellé;Débit;Crédit\n24/11/2024;CB DÉCATHLON VÉNISSIEUX;12,50;\n"
            "25/11/2024;PRLV SEPA FREE MOBILE;19,99;\n26/11/2024;VIR SALAIRE;;2 100,00\n")
    sample = sampled(data.encode("cp1252"))

    assert sample.encoding in ("cp1252", "latin-1")
    assert sample.dialect.delimiter == ";"
    assert sample.header == ["Date", "Libellé", "Débit", "Crédit"]
    assert sample.rows[0][1] == "CB DÉCATHLON VÉNISSIEUX"


def test_latin1_euro_free_text_is_read_as_latin1_family():
    sample = sampled("Date;Marchand;Montant\n01/12/2024;Crêperie Noël;8,00\n".encode("latin-1"))

    assert "Crêperie Noël" in sample.text


def test_plain_utf8_is_utf8():
    data = "date,merchant\n2024-01-01,Boulangerie Saint-Éloi\n".encode()
    assert sampled(data).encoding == "utf-8"


def test_a_utf8_character_cut_by_the_sample_end_is_still_utf8():
    prefix = b"date,merchant\n2024-01-01,"
    data = prefix + b"a" * (sniff.SAMPLE_BYTES - 1 - len(prefix)) + "É\n".encode() * 3
    assert data[sniff.SAMPLE_BYTES - 1:sniff.SAMPLE_BYTES + 1] == "É".encode()

    assert sampled(data).encoding == "utf-8"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_found(delimiter):
    rows = [["Date", "Shop", "Amount"], ["2024-11-24", "Fnac, Bellecour", "3.20"],
            ["2024-11-25", "Boulanger", "10.00"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)

    assert sampled(text.encode()).dialect.delimiter == delimiter


def test_the_sample_is_bounded_and_the_stream_rewound():
    stream = io.BytesIO(b"a,b\n" + b"1,2\n" * 100_000)
    sample = sniff.sniff(stream)

    assert len(sample.head) == sniff.SAMPLE_BYTES and not sample.whole
    assert stream.tell() == 0


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ValidationError) as caught:
        sampled(data)
    assert caught.value.problems[0].code == "empty_file"


def zipped() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Retail.OrderHistory.1.csv", AMAZON_HEADER)
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
       b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize(("data", "kind"), [(zipped(), "ZIP archive"), (PNG, "PNG image"),
                                            (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
                                            (b"%PDF-1.7\n", "PDF document")])
def test_a_binary_file_renamed_csv_is_refused_by_its_magic_bytes(data, kind):
    with pytest.raises(ValidationError) as caught:
        sampled(data)
    assert (caught.value.problems[0].code, dict(caught.value.problems[0].params)) == \
        ("binary_file", {"kind": kind})
    assert caught.value.reason == f"is a {kind}, not a text export"


@pytest.mark.parametrize(("data", "name"), [
    (AMAZON_HEADER.encode() + b"Amazon.fr,1,2023-05-14T09:12:33Z,x,EUR,1.00,1,Closed,Pen\n",
     "amazon"),
    (b"Date;Libell\xe9;Montant\n24/11/2024;CB FNAC;-12,50\n", "bank"),
    (b"Compte 123;;\n;;\nDate op\xe9ration;Libell\xe9;D\xe9bit;Cr\xe9dit\n"
     b"24/11/2024;CB FNAC;12,50;\n", "bank"),
    (b"Date,Marchand,Article,Montant\n24/11/2024,FNAC,Livre,12.50\n", "generic"),
    (b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1>", "ofx"),
    (b'<?xml version="1.0"?>\n<OFX><BANKMSGSRSV1>', "ofx"),
    (b'<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">',
     "camt"),
    (json.dumps({"format": "coffre-purchases", "version": 1, "orders": []}).encode(), "json"),
    (b"merchant,ordered_at,channel,currency,item_name,item_category,unit_price\n", "coffre-csv"),
])
def test_auto_recognises_each_format_from_its_content(data, name):
    assert sniff.choose(sampled(data)).name == name


@pytest.mark.parametrize(("data", "named"), [
    (b"Date;Libell\xe9;Montant\n24/11/2024;FNAC;12,50\n", "amazon"),
    (json.dumps({"format": "coffre-purchases", "orders": []}).encode(), "generic"),
    (b"Date;Libell\xe9;Montant\n24/11/2024;FNAC;12,50\n", "json")])
def test_a_file_of_another_format_than_the_one_named_is_refused(data, named):
    with pytest.raises(ValidationError) as caught:
        sniff.choose(sampled(data), named)
    assert caught.value.problems[0].code == "not_that_format"
    assert caught.value.reason == f"is not in the {named} format"


def test_a_format_no_reader_declares_is_refused():
    with pytest.raises(ValidationError) as caught:
        sniff.choose(sampled(b"a,b\n1,2\n"), "qif")
    assert caught.value.field == "format"


def test_a_text_file_that_is_no_table_is_in_no_known_format():
    with pytest.raises(ValidationError) as caught:
        sniff.choose(sampled(b"Dear customer,\n"), "auto")
    assert caught.value.problems[0].code == "unknown_format"
