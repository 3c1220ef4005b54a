"""The agent's reasons and the offers' words in the reader's language."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from typing import Any

from flask_babel import format_currency, format_time, get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from agent import scoring
from agent.reasons import TEMPLATES, Plural, language_name
from web.categories import label

# Channel names as they read inside a sentence ("…to reach you by text message").
CHANNELS = {"email": _l("e-mail"), "sms": _l("text message"), "post": _l("post"),
            "app": _l("app notification")}
SERIES = {"received": _l("received"), "delivered": _l("reached you"),
          "declined": _l("turned away"), "opened": _l("opened")}


def never_warning(brand: str) -> str:
    """What "never from this brand" does, asked before it is done."""
    return gettext("You will get no more offers from %(brand)s, and those waiting will be "
                   "turned away. You can undo this from the offer, under “Put away”.",
                   brand=brand)


def reason(data: dict[str, Any]) -> str:
    """One stored reason as a sentence; an unknown code shows as itself."""
    template = TEMPLATES.get(data.get("code", ""))
    if template is None:
        return str(data.get("code", ""))
    params = {k: _readable(v) for k, v in dict(data.get("params", {})).items()}
    if "category" in params:
        params["category"] = label(params["category"])
    if "channel" in params:
        params["channel"] = str(CHANNELS.get(params["channel"], params["channel"]))
    if "language" in params:
        params["language"] = language_name(str(params["language"]), str(get_locale()))
    if isinstance(template, Plural):
        return ngettext(template.singular, template.plural, int(params[template.count]),
                        **params)
    return gettext(template, **params)


def fit(score: int) -> str:
    """How well an offer fits, in words rather than its score."""
    if score >= scoring.WITHIN_BUDGET:
        return gettext("it answers what you are looking for")
    if score >= scoring.THRESHOLD:
        return gettext("a good match")
    return gettext("a weak match")


# How the agent writes an amount ("1899.00 EUR", vault.money.Money's text) and a time of day.
_MONEY = re.compile(r"(-?\d+(?:\.\d+)?) ([A-Z]{3})")
_HOUR = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _readable(value: Any) -> Any:
    """An amount or a time of day as the reader writes it ("1 899,00 €", "10:00 PM")."""
    if not isinstance(value, str):
        return value
    if found := _MONEY.fullmatch(value):
        return format_currency(Decimal(found[1]), found[2])
    if found := _HOUR.fullmatch(value):
        return format_time(time(int(found[1]), int(found[2])), "short")
    return value


def counts(totals: dict[str, int]) -> str:
    """An offer count per series, each noun agreeing with its number: "1 received, 2 opened"."""
    return gettext("%(received)s, %(delivered)s, %(declined)s, %(opened)s.", **{
        name: count(name, totals.get(name, 0)) for name in _COUNTS})


def count(series: str, n: int) -> str:
    """One series' count with its words: "1 turned away", "1 écartée", "2 écartées"."""
    return _COUNTS[series](n)


_COUNTS = {
    "received": lambda n: ngettext("%(num)d received", "%(num)d received", n),
    "delivered": lambda n: ngettext("%(num)d reached you", "%(num)d reached you", n),
    "declined": lambda n: ngettext("%(num)d turned away", "%(num)d turned away", n),
    "opened": lambda n: ngettext("%(num)d opened", "%(num)d opened", n),
}


def reasons(data: list[dict[str, Any]], *, stops: tuple[str, ...]) -> list[str]:
    """The sentences of the reasons that stop the offer in one of these ways."""
    return [reason(r) for r in data if r.get("stops") in stops]
