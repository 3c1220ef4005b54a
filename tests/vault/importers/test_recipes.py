"""Recipes: saved, exported and shared as a small JSON document, checked when loaded."""

from __future__ import annotations

import json

import pytest

from vault.errors import ValidationError
from vault.importers import recipes
from vault.importers.recipes import Recipe

BANK = Recipe(name="Ma banque", columns={"date": "Date", "merchant": "Libellé",
                                          "amount": "Montant"},
              date_form="dmy", decimal=",", delimiter=";", encoding="cp1252", currency="EUR",
              tz="Europe/Paris")


def test_a_recipe_round_trips_through_its_json():
    text = recipes.dump(BANK)

    assert json.loads(text)["version"] == 1
    assert recipes.load(text) == BANK
    assert recipes.load(text.encode()) == BANK


def test_a_tab_delimiter_survives():
    tabbed = Recipe(name="t", columns={"date": "d"}, delimiter="\t")
    assert recipes.load(recipes.dump(tabbed)).delimiter == "\t"


def test_encodings_are_named_the_way_people_write_them():
    loaded = recipes.load(json.dumps({"name": "x", "columns": {}, "encoding": "Windows-1252"}))
    assert loaded.encoding == "cp1252"


@pytest.mark.parametrize(("document", "problems"), [
    ({"name": "", "columns": {}}, [("name", "required")]),
    ({"name": "x", "version": 2, "columns": {}}, [("version", "must_be")]),
    ({"name": "x", "columns": {"amout": "Montant"}}, [("columns.amout", "one_of")]),
    ({"name": "x", "columns": {"date": ""}}, [("columns.date", "required")]),
    ({"name": "x", "columns": [], "date_form": "ymd"},
     [("columns", "not_object"), ("date_form", "one_of")]),
    ({"name": "x", "columns": {}, "encoding": "ebcdic", "tz": "Mars/Olympus",
      "currency": "EU1", "decimal": ";"},
     [("decimal", "one_of"), ("encoding", "one_of"), ("currency", "not_currency"),
      ("tz", "not_time_zone")]),
])
def test_a_bad_recipe_is_refused_naming_each_problem(document, problems):
    with pytest.raises(ValidationError) as caught:
        recipes.load(json.dumps(document))
    assert sorted((p.field, p.code) for p in caught.value.problems) == sorted(problems)


@pytest.mark.parametrize("data", ["{", "[1]", b"\xff\xfe"])
def test_what_is_no_json_object_is_no_recipe(data):
    with pytest.raises(ValidationError) as caught:
        recipes.load(data)
    assert caught.value.field == "recipe"


def test_columns_the_file_lacks_are_named():
    with pytest.raises(ValidationError) as caught:
        recipes.check_columns(BANK, ["Date", "Libelle", "Montant"])
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("columns.merchant", "lacks the column Libellé")]


def test_a_recipe_must_say_where_date_amount_merchant_and_currency_come_from():
    with pytest.raises(ValidationError) as caught:
        recipes.check_columns(Recipe(name="x", columns={"item_name": "Produit"}), ["Produit"])
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("columns.date", "no column gives the date"),
        ("columns.amount", "no column gives the amount"),
        ("columns.merchant", "no column gives the merchant"),
        ("columns.currency", "no column gives the currency")]
