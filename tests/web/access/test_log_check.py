"""Activity's "Check that this log was never changed", in both languages."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, snapshot
from tests.web.helpers import text
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from vault import audit, tamper

SAID = {"en": ("The log is intact", "Event #%d was edited after it was logged."),
        "fr": ("Le journal est intact",
               "L’événement n° %d a été modifié après avoir été journalisé.")}


@pytest.fixture
def read_twice(owner, store_of):
    """A brand read the profile twice; return the log position of the second read."""
    token = direct_token(store_of, add_brand(store_of), {"profile:read"})
    for _ in range(2):
        assert owner.get("/api/v1/profile", headers=bearer(token)).status_code == 200
    audit.settle(store_of)  # the journal's events into the log
    return store_of.value("select max(seq) from access_log")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_check_says_intact_then_names_the_edited_event(owner, store_of, read_twice,
                                                          language):
    owner.post("/language", data={"language": language, "next": "/access/activity"})
    intact, edited = SAID[language]
    assert intact in text(owner.post("/access/activity/verify"))
    store_of.execute("update access_log set records = 0 where seq = ?", (read_twice,))
    page = text(owner.post("/access/activity/verify"))
    assert edited % read_twice in page
    assert intact not in page


def test_the_check_writes_nothing(owner, store_of, read_twice):
    before = snapshot(store_of)
    owner.post("/access/activity/verify")
    assert snapshot(store_of) == before


def test_signing_in_locking_and_unlocking_are_events_of_the_log(app, owner):
    rt = app.extensions["coffre"]
    owner.post("/lock")
    assert owner.post("/unlock", data={"passphrase": PASSPHRASE}).status_code == 302
    kinds = [r[0] for r in rt.require().all("select kind from vault_events order by seq")]
    assert kinds == ["consumer.signed_in", "vault.locked", "vault.unlocked",
                     "consumer.signed_in"]
    assert tamper.check(rt.require()).intact
