"""Which bank lines are purchases, which are refunds, and which are no purchase, by rule.

Every bank reader (CSV, OFX, CAMT.053) turns its records into `Entry` values and asks
`judge` what each one is. A debit is a purchase at the merchant the label names, unless
a rule of `RULES` says otherwise; a credit is a refund when it comes from a merchant (one
the built-in list or the consumer's aliases know, or a card payment reversed), and is
otherwise no purchase. Bank fees are no purchase: the label names no shop, only the
bank's own charges, which belong to the account rather than to the consumer's purchases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from vault.importers import merchants
from vault.importers.merchants import Merchant
from vault.importers.rows import Line, NotPurchase, Purchase

# Each rule that leaves a line out, with what it means (for the import report).
RULES: dict[str, str] = {
    "zero": "a line of no amount",
    "cash": "a cash withdrawal or deposit",
    "salary": "a salary or pension paid in",
    "own_transfer": "a transfer between the consumer's own accounts",
    "transfer": "a transfer to or from a person",
    "income": "money paid in by someone other than a merchant (benefits, interest, cheques…)",
    "bank_fee": "the bank's own fees, charges and interest",
    "loan": "a loan repayment",
    "tax": "a tax payment",
    "cheque": "a cheque paid out (the statement does not say to whom)",
    "card_total": "the monthly total of a deferred debit card (its purchases are listed apart)",
    "balance": "a balance or total line of the statement",
}

_CASH = ("RETRAIT", "DAB", "GAB", "ATM", "CASH WITHDRAWAL", "WITHDRAWAL", "ESPECES")
_SALARY = ("SALAIRE", "SALAIRES", "PAIE", "SALARY", "PAYROLL", "WAGES", "PENSION", "RETRAITE")
_OWN = ("VIREMENT INTERNE", "VIR INTERNE", "COMPTE A COMPTE", "CPTE A CPTE", "LIVRET", "LDDS",
        "LDD", "LEP", "PEL", "CEL", "EPARGNE", "OWN ACCOUNT", "SAVINGS", "ALIMENTATION COMPTE")
_CIVILITY = ("M", "MR", "MME", "MLLE", "MONSIEUR", "MADAME", "MADEMOISELLE", "MRS", "MS")
_FEES = ("FRAIS", "COTISATION", "COTIS", "COMMISSION", "COMMISSIONS", "AGIOS", "INTERETS",
         "INT DEBITEURS", "TENUE DE COMPTE", "OFFRE GROUPEE", "MONTHLY FEE", "SERVICE CHARGE",
         "OVERDRAFT", "FEE", "FEES", "INTEREST")
_LOAN = ("ECHEANCE PRET", "ECH PRET", "REMBOURSEMENT PRET", "REMB PRET", "PRET IMMO",
         "CREDIT IMMOBILIER", "LOAN", "MORTGAGE")
_TAX = ("DGFIP", "IMPOT", "IMPOTS", "TRESOR PUBLIC", "FINANCES PUBLIQUES", "HMRC")
_CARD_TOTAL = ("RELEVE CARTE", "RELEVE CB", "RELEVE DIFFERE", "DEBIT DIFFERE", "TOTAL CARTE",
               "DEPENSES CARTE", "CARTE DIFFERE", "CREDIT CARD PAYMENT")
_LABEL_DAY = re.compile(r"\b(\d{2})[/.](\d{2})(?:[/.](\d{2}|\d{4}))?\b"
                        r"|\bDU (\d{2})(\d{2})(\d{2})\b")


class Entry(NamedTuple):
    """One bank line, whatever the format, before it is judged (a tuple: one per line)."""

    line: int
    label: str  # as written: "CB DÉCATHLON VÉNISSIEUX 24/11"
    amount_minor: int  # signed: below zero, money went out
    currency: str
    booked: date
    kind: str | None = None  # what the source says: card, transfer, cash, fee, salary…
    detail: str = ""  # more text the rules may read (a type column, a memo)
    ref: str | None = None  # the bank's own id of the line (OFX FITID, CAMT AcctSvcrRef)


def kind_of(text: str) -> str | None:
    """The kind of payment that words such as "Carte", "PRLV SEPA" or "Frais" name."""
    words = merchants.fold(text)
    if _starts(words, _FEES):
        return "fee"
    return merchants.payment_kind(words)


def judge(entry: Entry, *, tz: str, recognise: Callable[[str], Merchant],
          owners: Sequence[str] = ()) -> Purchase | NotPurchase:
    """What the line is: a purchase, a refund, or no purchase by the rule that says so."""
    sign = (entry.amount_minor > 0) - (entry.amount_minor < 0)
    rule, merchant = _decide(entry.label, entry.detail, entry.kind, sign, tuple(owners),
                             recognise)
    if rule:
        return NotPurchase(entry.line, rule)
    return Purchase(
        line=entry.line, merchant=" ".join(entry.label.split()), at=_moment(entry, tz),
        currency=entry.currency, refund=sign > 0, source_ref=entry.ref,
        lines=(Line(merchant.name, 1, abs(entry.amount_minor), merchant.default_category),))


@lru_cache(maxsize=8192)  # statements repeat their labels; bounded, so memory stays flat
def _decide(label: str, detail: str, kind: str | None, sign: int, owners: tuple[str, ...],
            recognise: Callable[[str], Merchant]) -> tuple[str | None, Merchant]:
    """The rule that leaves the line out (None for a purchase), and the merchant."""
    merchant = recognise(label)
    folded = merchants.fold(label)
    words = f"{merchants.fold(detail)} {folded}"
    kind = kind or kind_of(detail) or kind_of(label)
    credit = sign > 0
    checks = [
        ("zero", sign == 0),
        ("cash", kind == "cash" or _has(words, _CASH)),
        ("salary", credit and (kind == "salary" or _has(words, _SALARY))),
        ("card_total", not credit and _has(words, _CARD_TOTAL)),
        ("own_transfer", _has(words, _OWN) or _has(folded, [merchants.fold(o) for o in owners])),
        ("transfer", kind == "transfer" and _to_person(label)),
        ("bank_fee", not credit and (kind == "fee" or _starts(folded, _FEES))),
        ("loan", not credit and _has(words, _LOAN)),
        ("tax", not credit and _has(words, _TAX)),
        ("cheque", not credit and kind == "cheque"),
        ("income", credit and not (merchant.known or kind == "card")),
    ]
    return next((rule for rule, applies in checks if applies), None), merchant


def starts_with(text: str, phrases: Sequence[str]) -> bool:
    """True when the text, folded, starts with one of the (folded) phrases."""
    return _starts(merchants.fold(text), phrases)


def _has(text: str, phrases: Sequence[str]) -> bool:
    return bool(phrases) and _pattern(tuple(phrases)).search(text) is not None


def _starts(text: str, phrases: Sequence[str]) -> bool:
    return _pattern(tuple(phrases)).match(text) is not None


@lru_cache(maxsize=64)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the folded phrases, as whole words (search: anywhere; match: at the start)."""
    either = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True) if p)
    return re.compile(rf"(?:(?<= )|^)(?:{either})(?= |$)")


def _to_person(label: str) -> bool:
    """True when what follows the transfer's prefix is a civility: "VIR M. DUPONT"."""
    words = merchants.clean(label).split()
    return bool(words) and merchants.fold(words[0]) in _CIVILITY


def _moment(entry: Entry, tz: str) -> datetime:
    """The day of the purchase: the card's day in the label when it has one, else the booking."""
    return _start_of(_label_day(entry.label, entry.booked) or entry.booked, tz)


@lru_cache(maxsize=4096)
def _start_of(day: date, tz: str) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))


@lru_cache(maxsize=8192)
def _label_day(label: str, booked: date) -> date | None:
    """A date such as 24/11 or DU 241124 in the label, when it is shortly before the booking."""
    found = _LABEL_DAY.search(label)
    if not found:
        return None
    day, month, year = (found.group(1), found.group(2), found.group(3)) if found.group(1) \
        else (found.group(4), found.group(5), found.group(6))
    for candidate_year in ([int(year) % 100 + 2000] if year else [booked.year, booked.year - 1]):
        try:
            candidate = date(candidate_year, int(month), int(day))
        except ValueError:
            return None
        if timedelta(0) <= booked - candidate <= timedelta(days=45):
            return candidate
    return None
