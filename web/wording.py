"""Words several pages share: scopes, durations, grant changes, refusals, purchase channels."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from vault.audit import Event

# How a purchase was made, as the consumer reads it.
CHANNELS = [("store", _l("In a shop")), ("web", _l("On a website")), ("app", _l("In an app")),
            ("phone", _l("By phone")), ("mail", _l("By mail"))]

# scope -> (plain title, what it reveals)
SCOPE_TEXT = {
    "profile:read": (_l("Who you are, roughly"),
                     _l("Your name, age band (never your birth date), city and country, "
                        "language and profession.")),
    "contact:read": (_l("How to reach you"),
                     _l("Your e-mail addresses, phone numbers and postal addresses.")),
    "purchases:read": (_l("Your purchases, one by one"),
                       _l("Every order with its shop, date, amount and items.")),
    "purchases:summary": (_l("Your purchase totals by category"),
                          _l("Spending and number of orders per category and per month, "
                             "never a single order.")),
    "purchases:write": (_l("Adding receipts to your purchases"),
                        _l("The brand can send its own receipts into your vault. "
                           "It reads nothing back.")),
    "preferences:read": (_l("What you like and how often you want to hear from brands"),
                         _l("Your interests, preferred channels and limits on offers. "
                            "Never the brands you blocked.")),
    "intents:read": (_l("What you are looking for"),
                     _l("Your open searches, with their budget and place.")),
    "offers:write": (_l("Sending you offers"),
                     _l("The brand can send offers; your agent decides which reach you. "
                        "It reads nothing.")),
}

DURATIONS = {
    "1d": (_l("1 day"), timedelta(days=1)),
    "30d": (_l("30 days"), timedelta(days=30)),
    "1y": (_l("1 year"), timedelta(days=365)),
    "forever": (_l("Until I revoke it"), None),
}
DEFAULT_DURATION = "30d"

CHANGE_TEXT = {
    "created": _l("Access allowed"),
    "reauthorized": _l("Access allowed again"),
    "narrowed": _l("Access narrowed"),
    "widened": _l("Access given back"),
    "expiry": _l("End date changed"),
    "paused": _l("Paused"),
    "resumed": _l("Resumed"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}

STATE_TEXT = {
    "active": _l("Active"),
    "paused": _l("Paused"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}

REASON_TEXT = {
    "bad_token": _l("unknown or malformed key"),
    "expired": _l("access expired"),
    "revoked": _l("access revoked"),
    "paused": _l("access paused"),
    "insufficient_scope": _l("asked for more than was allowed"),
    "blocked": _l("brand blocked"),
    "token_in_url": _l("key sent in the address, which is refused"),
    "refresh_reused": _l("an old key was replayed, so access was revoked"),
    "code_reused": _l("a one-time code was replayed"),
    "invalid_request": _l("malformed request"),
    "not_found": _l("asked for something that does not exist"),
    "too_large": _l("sent too much data"),
    "receipts_refused": _l("pushed a receipt, which you refuse from this brand"),
    "by_consumer": _l("revoked by you"),
    "brand_blocked": _l("you blocked the brand"),
}


def expiry_for(choice: str, now: datetime) -> datetime | None:
    """When a grant of duration `choice` ends (None: until revoked)."""
    delta = DURATIONS[choice][1]
    return None if delta is None else now + delta


def duration_choices() -> list[tuple[str, str]]:
    """The duration radio buttons, shortest first."""
    return [(key, label) for key, (label, _delta) in DURATIONS.items()]


# What a brand did, by method and endpoint, as the consumer reads it ("read your profile").
# The ones with a count name it: "read 12 of your purchases, one by one".
ACTIONS = {
    ("GET", "/api/v1/profile"): _l("read your profile"),
    ("POST", "/api/v1/purchases"): _l("added a receipt to your purchases"),
    ("GET", "/api/v1/purchases/summary"): _l("read your spending totals by category and by month"),
    ("GET", "/api/v1/preferences"): _l("read your interests and your limits on offers"),
    ("POST", "/api/v1/offers"): _l("sent you an offer"),
    ("GET", "/api/v1/offers/"): _l("checked what became of an offer it sent"),
    ("GET", "/api/v1/grant"): _l("checked what it may see of your data"),
    ("GET", "/api/v1/grant/receipts"): _l("fetched its receipts of your consent"),
    ("GET", "/api/v1/log/proof"): _l("checked that your vault's log of its reads was never "
                                     "rewritten"),
}
_CONTACT_FIELDS = ("emails", "phones", "addresses")

# What vault.tamper finds, in the reader's language (its TEXT holds the English for the CLI).
TAMPER_TEXT = {
    "edited": _l("Event #%(seq)s was edited after it was logged."),
    "removed": _l("Event #%(seq)s was removed."),
    "inserted": _l("An event was inserted that the log never held (at #%(seq)s)."),
    "reordered": _l("Event #%(seq)s is the one logged as #%(other)s: events were reordered."),
    "rewritten": _l("The log's own hashes were rewritten from event #%(seq)s on."),
    "bad_signature": _l("The signed tree head of size %(other)s does not verify with your "
                        "vault's key."),
}


def access_action(event: Event) -> str:
    """What the brand did, in plain words, without its name: "read your profile"."""
    if (event.method, event.endpoint) == ("GET", "/api/v1/purchases"):
        return ngettext("read %(num)d of your purchases, one by one",
                        "read %(num)d of your purchases, one by one", event.records)
    if (event.method, event.endpoint) == ("GET", "/api/v1/intents"):
        return ngettext("read %(num)d thing you are looking for",
                        "read %(num)d things you are looking for", event.records)
    if (event.method, event.endpoint) == ("GET", "/api/v1/profile"):
        return _profile_action(event)
    if (event.method, event.endpoint) == ("GET", "/api/v1/purchases/summary") and event.months:
        return ngettext("read your spending totals by category and by month, over %(num)d month",
                        "read your spending totals by category and by month, over %(num)d months",
                        event.months)
    key = (event.method, event.endpoint.rstrip("0123456789"))
    if key in ACTIONS:
        return str(ACTIONS[key])
    return gettext("called %(address)s", address=f"{event.method} {event.endpoint}")


def _profile_action(event: Event) -> str:
    contact = any(f.startswith(_CONTACT_FIELDS) for f in event.fields)
    identity = any(not f.startswith(_CONTACT_FIELDS) for f in event.fields)
    if contact and identity:
        return gettext("read your profile and how to reach you")
    return gettext("read how to reach you") if contact else str(ACTIONS["GET", "/api/v1/profile"])


def access_sentence(event: Event, brand: str) -> str:
    """The whole event in a sentence: "Maison Dupont read your profile", or why it was refused."""
    if event.outcome == "allowed":
        return gettext("%(brand)s %(action)s", brand=brand, action=access_action(event))
    return gettext("%(brand)s was refused: %(reason)s", brand=brand,
                   reason=REASON_TEXT.get(event.reason, event.reason or ""))

# Why an imported line is no purchase (the rules of vault/importers/bank_rules.py), and why
# the source itself left a line out, as the consumer reads it.
NOT_PURCHASE = {
    "zero": _l("A line of no amount"),
    "cash": _l("A cash withdrawal or deposit"),
    "salary": _l("A salary or pension paid in"),
    "own_transfer": _l("A transfer between your own accounts"),
    "transfer": _l("A transfer to or from a person"),
    "income": _l("Money paid in by someone other than a shop (benefits, interest, cheques…)"),
    "bank_fee": _l("The bank's own fees, charges and interest"),
    "loan": _l("A loan repayment"),
    "tax": _l("A tax payment"),
    "cheque": _l("A cheque paid out (the statement does not say to whom)"),
    "card_total": _l("The monthly total of a deferred debit card (its purchases are listed "
                     "apart)"),
    "balance": _l("A balance or total line of the statement"),
}
LEFT_OUT = {"cancelled": _l("Cancelled"), "pending": _l("Pending, not yet booked"),
            "information": _l("For information only, not booked")}


def not_purchase(rule: str) -> str:
    """Why a line is no purchase, in the reader's language (the rule's code if unknown)."""
    return str(NOT_PURCHASE.get(rule, rule))


def left_out(why: str) -> str:
    """Why the source left a line out, in the reader's language."""
    return str(LEFT_OUT.get(why, why))
