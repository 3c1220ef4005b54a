"""The consumer's named recipes for generic CSV files, kept in the vault's settings table.

A recipe (vault/importers/recipes.py) is a small JSON document; each saved one is the
setting `recipe:<name>` holding that document, so it round-trips with `recipes.load`.
"""

from __future__ import annotations

from vault import settings
from vault.errors import NotFound
from vault.importers import recipes
from vault.importers.recipes import Recipe
from vault.store import Store

_PREFIX = "recipe:"


def save(store: Store, recipe: Recipe) -> None:
    """Keep `recipe` under its name, replacing one saved under the same name."""
    settings.put(store, _PREFIX + recipe.name, recipes.dump(recipe))


def names(store: Store) -> list[str]:
    """The names of the saved recipes, in alphabetical order."""
    return [r[0][len(_PREFIX):] for r in store.all(
        "select key from settings where key like 'recipe:%' order by key")]


def get(store: Store, name: str) -> Recipe:
    """The recipe saved as `name`. Raises NotFound if there is none."""
    document = settings.find(store, _PREFIX + name)
    if document is None:
        raise NotFound(f"There is no recipe {name!r}.")
    return recipes.load(document)
