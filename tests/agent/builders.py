"""Small builders for agent tests: an offer, a consumer, a context."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from agent import context, offers
from agent.context import Consumer, Context
from agent.pressure import Tally
from vault.intents import Intent
from vault.money import Money
from vault.preferences import Preferences
from vault.provenance import MANUAL

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday morning
UNTIL = (T0 + timedelta(days=30)).isoformat()


def payload(**changes: Any) -> dict[str, Any]:
    """A valid offer as JSON values; a change to None removes that field."""
    data = {"brand": "Fnac", "title": "Romans de la rentrée", "category": "books",
            "channel": "email", "language": "fr", "price": "12.50", "currency": "EUR",
            "valid_until": UNTIL}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def offer(**changes: Any) -> offers.Offer:
    """A parsed offer."""
    return offers.parse(payload(**changes))


def intent(intent_id: int, category: str, budget_minor: int | None = None,
           description: str = "un vélo", place: str | None = None) -> Intent:
    """An open intent."""
    return Intent(id=intent_id, category=category, description=description,
                  budget=Money(budget_minor, "EUR") if budget_minor is not None else None,
                  place=place, expires_on=date(2027, 1, 1), status="open", opened_at=T0,
                  closed_at=None, provenance=MANUAL)


def consumer(*, intents: tuple[Intent, ...] = (), affinity: dict[str, int] | None = None,
             languages: tuple[str, ...] = (), places: tuple[str, ...] = (),
             zone: tzinfo = UTC, **prefs: Any) -> Consumer:
    """A consumer with these preferences (Preferences' fields by name)."""
    return context.build(Preferences(**prefs), intents, affinity=affinity or {},
                         languages=languages, places=places, zone=zone)


def ctx(who: Consumer, now: datetime = T0, tally: Tally | None = None, **facts: Any) -> Context:
    """A decision context at `now`."""
    return Context(who, now, tally if tally is not None else Tally(), **facts)
