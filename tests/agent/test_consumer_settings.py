"""The consumer's time zone and languages: settings the agent reads, never taken from purchases."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from agent import inbox
from tests.agent.builders import payload
from vault import offers as stored
from vault import preferences, profile, purchases, settings
from vault.errors import ValidationError
from vault.preferences import Preferences
from vault.purchases import Item, Order

LATE = datetime(2026, 3, 2, 20, 30, tzinfo=UTC)  # 21:30 in Paris, 15:30 in New York


def verdict(store, now=LATE, **changes) -> tuple[str, list[str]]:
    offer_id = inbox.receive(store, payload(**changes), source=inbox.OfferSource.imported(),
                             now=now)
    outcome = stored.get(store, offer_id).outcome
    return outcome.verdict, [r["code"] for r in outcome.reasons if r["stops"] != "note"]


@pytest.fixture
def quiet(store):
    """A consumer who likes books and wants quiet from 21:00 to 08:00."""
    preferences.save(store, Preferences(interests={"books": 80}, quiet_hours=(time(21),
                                                                              time(8))))
    return store


def test_quiet_hours_follow_the_time_zone_setting(quiet):
    settings.set_time_zone(quiet, "Europe/Paris")
    assert verdict(quiet) == ("hold", ["quiet_hours"])
    settings.set_time_zone(quiet, "America/New_York")
    assert verdict(quiet) == ("deliver", [])


def test_without_a_setting_the_servers_zone_is_used_not_utc(quiet, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert str(inbox.consumer_zone(quiet)) == "Europe/Paris"
    assert verdict(quiet) == ("hold", ["quiet_hours"])


def test_a_purchase_abroad_never_moves_the_consumers_zone(quiet):
    settings.set_time_zone(quiet, "Europe/Paris")
    purchases.add(quiet, Order("Uniqlo Ginza", datetime(2026, 3, 1, 12, tzinfo=ZoneInfo(
        "Asia/Tokyo")), "store", "EUR", (Item("Pull", "fashion", 1, 3000),)))
    assert str(inbox.consumer_zone(quiet)) == "Europe/Paris"
    assert verdict(quiet) == ("hold", ["quiet_hours"])


def test_an_unknown_zone_is_refused(store):
    with pytest.raises(ValidationError) as caught:
        settings.set_time_zone(store, "Mars/Olympus")
    assert [p.code for p in caught.value.problems] == ["time_zone"]
    assert settings.time_zone(store) is None


def test_an_english_offer_reaches_a_consumer_using_the_interface_in_english(store):
    preferences.save(store, Preferences(interests={"books": 80}))
    profile.set_identity(store, {"language": "fr"}, now=LATE)  # never chose an interface
    assert verdict(store, language="en") == ("deliver", [])
    assert verdict(store, language="de") == ("decline", ["language"])


def test_the_languages_read_default_to_the_interface_and_profile_then_are_a_setting(store):
    preferences.save(store, Preferences(interests={"books": 80}))
    profile.set_identity(store, {"language": "fr"}, now=LATE)
    settings.put(store, settings.LANGUAGE_KEY, "en")
    assert settings.languages_read(store) is None
    assert inbox.load_consumer(store, now=LATE).languages == {"fr", "en"}
    settings.set_languages_read(store, ["de", "fr"])
    assert inbox.load_consumer(store, now=LATE).languages == {"de", "fr"}
    assert verdict(store, language="de") == ("deliver", [])
    assert verdict(store, language="en") == ("decline", ["language"])
    settings.set_languages_read(store, [])  # none ticked: back to the default
    assert settings.languages_read(store) is None


def test_a_language_that_is_no_language_tag_is_refused(store):
    with pytest.raises(ValidationError):
        settings.set_languages_read(store, ["fr", "not a language"])
    assert settings.languages_read(store) is None
