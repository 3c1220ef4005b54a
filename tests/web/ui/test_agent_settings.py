"""The time zone and the languages the consumer reads: chosen at setup and in Settings."""

from __future__ import annotations

import re

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from vault import profile, settings

GOOD = "velvet kettle orbit harbour"


def selected(html: str, name: str) -> list[str]:
    """The values selected in the `timezone` list, or ticked among the `name` boxes."""
    if name == "timezone":
        block = re.search(r'<select[^>]*name="timezone".*?</select>', html, re.S)[0]
        tags = re.findall(r"<option[^>]*>", block)
    else:
        tags = [t for t in re.findall(r"<input[^>]*>", html) if f'name="{name}"' in t]
    return [re.search(r'value="([^"]*)"', t)[1] for t in tags
            if re.search(r"\b(checked|selected)\b", t)]


def test_setup_proposes_the_servers_zone_for_the_browser_to_refine(fresh):
    _, client = fresh
    html = text(client.get("/setup"))
    assert re.search(r'<select[^>]*data-propose-zone[^>]*name="timezone"|'
                     r'<select[^>]*name="timezone"[^>]*data-propose-zone', html)
    assert selected(html, "timezone") == [str(settings.server_zone())]


def test_the_zone_chosen_at_setup_is_kept(fresh):
    app, client = fresh
    client.post("/setup", data={"new_passphrase": GOOD, "confirm": GOOD,
                                "timezone": "America/Sao_Paulo"})
    store = app.extensions["coffre"].require()
    assert str(settings.time_zone(store)) == "America/Sao_Paulo"


def test_settings_change_the_zone_and_refuse_an_unknown_one(owner, store_of):
    bad = owner.post("/settings", data={"idle_minutes": "30", "language": "en",
                                        "timezone": "Mars/Olympus"})
    assert bad.status_code == 422
    assert "Choose a time zone from the list" in error_beside(bad, "timezone")
    owner.post("/settings", data={"idle_minutes": "30", "language": "en",
                                  "timezone": "Asia/Tokyo"})
    assert str(settings.time_zone(store_of)) == "Asia/Tokyo"
    assert selected(text(owner.get("/settings")), "timezone") == ["Asia/Tokyo"]


def test_settings_show_the_languages_read_in_words_ticked_as_the_agent_uses_them(
        owner, store_of, clock):
    profile.set_identity(store_of, {"language": "de"}, now=clock.now())
    settings.put(store_of, settings.LANGUAGE_KEY, "en")
    english = text(owner.get("/settings"))
    assert ">German<" in english and ">Italian<" in english
    assert selected(english, "languages") == ["en", "de"]
    owner.post("/language", data={"language": "fr", "next": "/settings"})
    french = text(owner.get("/settings"))
    assert ">Allemand<" in french and "Langues que vous lisez" in french
    assert selected(french, "languages") == ["fr", "de"]


def test_saving_the_languages_read_makes_them_a_setting(owner, store_of):
    owner.post("/settings", data={"idle_minutes": "30", "language": "en",
                                  "languages": ["fr", "it"]})
    assert settings.languages_read(store_of) == ("fr", "it")
    assert selected(text(owner.get("/settings")), "languages") == ["fr", "it"]
    owner.post("/settings", data={"idle_minutes": "30", "language": "en"})  # none ticked
    assert settings.languages_read(store_of) is None
