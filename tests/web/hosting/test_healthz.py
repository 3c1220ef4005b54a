"""/healthz: up, locked or unlocked, the schema version; nothing personal, and no write."""

from __future__ import annotations

from tests.conftest import PASSPHRASE, app_config, snapshot
from vault import migrations
from web import create_app


def test_an_unlocked_vault_says_so_with_its_schema_version(app, client):
    store = app.extensions["coffre"].require()
    before = snapshot(store)

    response = client.get("/healthz")

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json == {"status": "up", "vault": "unlocked", "https": False, "schema": {
        "vault": migrations.latest(), "code": migrations.latest()}}
    assert snapshot(store) == before


def test_a_locked_vault_says_only_that_it_is_locked(app, client):
    app.extensions["coffre"].lock()

    body = client.get("/healthz").json

    assert body == {"status": "up", "vault": "locked", "https": False,
                    "schema": {"vault": None, "code": migrations.latest()}}


def test_a_folder_without_a_vault_is_up_and_absent(folder):
    client = create_app(app_config(folder)).test_client()

    assert client.get("/healthz").json["vault"] == "absent"


def test_it_needs_no_sign_in_and_shows_nothing_of_the_person(app, client):
    rt = app.extensions["coffre"]
    rt.lock()
    rt.unlock("passphrase", PASSPHRASE)

    text = client.get("/healthz").get_data(as_text=True)

    assert str(app.config["COFFRE_HOME"]) not in text and "@" not in text
