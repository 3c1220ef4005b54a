"""ISO 20022 CAMT.053 statements: parsed safely, streamed entry by entry."""

from __future__ import annotations

import io

import pytest

from tests.vault.importers.bank import summary
from vault.errors import ValidationError
from vault.importers import camt

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def entry(amount: str, direction: str, *, booked: str = "2026-11-24", name: str = "",
          text: str = "", info: str = "", family: str = "", sub: str = "",
          status: str = "BOOK", currency: str = "EUR") -> str:
    party = "Dbtr" if direction == "CRDT" else "Cdtr"
    parties = f"<RltdPties><{party}><Nm>{name}</Nm></{party}></RltdPties>" if name else ""
    remittance = f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf>" if text else ""
    code = (f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd>"
            f"</Fmly></Domn></BkTxCd>") if family else ""
    return (f"<Ntry>\n<Amt Ccy=\"{currency}\">{amount}</Amt>\n<CdtDbtInd>{direction}</CdtDbtInd>\n"
            f"<Sts>{status}</Sts><BookgDt><Dt>{booked}</Dt></BookgDt>"
            f"<ValDt><Dt>{booked}</Dt></ValDt>{code}"
            f"<NtryDtls><TxDtls>{parties}{remittance}</TxDtls></NtryDtls>"
            + (f"<AddtlNtryInf>{info}</AddtlNtryInf>" if info else "") + "\n</Ntry>\n")


def document(entries: str, *, namespace: str = NS, root: str = "Document",
             prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return (f'{prolog}<{root} xmlns="{namespace}">\n<BkToCstmrStmt>\n'
            "<GrpHdr><MsgId>1</MsgId><CreDtTm>2026-12-01T06:00:00+01:00</CreDtTm></GrpHdr>\n"
            "<Stmt><Id>1</Id><Acct><Id><IBAN>FR7630003000000000000000000</IBAN></Id></Acct>\n"
            f"{entries}</Stmt>\n</BkToCstmrStmt>\n</{root}>\n").encode()


STATEMENT = document("".join([
    entry("45.99", "DBIT", name="DECATHLON VENISSIEUX", info="CB DECATHLON 24/11",
          family="CCRD", sub="POSD"),
    entry("45.99", "DBIT", name="DECATHLON VENISSIEUX", info="CB DECATHLON 24/11",
          family="CCRD", sub="POSD"),
    entry("2450.00", "CRDT", booked="2026-11-26", name="ACME SAS", text="NOVEMBRE",
          family="RCDT", sub="SALA"),
    entry("45.99", "CRDT", booked="2026-11-27", name="DÉCATHLON", text="REMBOURSEMENT",
          family="RCDT", sub="ESCT"),
    entry("60.00", "DBIT", booked="2026-11-28", info="RETRAIT DAB LYON", family="CCRD",
          sub="CWDL"),
    entry("19.99", "DBIT", booked="2026-11-29", name="FREE MOBILE", text="FACTURE 11/2026",
          family="IDDT", sub="ESDD"),
    entry("2.00", "DBIT", booked="2026-11-30", info="COTISATION CARTE", family="CCRD",
          sub="CHRG"),
    entry("12.00", "DBIT", booked="2026-11-30", name="FNAC", status="PDNG"),
]))


def read(data: bytes, **options):
    return list(camt.read(io.BytesIO(data), **options))


def test_a_camt053_statement_reads_entry_by_entry():
    assert summary(read(STATEMENT)) == [
        (6, "purchase", "Decathlon", 4599, "2026-11-24"),
        (11, "purchase", "Decathlon", 4599, "2026-11-24"),
        (16, "not a purchase", "salary"),
        (21, "refund", "Decathlon", 4599, "2026-11-27"),
        (26, "not a purchase", "cash"),
        (31, "purchase", "Free Mobile", 1999, "2026-11-29"),
        (36, "not a purchase", "bank_fee"),
        (41, "left out", "pending"),
    ]


def test_the_label_is_the_counterpartys_name_as_written():
    first = read(STATEMENT)[0]

    assert (first.merchant, first.currency, first.refund) == ("DECATHLON VENISSIEUX", "EUR", False)


def test_a_batch_entry_gives_one_row_per_transaction():
    batch = document(
        '<Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>2026-11-24</Dt></BookgDt><NtryDtls>"
        '<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls>'
        "<RltdPties><Cdtr><Nm>FNAC</Nm></Cdtr></RltdPties></TxDtls>"
        '<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">20.00</Amt></TxAmt></AmtDtls>'
        "<RltdPties><Cdtr><Nm>DARTY</Nm></Cdtr></RltdPties></TxDtls>"
        "</NtryDtls></Ntry>")

    assert [row[1:] for row in summary(read(batch))] == [
        ("purchase", "Fnac", 1000, "2026-11-24"), ("purchase", "Darty", 2000, "2026-11-24")]


def test_a_long_statement_streams_in_chunks():
    many = document(entry("1.00", "DBIT", name="FNAC") * 3000)

    rows = read(many)

    assert len(rows) == 3000 and rows[-1].lines[0].name == "Fnac"


@pytest.mark.parametrize(("bad", "expected"), [
    (entry("12,5O", "DBIT", name="FNAC"), ("Amt", "12,5O", "not_bank_amount")),
    (entry("12.50", "DBIT", name="FNAC", booked="hier"), ("BookgDt", "hier", "not_bank_date")),
    (entry("12.50", "DEBIT", name="FNAC"), ("CdtDbtInd", "DEBIT", "one_of")),
    (entry("12.50", "DBIT", name="FNAC", currency="E"), ("Amt@Ccy", "E", "not_currency")),
    (entry("12.50", "DBIT"), ("Ustrd", None, "required")),
])
def test_an_entry_that_cannot_be_read_is_reported_and_the_others_read(bad, expected):
    rows = summary(read(document(bad + entry("8.00", "DBIT", name="FNAC"))))

    assert [row[2:] for row in rows] == [expected, ("Fnac", 800, "2026-11-24")]


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    ' <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n]>\n')
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL])
def test_entities_and_a_dtd_are_refused_before_anything_is_read(prolog):
    data = document(entry("1.00", "DBIT", name="&lol9; &xxe;"), prolog=prolog)

    with pytest.raises(ValidationError) as caught:
        read(data)

    assert caught.value.problems[0].code == "xml_forbidden"
    assert "root" not in str(caught.value)


@pytest.mark.parametrize(("namespace", "root"), [
    ("urn:iso:std:iso:20022:tech:xsd:camt.054.001.02", "Document"),
    ("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", "Document"),
    (NS, "Statement"),
])
def test_another_xml_document_is_refused(namespace, root):
    with pytest.raises(ValidationError) as caught:
        read(document(entry("1.00", "DBIT", name="FNAC"), namespace=namespace, root=root))

    assert caught.value.problems[0].code == "not_camt053"


def test_malformed_xml_is_refused_with_its_line():
    with pytest.raises(ValidationError) as caught:
        read(STATEMENT.replace(b"</Ntry>", b"</Entry>", 1))

    assert (caught.value.field, caught.value.problems[0].code) == ("line 10", "bad_syntax")


@pytest.mark.parametrize("data", [b"", b"Date;Libell\xe9;Montant\n24/11/2026;CB FNAC;-12,00\n"])
def test_an_empty_file_or_a_csv_is_refused(data):
    with pytest.raises(ValidationError) as caught:
        read(data)

    assert caught.value.problems[0].code in ("empty_file", "bad_syntax")
