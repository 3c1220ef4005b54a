"""Small checks used by every record at the vault boundary.

Each returns the cleaned value or raises ValidationError naming the field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vault.errors import ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,24}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def text(field: str, value: Any, *, required: bool = True, max_len: int = 200) -> str | None:
    """Stripped text, None when empty and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    value = value.strip()
    if len(value) > max_len:
        raise ValidationError(field, f"must be at most {max_len} characters")
    if any(ord(c) < 32 for c in value):
        raise ValidationError(field, "must not contain control characters")
    return value


def choice(field: str, value: Any, allowed: tuple[str, ...], *,
           required: bool = True) -> str | None:
    """One of `allowed`."""
    value = text(field, value, required=required, max_len=40)
    if value is not None and value not in allowed:
        raise ValidationError(field, f"must be one of: {', '.join(allowed)}")
    return value


def email(field: str, value: Any) -> str:
    """An e-mail address (shape only: we never send mail)."""
    value = text(field, value, max_len=254)
    if not _EMAIL.match(value):
        raise ValidationError(field, "is not an e-mail address (expected name@example.org)")
    return value


def phone(field: str, value: Any) -> str:
    """A phone number: digits with optional +, spaces, dots, dashes, brackets."""
    value = text(field, value, max_len=30)
    if not _PHONE.match(value):
        raise ValidationError(field, "is not a phone number (expected e.g. +33 6 12 34 56 78)")
    return value


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
        raise ValidationError(field, "is not a date (expected YYYY-MM-DD)") from e


def integer(field: str, value: Any, *, low: int | None = None, high: int | None = None,
            required: bool = True) -> int | None:
    """A whole number within [low, high]."""
    if value is None or value == "":
        if required:
            raise ValidationError(field, "is required")
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "must be a whole number")
    try:
        number = int(value)
    except (TypeError, ValueError) as e:
        raise ValidationError(field, "must be a whole number") from e
    if isinstance(value, float) and value != number:
        raise ValidationError(field, "must be a whole number")
    if low is not None and number < low:
        raise ValidationError(field, f"must be at least {low}")
    if high is not None and number > high:
        raise ValidationError(field, f"must be at most {high}")
    return number


def currency(field: str, value: Any) -> str:
    """An ISO 4217 code such as EUR."""
    value = text(field, value, max_len=3)
    value = value.upper()
    if not _CURRENCY.match(value):
        raise ValidationError(field, "must be a three-letter currency code such as EUR")
    return value


def collect(*checks) -> list:
    """Run each zero-argument check; raise one ValidationError listing every failure."""
    results, problems = [], []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as e:
            problems.extend(e.problems)
            results.append(None)
    if problems:
        raise ValidationError.many(problems)
    return results
