"""`coffre import FILE --recipe NAME|FILE` and `coffre imports recipes`: the saved recipes."""

from __future__ import annotations

import json

import pytest

from tests.web.cli.helpers import coffre, opened
from tests.web.cli.test_imports import imported, orders
from vault import recipe_book
from vault.importers import recipes

# A file whose shop column is called "Enseigne": only a recipe says so.
SHOPS = (b"Jour;Enseigne;Prix\n"
         b"02/11/2026;Boulangerie Paul;1,20\n"
         b"13/11/2026;Fnac.com;8,90\n")
MINE = recipes.Recipe(name="Ma banque", columns={"date": "Jour", "merchant": "Enseigne",
                                                 "amount": "Prix"},
                      date_form="dmy", decimal=",", currency="EUR")
OTHER = recipes.Recipe(name="Carte", columns={"date": "Date", "merchant": "Shop",
                                              "amount": "Total"}, currency="EUR")


def saved(folder, *kept: recipes.Recipe) -> None:
    with opened(folder) as store:
        for recipe in kept:
            recipe_book.save(store, recipe)


def test_a_saved_recipe_is_used_by_its_name(vault_folder):
    saved(vault_folder, MINE)

    result = imported(vault_folder, SHOPS, "--recipe", "Ma banque")

    assert result.exit_code == 0, result.output
    assert "Added: 2 " in result.output
    assert orders(vault_folder) == [("2026-11-02", "Boulangerie Paul", 120),
                                    ("2026-11-13", "Fnac", 890)]
    with opened(vault_folder) as store:
        assert store.value("select recipe from imports") == "Ma banque"


def test_a_recipe_file_wins_over_a_saved_recipe_of_the_same_name(vault_folder, tmp_path,
                                                                   monkeypatch):
    saved(vault_folder, recipes.Recipe(name="Ma banque", columns={"date": "Nope"}))
    (tmp_path / "Ma banque").write_text(recipes.dump(MINE))
    monkeypatch.chdir(tmp_path)

    result = imported(vault_folder, SHOPS, "--recipe", "Ma banque")

    assert result.exit_code == 0, result.output
    assert "Added: 2 " in result.output


def test_a_folder_of_that_name_is_no_file_so_the_saved_recipe_is_used(vault_folder, tmp_path,
                                                                       monkeypatch):
    saved(vault_folder, MINE)
    (tmp_path / "Ma banque").mkdir()
    monkeypatch.chdir(tmp_path)

    result = imported(vault_folder, SHOPS, "--recipe", "Ma banque")

    assert result.exit_code == 0, result.output
    assert "Added: 2 " in result.output


def test_an_unknown_name_says_which_recipes_are_saved_and_imports_nothing(vault_folder):
    saved(vault_folder, MINE, OTHER)

    result = imported(vault_folder, SHOPS, "--recipe", "Ma banqe")

    assert result.exit_code == 1
    assert ("There is no recipe file or saved recipe called Ma banqe. The saved recipes are: "
            "Carte, Ma banque.") in result.output
    assert orders(vault_folder) == []


def test_an_unknown_name_with_nothing_saved_says_how_to_save_one(vault_folder):
    result = imported(vault_folder, SHOPS, "--recipe", "Ma banque")

    assert result.exit_code == 1
    assert "no recipe is saved yet: save one from Purchases → Import" in result.output


def test_a_file_that_is_no_recipe_is_refused_with_why(vault_folder, tmp_path):
    bad = tmp_path / "recette.json"
    bad.write_text('{"name": "x", "columns": {"colour": "Couleur"}}')

    result = imported(vault_folder, SHOPS, "--recipe", str(bad))

    assert result.exit_code == 1
    assert f"{bad} is not a recipe: columns.colour" in result.output
    assert orders(vault_folder) == []


def test_the_messages_are_in_french_when_the_environment_is(vault_folder):
    saved(vault_folder, MINE)
    path = vault_folder.parent / "releve.csv"
    path.write_bytes(SHOPS)

    unknown = coffre(vault_folder, "import", str(path), "--recipe", "Inconnue",
                     LANG="fr_FR.UTF-8")
    listed = coffre(vault_folder, "imports", "recipes", "Inconnue", LANGUAGE="fr")

    assert ("Il n’y a ni fichier ni recette enregistrée du nom de Inconnue. Vos recettes "
            "enregistrées : Ma banque.") in unknown.output
    assert "Vos recettes enregistrées : Ma banque." in listed.output


def test_the_saved_recipes_are_listed_with_their_columns(vault_folder):
    empty = coffre(vault_folder, "imports", "recipes")
    saved(vault_folder, MINE, OTHER)

    listed = coffre(vault_folder, "imports", "recipes")

    assert "No recipe is saved yet" in empty.output
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [
        "Carte  (date ← Date, merchant ← Shop, amount ← Total)",
        "Ma banque  (date ← Jour, merchant ← Enseigne, amount ← Prix)"]


def test_a_saved_recipe_is_exported_as_json_that_imports_elsewhere(vault_folder, tmp_path):
    saved(vault_folder, MINE)
    out = tmp_path / "ma-banque.json"

    printed = coffre(vault_folder, "imports", "recipes", "Ma banque")
    written = coffre(vault_folder, "imports", "recipes", "Ma banque", "--out", str(out))

    assert recipes.load(printed.output) == MINE
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Ma banque"
    assert f"Recipe Ma banque written to {out}." in written.output
    again = imported(vault_folder, SHOPS, "--recipe", str(out), name="autre.csv")
    assert again.exit_code == 0 and "Added: 2 " in again.output


@pytest.mark.parametrize("args", [("Nope",), ("Nope", "--out", "x.json")])
def test_exporting_an_unknown_recipe_names_the_saved_ones_and_writes_nothing(
        vault_folder, tmp_path, monkeypatch, args):
    saved(vault_folder, MINE)
    monkeypatch.chdir(tmp_path)

    result = coffre(vault_folder, "imports", "recipes", *args)

    assert result.exit_code == 1
    assert "The saved recipes are: Ma banque." in result.output
    assert not (tmp_path / "x.json").exists()
