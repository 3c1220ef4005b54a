"""The live preview on each consent card: the actual values the brand would receive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from vault import disclosure, purchases
from vault.store import Store
from web.categories import label
from web.formatting import amount, day
from web.wording import SCOPE_TEXT

_PROFILE_LABELS = {"name": _l("Name"), "age_band": _l("Age band"), "city": _l("City"),
                   "country": _l("Country"), "language": _l("Language"),
                   "profession": _l("Profession")}


@dataclass(frozen=True)
class Card:
    """One requested scope on the consent page."""

    scope: str
    title: str
    reveals: str
    preview: list[tuple[str, str]]  # (label, value) pairs, exactly what would be sent
    note: str | None = None  # shown instead of a preview when nothing is read


def cards(store: Store, requested: list[str], *, today: date) -> list[Card]:
    """One card per requested scope, in the canonical order."""
    return [_card(store, scope, today) for scope in requested]


def _card(store: Store, scope: str, today: date) -> Card:
    title, reveals = SCOPE_TEXT[scope]
    build = _PREVIEWS.get(scope)
    if build is None:
        return Card(scope, str(title), str(reveals), [], _("Nothing of yours is read."))
    return Card(scope, str(title), str(reveals), build(store, today))


def _missing(value: object) -> str:
    return str(value) if value not in (None, "", []) else _("(not given)")


def _profile(store: Store, today: date) -> list[tuple[str, str]]:
    seen = disclosure.profile_for(store, frozenset({"profile:read"}), today=today)
    return [(str(label), _missing(seen[key])) for key, label in _PROFILE_LABELS.items()]


def _contact(store: Store, today: date) -> list[tuple[str, str]]:
    seen = disclosure.profile_for(store, frozenset({"contact:read"}), today=today)
    addresses = [f"{a['line1']}, {a['postcode'] or ''} {a['city']}".replace("  ", " ")
                 for a in seen["addresses"]]
    return [(_("E-mail addresses"), _missing(", ".join(e["address"] for e in seen["emails"]))),
            (_("Phone numbers"), _missing(", ".join(p["number"] for p in seen["phones"]))),
            (_("Postal addresses"), _missing("; ".join(addresses)))]


def _purchases(store: Store, today: date) -> list[tuple[str, str]]:
    latest = purchases.after(store, purchases.Filters(), cursor=None, limit=1)
    rows = [(_("Orders"), str(purchases.count(store)))]
    if latest:
        o = latest[0]
        rows.append((_("Latest"), ngettext(
            "%(merchant)s, %(amount)s on %(day)s, %(num)d item",
            "%(merchant)s, %(amount)s on %(day)s, %(num)d items", len(o.items),
            merchant=o.merchant, amount=amount(o.total_minor, o.currency), day=day(o.ordered_at))))
    return rows


def _summary(store: Store, today: date) -> list[tuple[str, str]]:
    seen = disclosure.summary(store, months=12, today=today)
    rows = [(label(c["category"]["code"]),
             ngettext("%(amount)s in %(num)d order", "%(amount)s in %(num)d orders",
                      c["orders"], amount=amount(c["spend_minor"], c["currency"])))
            for c in seen["by_category"][:4]]
    return rows or [(_("Categories"), _("(not enough purchases to show any total)"))]


def _preferences(store: Store, today: date) -> list[tuple[str, str]]:
    seen = disclosure.preferences_for(store)
    caps = seen["caps"]
    return [(_("Interests"), _missing(", ".join(label(c) for c in seen["interests"]))),
            (_("Channels"), _missing(", ".join(seen["channels"]))),
            (_("Offers per brand per week"), _missing(caps["per_brand_weekly"])),
            (_("Offers per week"), _missing(caps["overall_weekly"]))]


def _intents(store: Store, today: date) -> list[tuple[str, str]]:
    seen = disclosure.intents_for(store, today=today)
    return [(label(i["category"]["code"]), i["description"]) for i in seen] or [
        (_("Searches"), _("(none open)"))]


_PREVIEWS = {"profile:read": _profile, "contact:read": _contact, "purchases:read": _purchases,
             "purchases:summary": _summary, "preferences:read": _preferences,
             "intents:read": _intents}
