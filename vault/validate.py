"""Small checks used by every record at the vault boundary.

Each returns the cleaned value or raises ValidationError naming the field;
`Problems` gathers the problems of many checks to raise them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

import phonenumbers
from babel.numbers import list_currencies

from vault.errors import ValidationError
from vault.reasons import Problem, problem

T = TypeVar("T")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCIES = frozenset(list_currencies())  # ISO 4217, as the Unicode CLDR lists it


def text(field: str, value: Any, *, required: bool = True, max_len: int = 200) -> str | None:
    """Stripped text, None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "required")
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "not_text")
    value = value.strip()
    if len(value) > max_len:
        raise ValidationError(field, "too_long", n=max_len)
    if any(ord(c) < 32 for c in value):
        raise ValidationError(field, "control_characters")
    return value


def choice(field: str, value: Any, allowed: tuple[str, ...], *,
           required: bool = True) -> str | None:
    """One of `allowed`."""
    value = text(field, value, required=required, max_len=40)
    if value is not None and value not in allowed:
        raise ValidationError(field, "one_of", values=", ".join(allowed))
    return value


def email(field: str, value: Any) -> str:
    """An e-mail address (shape only: we never send mail)."""
    value = text(field, value, max_len=254)
    if not _EMAIL.match(value):
        raise ValidationError(field, "not_email")
    return value


def phone(field: str, value: Any, *, region: str | None) -> str:
    """A phone number in E.164 ("+33612345678"), however it was typed.

    A number without its country code ("06 12 34 56 78") is read as one of
    `region` (a two-letter country code); with no region it is refused.
    """
    value = text(field, value, max_len=30)
    if not value.startswith("+") and region is None:
        raise ValidationError(field, "phone_country")
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as e:
        raise ValidationError(field, "not_phone") from e
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(field, "not_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def day(field: str, value: Any, *, required: bool = True) -> date | None:
    """A calendar date, from a `date` or an ISO string YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    value = text(field, value, required=required, max_len=10)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise ValidationError(field, "not_date") from e


def integer(field: str, value: Any, *, low: int | None = None, high: int | None = None,
            required: bool = True) -> int | None:
    """A whole number within [low, high]."""
    if value is None or value == "":
        if required:
            raise ValidationError(field, "required")
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "not_whole_number")
    try:
        number = int(value)
    except (TypeError, ValueError) as e:
        raise ValidationError(field, "not_whole_number") from e
    if isinstance(value, float) and value != number:
        raise ValidationError(field, "not_whole_number")
    if low is not None and number < low:
        raise ValidationError(field, "too_small", n=low)
    if high is not None and number > high:
        raise ValidationError(field, "too_large", n=high)
    return number


def currency(field: str, value: Any) -> str:
    """An ISO 4217 code such as EUR (any letter case)."""
    value = text(field, value, max_len=3)
    value = value.upper()
    if value not in _CURRENCIES:
        raise ValidationError(field, "not_currency")
    return value


class Problems:
    """Problems found while checking a record, raised together as one ValidationError.

    With a `limit`, problems past it are dropped: beyond some number, more
    detail would not help anyone fix what they sent.
    """

    def __init__(self, *, limit: int | None = None):
        self.found: list[Problem] = []
        self.limit = limit

    def add(self, field: str, code: str, /, **params: Any) -> None:
        """Note one problem (a code from vault/reasons.py and its values)."""
        self.extend([problem(field, code, **params)])

    def extend(self, problems: Iterable[Problem], *, prefix: str = "") -> None:
        """Note these problems, each field name prefixed with `prefix` ("items[2].")."""
        for found in problems:
            if self.limit is None or len(self.found) < self.limit:
                self.found.append(found.at(prefix + found.field) if prefix else found)

    def attempt(self, check: Callable[[], T], default: T | None = None, *,
                prefix: str = "") -> T | None:
        """`check()`, or `default` after noting the problems of its ValidationError."""
        try:
            return check()
        except ValidationError as e:
            self.extend(e.problems, prefix=prefix)
            return default

    def raise_any(self) -> None:
        """Raise one ValidationError listing every problem noted, if there is any."""
        if self.found:
            raise ValidationError.many(self.found)


def collect(*checks: Callable[[], Any]) -> list:
    """Run each zero-argument check; raise one ValidationError listing every failure."""
    problems = Problems()
    results = [problems.attempt(check) for check in checks]
    problems.raise_any()
    return results
