"""What the agent says about an offer, as the consumer reads it, in English and in French."""

from __future__ import annotations

import html as markup
import re
from datetime import timedelta

import pytest

from agent import inbox
from tests.agent.builders import payload
from vault import intents, preferences, profile, settings
from vault import offers as stored
from vault.money import Money
from vault.preferences import Preferences

SOURCE = inbox.OfferSource.imported("test.json")


@pytest.fixture
def vault(owner, store_of, clock):
    """The signed-in client, the store and the clock; a consumer who reads French and English."""
    profile.set_identity(store_of, {"language": "fr"}, now=clock.now())
    settings.put(store_of, "language", "en")
    return owner, store_of, clock


def receive(vault, **changes) -> int:
    _, store, clock = vault
    until = (clock.now() + timedelta(days=20)).isoformat()
    return inbox.receive(store, payload(valid_until=until, **changes), source=SOURCE,
                         now=clock.now())


def read(vault, offer_id: int, language: str) -> str:
    """The offer's own page in `language`, as plain text (tags and entities gone)."""
    client = vault[0]
    client.post("/language", data={"language": language, "next": "/"})
    response = client.get(f"/offers/{offer_id}")
    assert response.status_code == 200
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
                    .split())


def test_a_sofa_naming_the_laptop_search_is_not_said_to_answer_it(vault):
    _, store, clock = vault
    laptop = intents.add(store, {"category": "computers", "description": "a light laptop",
                                 "budget": "1200"}, now=clock.now())
    sofa = receive(vault, title="Canapé", category="furniture", price="800.00",
                   in_reply_to_intent=laptop)
    english, french = read(vault, sofa, "en"), read(vault, sofa, "fr")
    assert "It answers what you are looking for" not in english
    assert ("It says it answers what you are looking for (a light laptop), but it is about "
            "something else, so it is not counted as an answer.") in english
    assert "Elle répond à ce que vous cherchez" not in french
    assert ("Elle dit répondre à ce que vous cherchez (a light laptop), mais elle porte sur "
            "autre chose : elle n’est pas comptée comme une réponse.") in french


def test_caps_say_the_last_seven_days_with_plurals(vault):
    _, store, _ = vault
    preferences.save(store, Preferences(interests={"books": 80}, per_brand_weekly=1))
    receive(vault)
    turned_away = receive(vault)
    assert ("1 offer from Fnac already reached you in the last 7 days; your limit is 1."
            in read(vault, turned_away, "en"))
    assert ("1 offre de Fnac vous est déjà parvenue ces 7 derniers jours ; votre limite est "
            "de 1." in read(vault, turned_away, "fr"))
    preferences.save(store, Preferences(interests={"books": 80}, overall_weekly=2))
    receive(vault, brand="Cultura")
    waiting = receive(vault, brand="Gibert")
    assert ("2 offers already reached you in the last 7 days; your limit is 2. This one waits "
            "for your digest." in read(vault, waiting, "en"))
    assert ("2 offres vous sont déjà parvenues ces 7 derniers jours ; votre limite est de 2. "
            "Celle-ci attend votre récapitulatif." in read(vault, waiting, "fr"))


def test_a_price_in_another_currency_says_what_happens_next(vault):
    _, store, _ = vault
    preferences.save(store, Preferences(interests={"books": 80},
                                        price_ceilings={"books": Money(3000, "EUR")}))
    held = receive(vault, price="10.00", currency="GBP")
    assert ("your limit for Books is in EUR, so your agent cannot compare them: it keeps the "
            "offer for your digest, for you to judge." in read(vault, held, "en"))
    assert ("votre plafond pour Livres est en EUR : votre agent ne peut pas les comparer et "
            "garde l’offre pour votre récapitulatif, à vous de juger." in read(vault, held, "fr"))


def test_a_weak_match_is_said_in_plain_words_without_scores(vault):
    held = receive(vault, category="garden")
    english, french = read(vault, held, "en"), read(vault, held, "fr")
    assert ("It matches little of what you told your agent you like, so it waits for your "
            "digest instead of reaching you now." in english)
    assert ("Elle correspond peu à ce que vous avez dit aimer : elle attend votre "
            "récapitulatif au lieu de vous parvenir tout de suite." in french)
    assert "kept it for your digest (a weak match)" in english
    assert "l’a gardée pour votre récapitulatif (correspond peu)" in french
    for text in (english, french):
        assert re.search(r"score|needed|relevance|pertinence|il en faut", text) is None


def test_an_answer_is_said_to_answer_without_its_score(vault):
    _, store, clock = vault
    laptop = intents.add(store, {"category": "computers", "description": "a light laptop",
                                 "budget": "1200"}, now=clock.now())
    answer = receive(vault, category="laptop", price="999.00", in_reply_to_intent=laptop)
    assert stored.get(store, answer).outcome.score >= 1000
    assert "let it through (it answers what you are looking for)" in read(vault, answer, "en")
    french = read(vault, answer, "fr")
    assert "l’a laissée passer (elle répond à ce que vous cherchez)" in french
    assert not re.search(r"\b1\d{3}\b", french)


def test_languages_are_named_in_words(vault):
    german = receive(vault, language="de")
    assert ("It is written in German, which is not one of the languages you read."
            in read(vault, german, "en"))
    assert ("Elle est rédigée en allemand, qui ne fait pas partie des langues que vous lisez."
            in read(vault, german, "fr"))
