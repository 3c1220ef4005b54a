"""Grants: versioned (never edited), signed, live only while active, unexpired, unblocked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from vault import brands, codes, grants, identity, receipts, tokens
from vault.errors import Conflict, NotFound, ValidationError

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
READ = frozenset({"profile:read", "purchases:read"})


@pytest.fixture
def brand(store):
    """A brand added by hand."""
    found, _ = brands.add(store, {"client_name": "Maison Dupont", "scope": "profile:read "
                                  "purchases:read offers:write",
                                  "redirect_uris": ["https://md.example/cb"]},
                          source="manual", now=T0)
    return found


def _grant(store, brand, scopes=READ, expires_at=None):
    return grants.create(store, brand.id, scopes, purpose="offers", expires_at=expires_at, now=T0)


def test_every_change_is_a_new_version_and_the_history_keeps_them_all(store, brand):
    grant = _grant(store, brand)

    grants.rescope(store, grant.id, frozenset({"profile:read"}), now=T1)
    grants.pause(store, grant.id, now=T1)
    grants.resume(store, grant.id, now=T1)
    grants.set_expiry(store, grant.id, T1 + timedelta(days=1), now=T1)

    history = grants.history(store, grant.id)
    assert [v.change for v in history] == ["created", "narrowed", "paused", "resumed", "expiry"]
    assert history[0].scopes == READ and history[-1].scopes == {"profile:read"}
    assert grants.get(store, grant.id).version == 5


def test_a_version_cannot_be_edited_or_deleted_even_in_sql(store, brand):
    grant = _grant(store, brand)

    with pytest.raises(Conflict):
        store.execute("update grant_versions set scopes = 'contact:read' where grant_id = ?",
                      (grant.id,))
    with pytest.raises(Conflict):
        store.execute("delete from grant_versions where grant_id = ?", (grant.id,))
    assert grants.get(store, grant.id).scopes == READ


def test_each_version_carries_a_receipt_signed_by_the_vault(store, brand):
    grant = grants.rescope(store, _grant(store, brand).id, frozenset({"profile:read"}), now=T1)

    key = identity.public_key(store)
    first, second = (receipts.verify(v.receipt.decode(), key)
                     for v in grants.history(store, grant.id))
    assert (first["grant"]["change"], second["grant"]["change"]) == ("created", "narrowed")
    assert second["replaces"] == first["receipt_id"] and second["scope"] == "profile:read"


@pytest.mark.parametrize("change, live", [
    (lambda s, g: None, True),
    (lambda s, g: grants.pause(s, g, now=T1), False),
    (lambda s, g: grants.revoke(s, g, now=T1), False),
    (lambda s, g: grants.set_expiry(s, g, T1 + timedelta(minutes=1), now=T1), True),
])
def test_is_live_only_while_active(store, brand, change, live):
    grant = _grant(store, brand)
    change(store, grant.id)
    assert grants.is_live(store, grant.id, now=T1) is live


def test_an_expired_grant_is_not_live_and_reads_as_expired(store, brand):
    grant = _grant(store, brand, expires_at=T1)

    assert grants.is_live(store, grant.id, now=T1 - timedelta(seconds=1))
    assert not grants.is_live(store, grant.id, now=T1)
    assert grants.get(store, grant.id).state(T1) == "expired"


def test_unknown_grant_is_not_live_and_get_or_history_raises_naming_it(store):
    assert grants.is_live(store, 404, now=T0) is False
    for read in (grants.get, grants.history):
        with pytest.raises(NotFound, match=r"^There is no grant 404\.$"):
            read(store, 404)


def test_blocking_the_brand_ends_its_grants_and_their_tokens(store, brand):
    grant = _grant(store, brand)
    token = _token(store, grant)

    brands.block(store, brand.id, now=T1)

    assert not grants.is_live(store, grant.id, now=T1)
    assert grants.get(store, grant.id).change == "revoked"
    assert tokens.get(store, token.id).revoked_reason == "brand_blocked"


def test_revoking_ends_the_tokens_and_twice_is_harmless(store, brand):
    grant = _grant(store, brand)
    token = _token(store, grant)

    grants.revoke(store, grant.id, now=T1)
    again = grants.revoke(store, grant.id, now=T1)

    assert tokens.get(store, token.id).problem(T1) == "revoked"
    assert again.version == 2


def test_narrowing_cannot_widen_past_what_was_allowed(store, brand):
    grant = _grant(store, brand, frozenset({"profile:read"}))

    with pytest.raises(ValidationError) as e:
        grants.rescope(store, grant.id, frozenset({"profile:read", "offers:write"}), now=T1)
    assert e.value.problems[0].code == "widened"
    assert grants.get(store, grant.id).version == 1


def test_a_narrowed_scope_can_be_given_back(store, brand):
    grant = _grant(store, brand)
    grants.rescope(store, grant.id, frozenset({"profile:read"}), now=T1)
    assert grants.consented(store, grant.id) == READ

    back = grants.rescope(store, grant.id, READ, now=T1)

    assert back.scopes == READ and back.change == "widened"
    assert [v.change for v in grants.history(store, grant.id)] == [
        "created", "narrowed", "widened"]


def test_what_was_allowed_is_what_the_consumer_last_said_yes_to(store, brand):
    grant = _grant(store, brand)
    grants.create(store, brand.id, frozenset({"offers:write"}), purpose=None, expires_at=None,
                  now=T1)  # the brand asked again and got something else

    assert grants.consented(store, grant.id) == {"offers:write"}


def test_an_ended_grant_cannot_be_changed(store, brand):
    grant = _grant(store, brand)
    grants.revoke(store, grant.id, now=T1)

    with pytest.raises(Conflict):
        grants.resume(store, grant.id, now=T1)
    with pytest.raises(Conflict):
        grants.set_expiry(store, grant.id, None, now=T1)


def test_a_new_authorization_makes_a_new_version_of_the_live_grant(store, brand):
    first = _grant(store, brand)
    again = grants.create(store, brand.id, frozenset({"offers:write"}), purpose=None,
                          expires_at=None, now=T1)

    assert again.id == first.id and again.change == "reauthorized"
    assert again.scopes == {"offers:write"}


@pytest.mark.parametrize("scopes, expires, field, code", [
    (frozenset(), None, "scopes", "no_scope_left"),
    (frozenset({"admin"}), None, "scopes", "unknown_scope"),
    (READ, T0, "expires_at", "not_future"),
    (READ, T0 - timedelta(seconds=1), "expires_at", "not_future"),
])
def test_no_scope_or_unknown_scope_or_past_expiry_is_refused(store, brand, scopes, expires,
                                                             field, code):
    with pytest.raises(ValidationError) as e:
        grants.create(store, brand.id, scopes, purpose=None, expires_at=expires, now=T0)
    assert (e.value.field, e.value.problems[0].code) == (field, code)
    assert grants.for_brand(store, brand.id) == []


def test_asking_again_replaces_the_purpose_and_the_end_date(store, brand):
    grant, end = _grant(store, brand), T1 + timedelta(days=30)

    again = grants.create(store, brand.id, READ, purpose="loyalty", expires_at=end, now=T1)

    assert (again.id, again.purpose, again.expires_at) == (grant.id, "loyalty", end)


def test_a_grant_of_a_blocked_brand_is_never_live(store, brand):
    brands.block(store, brand.id, now=T0)
    late = _grant(store, brand)  # say, written by a consent submitted as the brand was blocked

    assert (late.status, late.state(T1), grants.is_live(store, late.id, now=T1)) == (
        "active", "revoked", False)


def _token(store, grant):
    family = codes.issue(store, tokens.new_value(), brand_id=grant.brand_id, grant_id=grant.id,
                         redirect_uri="https://md.example/cb", scopes=grant.scopes,
                         challenge="x" * 43, challenge_method="S256", now=T0)
    return tokens.issue(store, tokens.new_value(), kind="access", brand_id=grant.brand_id,
                        grant_id=grant.id, family=family, scopes=grant.scopes, now=T0,
                        expires_at=T0 + timedelta(days=1))


def test_a_revoked_grant_reads_as_revoked_even_past_its_expiry(store, brand):
    grant = _grant(store, brand, expires_at=T1)
    grants.revoke(store, grant.id, now=T0 + timedelta(minutes=1))

    assert grants.get(store, grant.id).state(T1 + timedelta(days=1)) == "revoked"


def test_a_paused_grant_is_the_brand_s_current_one_and_asking_again_resumes_it(store, brand):
    grant = _grant(store, brand)
    grants.pause(store, grant.id, now=T1)
    assert grants.current_for_brand(store, brand.id, now=T1).id == grant.id

    again = grants.create(store, brand.id, READ, purpose=None, expires_at=None, now=T1)

    assert (again.id, again.change, again.state(T1)) == (grant.id, "reauthorized", "active")


def test_a_grant_is_current_until_its_expiry_then_asking_again_makes_a_new_grant(store, brand):
    grant = _grant(store, brand, expires_at=T1)
    before = T1 - timedelta(seconds=1)

    assert grants.current_for_brand(store, brand.id, now=before).id == grant.id
    assert grants.current_for_brand(store, brand.id, now=T1) is None
    again = grants.create(store, brand.id, READ, purpose=None, expires_at=None, now=T1)
    assert again.id != grant.id and again.change == "created"


def test_a_grant_with_an_end_date_can_be_narrowed_and_given_a_new_end(store, brand):
    grant = _grant(store, brand, expires_at=T1 + timedelta(days=1))

    grants.rescope(store, grant.id, frozenset({"profile:read"}), now=T1)
    later = grants.set_expiry(store, grant.id, T1 + timedelta(days=7), now=T1)

    assert (later.scopes, later.expires_at) == ({"profile:read"}, T1 + timedelta(days=7))
    assert grants.set_expiry(store, grant.id, None, now=T1).expires_at is None


def test_widening_past_what_was_allowed_is_an_error_on_the_scopes(store, brand):
    grant = _grant(store, brand, frozenset({"profile:read"}))

    with pytest.raises(ValidationError) as e:
        grants.rescope(store, grant.id, frozenset({"offers:write"}), now=T1)
    assert (e.value.field, e.value.problems[0].code) == ("scopes", "widened")


def test_rescoping_to_the_same_scopes_changes_nothing(store, brand):
    grant = _grant(store, brand)

    same = grants.rescope(store, grant.id, READ, now=T1)

    assert same == grant
    assert [v.change for v in grants.history(store, grant.id)] == ["created"]


@pytest.mark.parametrize("end", [T1, T1 - timedelta(seconds=1)])
def test_a_new_end_date_must_be_after_now(store, brand, end):
    grant = _grant(store, brand)

    with pytest.raises(ValidationError) as e:
        grants.set_expiry(store, grant.id, end, now=T1)
    assert (e.value.field, e.value.problems[0].code) == ("expires_at", "not_future")
    assert grants.get(store, grant.id).version == 1


def test_pausing_a_paused_grant_says_why_it_cannot(store, brand):
    grant = _grant(store, brand)
    grants.pause(store, grant.id, now=T1)

    with pytest.raises(Conflict, match=r"^This grant is paused, so it cannot be paused\.$"):
        grants.pause(store, grant.id, now=T1)


@pytest.mark.parametrize("change", [
    lambda s, g: grants.rescope(s, g, frozenset({"profile:read"}), now=T1),
    lambda s, g: grants.set_expiry(s, g, None, now=T1),
    lambda s, g: grants.pause(s, g, now=T1),
])
def test_an_expired_grant_cannot_be_changed_the_brand_must_ask_again(store, brand, change):
    grant = _grant(store, brand, expires_at=T1)

    with pytest.raises(Conflict, match=r"^This grant has ended; the brand must ask again\.$"):
        change(store, grant.id)
    assert grants.get(store, grant.id).version == 1


def test_revoking_says_why_by_the_consumer_unless_told(store, brand):
    mine, theirs = _grant(store, brand), _grant(store, _other(store))
    token = _token(store, theirs)

    grants.revoke(store, mine.id, now=T1)
    grants.revoke(store, theirs.id, now=T1, reason="refresh_reused")

    assert grants.get(store, mine.id).reason == "by_consumer"
    assert grants.get(store, theirs.id).reason == "refresh_reused"
    assert tokens.get(store, token.id).revoked_reason == "refresh_reused"


def test_revoking_a_brand_counts_the_grants_it_ended_and_says_why(store, brand):
    old = _grant(store, brand)
    grants.revoke(store, old.id, now=T0, reason="refresh_reused")
    current = _grant(store, brand)
    token = _token(store, current)

    assert grants.revoke_brand(store, brand.id, now=T1) == 1

    assert [g.reason for g in grants.for_brand(store, brand.id)] == [
        "by_consumer", "refresh_reused"]
    assert tokens.get(store, token.id).revoked_reason == "by_consumer"
    assert grants.revoke_brand(store, brand.id, now=T1) == 0


def test_the_receipt_of_each_change_states_the_grant_as_it_became(store, brand):
    grant = _grant(store, brand, expires_at=T1 + timedelta(days=1))
    grants.pause(store, grant.id, now=T1)

    key = identity.public_key(store)
    claims = receipts.verify(grants.get(store, grant.id).receipt.decode(), key)
    assert claims["grant"] == {
        "id": grant.id, "version": 2, "change": "paused", "status": "paused", "reason": None,
        "granted_at": "2030-01-01T12:00:00Z"}
    assert claims["purposes"] == ["offers"]
    assert claims["expires_at"] == "2030-01-02T13:00:00Z"
    revoked = grants.revoke(store, grant.id, now=T1, reason="refresh_reused")
    assert receipts.verify(revoked.receipt.decode(), key)["grant"]["reason"] == "refresh_reused"


def test_each_change_is_an_event_of_the_vault_s_log(store, brand):
    grant = _grant(store, brand)
    grants.revoke(store, grant.id, now=T1, reason="refresh_reused")

    kind, brand_id, details = store.one(
        "select kind, brand_id, details from vault_events order by seq desc limit 1")
    assert (kind, brand_id, json.loads(details)) == ("grant.revoked", brand.id, {
        "grant_id": grant.id, "version": 2, "status": "revoked",
        "scopes": "profile:read purchases:read", "reason": "refresh_reused"})


def test_sweeping_keeps_each_grant_s_expiry_receipt_once_it_is_due(store, brand):
    first = _grant(store, brand, expires_at=T1)
    second = _grant(store, _other(store), expires_at=T1)

    grants.sweep(store, now=T1 - timedelta(seconds=1))
    assert [r.change for r in receipts.stored(store, first.id)] == ["created"]
    grants.sweep(store, now=T1)

    for grant in (first, second):
        kept = receipts.stored(store, grant.id)
        assert [(r.change, r.issued_at) for r in kept] == [("created", T0), ("expired", T1)]
        assert kept == grants.receipts_of(store, grant.id, now=T1)


def _other(store):
    found, _ = brands.add(store, {"client_name": "Brûlerie Martin", "scope": "profile:read "
                                  "purchases:read", "redirect_uris": ["https://bm.example/cb"]},
                          source="manual", now=T0)
    return found
