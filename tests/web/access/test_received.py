"""What did this brand receive? The consumer's export matches what the brand's client saw."""

from __future__ import annotations

import json
from datetime import date

import pytest
import rfc8785

from tests.web.helpers import text
from tests.web.oauth.helpers import add_brand, bearer, tokens_for
from vault import demo

READS = ["/api/v1/profile", "/api/v1/purchases?limit=7", "/api/v1/purchases/summary?months=6",
         "/api/v1/preferences", "/api/v1/intents"]
SCOPES = "profile:read contact:read purchases:read purchases:summary preferences:read intents:read"


@pytest.fixture
def seen(owner, store_of):
    """A brand allowed through the real consent and token flow reads everything it may;
    return the brand and the bodies its client received, in order."""
    demo.populate(store_of, today=date.today(), orders_count=40)
    brand = add_brand(store_of, scopes=SCOPES)
    token = tokens_for(owner, brand, scope=SCOPES)
    bodies, path = [], None
    for path in READS:
        response = owner.get(path, headers=bearer(token))
        assert response.status_code == 200, path
        bodies.append(response.get_json())
    cursor = bodies[1]["next_cursor"]  # the next page, as a brand walks them
    bodies.append(owner.get(f"/api/v1/purchases?limit=7&cursor={cursor}",
                            headers=bearer(token)).get_json())
    return brand, bodies


def _export(owner, brand) -> dict:
    response = owner.get(f"/access/brands/{brand.brand_id}/received.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return json.loads(response.data)


def test_the_export_is_byte_for_byte_what_the_brand_received(owner, seen):
    brand, bodies = seen
    answers = _export(owner, brand)["answers"]
    assert [a["request"] for a in answers] == [
        "GET /api/v1/profile", "GET /api/v1/purchases", "GET /api/v1/purchases/summary",
        "GET /api/v1/preferences", "GET /api/v1/intents", "GET /api/v1/purchases"]
    assert all(a["as_sent"] for a in answers)
    assert [rfc8785.dumps(a["body"]) for a in answers] == [rfc8785.dumps(b) for b in bodies]


def test_a_record_changed_since_is_marked_and_only_its_answers(owner, seen, store_of):
    brand, bodies = seen
    store_of.execute("update profile_addresses set city = 'Grenoble'")
    answers = _export(owner, brand)["answers"]
    assert [a["as_sent"] for a in answers] == [False, True, True, True, True, True]
    assert answers[0]["body"]["city"] == "Grenoble" != bodies[0]["city"]
    page = text(owner.get(f"/access/brands/{brand.brand_id}/received"))
    assert page.count("changed since it was sent") == 1 and page.count("exactly as sent") == 5


def test_since_keeps_the_later_answers_only(owner, seen):
    brand, _ = seen
    response = owner.get(f"/access/brands/{brand.brand_id}/received.json?since=2999-01-01")
    assert json.loads(response.data)["answers"] == []


def test_activity_shows_the_values_each_read_returned(owner, seen):
    _, bodies = seen
    page = text(owner.get("/access/activity"))
    assert "What it received" in page
    assert "City: Lyon" in page and bodies[1]["orders"][0]["merchant"] in page
    assert f"E-mail: {bodies[0]['emails'][0]['address']}" in page


def test_the_brands_page_links_to_what_it_received(owner, seen):
    brand, _ = seen
    assert f"/access/brands/{brand.brand_id}/received" in text(owner.get("/access/"))
