"""Profile page: identity, e-mails, phones, addresses, merchant identifiers."""

from __future__ import annotations

import pytest

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from vault import profile


def test_empty_profile_page_offers_every_form(owner):
    page = text(owner.get("/profile"))
    for form in ("/profile/identity", "/profile/emails", "/profile/phones",
                 "/profile/addresses", "/profile/merchant-ids"):
        assert f'action="{form}"' in page


def test_identity_is_saved_and_shown(owner, store_of):
    response = owner.post("/profile/identity", data={
        "identity-given_name": "Camille", "identity-family_name": "Martin",
        "identity-birth_date": "1988-05-17", "identity-gender": "female",
        "identity-income_band": "", "identity-language": "fr"})

    assert response.status_code == 302
    assert profile.get_identity(store_of).given_name == "Camille"
    assert 'value="Camille"' in text(owner.get("/profile"))


def test_bad_identity_comes_back_filled_with_the_error_beside_it(owner, store_of):
    response = owner.post("/profile/identity", data={
        "identity-given_name": "Camille", "identity-birth_date": "2999-01-01",
        "identity-gender": "", "identity-income_band": "", "identity-language": ""})

    assert response.status_code == 422
    assert "between 1900 and today" in error_beside(response, "identity-birth_date")
    assert 'value="Camille"' in text(response)
    assert profile.get_identity(store_of).given_name is None


@pytest.mark.parametrize(("kind", "data", "field"), [
    ("emails", {"emails-address": "not-an-address"}, "emails-address"),
    ("phones", {"phones-number": "call me"}, "phones-number"),
    ("addresses", {"addresses-line1": "1 rue X", "addresses-city": "",
                   "addresses-country": "FR"}, "addresses-city"),
    ("merchant-ids", {"merchant_ids-merchant": "Fnac", "merchant_ids-kind": "loyalty_card",
                      "merchant_ids-value": ""}, "merchant_ids-value"),
])
def test_bad_contact_is_refused_beside_its_field(owner, store_of, kind, data, field):
    response = owner.post(f"/profile/{kind}", data=data)

    assert response.status_code == 422
    assert error_beside(response, field)
    got = profile.get(store_of)
    assert not (got.emails or got.phones or got.addresses or got.merchant_ids)


def test_add_and_remove_an_email(owner, store_of):
    response = owner.post("/profile/emails", data={"emails-address": "c@example.org",
                                                   "emails-label": "perso"})
    assert response.status_code == 302
    email = profile.get(store_of).emails[0]
    assert (email.address, email.is_primary) == ("c@example.org", True)

    owner.post(f"/profile/emails/{email.id}/remove", data={"confirmed": "yes"})

    assert profile.get(store_of).emails == []


def test_without_javascript_removing_asks_on_a_page_first(owner, store_of):
    owner.post("/profile/emails", data={"emails-address": "c@example.org"})
    email = profile.get(store_of).emails[0]

    response = owner.post(f"/profile/emails/{email.id}/remove")

    html = text(response)
    assert response.status_code == 200 and "Are you sure?" in html
    assert "Remove c@example.org from your profile?" in html
    assert 'name="confirmed" value="yes"' in html
    assert profile.get(store_of).emails == [email]
    assert owner.post("/profile/emails/999/remove").status_code == 404


def test_the_same_loyalty_card_twice_is_refused(owner, store_of):
    data = {"merchant_ids-merchant": "Fnac", "merchant_ids-kind": "loyalty_card",
            "merchant_ids-value": "123"}
    owner.post("/profile/merchant-ids", data=data)

    response = owner.post("/profile/merchant-ids", data=data)

    assert response.status_code == 422
    assert "already" in text(response)
    assert len(profile.get(store_of).merchant_ids) == 1


def test_change_an_address(owner, store_of):
    address_id = profile.add_address(store_of, {"line1": "1 rue A", "city": "Lyon",
                                                "country": "FR"})
    bad = owner.post(f"/profile/addresses/{address_id}/edit",
                     data={"line1": "2 rue B", "city": "Lyon", "country": "France"})
    assert bad.status_code == 422
    assert "2 characters" in error_beside(bad, "country")
    assert profile.get(store_of).addresses[0].line1 == "1 rue A"

    good = owner.post(f"/profile/addresses/{address_id}/edit",
                      data={"line1": "2 rue B", "city": "Lyon", "country": "fr"})

    assert good.status_code == 302
    assert profile.get(store_of).addresses[0].line1 == "2 rue B"


def test_unknown_address_and_kind_are_not_found(owner):
    assert owner.get("/profile/addresses/999/edit").status_code == 404
    assert owner.post("/profile/spouses").status_code == 404
