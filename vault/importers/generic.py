"""Generic CSV: any export with a header row, read through a recipe (vault/importers/recipes.py).

One row per purchase, or per item when an order id column groups consecutive
rows into one order. Without a date form in the recipe the file is read
twice: a first pass keeps only what its dates say about their form.
Negative amounts are refunds. `guess` proposes a recipe from the header's
names, in English or French, for the preview to show and the consumer to
correct.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import BinaryIO
from zoneinfo import ZoneInfo

from vault.errors import ValidationError
from vault.importers import dates, sniff
from vault.importers.amounts import decimal_mark
from vault.importers.grouping import Plan, purchases
from vault.importers.recipes import Recipe, check_columns
from vault.importers.records import records
from vault.importers.rows import Bad, Row

DEFAULT_TZ = "Europe/Paris"
# Header names for each field, most telling first; compared without case or accents.
SYNONYMS = {
    "order_id": ("order id", "order number", "order", "numero de commande", "n de commande",
                 "commande", "reference", "ref"),
    "date": ("date", "order date", "purchase date", "transaction date", "date de commande",
             "date d achat", "date operation", "date de l operation", "jour"),
    "time": ("time", "heure", "hour"),
    "merchant": ("merchant", "marchand", "shop", "store", "magasin", "boutique", "enseigne",
                 "commercant", "vendor", "vendeur", "seller", "payee", "beneficiaire",
                 "libelle", "label", "description", "merchant name"),
    "unit_price": ("unit price", "prix unitaire", "pu"),
    "amount": ("amount", "montant", "total", "price", "prix", "somme", "montant ttc",
               "total ttc", "amount eur", "montant eur"),
    "quantity": ("quantity", "quantite", "qty", "qte", "nombre"),
    "currency": ("currency", "devise", "monnaie"),
    "item_name": ("item", "item name", "product", "product name", "article", "produit",
                  "designation", "nom du produit"),
    "category": ("category", "categorie", "rayon"),
    "brand": ("brand", "marque"),
    "channel": ("channel", "canal"),
}


def _plain(name: str) -> str:
    """A header name without case, accents or punctuation: "N° de commande" -> "n de commande"."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name.casefold())
                   if not unicodedata.combining(c))
    return " ".join(re.split(r"[^a-z0-9]+", bare)).strip()


def guess(header: list[str]) -> Recipe:
    """A recipe mapping the header's columns to our fields by their names (EUR unless a
    column gives the currency)."""
    plain = {_plain(name): name for name in reversed(header)}  # the first of twins wins
    columns: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        for name in names:
            column = plain.get(name)
            if column and column not in columns.values():
                columns[field] = column
                break
    return Recipe(name="guess", columns=columns,
                  currency=None if "currency" in columns else "EUR")


def detect(stream: BinaryIO, *, name: str = "guess") -> Recipe:
    """The recipe a file suggests, for the preview: the mapping guessed from its header, its
    encoding, delimiter and decimal mark, and the form its dates prove (None when they are
    ambiguous, for the consumer to choose).

    Reads the whole file once (the dates). Raises ValidationError for an empty or binary file.
    """
    sample = sniff.sniff(stream)
    recipe = guess(sample.header)
    form = None
    if "date" in recipe.columns:
        try:
            form = _date_form(stream, sample, sample.header.index(recipe.columns["date"]))
        except ValidationError:
            form = None
    amount = recipe.columns.get("unit_price") or recipe.columns.get("amount")
    return replace(recipe, name=name, encoding=sample.encoding, date_form=form,
                   delimiter=sample.dialect.delimiter,
                   decimal=_decimal(sample.rows, sample.header.index(amount) if amount else None))


def read(stream: BinaryIO, *, recipe: Recipe | None = None, tz: str = DEFAULT_TZ
         ) -> Iterator[Row]:
    """The rows of a generic CSV file, through `recipe` (else the guess from its header).

    Raises ValidationError (at the first row asked for) when the file is empty,
    binary or not CSV, when the recipe names columns the file lacks or leaves
    the date, amount or merchant unmapped, or when its dates are ambiguous.
    """
    sample = sniff.sniff(stream, encoding=recipe.encoding if recipe else None,
                         delimiter=recipe.delimiter if recipe else None)
    yield from table(stream, sample, recipe or guess(sample.header), tz=tz)


def table(stream: BinaryIO, sample: sniff.Sample, recipe: Recipe, *, tz: str,
          placeholders: frozenset[str] = frozenset(),
          left: Callable[[Callable[[str], str | None]], str | None] | None = None
          ) -> Iterator[Row]:
    """The rows of a CSV file read through `recipe` (the engine of generic and Amazon).

    `placeholders` are cell values that mean "none"; `left(get)` names why a
    row is to be left out (given a getter of header name -> cell), or None.
    Raises ValidationError as `read` does.
    """
    header = sample.header
    check_columns(recipe, header)
    index = {field: header.index(column) for field, column in recipe.columns.items()}
    form = recipe.date_form or _date_form(stream, sample, index["date"])
    amount = index.get("unit_price", index.get("amount"))
    decimal = recipe.decimal or _decimal(sample.rows, amount)
    plan = Plan(recipe=recipe, header=header, index=index, form=form, decimal=decimal,
                tz=ZoneInfo(recipe.tz or tz), placeholders=placeholders, left=left)
    yield from purchases(_body(stream, sample), plan)


def _body(stream: BinaryIO, sample: sniff.Sample) -> Iterator:
    """The file's records after its header (which is a Bad if it could not be read)."""
    stream.seek(0)
    rest = records(stream, sample.encoding, sample.dialect)
    first = next(rest, None)
    if isinstance(first, Bad):
        yield first
    yield from rest


def _date_form(stream: BinaryIO, sample: sniff.Sample, column: int) -> str:
    """The form of the file's dates, from all of them (a first pass keeping no rows)."""
    evidence = dates.Evidence(sample.header[column])
    for found in _body(stream, sample):
        if isinstance(found, tuple) and len(found[1]) > column:
            evidence.add(found[0], found[1][column])
    return evidence.decide()


def _decimal(rows: list[list[str]], column: int | None) -> str:
    return decimal_mark(r[column] for r in rows if column is not None and len(r) > column)


def _is_table(sample: sniff.Sample) -> bool:
    """Any CSV file with a header of at least two columns (tried last)."""
    return (sample.text.lstrip()[:1] not in ("{", "[", "<")
            and sum(bool(name) for name in sample.header) >= 2)


FORMAT = sniff.Format("generic", _is_table, read)
