"""Settings: idle delay, language, passphrase, recovery code, key file."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSPHRASE
from tests.web.helpers import sign_in, text
from tests.web.ui.helpers import error_beside
from vault import lifecycle, settings

NEW = "a brand new passphrase, long enough"


def test_general_settings_are_saved(owner, store_of):
    bad = owner.post("/settings", data={"idle_minutes": "0", "language": "fr"})
    assert bad.status_code == 422
    assert "between 1 and 1440" in error_beside(bad, "idle_minutes")
    assert settings.find(store_of, "idle_minutes") is None

    response = owner.post("/settings", data={"idle_minutes": "30", "language": "fr"})

    assert response.status_code == 302
    assert settings.find(store_of, "idle_minutes") == "30"
    assert settings.find(store_of, "language") == "fr"
    assert "Paramètres" in text(owner.get("/settings"))


def test_change_passphrase(app, owner):
    folder = app.extensions["coffre"].folder
    wrong = owner.post("/settings/passphrase", data={"current": "nope nope nope",
                                                     "new_passphrase": NEW, "confirm": NEW})
    assert wrong.status_code == 422
    assert "not your current passphrase" in error_beside(wrong, "current")
    weak = owner.post("/settings/passphrase", data={"current": PASSPHRASE,
                                                    "new_passphrase": "short", "confirm": "short"})
    assert "Too short" in error_beside(weak, "new_passphrase")
    lifecycle.check(folder, "passphrase", PASSPHRASE)  # unchanged so far

    done = owner.post("/settings/passphrase", data={"current": PASSPHRASE,
                                                    "new_passphrase": NEW, "confirm": NEW})

    assert done.status_code == 302
    lifecycle.check(folder, "passphrase", NEW)
    other = app.test_client()
    assert sign_in(other, PASSPHRASE).status_code == 403
    assert sign_in(other, NEW).status_code == 302


def test_replace_recovery_code_then_confirm_it(app, owner):
    response = owner.post("/settings/recovery", data={"current": PASSPHRASE})
    assert response.status_code == 302 and response.location == "/recovery-code"
    groups = re.findall(r'<span class="group">([A-Z0-9]+)</span>',
                        text(owner.get("/recovery-code")))
    assert "Creating your vault" not in text(owner.get("/recovery-code"))
    n = int(re.search(r"type group (\d+) of", text(owner.get("/recovery-code/confirm")))[1])

    done = owner.post("/recovery-code/confirm", data={"group": groups[n - 1]})

    assert done.location == "/settings"
    folder = app.extensions["coffre"].folder
    lifecycle.check(folder, "recovery", "-".join(groups))


def test_recovery_needs_the_passphrase(owner):
    response = owner.post("/settings/recovery", data={"current": "wrong wrong wrong"})
    assert response.status_code == 422
    assert "not your current passphrase" in error_beside(response, "current")


def test_key_file_is_a_download_that_opens_the_vault(app, owner, tmp_path):
    refused = owner.post("/settings/keyfile", data={"current": PASSPHRASE})
    assert refused.status_code == 422
    assert "Tick the box" in error_beside(refused, "understood")

    created = owner.post("/settings/keyfile", data={"current": PASSPHRASE, "understood": "y"})
    assert created.status_code == 303 and created.location == "/settings/keyfile/done"
    done = text(owner.get("/settings/keyfile/done"))
    assert "Your key file is created" in done and "Tick the box" not in done
    response = owner.get("/settings/keyfile/download")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    key = tmp_path / "coffre.key"
    key.write_bytes(response.data)
    folder = app.extensions["coffre"].folder
    lifecycle.unlock(folder, "keyfile", key).close()
    assert "set up" in text(owner.get("/settings"))

    owner.post("/settings/keyfile/remove", data={"remove-current": PASSPHRASE})

    with pytest.raises(Exception, match="no key file"):
        lifecycle.unlock(folder, "keyfile", key)


def test_key_file_explains_the_trade_off(owner):
    page = text(owner.get("/settings/keyfile"))
    assert "What you give up" in page and "without your passphrase" in page


def test_key_file_is_downloaded_once(owner):
    owner.post("/settings/keyfile", data={"current": PASSPHRASE, "understood": "y"})
    assert owner.get("/settings/keyfile/download").status_code == 200

    again = owner.get("/settings/keyfile/download")

    assert again.status_code == 302 and again.location == "/settings/keyfile"
    assert "set up" in text(owner.get("/settings/keyfile/done", follow_redirects=True))


@pytest.mark.parametrize(("old", "new", "confirmed"), [
    ("en", "fr", "Vos paramètres sont enregistrés."),
    ("fr", "en", "Your settings are saved."),
])
def test_a_language_change_is_confirmed_in_the_new_language(owner, old, new, confirmed):
    owner.post("/settings", data={"idle_minutes": "30", "language": old}, follow_redirects=True)

    page = text(owner.post("/settings", data={"idle_minutes": "30", "language": new},
                           follow_redirects=True))

    assert confirmed in page
    assert page.count('class="flash ') == 1
