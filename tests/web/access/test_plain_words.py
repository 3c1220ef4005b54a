"""Home and Activity say in plain words, in both languages, what each brand read or was refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.web.helpers import outside_folds
from tests.web.oauth.helpers import add_brand, bearer, direct_token
from tests.web.ui.helpers import order
from vault import purchases
from vault.audit import Event
from web.api.protect import ENDPOINTS
from web.wording import access_action

WORDS = {
    "en": {"summary": "Maison Dupont read your spending totals by category and by month, "
                      "over 24 months",
           "purchases": "Maison Dupont read 1 of your purchases, one by one",
           "refused": "Maison Dupont was refused: asked for more than was allowed",
           "allowed": "Read your spending totals by category and by month",
           "english": ()},
    "fr": {"summary": "Maison Dupont a lu vos totaux de dépenses par catégorie et par mois, "
                      "sur 24 mois",
           "purchases": "Maison Dupont a lu 1 de vos achats, un par un",
           "refused": "Maison Dupont : accès refusé (a demandé plus que ce qui était autorisé)",
           "allowed": "A lu vos totaux de dépenses par catégorie et par mois",
           "english": (" read ", "was refused", "records", "allowed by")},
}


@pytest.fixture
def calls(owner, store_of):
    """A brand that read the summary and one purchase, and was refused the intents."""
    purchases.add(store_of, order())
    token = direct_token(store_of, add_brand(store_of), {"purchases:summary", "purchases:read"})
    for path in ("/api/v1/purchases/summary?months=24", "/api/v1/purchases?limit=1",
                 "/api/v1/intents"):
        owner.get(path, headers=bearer(token))
    return owner


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_says_what_each_brand_read_or_was_refused(calls, language):
    calls.post("/language", data={"language": language, "next": "/"})
    page = calls.get("/").get_data(as_text=True)

    words = WORDS[language]
    for key in ("summary", "purchases", "refused"):
        assert words[key] in page, key
    assert "/api/v1" not in outside_folds(page)
    section = page.split('id="accesses-title"')[1].split("</section>")[0]
    assert not any(w in section for w in words["english"])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_activity_says_it_in_plain_words_with_the_detail_in_a_fold(calls, language):
    calls.post("/language", data={"language": language, "next": "/"})
    page = calls.get("/access/activity").get_data(as_text=True)

    assert WORDS[language]["allowed"] in page
    assert "/api/v1/purchases/summary" in page  # still there for the curious…
    assert "/api/v1" not in outside_folds(page)  # …inside a fold
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert not any(w in outside_folds(table) for w in WORDS[language]["english"])


def test_every_api_operation_has_its_plain_words(app):
    with app.test_request_context():
        for op in ENDPOINTS:
            event = Event(id=1, at=datetime(2026, 1, 1, tzinfo=UTC), brand_id=1, brand_name="B",
                          grant_id=1, method=op.method, endpoint=op.path.replace("{offer_id}", "7"),
                          scope=None, outcome="allowed", reason=None, records=1, fields=())
            assert not access_action(event).startswith("called"), op
