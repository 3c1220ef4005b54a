"""Names and offer text with bidi controls or invisible characters are refused, with a reason.

"Mollat \\u202eLIAM-E\\u202c Officiel" would show on the consent page as
"Mollat E-MAIL Officiel": the name a brand registers must read as it is.
"""

from __future__ import annotations

import re

import pytest

from tests.web.oauth.helpers import REDIRECT, add_brand, bearer, direct_token, offer
from vault import brands, invitations

SPOOFS = ["Mollat \u202eLIAM-E\u202c Officiel", "Mollat\u200b Officiel", "Mol\u2066lat\u2069",
          "Mollat\u200f", "\ufeffMollat", "Mollat\u2028Officiel"]


@pytest.mark.parametrize("name", SPOOFS, ids=[f"U+{ord(c):04X}" for c in
                                              ("\u202e", "\u200b", "\u2066", "\u200f",
                                               "\ufeff", "\u2028")])
def test_a_brand_cannot_register_a_name_that_reads_otherwise(client, store_of, clock, name):
    invitation = invitations.create(store_of, now=clock.now())
    response = client.post("/oauth/register", headers=bearer(invitation), json={
        "client_name": name, "redirect_uris": [REDIRECT], "scope": "offers:write"})

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_client_metadata"
    assert "client_name" in response.get_json()["error_description"]
    assert "invisible" in response.get_json()["error_description"]
    assert brands.all_brands(store_of) == []


@pytest.mark.parametrize("field", ["title", "description", "brand"])
def test_offer_text_that_reads_otherwise_is_refused(client, store_of, field):
    brand = add_brand(store_of, name="Mollat")
    token = direct_token(store_of, brand, {"offers:write"})
    value = "Mollat\u202e" if field == "brand" else "Un roman \u202e%02- Officiel"

    response = client.post("/api/v1/offers", json=offer(**{field: value}),
                           headers=bearer(token))

    assert response.status_code == 422
    assert response.get_json()["errors"] == [{
        "field": field, "code": "invisible_characters", "params": {"char": "U+202E"},
        "reason": "must not contain invisible or text-direction characters (U+202E)"}]


@pytest.mark.parametrize("language, said", [
    ("en", "Remove the invisible or text-direction character (U+202E)."),
    ("fr", "Retirez le caractère invisible ou qui change le sens du texte (U+202E)."),
])
def test_the_consumer_adding_a_brand_is_told_why_in_their_language(owner, store_of, language,
                                                                    said):
    owner.post("/language", data={"language": language, "next": "/"})
    response = owner.post("/access/brands/new", data={
        "client_name": SPOOFS[0], "redirect_uri": REDIRECT, "scopes": ["offers:write"]})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="client_name-error">[^<]*' + re.escape(said), html)
    assert brands.all_brands(store_of) == []


def test_ordinary_accents_and_scripts_still_pass(store_of):
    brand = add_brand(store_of, name="Librairie Ŝtéphane — متجر 書店")
    assert brands.get(store_of, brand.brand_id).name == "Librairie Ŝtéphane — متجر 書店"
