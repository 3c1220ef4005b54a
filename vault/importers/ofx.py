"""OFX and QFX bank statements (version 1 in SGML, version 2 in XML), read with ofxtools.

ofxtools reads a whole file into memory, so the file is scanned for its <STMTTRN>
records instead, and ofxtools parses and checks each record on its own: memory stays
flat however long the statement. Each record is judged by vault/importers/bank_rules.py,
TRNTYPE saying what the label may not (ATM is cash, SRVCHG a bank fee…). The currency is
the statement's CURDEF, or the record's own CURRENCY.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from vault.errors import ValidationError
from vault.importers import bank_rules, merchants, sniff
from vault.importers.bank_rules import Entry
from vault.importers.merchants import Merchant
from vault.importers.rows import Bad, Row
from vault.money import exponent

HEAD = 4096  # the OFX header lies within the first bytes
CHUNK = 64 * 1024
MAX_RECORD = 64 * 1024  # a transaction record is a few hundred bytes
_KINDS = {"ATM": "cash", "CASH": "cash", "FEE": "fee", "SRVCHG": "fee", "INT": "fee",
          "DIRECTDEP": "salary", "CHECK": "cheque", "XFER": "transfer", "POS": "card",
          "DIRECTDEBIT": "direct_debit", "REPEATPMT": "direct_debit"}
_TAG = re.compile(r"<(CURDEF|STMTTRN)>", re.IGNORECASE)
_CURDEF = re.compile(r"\s*([A-Za-z]{3})(?=[\s<])")
_CLOSE = re.compile(r"</STMTTRN>", re.IGNORECASE)
# What a malformed record makes ofxtools raise.
_RECORD_ERRORS = (SyntaxError, ValueError, ArithmeticError, LookupError, TypeError)


def read(stream: BinaryIO, *, currency: str = "EUR", tz: str = "Europe/Paris",
         recognise: Callable[[str], Merchant] = merchants.recognise,
         owners: Sequence[str] = ()) -> Iterator[Row]:
    """The rows of an OFX or QFX statement, one per transaction, read as they are iterated.

    Raises ValidationError at once if the file has no OFX header, and while iterating if
    its text is not in the character set the header declares.
    """
    head = stream.read(HEAD)
    codec, start = _header(head)
    decoder = codecs.getincrementaldecoder(codec)()
    texts = _texts(head[start:], stream, decoder, codec)
    return _rows(_records(texts, first_line=head[:start].count(b"\n") + 1), currency, tz,
                 recognise, owners)


def _header(head: bytes) -> tuple[str, int]:
    """The codec the header declares and where the body starts."""
    if not head.strip():
        raise ValidationError("file", "empty_file")
    # ofxtools is imported where an OFX file is read: importing it takes a second, which
    # every other import (sniffing tries each format) would pay for nothing.
    from ofxtools.header import XML_REGEX, OFXHeaderV1, OFXHeaderV2

    text = head.decode("latin-1").removeprefix("\xef\xbb\xbf")
    offset = len(head.decode("latin-1")) - len(text)
    try:
        xml = XML_REGEX.match(text.lstrip())
        if xml:
            _, end = OFXHeaderV2.parse(text)
            return OFXHeaderV2.codec, offset + end
        header, end = OFXHeaderV1.parse(text)
        return header.codec, offset + end
    except (SyntaxError, ValueError, KeyError) as e:
        raise ValidationError("file", "not_ofx") from e


def _texts(first: bytes, stream: BinaryIO, decoder, codec: str) -> Iterator[str]:
    try:
        yield decoder.decode(first)
        while chunk := stream.read(CHUNK):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as e:
        raise ValidationError("file", "bad_encoding", encoding=codec) from e


def _rows(records: Iterator[tuple[int, str | None, str | None]], currency: str, tz: str,
          recognise: Callable[[str], Merchant], owners: Sequence[str]) -> Iterator[Row]:
    for line, record, statement_currency in records:
        if not record:
            yield (Bad(line, "STMTTRN", None, "too_long", {"n": MAX_RECORD}) if record is None
                   else Bad(line, "STMTTRN", None, "bad_syntax",
                            {"kind": "OFX", "detail": "the file ends inside a transaction"}))
            continue
        found = _entry(line, record, statement_currency or currency)
        if isinstance(found, Bad):
            yield found
        else:
            yield bank_rules.judge(found, tz=tz, recognise=recognise, owners=owners)


def _records(texts: Iterator[str], *,
             first_line: int) -> Iterator[tuple[int, str | None, str | None]]:
    """Each <STMTTRN> record with its line and the statement's currency.

    The record is None when it is too long, "" when the file ends before it does.
    """
    buffer, pos, line, counted, currency = "", 0, first_line, 0, None
    for piece in texts:
        buffer += piece
        waiting = None
        while found := _TAG.search(buffer, pos):
            line += buffer.count("\n", counted, found.start())
            counted = found.start()
            if found.group(1).upper() == "CURDEF":
                value = _CURDEF.match(buffer, found.end())
                if value is None and len(buffer) - found.end() < 16:
                    waiting = found.start()  # the value is in the next piece
                    break
                currency = value.group(1).upper() if value else currency
                pos = found.end()
                continue
            close = _CLOSE.search(buffer, found.end())
            if close is None and len(buffer) - found.start() <= MAX_RECORD:
                waiting = found.start()
                break
            yield line, (buffer[found.start():close.end()] if close else None), currency
            pos = close.end() if close else found.end()
        keep = waiting if waiting is not None else max(pos, len(buffer) - 16)
        line += buffer.count("\n", counted, max(keep, counted))
        buffer, pos, counted = buffer[keep:], max(0, pos - keep), 0
    if _TAG.search(buffer, pos):
        yield line, "", currency


def _entry(line: int, record: str, currency: str) -> Entry | Bad:
    """The record as a bank entry, checked by ofxtools; a Bad if it is not a valid one."""
    from ofxtools.models.base import Aggregate  # imported here: see _header
    from ofxtools.Parser import TreeBuilder

    try:
        builder = TreeBuilder()
        builder.feed(record)
        element = builder.close()
        transaction = Aggregate.from_etree(element)
    except _RECORD_ERRORS as e:
        return Bad(line, "STMTTRN", None, "bad_syntax", {"kind": "OFX", "detail": str(e)[:200]})
    own = transaction.currency.cursym if transaction.currency is not None else currency
    label = transaction.name or (transaction.payee.name if transaction.payee else None)
    memo = transaction.memo or ""
    if not (label or memo):
        return Bad(line, "NAME", None, "required")
    minor = _minor(transaction.trnamt, own)
    if minor is None:
        return Bad(line, "TRNAMT", str(transaction.trnamt), "not_bank_amount")
    posted = element.findtext("DTUSER") or element.findtext("DTPOSTED") or ""
    day = date(int(posted[:4]), int(posted[4:6]), int(posted[6:8]))
    return Entry(line, label or memo, minor, own, day, kind=_KINDS.get(transaction.trntype),
                 detail=memo if label else "", ref=transaction.fitid or None)


def _minor(amount: Decimal, currency: str) -> int | None:
    scaled = amount.scaleb(exponent(currency))
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _is_ofx(sample: sniff.Sample) -> bool:
    """An OFX header (version 1) or an <OFX> element (version 2) in the first bytes."""
    start = sample.text[:HEAD].upper()
    return start.lstrip().startswith("OFXHEADER") or "<OFX>" in start or "OFXHEADER=" in start


FORMAT = sniff.Format("ofx", _is_ofx, read, takes=("tz", "recognise"))
