"""The rules that tell a purchase from a refund and from what is no purchase at all."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from vault.importers import bank_rules, merchants
from vault.importers.bank_rules import Entry
from vault.importers.rows import NotPurchase, Purchase

BOOKED = date(2026, 11, 26)


def judge(label: str, amount: int, *, kind: str | None = None, detail: str = "", owners=()):
    entry = Entry(3, label, amount, "EUR", BOOKED, kind=kind, detail=detail)
    found = bank_rules.judge(entry, tz="Europe/Paris", recognise=merchants.recognise,
                             owners=owners)
    if isinstance(found, NotPurchase):
        return found.rule
    assert isinstance(found, Purchase)
    return ("refund" if found.refund else "purchase", found.lines[0].name, found.total_minor)


CASES = [
    ("CB DECATHLON 24/11", -4599, {}, ("purchase", "Decathlon", 4599)),
    ("CB GRAND FRAIS ECULLY", -2310, {}, ("purchase", "Grand Frais", 2310)),  # "frais" is a shop
    ("CB AVOIR LIBRAIRIE DU PARC", 1200, {}, ("refund", "Librairie du Parc", 1200)),
    ("VIR SEPA REMBOURSEMENT AMAZON EU", 1999, {}, ("refund", "Amazon", 1999)),
    ("VIR SEPA PLOMBERIE MARTIN SARL", -15000, {}, ("purchase", "Plomberie Martin", 15000)),
    ("VIR SEPA LOYER SCI DES LILAS", -80000, {}, ("purchase", "Loyer Sci des Lilas", 80000)),
    ("CB DECATHLON", 0, {}, "zero"),
    ("RETRAIT DAB 24/11 LYON", -6000, {}, "cash"),
    ("VERSEMENT ESPECES", 20000, {}, "cash"),
    ("DISTRIBUTEUR", -4000, {"kind": "cash"}, "cash"),
    ("VIR SEPA ACME SALAIRE NOVEMBRE", 245000, {}, "salary"),
    ("VIR SEPA CARSAT RETRAITE", 120000, {}, "salary"),
    ("ACME SAS", 245000, {"kind": "salary"}, "salary"),
    ("VIREMENT INTERNE", -10000, {}, "own_transfer"),
    ("VIR SEPA VERS LIVRET A", -10000, {}, "own_transfer"),
    ("VIR SEPA JEAN DUPONT", -10000, {"owners": ("Jean Dupont",)}, "own_transfer"),
    ("VIR SEPA M. MARTIN PAUL", -5000, {}, "transfer"),
    ("VIR SEPA MME LEROY", 5000, {}, "transfer"),
    ("VIR SEPA CPAM DU RHONE", 2300, {}, "income"),
    ("REMISE CHEQUE 1234567", 5000, {}, "income"),
    ("INTERETS CREDITEURS", 300, {}, "income"),
    ("FRAIS TENUE DE COMPTE", -200, {}, "bank_fee"),
    ("COTISATION CARTE VISA PREMIER", -1350, {}, "bank_fee"),
    ("AGIOS", -420, {}, "bank_fee"),
    ("MONTHLY ACCOUNT", -500, {"kind": "fee"}, "bank_fee"),
    ("PRLV SEPA ECHEANCE PRET IMMO", -95000, {}, "loan"),
    ("PRLV SEPA DGFIP IMPOT", -30000, {}, "tax"),
    ("CHEQUE 1234567", -8000, {}, "cheque"),
    ("RELEVE CARTE X1234 NOVEMBRE", -54321, {}, "card_total"),
]


@pytest.mark.parametrize(("label", "amount", "options", "expected"), CASES)
def test_each_rule(label, amount, options, expected):
    assert judge(label, amount, **options) == expected


def test_the_card_day_in_the_label_wins_when_it_precedes_the_booking():
    def day(label):
        entry = Entry(1, label, -100, "EUR", date(2026, 1, 3))
        return bank_rules.judge(entry, tz="Europe/Paris", recognise=merchants.recognise).at.date()

    assert day("CB FNAC 30/12") == date(2025, 12, 30)  # the year before the booking
    assert day("FACTURE CARTE DU 020126 FNAC") == date(2026, 1, 2)
    assert day("CB FNAC 15/02") == date(2026, 1, 3)  # after the booking: not the card's day
    assert day("CB FNAC") == date(2026, 1, 3)


def test_every_rule_a_reader_uses_is_described():
    root = Path(bank_rules.__file__).parent
    used = {node.args[1].value
            for path in root.glob("*.py")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "NotPurchase"
            and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)}
    judged = {expected for *_, expected in CASES if isinstance(expected, str)}

    assert used | judged == set(bank_rules.RULES)
