"""ISO 20022 CAMT.053 bank statements, parsed safely and streamed entry by entry.

The XML goes through defusedxml with DTDs forbidden: a CAMT.053 never has one, so a file
that declares entities (billion laughs) or an external entity is refused before any is
read. Only the <Ntry> element being read is kept as a tree; the rest passes by. Each
entry (or each transaction of a batch entry) is judged by vault/importers/bank_rules.py:
the amount and its currency (Amt@Ccy), the direction (CdtDbtInd), the day (the card's
acceptance day, else BookgDt, else ValDt), the label (the counterparty's name, else the
remittance text RmtInf/Ustrd, else AddtlNtryInf) and the bank's transaction code
(BkTxCd) for what the label may not say. Pending entries are left out as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from vault.errors import ValidationError
from vault.importers import bank_rules, bank_values, merchants, sniff
from vault.importers.bank_rules import Entry
from vault.importers.merchants import Merchant
from vault.importers.rows import Bad, Left, Row

CHUNK = 64 * 1024
MAX_ENTRY_TEXT = 64 * 1024  # the text of one entry; beyond it, the rest is not kept
_ROOT = re.compile(r"\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}\}Document")
_STATUS = {"PDNG": "pending", "INFO": "information"}


class _Entries:
    """An XML parser target that keeps each <Ntry> as a small tree, with its line."""

    def __init__(self) -> None:
        self.parser: Any = None  # the expat parser, for line numbers
        self.found: list[tuple[int, Element]] = []
        self._depth = 0
        self._builder: TreeBuilder | None = None
        self._line = 0
        self._size = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self._depth == 0 and not _ROOT.fullmatch(tag):
            raise ValidationError("file", "not_camt053", root=tag[:200])
        self._depth += 1
        local = tag.rpartition("}")[2]
        if self._builder is None and local == "Ntry":
            self._builder, self._line, self._size = TreeBuilder(), self.parser.CurrentLineNumber, 0
        if self._builder is not None:
            self._builder.start(local, attrib)

    def end(self, tag: str) -> None:
        self._depth -= 1
        if self._builder is None:
            return
        local = tag.rpartition("}")[2]
        self._builder.end(local)
        if local == "Ntry":
            self.found.append((self._line, self._builder.close()))
            self._builder = None

    def data(self, text: str) -> None:
        if self._builder is not None and self._size < MAX_ENTRY_TEXT:
            self._size += len(text)
            self._builder.data(text)

    def close(self) -> None:
        return None


def read(stream: BinaryIO, *, tz: str = "Europe/Paris",
         recognise: Callable[[str], Merchant] = merchants.recognise,
         owners: Sequence[str] = ()) -> Iterator[Row]:
    """The rows of a CAMT.053 statement, one per entry, read as they are iterated.

    Raises ValidationError at once if the file is empty, declares a DTD or entities, or
    is not a CAMT.053 document; and while iterating if the XML is malformed.
    """
    first = stream.read(CHUNK)
    if not first.strip():
        raise ValidationError("file", "empty_file")
    entries = _Entries()
    parser = DefusedXMLParser(target=entries, forbid_dtd=True)
    entries.parser = parser.parser
    _feed(parser, first)
    return _rows(stream, parser, entries, tz, recognise, owners)


def _feed(parser: DefusedXMLParser, data: bytes | None) -> None:
    """Parse more of the file (None: its end), our errors for defusedxml's and expat's."""
    try:
        if data is None:
            parser.close()
        else:
            parser.feed(data)
    except DefusedXmlException as e:
        raise ValidationError("file", "xml_forbidden") from e
    except ParseError as e:
        raise ValidationError(f"line {e.position[0]}", "bad_syntax", kind="XML",
                              detail=str(e)[:200]) from e


def _rows(stream: BinaryIO, parser: DefusedXMLParser, entries: _Entries, tz: str,
          recognise: Callable[[str], Merchant], owners: Sequence[str]) -> Iterator[Row]:
    done = False
    while True:
        for line, element in entries.found:
            for found in _entry(line, element):
                yield (bank_rules.judge(found, tz=tz, recognise=recognise, owners=owners)
                       if isinstance(found, Entry) else found)
        entries.found.clear()
        if done:
            return
        chunk = stream.read(CHUNK)
        _feed(parser, chunk or None)
        done = not chunk


def _entry(line: int, ntry: Element) -> Iterator[Entry | Bad | Left]:
    """The entry, or each transaction of a batch entry that gives its own amounts."""
    status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts")
    if status in _STATUS:
        yield Left(line, _STATUS[status])
        return
    details = ntry.findall("NtryDtls/TxDtls")
    amounts = [_first(d, "AmtDtls/TxAmt/Amt", "Amt") for d in details]
    if len(details) > 1 and all(a is not None for a in amounts):
        for detail, amount in zip(details, amounts, strict=True):
            yield _record(line, ntry, detail, amount, _text(detail, "CdtDbtInd"))
    else:
        yield _record(line, ntry, details[0] if details else None, ntry.find("Amt"), None)


def _record(line: int, ntry: Element, detail: Element | None, amount: Element | None,
            indicator: str | None) -> Entry | Bad:
    indicator = indicator or _text(ntry, "CdtDbtInd")
    if amount is None:
        return Bad(line, "Amt", None, "required")
    if indicator not in ("CRDT", "DBIT"):
        return Bad(line, "CdtDbtInd", indicator, "one_of", {"values": "CRDT, DBIT"})
    currency = (amount.get("Ccy") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        return Bad(line, "Amt@Ccy", currency or None, "not_currency")
    try:
        minor = abs(bank_values.amount(amount.text or "", currency, decimal="."))
    except ValueError:
        return Bad(line, "Amt", (amount.text or "")[:200], "not_bank_amount")
    when = ((detail is not None and _text(detail, "RltdDts/AccptncDtTm"))
            or _first_text(ntry, "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"))
    try:
        day = bank_values.day(when or "")
    except ValueError:
        return Bad(line, "BookgDt", (when or "")[:200] or None, "not_bank_date")
    label, more = _label(ntry, detail, indicator)
    if not label:
        return Bad(line, "Ustrd", None, "required")
    return Entry(line, label, minor if indicator == "CRDT" else -minor, currency, day,
                 kind=_kind(ntry), detail=more, ref=_ref(ntry, detail))


def _label(ntry: Element, detail: Element | None, indicator: str) -> tuple[str, str]:
    """The label (the counterparty's name, else the remittance text) and the other texts."""
    party = "Dbtr" if indicator == "CRDT" else "Cdtr"
    texts = [_text(ntry, "AddtlNtryInf")]
    if detail is not None:
        texts = [_first_text(detail, f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"),
                 " ".join(u.text or "" for u in detail.findall("RmtInf/Ustrd")).strip(),
                 _text(detail, "AddtlTxInf"), *texts]
    present = [t for t in texts if t]
    return (present[0], " ".join(present[1:])) if present else ("", "")


def _ref(ntry: Element, detail: Element | None) -> str | None:
    """The bank's reference of the entry (of the transaction, within a batch), or None."""
    own = _text(detail, "Refs/AcctSvcrRef") if detail is not None else ""
    entry = _text(ntry, "AcctSvcrRef")
    if own:
        return f"{entry}/{own}" if entry else own
    # Within a batch, the entry's reference is shared: the position tells its lines apart.
    if entry and detail is not None and len(ntry.findall("NtryDtls/TxDtls")) > 1:
        return f"{entry}/{ntry.findall('NtryDtls/TxDtls').index(detail) + 1}"
    return entry or None


def _kind(ntry: Element) -> str | None:
    """What the bank's transaction code says: card, transfer, cash, fee, salary…"""
    domain = _text(ntry, "BkTxCd/Domn/Cd")
    family = _text(ntry, "BkTxCd/Domn/Fmly/Cd")
    sub = _text(ntry, "BkTxCd/Domn/Fmly/SubFmlyCd")
    if sub == "CWDL":
        return "cash"
    if sub in ("SALA", "PENS"):
        return "salary"
    if sub in ("CHRG", "FEES", "COMM", "INTR") or domain == "ACMT":
        return "fee"
    return {"CCRD": "card", "ICDT": "transfer", "RCDT": "transfer", "IDDT": "direct_debit",
            "RDDT": "direct_debit", "ICHQ": "cheque"}.get(family)


def _text(element: Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _first(element: Element, *paths: str) -> Element | None:
    return next((found for p in paths if (found := element.find(p)) is not None), None)


def _first_text(element: Element, *paths: str) -> str:
    return next((text for p in paths if (text := _text(element, p))), "")


def _is_camt(sample: sniff.Sample) -> bool:
    """XML naming the CAMT.053 namespace in its first bytes."""
    return sample.text.lstrip()[:1] == "<" and "iso:20022:tech:xsd:camt.053" in sample.text


FORMAT = sniff.Format("camt", _is_camt, read, takes=("tz", "recognise"))
