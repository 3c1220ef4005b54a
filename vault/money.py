"""Money as integer minor units beside an ISO 4217 code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from vault import validate
from vault.errors import ValidationError

# Currencies whose minor unit is not the cent; every other code has two decimals.
_EXPONENTS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0,
              "BHD": 3, "KWD": 3, "OMR": 3, "TND": 3, "JOD": 3}
AMOUNT = re.compile(r"^-?\d{1,12}([.,]\d{1,3})?$")  # before the sign and decimals are checked


@dataclass(frozen=True, order=True)
class Money:
    """An amount in minor units (cents) of `currency`."""

    minor: int
    currency: str

    def __str__(self) -> str:
        exp = exponent(self.currency)
        sign = "-" if self.minor < 0 else ""
        if not exp:
            return f"{sign}{abs(self.minor)} {self.currency}"
        units, cents = divmod(abs(self.minor), 10**exp)
        return f"{sign}{units}.{cents:0{exp}d} {self.currency}"


def exponent(currency: str) -> int:
    """How many decimals the currency's minor unit has."""
    return _EXPONENTS.get(currency, 2)


def parse(field: str, amount: object, currency: str) -> int:
    """A decimal amount such as "12.50" or "12,5" in minor units of `currency`.

    Raises ValidationError naming `field` for anything that is not a plain
    non-negative amount with at most the currency's decimals.
    """
    if isinstance(amount, int | float):
        amount = str(amount)
    text = validate.text(field, amount, max_len=20)
    if not AMOUNT.match(text):
        raise ValidationError(field, "not_amount")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as e:
        raise ValidationError(field, "not_amount") from e
    if value < 0:
        raise ValidationError(field, "negative")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValidationError(field, "too_many_decimals", currency=currency)
    return int(scaled)
