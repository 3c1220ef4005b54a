"""Amounts as exports write them: "12.50", "12,50", "1 234,56", "-8,00 €", "(3.20)", "1,234.56".

`decimal_mark` decides a column's decimal mark from its values (a file uses
one); `minor` reads one value with it, in minor units, keeping its sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from vault import money
from vault.errors import ValidationError

_DOT = re.compile(r"\d{1,3}(,\d{3})*\.\d{1,2}|\d+\.\d{1,2}")
_COMMA = re.compile(r"\d{1,3}(\.\d{3})*,\d{1,2}|\d+,\d{1,2}")
# An amount with `decimal` as its mark and the other one grouping thousands.
_PLAIN = {mark: re.compile(rf"\d{{1,3}}(\{other}\d{{3}})+(\{mark}\d+)?|\d+(\{mark}\d+)?")
          for mark, other in ((".", ","), (",", "."))}
_SIMPLE = {mark: re.compile(rf"-?\d+(\{mark}\d+)?") for mark in ".,"}
_NOISE = re.compile(r"[\s\u00a0\u202f'’€$£¥]|[A-Z]{3}")  # spaces, symbols and codes around


def decimal_mark(values: Iterable[str]) -> str:
    """"," when the values write decimals with a comma, else "."."""
    commas = dots = 0
    for value in values:
        bare = _NOISE.sub("", value).strip("-+()")
        commas += bool(_COMMA.fullmatch(bare))
        dots += bool(_DOT.fullmatch(bare))
    return "," if commas > dots else "."


def minor(field: str, value: str, decimal: str, currency: str) -> int:
    """The signed amount `value` in minor units of `currency`.

    A leading or trailing minus, or parentheses, make it negative; the other
    mark than `decimal` may group thousands. Raises ValidationError
    (not_amount, too_many_decimals) naming `field`.
    """
    if _SIMPLE[decimal].fullmatch(value):  # most cells: no symbol, no grouping
        units, _, cents = value.lstrip("-").partition(decimal)
        places = money.exponent(currency)
        if len(cents) <= places:
            number = int(units) * 10**places + int(cents.ljust(places, "0") or 0)
            return -number if value.startswith("-") else number
    text = _NOISE.sub("", value)
    negative = text.startswith("-") or text.endswith("-") or (
        text.startswith("(") and text.endswith(")"))
    text = text.strip("-+()")
    grouping = "." if decimal == "," else ","
    if not _PLAIN[decimal].fullmatch(text):
        raise ValidationError(field, "not_amount")
    amount = Decimal(text.replace(grouping, "").replace(decimal, "."))
    scaled = amount.scaleb(money.exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValidationError(field, "too_many_decimals", currency=currency)
    return -int(scaled) if negative else int(scaled)
