"""The category vocabulary: codes and words in two languages, other words, search, covers."""

import json
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent import demo as demo_offers
from vault import categories, demo, intents, preferences, validate
from vault.errors import NotFound, ValidationError
from vault.money import Money
from vault.preferences import Preferences

ROOT = Path(__file__).parents[2]
CODES = [c.code for c in categories.all()]
WORDS = [(word, c.code) for c in categories.all() for word in c.words()]


@pytest.mark.parametrize(("word", "code"), [
    ("livres", "09.7.1"), ("Livre", "09.7.1"), ("Bande dessinée", "09.7.1"),
    ("bandes-dessinées", "09.7.1"), ("ROMANS", "09.7.1"), ("bd", "09.7.1"),
    ("VOYAGE", "07.3"), ("voyages", "07.3"), ("travel", "07.3"),
    ("train", "07.3.1"), ("TGV", "07.3.1"), ("avion", "07.3.3"), ("flights", "07.3.3"),
    ("vêtements", "03.1"), ("chaussures", "03.2"), ("jardin", "09.3.1"), ("vélo", "07.1.3"),
    ("  Magazines ", "09.7.2"), ("jeux vidéo", "09.2.1"), ("œufs", "01.1"), ("oeufs", "01.1"),
])
def test_a_word_in_either_language_names_its_category(word, code):
    assert categories.resolve(word).code == code


@pytest.mark.parametrize(("word", "code"), [
    # Every category word that the demo, the fixtures and the tests send today.
    ("books", "09.7.1"), ("Books", "09.7.1"), ("BOOKS", "09.7.1"), ("travel", "07.3"),
    ("sport", "09.2.2"), ("electronics", "08.1"), ("Électronique", "08.1"),
    ("garden", "09.3.1"), ("gardening", "09.3.1"), ("groceries", "01"), ("food", "01.1"),
    ("home", "05"), ("fashion", "03"), ("clothing", "03.1"), ("shoes", "03.2"),
    ("beauty", "13.1"), ("Beauty", "13.1"), ("restaurants", "11.1"), ("culture", "09.6"),
    ("gambling", "09.4.7"), ("tobacco", "02.3"), ("cuisine", "05.4"), ("Cuisine", "05.4"),
    ("music", "09.5"), ("services", "13.9"), ("cycling", "07.1.3"), ("tea", "01.2"),
    ("Jardin", "09.3.1"), ("BD", "09.7.1"), ("Roman", "09.7.1"),
])
def test_the_words_in_use_today_all_map_to_a_code(word, code):
    assert categories.resolve(word).code == code


def test_every_category_the_demo_and_the_fixtures_send_is_known(store):
    today = date.today()
    demo.populate(store, today=today, orders_count=60)
    prefs = preferences.get(store)
    scenario = json.loads((ROOT / "tests/fixtures/offers/scenario.json").read_text("utf-8"))
    used = {item.category for order in demo.orders(count=500, today=today)
            for item in order.items}
    used |= {o["category"] for o in demo_offers.offers(datetime.now(UTC))}
    used |= {*prefs.interests, *prefs.blocked_categories, *prefs.price_ceilings}
    used |= {i.category for i in intents.all_intents(store)}
    used |= {case["offer"]["category"] for case in scenario["offers"]}
    used |= {*scenario["consumer"]["preferences"]["interests"],
             *scenario["consumer"]["preferences"]["blocked_categories"]}
    assert sorted(w for w in used if categories.is_other(w)) == []


@pytest.mark.parametrize("word", ["Vélos d'occasion & pièces", "vélo cargo", "x", "14.1"])
def test_a_word_that_names_nothing_is_kept_as_written(word):
    resolved = categories.resolve(f"  {word} ")
    assert resolved.is_other and resolved.code is None
    assert (resolved.word, resolved.stored) == (word, f"other:{word}")
    assert categories.label(resolved.stored, "en") == f"other: {word}"
    assert categories.label(resolved.stored, "fr") == f"autre : {word}"


def test_an_unknown_word_is_never_merged_with_a_near_one():
    cargo, bike = categories.resolve("vélo cargo"), categories.resolve("vélo")
    assert cargo.is_other and bike.code == "07.1.3"
    assert not categories.covers("vélo", "vélo cargo")
    assert not categories.covers("vélo cargo", "vélo")


def test_a_stored_other_reads_back_and_finds_a_word_the_vocabulary_knows():
    assert categories.resolve("other:vélo cargo").stored == "other:vélo cargo"
    assert categories.resolve("other:livres").code == "09.7.1"
    assert categories.is_other("other:vélo cargo") and categories.is_other("vélo cargo")
    assert not categories.is_other("other:livres") and not categories.is_other("09.7.1")
    assert not categories.is_other("  ")


@pytest.mark.parametrize("blank", ["", "   ", "other:", "other:  "])
def test_a_blank_category_is_refused(blank):
    with pytest.raises(ValidationError) as error:
        categories.resolve(blank)
    assert error.value.field == "category"


@pytest.mark.parametrize(("code", "expected"), [
    ("09.7.1.9", "09.7.1"),  # a COICOP subclass goes to its class
    ("07.3.2.2", "07.3.2"),
    ("09.4.1", "09"),  # a class the vocabulary lacks goes to the nearest broader category
    ("04.4.1.1", "04"),
])
def test_a_finer_coicop_code_goes_to_its_nearest_broader_category(code, expected):
    assert categories.resolve(code).code == expected


def test_a_code_outside_coicop_households_stays_an_other():
    assert categories.resolve("15.1").stored == "other:15.1"
    assert categories.resolve("9.7.1").stored == "other:9.7.1"


@pytest.mark.parametrize(("value", "language", "shown"), [
    ("09.7.1", "fr", "Livres"), ("09.7.1", "en", "Books"), ("livres", "en", "Books"),
    ("07.3.3", "fr", "Vols"), ("07.3.1", "fr-FR", "Trains"), ("07.3.1", "fr_CA", "Trains"),
    ("09.3.1", "de", "Garden"), ("other:vélo cargo", "fr", "autre : vélo cargo"),
    ("vélo cargo", "en", "other: vélo cargo"),
])
def test_labels_in_both_languages(value, language, shown):
    assert categories.label(value, language) == shown


def test_get_and_find():
    books = categories.get("09.7.1")
    assert (books.label_en, books.label_fr, books.group) == ("Books", "Livres", "09.7")
    assert (books.coicop_en, books.coicop_fr) == ("Books", "Livres")
    assert categories.find(" 09.7.1 ") == books
    assert categories.find("09.9") is None and categories.find("livres") is None
    with pytest.raises(NotFound):
        categories.get("09.9")


def test_search_ranks_the_labels_of_the_language_first():
    assert [c.code for c in categories.search("voy", "fr")][:2] == ["07.3", "09.8"]
    assert categories.search("liv", "fr")[0].code == "09.7.1"
    assert categories.search("LIVRES", "fr")[0].code == "09.7.1"
    assert categories.search("velo", "fr")[0].code == "07.1.3"
    assert categories.search("book", "fr")[0].label("fr") == "Livres"  # through a synonym
    assert categories.search("09.7", "en")[0].code == "09.7"
    assert categories.search("zzzz", "fr") == []


def test_search_without_text_lists_every_category_by_label():
    listed = categories.search("", "fr")
    assert len(listed) == len(CODES)
    assert listed[0].label_fr == "Activités sportives et de loisirs"
    assert len(categories.search("", "fr", limit=5)) == 5


@pytest.mark.parametrize(("general", "specific", "covered"), [
    ("07.3", "07.3.1", True), ("travel", "train", True), ("voyage", "avion", True),
    ("09", "livres", True), ("books", "Livres", True), ("07.3.1", "07.3", False),
    ("07.3", "11.2", False), ("books", "newspapers", False),
    ("other:vélo cargo", "Vélos Cargo", True), ("other:vélo cargo", "books", False),
    ("books", "other:books club", False),
])
def test_covers_follows_the_hierarchy(general, specific, covered):
    assert categories.covers(general, specific) is covered


def test_every_category_has_distinct_labels_in_both_languages():
    for category in categories.all():
        assert category.label_en.strip() and category.label_fr.strip()
        assert category.coicop_en.strip() and category.coicop_fr.strip()
        assert category.label_en != category.label_fr, category.code


def test_the_tree_is_in_code_order_and_each_group_is_a_category():
    assert sorted(CODES) == CODES and len(set(CODES)) == len(CODES)
    for category in categories.all():
        if category.group is not None:
            assert category.code.startswith(f"{category.group}.")
            assert categories.covers(category.group, category.code)


def test_every_word_names_exactly_its_own_category():
    # A word listed under two categories would resolve to one of them only.
    wrong = [(word, code, categories.resolve(word).code) for word, code in WORDS
             if categories.resolve(word).code != code]
    assert wrong == []


def test_the_docs_list_every_category_with_its_labels_titles_and_synonyms():
    docs = (ROOT / "docs/categories.md").read_text("utf-8")
    for c in categories.all():
        synonyms = "; ".join(filter(None, (", ".join(c.synonyms_en), ", ".join(c.synonyms_fr))))
        assert f"| {c.code} | {c.label_en} | {c.label_fr} | {synonyms} |" in docs, c.code
        assert f"| {c.code} | {c.coicop_en} | {c.coicop_fr} |" in docs, c.code


@given(st.sampled_from(CODES))
def test_a_code_resolves_to_itself(code):
    assert categories.resolve(code).stored == code
    assert categories.resolve(f" {code} ").code == code


@given(st.sampled_from(CODES), st.integers(min_value=0, max_value=9))
def test_a_finer_code_stays_under_its_category(code, digit):
    finer = f"{code}.{digit}"
    if finer.count(".") <= 3:
        assert categories.covers(code, categories.resolve(finer).stored)


ACCENTED = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "y": "ÿ"}


@st.composite
def variants(draw, word: str) -> str:
    """The word with each letter's case and accents changed at random, spaces around it."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(ch))
    letters = [draw(st.sampled_from([ch.lower(), ch.upper(), *ACCENTED.get(ch.lower(), "")]))
               for ch in bare]
    return draw(st.sampled_from(["", " ", "\t"])) + "".join(letters) + " "


@given(st.data(), st.sampled_from(WORDS))
def test_resolving_ignores_case_and_accents(data, entry):
    word, code = entry
    assert categories.resolve(data.draw(variants(word))).code == code


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèàçùôÉÈÀÇ '-"


@given(st.text(alphabet=LETTERS, min_size=1, max_size=20).filter(str.strip))
def test_any_word_reads_back_from_its_stored_form(word):
    resolved = categories.resolve(word)
    assert categories.resolve(resolved.stored) == resolved
    assert categories.resolve(word.upper()).code == resolved.code
    if resolved.is_other:
        assert resolved.word == word.strip()
        assert categories.label(resolved.stored, "en") == f"other: {word.strip()}"


@pytest.mark.parametrize(("value", "expected"), [
    ("07.3.1", ("07.3.1", "07.3", "07")), ("TGV", ("07.3.1", "07.3", "07")),
    ("09.2.2", ("09.2.2", "09")), ("13", ("13",)),
    ("Vélos Cargo", ("other:velo cargo",)), ("other:vélo cargo", ("other:velo cargo",)),
])
def test_lineage_gives_the_keys_from_the_narrowest_up(value, expected):
    assert categories.lineage(value) == expected
    assert categories.key(value) == expected[0]


@given(st.sampled_from([w for w, _ in WORDS] + ["vélo cargo", "Vélos Cargo", "kite", "Kites"]),
       st.sampled_from([w for w, _ in WORDS] + ["vélo cargo", "kites", "other:KITE"]))
def test_two_values_share_a_key_exactly_when_each_covers_the_other(one, other):
    same = categories.covers(one, other) and categories.covers(other, one)
    assert (categories.key(one) == categories.key(other)) is same


def test_described_gives_the_stored_form_and_both_labels():
    assert categories.described("Livres") == {
        "code": "09.7.1", "label": {"en": "Books", "fr": "Livres"}}
    assert categories.described("cerf-volant") == {
        "code": "other:cerf-volant",
        "label": {"en": "other: cerf-volant", "fr": "autre : cerf-volant"}}


def test_a_record_s_category_is_checked_and_stored_by_code():
    word = "k" * validate.MAX_CATEGORY
    assert validate.category("interests", " Livres ") == "09.7.1"
    assert validate.category("interests", f"other:{word}") == f"other:{word}"  # saved back as is
    assert validate.category("interests", None, required=False) is None
    for bad, reason in (("other:  ", "required"), (word + "k", "too_long"), (5, "not_text")):
        with pytest.raises(ValidationError) as error:
            validate.category("interests", bad)
        assert [(p.field, p.code) for p in error.value.problems] == [("interests", reason)]


def test_preferences_are_stored_by_code_two_names_of_one_category_kept_once(store):
    saved = preferences.save(store, Preferences(
        interests={"books": 40, "Livres": 70, "kite": 20},
        blocked_categories=frozenset({"gambling", "Jeux d'argent"}),
        price_ceilings={"travel": Money(50000, "EUR"), "Voyages": Money(30000, "EUR")}))
    assert saved.interests == {"09.7.1": 70, "other:kite": 20}
    assert saved.blocked_categories == {"09.4.7"}
    assert saved.price_ceilings == {"07.3": Money(30000, "EUR")}
