"""Small checks used by every record at the vault boundary.

Each returns the cleaned value or raises ValidationError naming the field;
`Problems` gathers the problems of many checks to raise them together.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

import phonenumbers
from babel.numbers import list_currencies

from vault import categories
from vault.errors import ValidationError
from vault.reasons import Problem, problem

T = TypeVar("T")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f]")
_CURRENCIES = frozenset(list_currencies())  # ISO 4217, as the Unicode CLDR lists it
MAX_JSON_DEPTH = 32  # far beyond any of our formats; refused before recursion could fail
MAX_CATEGORY = 60  # a brand's word, as written


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
    if _CONTROL.search(value):  # a regular expression: ten times faster than a loop in Python
        raise ValidationError(field, "control_characters")
    return value


# Characters a reader cannot see, or that reorder what follows (bidi controls such
# as U+202E, zero-width spaces and joiners, separators): in a name or a title they
# make it read as something else.
_HIDDEN = frozenset({"Cf", "Cc", "Zl", "Zp", "Co", "Cn"})


def visible_text(field: str, value: Any, *, required: bool = True,
                 max_len: int = 200) -> str | None:
    """Text people read as a name or title: `text`, and no invisible or bidi character."""
    value = text(field, value, required=required, max_len=max_len)
    hidden = next((c for c in value or "" if unicodedata.category(c) in _HIDDEN), None)
    if hidden is not None:
        raise ValidationError(field, "invisible_characters", char=f"U+{ord(hidden):04X}")
    return value


def category(field: str, value: Any, *, required: bool = True) -> str | None:
    """A category as stored: its code, or "other:<word>" for a word the vocabulary lacks.

    A code or a word in either language is accepted (see vault.categories).
    """
    given = text(field, value, required=required,
                 max_len=MAX_CATEGORY + len(categories.OTHER_PREFIX))
    if given is None:
        return None
    try:
        resolved = categories.resolve(given)
    except ValidationError as e:  # "other:" with no word: blank under another name
        raise ValidationError(field, "required") from e
    if resolved.word is not None and len(resolved.word) > MAX_CATEGORY:
        raise ValidationError(field, "too_long", n=MAX_CATEGORY)
    return resolved.stored


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
    except (TypeError, ValueError, OverflowError) as e:  # OverflowError: infinity
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


def json_document(field: str, data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The value of a JSON document sent from outside: plain JSON, nested at most `max_depth`.

    Raises ValidationError: not_json (not UTF-8 or not JSON), not_plain_json
    (NaN, infinity, or a number too large for a float), too_deep, duplicate_key
    (a name twice in one object: parsers disagree on which one counts).
    """
    try:
        value = json.loads(data, parse_constant=_no_constant, parse_float=_finite,
                           object_pairs_hook=_unique)
    except RecursionError as e:
        raise ValidationError(field, "too_deep", n=max_depth) from e
    except _Duplicate as e:
        raise ValidationError(field, "duplicate_key", key=e.args[0][:40]) from e
    except _NotPlain as e:
        raise ValidationError(field, "not_plain_json") from e
    except (ValueError, UnicodeDecodeError) as e:
        raise ValidationError(field, "not_json") from e
    if deeper_than(value, max_depth):
        raise ValidationError(field, "too_deep", n=max_depth)
    return value


class _NotPlain(ValueError):
    """NaN, infinity, or a float that overflows: not plain JSON."""


class _Duplicate(ValueError):
    """A name given twice in one JSON object."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        raise _Duplicate(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return value


def _no_constant(name: str) -> float:
    raise _NotPlain(name)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NotPlain(text)
    return number


def deeper_than(value: Any, depth: int) -> bool:
    """True if `value` nests objects and lists more than `depth` levels."""
    if isinstance(value, dict):
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return False
    return depth == 0 or any(deeper_than(c, depth - 1) for c in children)


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

    def run(self, check: Callable[..., T], /, *args: Any, prefix: str = "",
            **kwargs: Any) -> T | None:
        """`check(*args, **kwargs)`, or None after noting the problems of its ValidationError."""
        try:
            return check(*args, **kwargs)
        except ValidationError as e:
            self.extend(e.problems, prefix=prefix)
            return None

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
