"""Every reason code has its sentence in the interface, and that sentence has its French."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from vault.reasons import TEMPLATES, problem
from web.reasons import SENTENCES, place, sentence

PO = Path(__file__).resolve().parents[2] / "web/translations/fr/LC_MESSAGES/messages.po"
FRENCH = {m.id: m for m in read_po(PO.open("rb")) if m.id}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def english(code: str) -> str:
    """The sentence's message id (outside a request, a lazy string is its English)."""
    return str(SENTENCES[code])


def test_every_code_has_a_sentence_and_every_sentence_a_code():
    assert set(SENTENCES) == set(TEMPLATES)


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_the_sentence_uses_only_values_the_vault_gives(code):
    assert placeholders(english(code)) <= placeholders(TEMPLATES[code])


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_the_sentence_has_its_french(code):
    msgid = english(code)
    entry = FRENCH.get(msgid)
    assert entry is not None, f"{msgid!r} is not in messages.po"
    assert entry.string and not entry.fuzzy
    assert placeholders(entry.string) == placeholders(msgid)


def test_a_problem_reads_in_the_language_of_the_page(app):
    too_long = problem("name", "too_long", n=100)
    repeated = problem("line 7: merchant_order_id", "repeats", where="line 3")
    with app.test_request_context():
        assert sentence(too_long) == "Use at most 100 characters."
        with force_locale("fr"):
            assert sentence(too_long) == "Utilisez au plus 100 caractères."
            assert sentence(repeated) == ("La même boutique et le même numéro de commande "
                                          "figurent aussi en ligne 3.")
            assert place(repeated.field) == "ligne 7: merchant_order_id"
