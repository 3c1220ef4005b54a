"""Tokens and codes: random, stored only as digests, single-use where it matters."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta

import pytest

from vault import brands, codes, grants, invitations, tokens
from vault.errors import NotFound

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=5)


@pytest.fixture
def grant(store):
    """A live grant of a hand-added brand."""
    brand, _ = brands.add(store, {"client_name": "Maison Dupont", "scope": "profile:read",
                                  "redirect_uris": ["https://md.example/cb"]},
                          source="manual", now=T0)
    return grants.create(store, brand.id, frozenset({"profile:read"}), purpose=None,
                         expires_at=None, now=T0)


def _code(store, grant, value="the-code"):
    return codes.issue(store, value, brand_id=grant.brand_id, grant_id=grant.id,
                       redirect_uri="https://md.example/cb", scopes=grant.scopes,
                       challenge="c" * 43, challenge_method="S256", now=T0)


def _refresh(store, grant, value="the-refresh-token"):
    return tokens.issue(store, value, kind="refresh", brand_id=grant.brand_id, grant_id=grant.id,
                        family=_code(store, grant, value + "-code"), scopes=grant.scopes, now=T0,
                        expires_at=T0 + timedelta(days=1))


def test_values_are_256_bit_random_and_distinct():
    values = {tokens.new_value() for _ in range(1000)}
    assert len(values) == 1000
    assert all(len(v) == 43 for v in values)  # 32 bytes, base64url


def test_only_digests_are_stored(store, grant):
    _refresh(store, grant, "plain-secret-value")
    invitation = invitations.create(store, now=T0)

    dumped = "".join(repr(store.all(f"select * from {table}"))
                     for table in ("tokens", "auth_codes", "invitations"))
    assert "plain-secret-value" not in dumped and invitation not in dumped
    assert tokens.find(store, "plain-secret-value").kind == "refresh"


def test_find_by_kind(store, grant):
    _refresh(store, grant)
    assert tokens.find(store, "the-refresh-token", kind="access") is None
    assert tokens.find(store, "unknown") is None


def test_a_refresh_token_is_claimed_once(store, grant):
    token = _refresh(store, grant)

    assert tokens.claim(store, token.id, now=T1)
    assert not tokens.claim(store, token.id, now=T1)
    assert tokens.get(store, token.id).problem(T1) == "used"


def test_concurrent_claims_have_one_winner(store, grant):
    token = _refresh(store, grant)
    results, barrier = [], threading.Barrier(8)

    def attempt():
        barrier.wait()
        results.append(tokens.claim(store, token.id, now=T1))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_revoking_a_family_leaves_other_families(store, grant):
    first, second = _refresh(store, grant, "one"), _refresh(store, grant, "two")

    assert tokens.revoke_family(store, first.family, now=T1, reason="code_reused") == 1

    assert tokens.get(store, first.id).problem(T1) == "revoked"
    assert tokens.get(store, second.id).problem(T1) is None


def test_token_expiry(store, grant):
    token = _refresh(store, grant)
    assert token.problem(T0 + timedelta(days=1)) == "expired"
    assert token.problem(T0 + timedelta(hours=23)) is None


def test_refresh_expiry_is_idle_capped_by_absolute(store, grant):
    family = _code(store, grant)
    assert tokens.refresh_expiry(store, family, now=T0) == T0 + tokens.REFRESH_IDLE
    late = T0 + tokens.REFRESH_ABSOLUTE - timedelta(days=1)
    assert tokens.refresh_expiry(store, family, now=late) == T0 + tokens.REFRESH_ABSOLUTE


def test_codes_are_single_use_and_short_lived(store, grant):
    code_id = _code(store, grant)
    found = codes.find(store, "the-code")

    assert found.id == code_id and found.expires_at - found.created_at <= timedelta(minutes=2)
    assert codes.redeem(store, code_id, now=T1)
    assert not codes.redeem(store, code_id, now=T1)
    assert codes.find(store, "the-code").used_at is not None


def test_invitations_work_once_and_expire(store, grant):
    value = invitations.create(store, now=T0)
    found = invitations.find_usable(store, value, now=T1)

    assert invitations.use(store, found.id, grant.brand_id, now=T1)
    assert not invitations.use(store, found.id, grant.brand_id, now=T1)
    assert invitations.find_usable(store, value, now=T1) is None
    late = invitations.create(store, now=T0)
    assert invitations.find_usable(store, late, now=T0 + invitations.LIFETIME) is None


def test_the_token_issued_is_the_token_stored_and_found(store, grant):
    issued = _refresh(store, grant)

    assert issued == tokens.get(store, issued.id) == tokens.find(store, "the-refresh-token")
    assert (issued.kind, issued.brand_id, issued.grant_id, issued.scopes, issued.issued_at) == (
        "refresh", grant.brand_id, grant.id, grant.scopes, T0)


def test_a_token_of_no_known_kind_is_refused_by_name_and_not_stored(store, grant):
    with pytest.raises(ValueError, match=r"^id_token$"):
        tokens.issue(store, "a-value", kind="id_token", brand_id=grant.brand_id,
                     grant_id=grant.id, family=_code(store, grant), scopes=grant.scopes, now=T0,
                     expires_at=T1)
    assert tokens.find(store, "a-value") is None


def test_an_unknown_token_id_is_not_found_and_named(store):
    with pytest.raises(NotFound, match=r"^There is no token 404\.$"):
        tokens.get(store, 404)


@pytest.mark.parametrize("revoke, reason", [
    (lambda s, t, at: tokens.revoke(s, t.id, now=at, reason="by_brand"), "by_brand"),
    (lambda s, t, at: tokens.revoke_family(s, t.family, now=at, reason="code_reused"),
     "code_reused"),
    (lambda s, t, at: tokens.revoke_for_grant(s, t.grant_id, now=at, reason="refresh_reused"),
     "refresh_reused"),
])
def test_a_revoked_token_says_when_and_why(store, grant, revoke, reason):
    token = _refresh(store, grant)

    revoke(store, token, T1)
    revoke(store, token, T1 + timedelta(hours=1))  # again: the first revocation stands

    found = tokens.get(store, token.id)
    assert (found.revoked_at, found.revoked_reason, found.problem(T1)) == (T1, reason, "revoked")


def test_a_value_that_is_not_valid_unicode_is_looked_up_by_its_own_bytes(store, grant):
    lone = "\udc80"  # a lone surrogate, as a broken client may send

    assert tokens.digest(lone) == hashlib.sha256(b"\xed\xb2\x80").digest()
    assert tokens.find(store, lone) is None
