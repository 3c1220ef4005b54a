"""Settings → Your data: the whole vault downloaded, by a signed-in POST with its CSRF token."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.web.helpers import assert_in_a_fold, csrf_token, text


def test_settings_offer_each_format_and_none_is_chosen_for_the_consumer(owner):
    page = owner.get("/settings").get_data(as_text=True)

    assert 'action="/settings/export"' in page
    assert all(f'name="format" value="{name}"' in page for name in ("json", "csv", "jsonld"))
    assert "checked" not in page.split('id="data-title"')[1].split("</section>")[0]


@pytest.mark.parametrize(("name", "suffix", "media"), [
    ("json", ".json", "application/json"), ("csv", ".zip", "application/zip"),
    ("jsonld", ".jsonld", "application/ld+json")])
def test_the_download_holds_the_vault_and_is_never_cached(demo_vault, owner, name, suffix, media):
    response = owner.post("/settings/export", data={"format": name})

    assert response.status_code == 200 and response.mimetype == media
    assert response.headers["Content-Disposition"].startswith('attachment; filename="coffre-')
    assert response.headers["Content-Disposition"].endswith(f'{suffix}"')
    assert response.headers["Cache-Control"] == "no-store"
    if name == "csv":
        assert "orders.csv" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    else:
        assert "Camille" in json.dumps(json.loads(response.data), ensure_ascii=False)


def test_an_unknown_format_downloads_nothing_and_says_why(owner):
    response = owner.post("/settings/export", data={"format": "xml"}, follow_redirects=True)
    assert "Choose one of the formats" in text(response)
    assert response.mimetype == "text/html"


def test_without_a_valid_csrf_token_nothing_is_handed_over(csrf_owner):
    _app, client = csrf_owner
    refused = client.post("/settings/export", data={"format": "json"})
    assert refused.status_code == 400 and refused.mimetype == "text/html"

    token = csrf_token(client, "/settings")
    assert client.post("/settings/export", data={"format": "json", "csrf_token": token}
                       ).mimetype == "application/json"


def test_signed_out_nobody_gets_the_file(client, app):
    response = client.post("/settings/export", data={"format": "json"})
    assert response.status_code == 302 and "sign-in" in response.headers["Location"]


def test_the_formats_are_named_by_what_they_are_for_with_the_details_in_a_fold(owner):
    html = text(owner.get("/settings"))
    assert "Download for a spreadsheet (CSV)" in html
    assert_in_a_fold(html, "schema.org")
