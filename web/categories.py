"""Categories in the reader's language: labels for every page, and the pick-list field.

The pick-list is a plain <select> (it works without JavaScript and with the keyboard)
whose <optgroup>s are COICOP's divisions, each listing its categories in the
vocabulary's order; coffre.js adds a filter box above it. A value the vocabulary lacks
("other:<word>") is offered as it is, so a record filed under it is saved unchanged
unless the consumer re-files it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice

from vault import categories

OTHER_GROUP = _l("Your own words, to sort")
NO_CATEGORY = _l("— choose a category —")
FILTER = _l("Find a category")  # the filter box coffre.js puts above each pick-list


def language() -> str:
    """The reader's language, as the vocabulary names it."""
    return str(get_locale() or "en")


def label(value: str | None) -> str:
    """A code, a stored form or a word as the reader reads it: "Livres", "autre : kite"."""
    if not value or not value.strip():
        return ""
    return categories.label(value, language())


def choices(held: Iterable[str | None] = (), *, blank: str | None = None) -> list[SelectChoice]:
    """The pick-list's options: `blank` first, every category under its division, then
    the other words among `held`.

    `held` are the values the field holds now: those the vocabulary lacks come last,
    under their own heading, so that saving the form never re-files them unasked.
    """
    lang = language()
    found = [SelectChoice("", blank)] if blank is not None else []
    for category in categories.all():
        division = categories.get(category.code[:2]).label(lang)
        # No-break spaces: a class shows under its group (option text keeps no other indent).
        indent = "\u00a0\u00a0" * max(0, len(categories.lineage(category.code)) - 2)
        found.append(SelectChoice(category.code, indent + category.label(lang),
                                  render_kw={"data-words": _words(category, lang)},
                                  optgroup=division))
    others = sorted({categories.resolve(v).stored for v in held
                     if v and v.strip() and categories.is_other(v)})
    found += [SelectChoice(v, label(v), optgroup=str(OTHER_GROUP)) for v in others]
    return found


def _words(category: categories.Category, lang: str) -> str:
    """What the filter box also finds a category by: the other label, the reader's synonyms."""
    other = category.label_en if lang == "fr" else category.label_fr
    synonyms = category.synonyms_fr if lang == "fr" else category.synonyms_en
    return " · ".join((other, *synonyms))


def _held(field) -> list[str]:
    data = field.data
    return list(data) if isinstance(data, list | tuple | set | frozenset) else [data]


class CategoryField(SelectField):
    """One category from the pick-list; its data is a code, "other:<word>" or "".

    `blank` names the empty choice ("— choose a category —", "All categories").
    """

    def __init__(self, label=None, validators=None, *, blank=NO_CATEGORY, **kwargs):
        kwargs["render_kw"] = {"data-category-list": FILTER, **kwargs.get("render_kw", {})}
        super().__init__(label, validators, choices=lambda _form, field: choices(
            _held(field), blank=str(blank)), validate_choice=False, **kwargs)


class CategoriesField(SelectMultipleField):
    """Any number of categories from the pick-list (a multiple <select>)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"data-category-list": FILTER, "size": 10})
        super().__init__(label, validators, choices=lambda _form, field: choices(
            _held(field)), validate_choice=False, **kwargs)


def init_app(app: Flask) -> None:
    """The `category` filter: `{{ item.category | category }}`."""
    app.add_template_filter(label, "category")
