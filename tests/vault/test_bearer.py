"""A token found with its grant and brand in one statement: the same records as one by one."""

from __future__ import annotations

from datetime import timedelta

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
