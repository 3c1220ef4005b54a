"""Bank and card statements as CSV, the way French and other banks export them.

The header is found among the first lines (banks put the account and its balance above
it) by its column names: a date (Date, Date opération, Date valeur…), a label (Libellé,
Description…), and either one signed amount (Montant) or debit and credit columns
(Débit, Crédit), with optionally a currency, a type of operation, or a debit/credit
direction. Each line is judged by vault/importers/bank_rules.py.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from vault.errors import ValidationError
from vault.importers import bank_rules, bank_values, dates, merchants, sniff, textlines
from vault.importers.bank_rules import Entry
from vault.importers.merchants import Merchant
from vault.importers.rows import Bad, NotPurchase, Row
from vault.reasons import problem

HEADER_LINES = 40  # how far down the header may be
VALUE_SHOWN = 200  # characters of a bad value kept for the report

# Column names, folded (merchants.fold, units such as "euros" left out), best first.
ROLES: dict[str, tuple[str, ...]] = {
    "date": ("DATE OPERATION", "DATE DE L OPERATION", "DATE D OPERATION", "DATE OP", "DATEOP",
             "TRANSACTION DATE", "DATE DE TRANSACTION", "DATE TRANSACTION", "STARTED DATE",
             "DATE", "BOOKING DATE", "DATE DE COMPTABILISATION", "DATE COMPTABLE",
             "POSTING DATE", "BUCHUNGSTAG", "COMPLETED DATE", "DATE VALEUR", "DATE DE VALEUR",
             "VALUE DATE", "VALUTA", "DATEVAL", "DATE VAL"),
    "label": ("LIBELLE OPERATION", "LIBELLE DE L OPERATION", "LIBELLE", "LIBELLE COMPLET",
              "LABEL", "DETAIL DE L ECRITURE", "DESCRIPTION", "TRANSACTION DESCRIPTION",
              "DETAILS", "PAYEE", "BENEFICIAIRE", "NARRATIVE", "VERWENDUNGSZWECK",
              "AUFTRAGGEBER EMPFANGER", "BUCHUNGSTEXT", "MEMO", "LIBELLE SIMPLIFIE",
              "LIBELLE COURT", "INTITULE", "NAME"),
    "amount": ("MONTANT", "MONTANT DE L OPERATION", "MONTANT OPERATION", "AMOUNT", "BETRAG",
               "VALUE", "SOMME", "TRANSACTION AMOUNT"),
    "debit": ("DEBIT", "DEBIT AMOUNT", "PAID OUT", "MONEY OUT", "SORTIE", "SORTIES",
              "WITHDRAWALS", "DEBITS"),
    "credit": ("CREDIT", "CREDIT AMOUNT", "PAID IN", "MONEY IN", "ENTREE", "ENTREES",
               "DEPOSITS", "CREDITS"),
    "currency": ("DEVISE", "CURRENCY", "WAHRUNG", "MONNAIE"),
    "type": ("TYPE OPERATION", "TYPE D OPERATION", "TYPE DE L OPERATION", "TYPE",
             "TRANSACTION TYPE", "NATURE"),
    "direction": ("SENS", "DEBIT CREDIT", "D C", "DC", "CREDIT DEBIT INDICATOR"),
}
_UNITS = {"EUROS": "EUR", "EURO": "EUR", "EUR": "EUR", "GBP": "GBP", "USD": "USD",
          "CHF": "CHF", "EN": None}
_BALANCE = ("SOLDE", "ANCIEN SOLDE", "NOUVEAU SOLDE", "TOTAL", "TOTAUX", "BALANCE")


@dataclass(frozen=True)
class Layout:
    """Where the header is, which column holds what, and the currency its names give."""

    line: int
    columns: dict[str, int]  # role -> index
    names: dict[str, str]  # role -> the column's name as written
    width: int
    currency: str | None


def read(stream: BinaryIO, *, encoding: str | None = None, delimiter: str | None = None,
         decimal: str | None = None, currency: str = "EUR", tz: str = "Europe/Paris",
         dayfirst: bool = True, recognise: Callable[[str], Merchant] = merchants.recognise,
         owners: Sequence[str] = ()) -> Iterator[Row]:
    """The rows of a bank statement in CSV, one per line, read as they are iterated.

    The encoding and the CSV dialect come from vault/importers/sniff.py (`encoding` and
    `delimiter` override them); `decimal` defaults to "," when columns are separated by
    ";" or tabs. Whether days come first is proved by the file's dates
    (vault/importers/dates.py: the sample's, else a first pass over all of them);
    `dayfirst` decides only when every date fits both readings. The stream must be
    seekable. Raises ValidationError at once if the file is empty or binary, has no
    header with a date, a label and an amount, or mixes day-first and month-first dates.
    """
    sample = sniff.sniff(stream, encoding=encoding)
    dialect = _dialect(sample, delimiter)
    head = stream.read(textlines.SAMPLE)
    lines = textlines.Lines(head, stream, sample.encoding)
    reader = csv.reader(lines, dialect)
    layout = _layout(reader)
    form = _date_form(stream, sample, dialect, layout, dayfirst)
    separator = dialect.delimiter
    options = _Options(decimal or ("." if separator in ",|" else ","), currency, tz,
                       form != "mdy", recognise, owners)
    return _rows(reader, lines, layout, options)


def _dialect(sample: sniff.Sample, delimiter: str | None):
    """The dialect of the lines from the header on: banks put other lines above it."""
    lines = sample.text.splitlines(keepends=True)
    for separator in (delimiter,) if delimiter else tuple(sniff.DELIMITERS):
        for at, cells in enumerate(csv.reader(lines[:HEADER_LINES], delimiter=separator)):
            if _is_header(_roles(cells)):
                found = sniff.dialect("".join(lines[at:at + sniff.SAMPLE_LINES]))
                if found.delimiter == separator:
                    return found
                return type("Given", (csv.excel,), {"delimiter": separator, "strict": False})
    return sample.dialect  # no header: _layout says what is missing


def _is_header(columns: dict[str, int]) -> bool:
    return {"date", "label"} <= set(columns) and bool(set(columns) & {"amount", "debit", "credit"})


def _date_form(stream: BinaryIO, sample: sniff.Sample, dialect, layout: Layout,
               dayfirst: bool) -> str:
    """"dmy" or "mdy": what the sample's dates prove, else all of them (a first pass)."""
    evidence = dates.Evidence(layout.names["date"])
    column = layout.columns["date"]

    def gather(rows: Iterator[list[str]]) -> None:
        for n, cells in enumerate(rows, 1):
            if len(cells) > column:
                evidence.add(n, cells[column])

    gather(iter(_after_header(sample.text.splitlines(keepends=True), dialect, layout)))
    if not (evidence.day_first or evidence.month_first) and not sample.whole:
        reading = stream.tell()  # where the reading pass is, to come back to
        stream.seek(0)
        gather(_after_header(textlines.Lines(b"", stream, sample.encoding), dialect, layout))
        stream.seek(reading)
    if evidence.day_first and evidence.month_first:
        evidence.decide()  # raises, naming a line of each
    if evidence.day_first or evidence.month_first:
        return "dmy" if evidence.day_first else "mdy"
    return "dmy" if dayfirst else "mdy"


def _after_header(lines, dialect, layout: Layout) -> Iterator[list[str]]:
    reader = csv.reader(lines, dialect)
    try:
        for cells in reader:
            if reader.line_num > layout.line:
                yield cells
    except csv.Error:
        return  # the reading pass reports the line


@dataclass(frozen=True)
class _Options:
    decimal: str
    currency: str
    tz: str
    dayfirst: bool
    recognise: Callable[[str], Merchant]
    owners: Sequence[str]


def _layout(reader) -> Layout:
    best: tuple[int, dict[str, int], list[str], int] | None = None
    while reader.line_num < HEADER_LINES:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            continue  # not CSV here: no header either
        columns = _roles(cells)
        if _is_header(columns):
            names = {role: cells[i].strip() for role, i in columns.items()}
            return Layout(reader.line_num, columns, names, len(cells), _unit(cells, columns))
        found = len(set(columns) & {"date", "label", "amount", "debit", "credit"})
        if found >= 2 and (best is None or found > best[0]):
            best = (found, columns, cells, reader.line_num)
    if best is None:
        raise ValidationError("file", "no_bank_header", n=HEADER_LINES)
    _, columns, _, line = best
    where = f"line {line}"
    missing = [found for found, role in ((problem(where, "no_date_column"), "date"),
                                         (problem(where, "no_label_column"), "label"))
               if role not in columns]
    if not set(columns) & {"amount", "debit", "credit"}:
        missing.append(problem(where, "no_amount_column"))
    raise ValidationError.many(missing)


def _roles(cells: list[str]) -> dict[str, int]:
    """Which column holds each role, by the best-ranked name for it."""
    ranked: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        key = " ".join(w for w in merchants.fold(cell).split() if w not in _UNITS)
        for role, names in ROLES.items():
            if key in names and (role not in ranked or names.index(key) < ranked[role][0]):
                ranked[role] = (names.index(key), index)
    return {role: index for role, (_, index) in ranked.items()}


def _unit(cells: list[str], columns: dict[str, int]) -> str | None:
    """The currency an amount column's name gives: "Débit euros", "Amount (GBP)"."""
    for role in ("amount", "debit", "credit"):
        if role in columns:
            for word in merchants.fold(cells[columns[role]]).split():
                if _UNITS.get(word):
                    return _UNITS[word]
    return None


def _rows(reader, lines: textlines.Lines, layout: Layout, options: _Options) -> Iterator[Row]:
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Bad(last + 1, None, None, "bad_syntax", {"kind": "CSV", "detail": str(e)})
            last = reader.line_num
            continue
        first, last = last + 1, reader.line_num
        unreadable = lines.problem(first, last)
        if unreadable:
            yield Bad(first, None, None, unreadable[0], unreadable[1])
        elif any(cell.strip() for cell in cells):
            yield _row(first, cells, layout, options)


def _row(line: int, cells: list[str], layout: Layout, options: _Options) -> Row:
    def cell(role: str) -> str:
        index = layout.columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    if any(c.strip() for c in cells[layout.width:]):
        return Bad(line, None, None, "extra_cells")
    label = cell("label")
    if bank_rules.starts_with(label, _BALANCE):
        return NotPurchase(line, "balance")
    try:
        currency = _currency(cell("currency") or layout.currency or options.currency)
        amount = _amount(cell, currency, options.decimal)
        booked = _day(cell("date"), options.dayfirst)
    except _CellError as e:
        return Bad(line, layout.names.get(e.role), e.value[:VALUE_SHOWN], e.code, e.params)
    if not label:
        return Bad(line, layout.names["label"], "", "required")
    entry = Entry(line, label, amount, currency, booked, detail=cell("type"))
    return bank_rules.judge(entry, tz=options.tz, recognise=options.recognise,
                            owners=options.owners)


class _CellError(Exception):
    """A cell that cannot be read: its role, its text, a reason code and its values."""

    def __init__(self, role: str, code: str, value: str, **params: str):
        super().__init__(code)
        self.role, self.value, self.code, self.params = role, value, code, params


def _day(text: str, dayfirst: bool) -> date:
    try:
        return bank_values.day(text, dayfirst=dayfirst)
    except ValueError:
        raise _CellError("date", "not_bank_date", text) from None


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise _CellError("currency", "not_currency", text)
    return code


def _amount(cell: Callable[[str], str], currency: str, decimal: str) -> int:
    """The signed amount of a line: one signed column, debit and credit, or a direction."""
    values = {}
    for role in ("amount", "debit", "credit"):
        if cell(role):
            try:
                values[role] = bank_values.amount(cell(role), currency, decimal=decimal)
            except ValueError:
                raise _CellError(role, "not_bank_amount", cell(role)) from None
    if "amount" in values:
        return _directed(values["amount"], cell("direction"))
    debit, credit = abs(values.get("debit", 0)), abs(values.get("credit", 0))
    if debit and credit:
        raise _CellError("debit", "debit_and_credit", cell("debit"))
    if not values:
        raise _CellError("amount", "no_amount", "")
    return credit - debit


def _directed(amount: int, direction: str) -> int:
    if not direction:
        return amount
    word = merchants.fold(direction)
    if word[:1] in ("D", "-") or word == "DBIT":
        return -abs(amount)
    if word[:1] in ("C", "+") or word == "CRDT":
        return abs(amount)
    raise _CellError("direction", "one_of", direction, values="D, C")


def _is_statement(sample: sniff.Sample) -> bool:
    """A CSV file whose header, among its first lines, names a date, a label and an amount."""
    lines = sample.text.splitlines(keepends=True)[:HEADER_LINES]
    return sample.text.lstrip()[:1] not in ("{", "[", "<") and any(
        _is_header(_roles(cells)) for separator in sniff.DELIMITERS
        for cells in csv.reader(lines, delimiter=separator))


FORMAT = sniff.Format("bank", _is_statement, read, takes=("tz", "recognise"))
