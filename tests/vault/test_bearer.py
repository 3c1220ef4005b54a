"""A token found with its grant and brand in one statement: the same records as one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.vault.test_tokens import T1, _refresh, grant  # noqa: F401 -- `grant` is a fixture
from vault import bearer, brands, grants, tokens


def test_the_holder_is_the_token_its_grant_as_it_stands_and_its_brand(store, grant):  # noqa: F811
    _refresh(store, grant)
    grants.pause(store, grant.id, now=T1)  # a second version: the latest one counts
    brands.block(store, grant.brand_id, now=T1 + timedelta(minutes=1))

    token, holder_grant, brand = bearer.find(store, "the-refresh-token", kind="refresh")

    assert token == tokens.find(store, "the-refresh-token")
    assert holder_grant == grants.get(store, grant.id) and holder_grant.brand_blocked
    assert brand == brands.get(store, grant.brand_id)


def test_an_unknown_token_or_another_kind_has_no_holder(store, grant):  # noqa: F811
    _refresh(store, grant)
    assert bearer.find(store, "the-refresh-token", kind="access") is None
    assert bearer.find(store, "unknown", kind=None) is None


@pytest.mark.parametrize("change, seen", [
    (lambda s, g, t: grants.pause(s, g.id, now=T1), lambda h: h[1].status == "paused"),
    (lambda s, g, t: grants.revoke(s, g.id, now=T1), lambda h: h[1].status == "revoked"),
    (lambda s, g, t: grants.rescope(s, g.id, frozenset({"profile:read"}), now=T1),
     lambda h: h[1].scopes == {"profile:read"}),
    (lambda s, g, t: tokens.revoke(s, t.id, now=T1, reason="by_consumer"),
     lambda h: h[0].revoked_at == T1),
    (lambda s, g, t: tokens.claim(s, t.id, now=T1), lambda h: h[0].used_at == T1),
    (lambda s, g, t: brands.block(s, g.brand_id, now=T1),
     lambda h: h[2].blocked and h[1].brand_blocked),
], ids=["paused", "revoked", "narrowed", "token_revoked", "token_used", "brand_blocked"])
def test_a_change_made_after_a_lookup_is_seen_at_the_very_next_one(store, grant, change,  # noqa: F811
                                                                   seen):
    _refresh(store, grant)
    before = bearer.find(store, "the-refresh-token", kind="refresh")
    assert bearer.find(store, "the-refresh-token", kind="refresh") == before  # decoded once

    change(store, grant, before[0])

    assert seen(bearer.find(store, "the-refresh-token", kind="refresh"))
