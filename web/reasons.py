"""The vault's reasons (plain English fragments) as sentences in the reader's language.

The vault says "is required" about a field; beside that field the reader sees
"This is required." in their language. Unknown reasons keep the vault's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _

_RULES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"^is required$"), lambda m: _("This is required.")),
    (re.compile(r"^must be at most (\d+) characters$"),
     lambda m: _("Use at most %(n)s characters.", n=m[1])),
    (re.compile(r"^must not contain control characters$"),
     lambda m: _("Remove the invisible control characters.")),
    (re.compile(r"^must be text$"), lambda m: _("Type some text here.")),
    (re.compile(r"^must be one of: (.*)$"), lambda m: _("Choose one of: %(values)s.", values=m[1])),
    (re.compile(r"^is not an e-mail address"),
     lambda m: _("This is not an e-mail address (expected name@example.org).")),
    (re.compile(r"^is not a phone number"),
     lambda m: _("This is not a phone number (expected e.g. +33 6 12 34 56 78).")),
    (re.compile(r"^is not a date \(expected YYYY-MM-DD\)$"),
     lambda m: _("This is not a date (expected YYYY-MM-DD).")),
    (re.compile(r"^must be a whole number$"), lambda m: _("Type a whole number.")),
    (re.compile(r"^must be at least (-?\d+)$"), lambda m: _("Use %(n)s or more.", n=m[1])),
    (re.compile(r"^must be at most (-?\d+)$"), lambda m: _("Use %(n)s or less.", n=m[1])),
    (re.compile(r"^must be a three-letter currency code"),
     lambda m: _("Use a three-letter currency code such as EUR.")),
    (re.compile(r"^is not an amount"), lambda m: _("This is not an amount (expected e.g. 12.50).")),
    (re.compile(r"^must not be negative$"), lambda m: _("An amount cannot be negative.")),
    (re.compile(r"^has more decimals than (\w+) allows$"),
     lambda m: _("Too many decimals for %(currency)s.", currency=m[1])),
    (re.compile(r"^must be between 1900 and today$"),
     lambda m: _("Use a date between 1900 and today.")),
    (re.compile(r"^must be between 1970 and today$"),
     lambda m: _("Use a date between 1970 and today.")),
    (re.compile(r"^must be today or later$"), lambda m: _("Use today or a later date.")),
    (re.compile(r"^must be a language code"),
     lambda m: _("Use a language code such as fr or en-GB.")),
    (re.compile(r"^must be a two-letter country code"),
     lambda m: _("Use a two-letter country code such as FR.")),
    (re.compile(r"^is not a time zone name"),
     lambda m: _("Use a time zone name such as Europe/Paris.")),
    (re.compile(r"^must list at least one item$"), lambda m: _("Add at least one item.")),
    (re.compile(r"^must list at most (\d+) items$"),
     lambda m: _("An order can list at most %(n)s items.", n=m[1])),
    (re.compile(r"^must be a time such as"), lambda m: _("Use a time such as 21:30.")),
    (re.compile(r"^must differ from the start$"),
     lambda m: _("The end must differ from the start.")),
    (re.compile(r"^weight must be 0 to (\d+)$"),
     lambda m: _("Use a weight from 0 to %(n)s.", n=m[1])),
    (re.compile(r"^is too short: use at least (\d+) characters$"),
     lambda m: _("Too short: use at least %(n)s characters.", n=m[1])),
    (re.compile(r"^is too easy to guess"),
     lambda m: _("Too easy to guess: add a few uncommon words, or make it longer.")),
    # Importing a file
    (re.compile(r"^repeats (.+)$"),
     lambda m: _("The same shop and order number appear at %(where)s too.", where=place(m[1]))),
    (re.compile(r"^is already in your vault"),
     lambda m: _("This order is already in your vault (same shop and order number).")),
    (re.compile(r"^must be a \.json or \.csv file"),
     lambda m: _("Choose a .json or .csv file in Coffre's format.")),
    (re.compile(r"^is not UTF-8 text$"),
     lambda m: _("The file is not UTF-8 text: save it as UTF-8, then upload it again.")),
    (re.compile(r"^holds no order$"), lambda m: _("The file holds no order.")),
    (re.compile(r"^is not valid (JSON|CSV) \((.*)\)$"),
     lambda m: _("This is not valid %(kind)s (%(detail)s).", kind=m[1], detail=m[2])),
    (re.compile(r"^lacks the column (\w+)$"),
     lambda m: _("The column %(name)s is missing.", name=m[1])),
    (re.compile(r"^has an unknown column (.+)$"),
     lambda m: _("The column %(name)s is unknown.", name=m[1])),
    (re.compile(r"^has more cells than the header$"),
     lambda m: _("This row has more cells than the header.")),
    (re.compile(r"^must be the header naming the columns$"),
     lambda m: _("The first line must be the header naming the columns.")),
    (re.compile(r"^must be an object with"),
     lambda m: _("This must be a JSON object in Coffre's format (see the example below).")),
]
_PLACES = [(re.compile(r"\bline (\d+)"), lambda m: _("line %(n)s", n=m[1])),
           (re.compile(r"\bcolumn (\d+)"), lambda m: _("column %(n)s", n=m[1])),
           (re.compile(r"\border (\d+)"), lambda m: _("order %(n)s", n=m[1]))]


def place(where: str) -> str:
    """A location in a file ("line 12, order 3: channel") in the reader's language."""
    for pattern, render in _PLACES:
        where = pattern.sub(render, where)
    return where


def sentence(reason: str) -> str:
    """The reason as a sentence for the reader; the vault's own words when unknown."""
    for pattern, render in _RULES:
        match = pattern.match(reason)
        if match:
            return render(match)
    text = reason[:1].upper() + reason[1:]
    return text if text.endswith(".") else text + "."
