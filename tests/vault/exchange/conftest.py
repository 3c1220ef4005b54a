"""Fixtures of the export tests: the demo vault with every kind of record, and a new vault."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from agent import demo as agent_demo
from agent import inbox
from tests.conftest import PASSPHRASE, TEST_COST
from vault import brands, codes, demo, demo_brands, exchange, grants, invitations, lifecycle, tokens

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
SECRET = "the-client-secret-of-maison-dupont"


def export_of(store, name: str = "json", *, now: datetime = NOW) -> bytes:
    """The vault's export in the format `name`, built in memory."""
    out = io.BytesIO()
    exchange.export(store, name, out, now=now)
    return out.getvalue()


@pytest.fixture
def full(store):
    """The demo vault (vault/demo.py, its brands and offers), and what only a live vault has:
    a grant with several versions, a blocked brand, an invitation, a code and tokens."""
    demo.populate(store, today=NOW.date(), orders_count=60)
    then = agent_demo.arrival(NOW) - timedelta(days=1)
    demo_brands.populate(store, now=then)
    inbox.receive_many(store, agent_demo.offers(then), now=then,
                       source=inbox.OfferSource.imported("demo"))
    brand, _ = brands.add(store, {"client_name": "Maison Dupont",
                                  "redirect_uris": ["https://md.example/cb"],
                                  "scope": "profile:read offers:write"},
                          source="manual", now=NOW, secret=SECRET)
    grant = grants.create(store, brand.id, frozenset({"profile:read", "offers:write"}),
                          purpose="Newsletters", expires_at=None, now=NOW)
    grants.pause(store, grant.id, now=NOW + timedelta(minutes=1))
    grants.resume(store, grant.id, now=NOW + timedelta(minutes=2))
    grants.rescope(store, grant.id, frozenset({"profile:read"}), now=NOW + timedelta(minutes=3))
    brands.block(store, brands.all_brands(store)[1].id, now=NOW)
    invitations.create(store, now=NOW, note="for a shop")
    family = codes.issue(store, tokens.new_value(),
                         brand_id=brand.id, grant_id=grant.id, redirect_uri="https://md.example/cb",
                         scopes=frozenset({"profile:read"}), challenge="c" * 43,
                         challenge_method="S256", now=NOW)
    tokens.issue(store, tokens.new_value(), kind="access", brand_id=brand.id, grant_id=grant.id,
                 family=family, scopes=frozenset({"profile:read"}), now=NOW,
                 expires_at=NOW + timedelta(hours=1))
    return store


@pytest.fixture
def fresh(tmp_path):
    """A second new, empty vault, open."""
    store, _ = lifecycle.create(tmp_path / "fresh", PASSPHRASE, cost=TEST_COST)
    yield store
    store.close()
