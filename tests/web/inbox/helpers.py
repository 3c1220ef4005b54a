"""Helpers of the Offers page tests: offers received now, as a brand would send them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent import inbox
from tests.agent.builders import payload
from vault import offers as stored

SOURCE = inbox.OfferSource.imported("test.json")


def now() -> datetime:
    """Noon today (UTC), outside anyone's quiet hours."""
    return datetime.now(UTC).replace(hour=12)


def receive(store, **changes) -> stored.StoredOffer:
    """An offer (the builder's, with `changes`) received and decided now, as stored."""
    until = (now() + timedelta(days=20)).isoformat()
    offer_id = inbox.receive(store, payload(valid_until=until, **changes), source=SOURCE,
                             now=now())
    return stored.get(store, offer_id)
