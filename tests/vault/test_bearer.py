"""A token found with its grant and brand in one statement: the same records as one by one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.vault.test_tokens import T1, _refresh, grant  # noqa: F401 -- `grant` is a fixture
from vault import audit, bearer, brands, demo, grants, purchases, tokens, transparency


def test_the_holder_is_the_token_its_grant_as_it_stands_and_its_brand(store, grant):  # noqa: F811
    _refresh(store, grant)
    grants.pause(store, grant.id, now=T1)  # a second version: the latest one counts
    brands.block(store, grant.brand_id, now=T1 + timedelta(minutes=1))

    found = bearer.find(store, "the-refresh-token", kind="refresh")

    assert found.token == tokens.find(store, "the-refresh-token")
    assert found.grant == grants.get(store, grant.id) and found.grant.brand_blocked
    assert found.brand == brands.get(store, grant.brand_id)
    assert found.also == ()


def test_what_is_read_beside_the_token_is_as_it_stands_at_each_lookup(store, grant):  # noqa: F811
    _refresh(store, grant)
    also = (transparency.SIZE, purchases.VERSION)
    before = bearer.find(store, "the-refresh-token", kind="refresh", also=also)
    assert before.also == (transparency.size(store), purchases.version(store))

    purchases.add_many(store, demo.orders(count=1, today=date(2026, 11, 1)))
    audit.event(store, "export", at=T1)

    after = bearer.find(store, "the-refresh-token", kind="refresh", also=also)
    assert after.also == (transparency.size(store), purchases.version(store))
    assert after.also[0] == before.also[0] + 1 and after.also[1] > before.also[1]
    assert (after.token, after.grant, after.brand) == (before.token, before.grant, before.brand)


def test_an_unknown_token_or_another_kind_has_no_holder(store, grant):  # noqa: F811
    _refresh(store, grant)
    assert bearer.find(store, "the-refresh-token", kind="access") is None
    assert bearer.find(store, "unknown", kind=None) is None


@pytest.mark.parametrize("change, seen", [
    (lambda s, g, t: grants.pause(s, g.id, now=T1), lambda h: h.grant.status == "paused"),
    (lambda s, g, t: grants.revoke(s, g.id, now=T1), lambda h: h.grant.status == "revoked"),
    (lambda s, g, t: grants.rescope(s, g.id, frozenset({"profile:read"}), now=T1),
     lambda h: h.grant.scopes == {"profile:read"}),
    (lambda s, g, t: tokens.revoke(s, t.id, now=T1, reason="by_consumer"),
     lambda h: h.token.revoked_at == T1),
    (lambda s, g, t: tokens.claim(s, t.id, now=T1), lambda h: h.token.used_at == T1),
    (lambda s, g, t: brands.block(s, g.brand_id, now=T1),
     lambda h: h.brand.blocked and h.grant.brand_blocked),
], ids=["paused", "revoked", "narrowed", "token_revoked", "token_used", "brand_blocked"])
def test_a_change_made_after_a_lookup_is_seen_at_the_very_next_one(store, grant, change,  # noqa: F811
                                                                   seen):
    _refresh(store, grant)
    before = bearer.find(store, "the-refresh-token", kind="refresh")
    assert bearer.find(store, "the-refresh-token", kind="refresh") == before  # decoded once

    change(store, grant, before.token)

    assert seen(bearer.find(store, "the-refresh-token", kind="refresh"))
