"""Amounts and days as banks write them: "-1 234,56", "12,50-", "24/11/2026", "2026-11-24".

The day forms here are a stand-in for the per-file detection of vault/importers/dates.py:
banks write the day first, except where `dayfirst=False` says otherwise.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from vault.money import exponent

_SIMPLE = re.compile(r"(-?)(\d{1,12})[.,](\d{2})")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_SYMBOLS = re.compile(r"^(?:EUR|€|\$|£|CHF|USD|GBP)|(?:EUR|€|\$|£|CHF|USD|GBP)$")
_DIGITS = re.compile(r"\d[\d.,]*")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def amount(text: str, currency: str, *, decimal: str) -> int:
    """The signed amount in minor units of `currency`; `decimal` is the file's usual mark.

    "1.234,56" and "1,234.56" read alike; "1,234" reads by `decimal`. Raises ValueError
    for anything that is no amount or has more decimals than the currency.
    """
    simple = _SIMPLE.fullmatch(text)
    if simple and exponent(currency) == 2:  # the usual "-45,99": no need to guess the marks
        sign, units, cents = simple.groups()
        return (-1 if sign else 1) * (int(units) * 100 + int(cents))
    text = _SYMBOLS.sub("", _SPACES.sub("", text).replace("\u2212", "-").upper())
    negative = text.startswith("-") or text.endswith("-") or text.startswith("(")
    text = text.strip("+-()")
    if not _DIGITS.fullmatch(text):
        raise ValueError(text)
    value = Decimal(_plain(text, decimal))
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(text)
    return -int(scaled) if negative else int(scaled)


def _plain(text: str, decimal: str) -> str:
    """Digits with a "." before the decimals, whatever marks the file uses."""
    last = max(text.rfind("."), text.rfind(","))
    if last < 0:
        return text
    mark, whole, fraction = text[last], text[:last], text[last + 1:]
    thousands_only = text.count(mark) > 1 or (
        len(fraction) == 3 and mark != decimal and ("." if mark == "," else ",") not in whole)
    if thousands_only:
        return text.replace(".", "").replace(",", "")
    return whole.replace(".", "").replace(",", "") + "." + fraction


def day(text: str, *, dayfirst: bool = True) -> date:
    """The day a cell names: 24/11/2026, 24.11.26, 2026-11-24, 20261124, with a time or not.

    Raises ValueError for anything else or a year outside 1970 to 2100.
    """
    head = text.strip().split(" ")[0].split("T")[0]
    if found := _ISO.fullmatch(head) or _COMPACT.fullmatch(head):
        year, month, dom = (int(g) for g in found.groups())
    elif found := _NUMERIC.fullmatch(head):
        first, second, year = (int(g) for g in found.groups())
        dom, month = (first, second) if dayfirst else (second, first)
        year += 2000 if year < 100 else 0
    else:
        raise ValueError(text)
    if not 1970 <= year <= 2100:
        raise ValueError(text)
    return date(year, month, dom)
