"""Every message beside a field is ours, in both languages: none of the form library's own."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from flask_wtf import FlaskForm

import web
from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from web.forms import CoffreForm

# The form library's wording, in English and in its French catalogue.
LIBRARY = ("This field is required", "Not a valid", "Field must", "Field cannot",
           "Number must", "Invalid Choice", "valid choice", "Ce champ est requis",
           "N'est pas", "Le champ ne peut", "Choix non valide")


def _page(owner, language, method, path, data=None):
    owner.post("/language", data={"language": language, "next": "/"})
    return getattr(owner, method)(path, data=data)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "This is not a date (expected YYYY-MM-DD)."),
    ("fr", "Ce n’est pas une date (format attendu : AAAA-MM-JJ)."),
])
def test_a_bad_date_in_a_filter_reads_ours(owner, language, expected):
    response = _page(owner, language, "get", "/access/activity?since=notadate")
    assert error_beside(response, "since") == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Type a whole number."), ("fr", "Indiquez un nombre entier.")])
def test_a_bad_number_reads_ours(owner, language, expected):
    response = _page(owner, language, "post", "/settings",
                     {"idle_minutes": "soon", "language": language})
    assert error_beside(response, "idle_minutes").startswith(expected)
    assert not any(word in text(response) for word in LIBRARY)


@pytest.mark.parametrize(("language", "required", "too_long"), [
    ("en", "This is required.", "Use at most 60 characters."),
    ("fr", "Ce champ est obligatoire.", "Utilisez au plus 60 caractères."),
])
def test_required_and_too_long_read_ours(owner, language, required, too_long):
    response = _page(owner, language, "post", "/access/brands/new",
                     {"client_name": "x" * 61, "redirect_uri": ""})
    assert error_beside(response, "client_name") == too_long
    assert error_beside(response, "redirect_uri") == required
    assert not any(word in text(response) for word in LIBRARY)


def _form_classes() -> set[type]:
    for info in pkgutil.walk_packages(web.__path__, "web."):
        importlib.import_module(info.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return {c for c in found if c.__module__.startswith("web.") and not inspect.isabstract(c)}


def test_every_form_of_the_app_speaks_our_messages():
    classes = _form_classes()
    assert len(classes) > 20
    assert all(issubclass(c, CoffreForm) for c in classes), [
        c.__name__ for c in classes if not issubclass(c, CoffreForm)]
