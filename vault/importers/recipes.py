"""Recipes: how to read a generic CSV file, saved by name and shared as a small JSON document.

    {"name": "Ma banque", "version": 1,
     "columns": {"date": "Date", "merchant": "Libellé", "amount": "Montant"},
     "date_form": "dmy", "decimal": ",", "delimiter": ";", "encoding": "cp1252",
     "merchant": null, "currency": "EUR", "channel": null, "tz": "Europe/Paris"}

`columns` maps our fields to the file's header names; `merchant`, `currency`
and `channel` are values for every row when no column gives them. Every
other key may be null (detected from the file).
"""

from __future__ import annotations

import codecs
import json
from dataclasses import asdict, dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from vault import validate
from vault.errors import ValidationError
from vault.importers.dates import FORMS
from vault.importers.sniff import DELIMITERS
from vault.validate import Problems

VERSION = 1
FIELDS = ("merchant", "date", "time", "amount", "unit_price", "quantity", "currency",
          "item_name", "category", "brand", "order_id", "channel")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "iso8859-1")  # codecs' own names
MAX_BYTES = 16 * 1024


@dataclass(frozen=True)
class Recipe:
    """How a generic CSV file's columns become purchases."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's header
    date_form: str | None = None  # a key of dates.FORMS
    decimal: str | None = None  # "." or ","
    delimiter: str | None = None
    encoding: str | None = None
    merchant: str | None = None
    currency: str | None = None
    channel: str | None = None
    tz: str | None = None


def load(data: str | bytes) -> Recipe:
    """The recipe a JSON document describes. Raises ValidationError listing each problem."""
    if len(data) > MAX_BYTES:
        raise ValidationError("recipe", "too_long", n=MAX_BYTES)
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValidationError("recipe", "bad_syntax", kind="JSON", detail=str(e)) from e
    if not isinstance(document, dict):
        raise ValidationError("recipe", "not_object")
    return check(document)


def check(values: dict[str, Any]) -> Recipe:
    """A Recipe from plain values (a loaded document, a form). Raises ValidationError."""
    problems = Problems()
    if values.get("version", VERSION) != VERSION:
        problems.add("version", "must_be", value=VERSION)
    name = problems.attempt(lambda: validate.text("name", values.get("name"), max_len=100))
    columns = _columns(values.get("columns"), problems)
    optional = {
        "date_form": lambda v: validate.choice("date_form", v, tuple(FORMS)),
        "decimal": lambda v: validate.choice("decimal", v, (".", ",")),
        "delimiter": _delimiter,
        "encoding": _encoding,
        "merchant": lambda v: validate.text("merchant", v, max_len=200),
        "currency": lambda v: validate.currency("currency", v),
        "channel": lambda v: validate.choice("channel", v,
                                             ("store", "web", "app", "phone", "mail")),
        "tz": _tz,
    }
    found = {key: problems.attempt(lambda key=key, check=check: check(values[key]))
             for key, check in optional.items() if values.get(key) not in (None, "")}
    problems.raise_any()
    return Recipe(name=name, columns=columns, **found)


def _columns(columns: Any, problems: Problems) -> dict[str, str]:
    if not isinstance(columns, dict):
        problems.add("columns", "not_object")
        return {}
    for key, header in columns.items():
        if key not in FIELDS:
            problems.add(f"columns.{key}", "one_of", values=", ".join(FIELDS))
        problems.attempt(lambda k=key, h=header: validate.text(f"columns.{k}", h, max_len=200))
    return {k: v.strip() for k, v in columns.items() if isinstance(v, str)}


def _delimiter(value: Any) -> str:
    if value not in tuple(DELIMITERS):
        raise ValidationError("delimiter", "one_of", values='",", ";", tab, "|"')
    return value


def _encoding(value: Any) -> str:
    try:
        name = codecs.lookup(str(value)).name
    except LookupError:
        name = None
    if name not in ENCODINGS:
        raise ValidationError("encoding", "one_of", values="utf-8, utf-8-sig, cp1252, latin-1")
    return name


def _tz(value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ValidationError("tz", "not_time_zone") from e
    return str(value)


def dump(recipe: Recipe) -> str:
    """The recipe as the JSON document `load` reads back."""
    values = asdict(recipe)
    return json.dumps({"name": values.pop("name"), "version": VERSION, **values},
                      ensure_ascii=False, indent=2)


def check_columns(recipe: Recipe, header: list[str]) -> None:
    """The recipe fits a file with this header: every column it names is there, and it
    says where the date, the amount and the merchant come from.

    Raises ValidationError naming each missing column and each unmapped field.
    """
    problems = Problems()
    for key, column in recipe.columns.items():
        if column not in header:
            problems.add(f"columns.{key}", "missing_column", name=column)
    needs = {"date": ("date",), "amount": ("amount", "unit_price")}
    if not recipe.merchant:
        needs["merchant"] = ("merchant",)
    if not recipe.currency:
        needs["currency"] = ("currency",)
    for need, fields in needs.items():
        if not any(f in recipe.columns for f in fields):
            problems.add(f"columns.{need}", "unmapped_field", name=need)
    problems.raise_any()
