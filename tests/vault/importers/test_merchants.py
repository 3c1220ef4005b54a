"""Merchant recognition: the spellings of one shop on bank labels fold to one merchant."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from vault import categories
from vault.importers import merchants

LABELS = [
    ("CB DÉCATHLON VÉNISSIEUX 24/11", "Decathlon", "09.2.2"),
    ("DECATHLON LYON", "Decathlon", "09.2.2"),
    ("Decathlon", "Decathlon", "09.2.2"),
    ("CARTE X1234 24/11 DECATHLON 0412 VILLEURBANNE", "Decathlon", "09.2.2"),
    ("PAIEMENT PAR CARTE X1234 FNAC BELLECOUR", "Fnac", "09"),
    ("CB FNAC.COM 241124", "Fnac", "09"),
    ("PRLV SEPA FREE MOBILE", "Free Mobile", "08.3"),
    ("PRLV SEPA FREE MOBILE ECH/241124 ID EMETTEUR/FR12ZZZ123456 MDT/ABC REF/XYZ",
     "Free Mobile", "08.3"),
    ("PRELEVEMENT FREE TELECOM", "Free", "08.3"),
    ("CARTE X1234 24/11 CARREFOUR MARKET", "Carrefour", "01"),
    ("CB CRF CITY PARIS 15 23/11", "Carrefour", "01"),
    ("FACTURE CARTE DU 241124 MONOPRIX 0456 PARIS CARTE 4974XXXXXXXX1234", "Monoprix", "01"),
    ("CB E.LECLERC 12/11", "E.Leclerc", "01"),
    ("CB AMAZON PAYMENTS", "Amazon", None),
    ("AMZN Mktp FR*1A2B3C4D5", "Amazon", None),
    ("PRLV SEPA AMAZON PRIME FR", "Amazon Prime", "08.3"),
    ("NETFLIX.COM", "Netflix", "08.3"),
    ("PAYPAL *SPOTIFY", "Spotify", "08.3"),
    ("CB UBER * EATS", "Uber Eats", "11.1"),
    ("CB UBER TRIP HELP.UBER.COM", "Uber", "07.3.2"),
    ("PRLV SEPA EDF CLIENTS PARTICULIERS", "EDF", "04.5"),
    ("CB H&M 1234 LYON", "H&M", "03.1"),
    ("CB LEROY MERLIN 3EME", "Leroy Merlin", "05.5"),
    ("CARTE 24/11/24 LEBONCOIN CB*1234", "Le Bon Coin", None),
    ("ACHAT CB SNCF INTERNET 24.11.24 CARTE NUMERO 123", "SNCF", "07.3.1"),
    ("CB OUIGO 0804 24/11", "Ouigo", "07.3.1"),
    ("CB AVOIR BOULANGER", "Boulanger", "05.3"),
    ("CB GRAND FRAIS ECULLY", "Grand Frais", "01.1"),
    ("APPLE.COM/BILL", "Apple", "08.1"),
    ("CB IKEA 24/11 VENISSIEUX", "IKEA", "05.1"),
    ("CB TOTAL ACCESS LYON 8 22/11", "TotalEnergies", "07.2"),
    ("CB BOOKING.COM AMSTERDAM", "Booking.com", "11.2"),
    ("PRLV SEPA BOUYGUES TELECOM", "Bouygues Telecom", "08.3"),
    ("CB YVES ROCHER 23/11", "Yves Rocher", "13.1"),
    ("CB BLABLACAR 20/11", "BlaBlaCar", "07.3.2"),
    ("CB LIBRAIRIE DU PARC LYON 24/11", "Librairie du Parc", "09.7.1"),
    ("CB PHARMACIE DU CENTRE 12/11", "Pharmacie du Centre", "06.1"),
    ("CB LE COMPTOIR DES VOYAGES 12/11", "Le Comptoir des Voyages", None),
    ("CB JUS ORANGE BAR", "Jus Orange Bar", None),  # "orange" is a word, not the telecom
]


@pytest.mark.parametrize(("label", "name", "category"), LABELS)
def test_a_bank_label_names_its_merchant(label, name, category):
    found = merchants.recognise(label)

    assert (found.name, found.key, found.default_category) == (name, merchants.fold(name),
                                                               category)


def test_spellings_of_one_shop_share_one_key():
    keys = {merchants.recognise(label).key for label in (
        "CB DÉCATHLON VÉNISSIEUX 24/11", "DECATHLON LYON", "Decathlon", "décathlon")}

    assert keys == {"DECATHLON"}


@pytest.mark.parametrize(("name", "key"), [
    ("Décathlon", "DECATHLON"), ("  Leroy-Merlin ", "LEROY MERLIN"),
    ("L'Œuf à la coque", "L OEUF A LA COQUE"),
    ("H&M", "H&M"), ("Canal+", "CANAL+"), ("Booking.com", "BOOKING COM"),
])
def test_fold_is_upper_case_without_accents_or_punctuation(name, key):
    assert merchants.fold(name) == key


def test_the_consumers_alias_wins_over_the_builtin_list():
    aliases = {"FNAC": "Fnac Darty", "LIBRAIRIE DU PARC": "Le Parc (librairie)",
               merchants.fold("CB DECATHLON VENISSIEUX 24/11"): "Décathlon Vénissieux"}

    assert merchants.recognise("CB FNAC BELLECOUR", aliases=aliases).name == "Fnac Darty"
    assert merchants.recognise("CB LIBRAIRIE DU PARC 24/11", aliases=aliases).name == (
        "Le Parc (librairie)")
    assert merchants.recognise("CB DECATHLON VENISSIEUX 24/11", aliases=aliases).name == (
        "Décathlon Vénissieux")
    assert merchants.recognise("CB DECATHLON LYON", aliases=aliases).name == "Decathlon"
    # a shop named anew keeps the category of the merchant its label named
    assert merchants.recognise("CB DECATHLON VENISSIEUX 24/11",
                               aliases=aliases).default_category == "09.2.2"


def test_the_consumers_category_wins_over_the_default():
    found = merchants.recognise("CB FNAC BELLECOUR", categories={"FNAC": "09.7.1"})

    assert found.default_category == "09.7.1"


def test_a_known_merchant_is_marked_known_and_an_unknown_shop_is_not():
    assert merchants.recognise("CB FNAC").known
    assert not merchants.recognise("CB LIBRAIRIE DU PARC").known


def test_the_builtin_list_is_large_and_every_default_category_exists():
    listed = merchants.builtin()

    assert len(listed) >= 60
    assert [m.name for m in listed if m.default_category
            and categories.find(m.default_category) is None] == []


def test_every_kind_of_shop_names_a_category_that_exists():
    raw = json.loads(resources.files("vault.importers").joinpath("merchants.json").read_text())
    codes = {m["category"] for m in raw["merchants"] if m.get("category")}

    assert {code for code in codes if categories.find(code) is None} == set()


@pytest.mark.parametrize(("label", "kind"), [
    ("CB DECATHLON", "card"), ("PAIEMENT PAR CARTE X1234 FNAC", "card"),
    ("PRLV SEPA FREE MOBILE", "direct_debit"), ("VIR SEPA M. DUPONT", "transfer"),
    ("RETRAIT DAB 24/11", "cash"), ("CHEQUE 1234567", "cheque"), ("DECATHLON", None),
])
def test_the_first_words_say_how_the_money_moved(label, kind):
    assert merchants.payment_kind(label) == kind
