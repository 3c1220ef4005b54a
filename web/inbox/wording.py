"""The agent's reasons and the offers' words in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, gettext, ngettext
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
    params = dict(data.get("params", {}))
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


def reasons(data: list[dict[str, Any]], *, stops: tuple[str, ...]) -> list[str]:
    """The sentences of the reasons that stop the offer in one of these ways."""
    return [reason(r) for r in data if r.get("stops") in stops]
