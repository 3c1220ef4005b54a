"""One user action, one transaction: when its last write fails, the vault is exactly as before.

The failure is a real SQLite trigger the test adds to the vault's schema. It
fires on the write that follows the action's own: the held offers decided
again after a consumer's change, or the access-log record of a brand's call.
Each action is also run without it, to show it does write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from agent import inbox
from tests.conftest import file_size_limit, snapshot
from tests.web.helpers import DemoVault
from tests.web.oauth.helpers import bearer, offer, receipt
from vault import audit, intents, tamper, transparency
from vault.errors import Conflict

WHEN_REDECIDED = ("create trigger injected before update of decided_at on offers"
                  " begin select raise(abort, 'injected'); end")
WHEN_LOGGED = ("create trigger injected before insert on access_log"
               " when new.outcome = 'allowed' begin select raise(abort, 'injected'); end")
WHEN_ITEM_ADDED = ("create trigger injected before insert on order_items"
                   " begin select raise(abort, 'injected'); end")

PREFERENCES = {"interests-0-category": "garden", "interests-0-weight": "90",
               "channel_1": "email", "channel_2": "", "channel_3": "", "channel_4": "",
               "currency": "EUR", "save": "1"}
INTENT = {"description": "Un week-end à Porto", "category": "travel", "budget": "300",
          "currency": "EUR", "place": "", "expires_on": ""}


def _intent(vault: DemoVault) -> int:
    return intents.all_intents(vault.store)[0].id


def _offer(vault: DemoVault) -> int:
    return vault.store.value("select min(id) from offers where verdict = 'deliver'")


def _put_away(vault: DemoVault) -> int:
    """An offer the consumer said "never from this brand" to."""
    offer_id = _offer(vault)
    inbox.never_from_brand(vault.store, offer_id, now=datetime.now(UTC))
    return offer_id


# action -> what the consumer posts, given the vault
CONSUMER: dict[str, Callable[[DemoVault], tuple[str, dict]]] = {
    "save preferences": lambda v: ("/preferences", PREFERENCES),
    "add an intent": lambda v: ("/intents", INTENT),
    "edit an intent": lambda v: (f"/intents/{_intent(v)}/edit", INTENT),
    "close an intent": lambda v: (f"/intents/{_intent(v)}/close", {}),
    "delete an intent": lambda v: (f"/intents/{_intent(v)}/delete", {}),
    **{f"{action} an offer": (lambda v, a=action: (f"/offers/{_offer(v)}/{a}", {}))
       for action in ("accept", "dismiss", "less")},
    "never an offer": lambda v: (f"/offers/{_offer(v)}/never", {"confirmed": "yes"}),
    "put an offer back": lambda v: (f"/offers/{_put_away(v)}/back", {}),
    "hear from a brand again": lambda v: (f"/offers/{_put_away(v)}/again", {}),
}


@pytest.mark.parametrize("action", sorted(CONSUMER))
def test_an_action_whose_decisions_fail_changes_nothing(owner, demo_vault, action):
    path, data = CONSUMER[action](demo_vault)
    before = snapshot(demo_vault.store)
    demo_vault.store.execute(WHEN_REDECIDED)

    assert owner.post(path, data=data).status_code == 409

    assert snapshot(demo_vault.store) == before
    demo_vault.store.execute("drop trigger injected")
    assert owner.post(path, data=data).status_code == 302
    assert snapshot(demo_vault.store) != before


# brand call -> (method, path, JSON body): its record is written in the call's transaction
BRAND = {
    "send an offer": ("POST", "/api/v1/offers", offer),
    "push a receipt": ("POST", "/api/v1/purchases", receipt),
}


@pytest.mark.parametrize("call", sorted(BRAND))
def test_a_brand_call_whose_record_fails_leaves_nothing_and_discloses_nothing(
        client, demo_vault, call):
    method, path, body = BRAND[call]
    before = snapshot(demo_vault.store)
    demo_vault.store.execute(WHEN_LOGGED)

    response = client.open(path, method=method, json=body and body(),
                           headers=bearer(demo_vault.token))

    assert response.status_code == 409 and "Lyon" not in response.get_data(as_text=True)
    assert snapshot(demo_vault.store) == before
    demo_vault.store.execute("drop trigger injected")
    assert client.open(path, method=method, json=body and body(),
                       headers=bearer(demo_vault.token)).status_code in (200, 201)


LOG = ("access_log", "log_nodes", "tree_heads", "journal_marks")


def test_a_read_whose_record_the_journal_cannot_take_discloses_nothing(client, demo_vault):
    """A read's record goes to the journal before the answer leaves (vault.journal): when
    the journal cannot take it (a full disk), the brand gets an error, not the data."""
    assert client.get("/api/v1/profile", headers=bearer(demo_vault.token)).status_code == 200
    (journal,) = demo_vault.store.path.parent.glob("journal-*.bin")

    before, answered = snapshot(demo_vault.store), 0  # that read folded: the journal is empty
    with file_size_limit(journal.stat().st_size):  # reads until the room reserved runs out
        for answered in range(5000):  # noqa: B007 -- the count is kept
            response = client.get("/api/v1/profile", headers=bearer(demo_vault.token))
            if response.status_code != 200:
                break

    assert response.status_code == 500 and "Lyon" not in response.get_data(as_text=True)
    after = snapshot(demo_vault.store)  # every read answered is logged; the refused one, not
    assert len(after["access_log"]) == len(before["access_log"]) + answered
    assert {t: rows for t, rows in after.items() if t not in LOG} == {
        t: rows for t, rows in before.items() if t not in LOG}
    assert client.get("/api/v1/profile", headers=bearer(demo_vault.token)).status_code == 200


def test_a_read_whose_record_cannot_be_folded_yet_waits_in_the_journal(client, demo_vault):
    store = demo_vault.store
    store.execute(WHEN_LOGGED)

    assert client.get("/api/v1/profile", headers=bearer(demo_vault.token)).status_code == 200
    with pytest.raises(Conflict):
        audit.settle(store)
    store.execute("drop trigger injected")

    audit.settle(store)
    assert store.value("select endpoint from access_log order by seq desc limit 1") == (
        "/api/v1/profile")
    assert tamper.check(store).intact


def test_a_refused_call_keeps_its_record_and_none_of_its_writes(client, demo_vault):
    store = demo_vault.store
    before = snapshot(store)
    store.execute(WHEN_ITEM_ADDED)

    response = client.post("/api/v1/purchases", json=receipt(), headers=bearer(demo_vault.token))

    assert response.status_code == 409
    after, earlier = snapshot(store), before.pop("access_log")
    logged = [row for row in after.pop("access_log") if row not in earlier]
    heads = before.pop("tree_heads")  # the record's leaf and its signed head, nothing else
    assert set(before.pop("log_nodes")) <= set(after.pop("log_nodes"))
    assert set(heads) < set(after.pop("tree_heads")) and transparency.size(store) == len(heads) + 1
    assert after == before
    assert [(r[5], r[6], r[8], r[9]) for r in logged] == [
        ("POST", "/api/v1/purchases", "refused", "invalid_request")]
