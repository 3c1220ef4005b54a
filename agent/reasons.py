"""Reasons: why an offer was held or declined, or why it scored as it did, in plain words.

A reason is a code and its values, so the interface can say it in the
reader's language; `TEMPLATES` holds the English words (the message ids the
web layer translates). Verdicts are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from vault import categories

DELIVER, HOLD, DECLINE = "deliver", "hold", "decline"
NOTE = "note"  # a reason that explains the score and stops nothing


def N_(text: str) -> str:
    """Mark `text` for translation where it is shown; return it unchanged."""
    return text


@dataclass(frozen=True, slots=True)
class Plural:
    """A template with a singular and a plural form, chosen by the value of `count`."""

    singular: str
    plural: str
    count: str = "count"

    def form(self, n: int) -> str:
        """The English form for `n`."""
        return self.singular if n == 1 else self.plural


def ngettext(singular: str, plural: str) -> Plural:
    """Mark a plural pair for translation (pybabel's default `ngettext` keyword)."""
    return Plural(singular, plural)


TEMPLATES: dict[str, str | Plural] = {
    "signature_invalid": N_("The signature does not match the key %(brand)s registered, so "
                            "this offer may not come from them."),
    "expired": N_("This offer ended on %(until)s."),
    "not_yet_valid": N_("This offer starts on %(since)s; it waits until then."),
    "brand_blocked": N_("You asked never to hear from %(brand)s."),
    "grant_not_live": N_("%(brand)s no longer has your permission to send offers."),
    "grant_paused": N_("You paused %(brand)s’s access; its offer waits until you resume it."),
    "category_blocked": N_("You asked never to get offers about %(category)s."),
    "over_ceiling": N_("It costs %(price)s, above your limit of %(ceiling)s for %(category)s."),
    "ceiling_currency": N_("It is priced in %(currency)s, but your limit for %(category)s is "
                           "in %(ceiling_currency)s, so your agent cannot compare them: it "
                           "keeps the offer for your digest, for you to judge."),
    "language": N_("It is written in %(language)s, which is not one of the languages you "
                   "read."),
    "place": N_("It is for %(place)s, away from the places you gave."),
    "brand_cap": ngettext("%(count)s offer from %(brand)s already reached you in the last 7 "
                          "days; your limit is %(limit)s.",
                          "%(count)s offers from %(brand)s already reached you in the last 7 "
                          "days; your limit is %(limit)s."),
    "overall_cap": ngettext("%(count)s offer already reached you in the last 7 days; your "
                            "limit is %(limit)s. This one waits for your digest.",
                            "%(count)s offers already reached you in the last 7 days; your "
                            "limit is %(limit)s. This one waits for your digest."),
    "quiet_hours": N_("It arrived during your quiet hours (%(start)s to %(end)s); it waits "
                      "for your morning digest."),
    "channel": N_("It wants to reach you by %(channel)s, which you did not allow."),
    "low_score": N_("It matches little of what you told your agent you like, so it waits for "
                    "your digest instead of reaching you now."),
    "answers_intent": N_("It answers what you are looking for: %(intent)s."),
    "relevant_intent": N_("It is relevant to what you are looking for: %(intent)s."),
    "over_budget": N_("It is about what you are looking for (%(intent)s), but costs more than "
                      "your budget of %(budget)s."),
    "intent_other_category": N_("It says it answers what you are looking for (%(intent)s), "
                                "but it is about something else, so it is not counted as an "
                                "answer."),
    "intent_price_unknown": N_("It says it answers what you are looking for (%(intent)s), but "
                               "gives no price to compare with your budget of %(budget)s, so "
                               "it is not counted as an answer."),
    "intent_not_open": N_("It says it answers something you are looking for, but that search "
                          "is not open, so it is not counted as an answer."),
    "interest": N_("You are interested in %(category)s (%(weight)s out of 100)."),
    "affinity": N_("You often buy in this category: %(category)s."),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a code from TEMPLATES, how hard it stops the offer, and its values."""

    code: str
    stops: str  # HOLD, DECLINE or NOTE
    params: tuple[tuple[str, Any], ...] = ()

    def text(self) -> str:
        """The reason in plain English: a category named by its label ("Books"), a language
        in words ("German")."""
        params = dict(self.params)
        if "category" in params:
            params["category"] = categories.label(params["category"], "en")
        if "language" in params:
            params["language"] = language_name(params["language"], "en")
        template = TEMPLATES[self.code]
        if isinstance(template, Plural):
            template = template.form(params[template.count])
        return template % params

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {"code": self.code, "stops": self.stops, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        """The inverse of `to_json`."""
        return cls(data["code"], data["stops"], tuple(sorted(data["params"].items())))


def language_name(code: str, locale: str) -> str:
    """A language tag in words, in `locale`: "German" (en) or "allemand" (fr) for "de".

    A tag Babel does not know stays as written.
    """
    try:
        return Locale.parse(code, sep="-").get_display_name(locale) or code
    except (ValueError, UnknownLocaleError):
        return code


def reason(code: str, stops: str, **params: Any) -> Reason:
    """A reason with its values given by name."""
    return Reason(code, stops, tuple(sorted(params.items())))
