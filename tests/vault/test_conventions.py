"""Conventions of vault/, as tests: a lookup's name says what a miss does."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import vault
from vault import errors, settings, tokens

MODULES = [importlib.import_module(m.name)
           for m in pkgutil.walk_packages(vault.__path__, prefix="vault.")]
LOOKUPS = [(module.__name__, name, function) for module in MODULES
           for name, function in inspect.getmembers(module, inspect.isfunction)
           if function.__module__ == module.__name__ and re.fullmatch(r"(get|find)(_\w+)?", name)]


def test_there_are_lookups_of_both_kinds():
    names = {name.split("_")[0] for _module, name, _f in LOOKUPS}
    assert names == {"get", "find"} and len(LOOKUPS) > 10


@pytest.mark.parametrize(("module", "name", "function"), LOOKUPS,
                         ids=[f"{m}.{n}" for m, n, _f in LOOKUPS])
def test_find_may_return_none_and_get_never_does(module, name, function):
    returned = inspect.signature(function).return_annotation
    may_be_none = "None" in {part.strip() for part in str(returned).split("|")}
    assert returned is not inspect.Signature.empty
    assert may_be_none == name.startswith("find"), "find_x returns None, get_x raises NotFound"


def test_a_missing_token_or_setting_says_so_as_its_name_promises(store):
    with pytest.raises(errors.NotFound):
        tokens.get(store, 404)
    assert settings.find(store, "never-set") is None
