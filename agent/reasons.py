"""Reasons: why an offer was held or declined, or why it scored as it did, in plain words.

A reason is a code and its values, so the interface can say it in the
reader's language; `TEMPLATES` holds the English words (the message ids the
web layer translates). Verdicts are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DELIVER, HOLD, DECLINE = "deliver", "hold", "decline"
NOTE = "note"  # a reason that explains the score and stops nothing


def N_(text: str) -> str:
    """Mark `text` for translation where it is shown; return it unchanged."""
    return text


TEMPLATES: dict[str, str] = {
    "signature_invalid": N_("The signature does not match the key %(brand)s registered, so "
                            "this offer may not come from them."),
    "expired": N_("This offer ended on %(until)s."),
    "not_yet_valid": N_("This offer starts on %(since)s; it waits until then."),
    "brand_blocked": N_("You asked never to hear from %(brand)s."),
    "grant_not_live": N_("%(brand)s no longer has your permission to send offers."),
    "category_blocked": N_("You asked never to get offers about %(category)s."),
    "over_ceiling": N_("It costs %(price)s, above your limit of %(ceiling)s for %(category)s."),
    "ceiling_currency": N_("It is priced in %(currency)s, but your limit for %(category)s is "
                           "in %(ceiling_currency)s."),
    "language": N_("It is written in a language you did not choose (%(language)s)."),
    "place": N_("It is for %(place)s, away from the places you gave."),
    "brand_cap": N_("%(brand)s already sent %(count)s offers this week; your limit is "
                    "%(limit)s."),
    "overall_cap": N_("You already received %(count)s offers this week; your limit is "
                      "%(limit)s."),
    "quiet_hours": N_("It arrived during your quiet hours (%(start)s to %(end)s); it waits "
                      "for your morning digest."),
    "channel": N_("It wants to reach you by %(channel)s, which you did not allow."),
    "low_score": N_("It matches little of what you like (score %(score)s; %(needed)s needed "
                    "to reach you)."),
    "answers_intent": N_("It answers what you are looking for: %(intent)s."),
    "over_budget": N_("It answers what you are looking for (%(intent)s), but above your "
                      "budget of %(budget)s."),
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
        """The reason in plain English."""
        return TEMPLATES[self.code] % dict(self.params)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for storage."""
        return {"code": self.code, "stops": self.stops, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reason:
        """The inverse of `to_json`."""
        return cls(data["code"], data["stops"], tuple(sorted(data["params"].items())))


def reason(code: str, stops: str, **params: Any) -> Reason:
    """A reason with its values given by name."""
    return Reason(code, stops, tuple(sorted(params.items())))
