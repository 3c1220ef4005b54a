"""Consent receipts: one per change and per expiry, chained, signed, canonical, never rewritten."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
import rfc8785

from tests.conftest import PASSPHRASE, TEST_COST, rewound
from vault import brands, grants, identity, jws, lifecycle, receipts
from vault.errors import Conflict, NotGenuine

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
READ = frozenset({"profile:read", "purchases:read"})


def _brand(store, name="Maison Dupont", **extra):
    found, _ = brands.add(store, {"client_name": name, "scope": "profile:read purchases:read",
                                  "redirect_uris": ["https://md.example/cb"],
                                  "contacts": ["privacy@md.example"],
                                  "policy_uri": "https://md.example/privacy", **extra},
                          source="manual", now=T0)
    return found


def _claims(store, grant_id, now=T1):
    return [receipts.verify(r.jws, identity.public_key(store))
            for r in grants.receipts_of(store, grant_id, now=now)]


def test_every_change_has_its_receipt_and_each_names_the_one_it_replaces(store):
    grant = grants.create(store, _brand(store).id, READ, purpose="Offers that fit you",
                          expires_at=None, now=T0)
    grants.rescope(store, grant.id, frozenset({"profile:read"}), now=T1)
    grants.rescope(store, grant.id, READ, now=T1)
    grants.set_expiry(store, grant.id, T1 + timedelta(days=30), now=T1)
    grants.pause(store, grant.id, now=T1)
    grants.resume(store, grant.id, now=T1)
    grants.revoke(store, grant.id, now=T1)

    found = _claims(store, grant.id)
    assert [c["grant"]["change"] for c in found] == [
        "created", "narrowed", "widened", "expiry", "paused", "resumed", "revoked"]
    assert [c["replaces"] for c in found] == [None, *(c["receipt_id"] for c in found[:-1])]
    assert len({c["receipt_id"] for c in found}) == 7
    assert (found[1]["scope"], found[2]["scope"]) == ("profile:read",
                                                      "profile:read purchases:read")
    assert found[-1]["grant"]["status"] == "revoked"


def test_a_receipt_holds_the_consent_record_fields(store):
    brand = _brand(store)
    grant = grants.create(store, brand.id, READ, purpose="Offers that fit you",
                          expires_at=T1 + timedelta(days=1), now=T0)

    (claims,) = _claims(store, grant.id)

    assert claims["jurisdiction"] == "EU" and claims["language"] == ["en", "fr"]
    assert claims["issued_at"] == "2030-01-01T12:00:00Z"
    assert claims["controller"] == {"name": "Maison Dupont", "client_id": brand.client_id,
                                    "contact": ["privacy@md.example"], "website": None,
                                    "privacy_policy": "https://md.example/privacy"}
    assert claims["subject"] == identity.pairwise_id(store, brand.client_id)
    assert claims["purposes"] == ["Offers that fit you"]
    assert [d["scope"] for d in claims["data"]] == ["profile:read", "purchases:read"]
    assert {tuple(d["category"]) for d in claims["data"]} == {("en", "fr")}
    assert claims["expires_at"] == "2030-01-02T13:00:00Z"
    assert set(claims["withdrawal"]) == {"en", "fr"}


def test_the_payload_is_rfc8785_canonical_json_and_the_header_names_the_vault_key(store):
    grant = grants.create(store, _brand(store).id, READ, purpose="Ünïcode purpose €",
                          expires_at=None, now=T0)
    token = grants.receipts_of(store, grant.id, now=T1)[0].jws
    header, payload, _ = (base64.urlsafe_b64decode(p + "==") for p in token.split("."))

    assert payload == rfc8785.dumps(json.loads(payload))
    assert json.loads(header) == {"alg": "EdDSA", "typ": receipts.TYP,
                                  "kid": identity.jwk(store)["kid"]}


def test_an_expiry_is_a_receipt_computed_when_read_and_kept_identical_later(store):
    grant = grants.create(store, _brand(store).id, READ, purpose=None,
                          expires_at=T1, now=T0)
    later = T1 + timedelta(days=2)
    before = store.value("select count(*) from receipts")

    seen = grants.receipts_of(store, grant.id, now=later)
    again = grants.receipts_of(store, grant.id, now=later + timedelta(days=5))

    assert [r.change for r in seen] == ["created", "expired"]
    assert store.value("select count(*) from receipts") == before  # reading wrote nothing
    assert seen == again and seen[-1].issued_at == T1
    grants.sweep(store, now=later)
    assert receipts.stored(store, grant.id) == seen
    assert grants.receipts_of(store, grant.id, now=later) == seen


def test_revoking_an_expired_grant_keeps_its_expiry_and_names_it(store):
    grant = grants.create(store, _brand(store).id, READ, purpose=None, expires_at=T1, now=T0)

    grants.revoke(store, grant.id, now=T1 + timedelta(days=1))

    found = receipts.stored(store, grant.id)
    assert [r.change for r in found] == ["created", "expired", "revoked"]
    assert found[-1].previous_id == found[-2].receipt_id


def test_a_revoke_receipt_names_the_grants_previous_receipt(store):
    grant = grants.create(store, _brand(store).id, READ, purpose=None, expires_at=None, now=T0)
    grants.pause(store, grant.id, now=T1)

    grants.revoke(store, grant.id, now=T1)

    *_, paused, revoked = _claims(store, grant.id)
    assert revoked["grant"]["change"] == "revoked" and revoked["replaces"] == paused["receipt_id"]


def test_a_receipt_is_never_edited_nor_deleted_even_in_sql(store):
    grants.create(store, _brand(store).id, READ, purpose=None, expires_at=None, now=T0)

    with pytest.raises(Conflict):
        store.execute("update receipts set jws = 'x'")
    with pytest.raises(Conflict):
        store.execute("delete from receipts")


@pytest.mark.parametrize("part", [0, 1, 2])
def test_flipping_any_byte_of_a_receipt_breaks_it_and_says_what_failed(store, part):
    grant = grants.create(store, _brand(store).id, READ, purpose=None, expires_at=None, now=T0)
    token = grants.receipts_of(store, grant.id, now=T1)[0].jws
    key = identity.public_key(store)
    start = sum(len(p) + 1 for p in token.split(".")[:part])
    messages = set()

    for i in range(start, start + len(token.split(".")[part])):
        for bit in (1, 2, 32):
            changed = bytearray(token.encode())
            changed[i] ^= bit
            with pytest.raises(NotGenuine) as caught:
                receipts.verify(changed.decode("latin-1"), key)
            messages.add(str(caught.value))

    assert all(m.startswith(("The receipt", "This receipt", "This is not")) for m in messages)
    if part == 2:
        assert any("signature does not match" in m for m in messages)


def test_a_receipt_from_another_vault_or_of_another_kind_is_refused(store, tmp_path):
    grant = grants.create(store, _brand(store).id, READ, purpose=None, expires_at=None, now=T0)
    token = grants.receipts_of(store, grant.id, now=T1)[0].jws
    other, _ = lifecycle.create(tmp_path / "other", PASSPHRASE, cost=TEST_COST)

    with pytest.raises(NotGenuine, match="another signing key"):
        receipts.verify(token, identity.public_key(other))
    share = jws.sign({"a": 1}, identity.signing_key(store), typ="coffre-share+jws")
    with pytest.raises(NotGenuine, match="not a receipt"):
        receipts.verify(share, identity.public_key(store))
    other.close()


def test_two_brands_get_different_pairwise_ids_stable_across_a_restart(store, folder):
    one, two = _brand(store).client_id, _brand(store, name="Librairie Martin").client_id
    first = (identity.pairwise_id(store, one), identity.pairwise_id(store, two))
    store.close()

    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)

    assert (identity.pairwise_id(reopened, one), identity.pairwise_id(reopened, two)) == first
    assert first[0] != first[1] and one not in first[0]
    reopened.close()


def test_the_fingerprint_is_short_and_names_the_published_key(store):
    raw = base64.urlsafe_b64decode(identity.jwk(store)["x"] + "=")

    assert raw == identity.public_key(store)
    assert len(identity.fingerprint(raw)) == 19 and identity.fingerprint(raw).count("-") == 3


def test_a_vault_from_before_receipts_gets_a_pairwise_secret_and_its_grants_receipts(
        folder, created):
    old = rewound(folder, created[0], upto=6)
    old.execute("insert into vault_identity values (1, ?, '2025-01-01T00:00:00Z')",
                (b"s" * 32,))
    old.execute("insert into brands (client_id, name, redirect_uris, scopes, grant_types,"
                " auth_method, source, created_at) values ('cof_old', 'Mollat',"
                " '[\"https://m.example/cb\"]', 'profile:read', '[\"authorization_code\"]',"
                " 'none', 'manual', '2025-01-01T00:00:00Z')")
    old.execute("insert into grants (brand_id, created_at) values (1, '2025-01-01T00:00:00Z')")
    old.execute("insert into grant_versions (grant_id, version, status, scopes, change,"
                " changed_at, receipt) values (1, 1, 'active', 'profile:read', 'created',"
                " '2025-01-01T00:00:00Z', x'00')")
    old.close()

    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)

    (found,) = grants.receipts_of(store, 1, now=T0)
    assert receipts.verify(found.jws, identity.public_key(store))["subject"] == (
        identity.pairwise_id(store, "cof_old"))
    grants.revoke(store, 1, now=T0)
    assert [r.change for r in receipts.stored(store, 1)] == ["created", "revoked"]
    assert receipts.stored(store, 1)[0] == found
    store.close()
