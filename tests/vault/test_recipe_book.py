"""Named recipes kept in the vault: saved, listed, read back whole, replaced by name."""

from __future__ import annotations

import pytest

from vault import recipe_book
from vault.errors import NotFound
from vault.importers import recipes

RECIPE = recipes.check({"name": "Ma banque", "columns": {"date": "Date", "merchant": "Libellé",
                                                         "amount": "Montant"},
                        "date_form": "dmy", "decimal": ",", "currency": "EUR"})


def test_a_saved_recipe_reads_back_whole(store):
    recipe_book.save(store, RECIPE)

    assert recipe_book.names(store) == ["Ma banque"]
    assert recipe_book.get(store, "Ma banque") == RECIPE


def test_saving_under_the_same_name_replaces_it(store):
    recipe_book.save(store, RECIPE)
    recipe_book.save(store, recipes.check({**recipes.load(recipes.dump(RECIPE)).__dict__,
                                           "date_form": "mdy"}))

    assert recipe_book.names(store) == ["Ma banque"]
    assert recipe_book.get(store, "Ma banque").date_form == "mdy"


def test_other_settings_are_no_recipes(store):
    assert recipe_book.names(store) == []
    with pytest.raises(NotFound):
        recipe_book.get(store, "language")
