"""First run: a strong passphrase twice, the recovery code shown once, then checked."""

from __future__ import annotations

import re

import pytest

from tests.web.helpers import text
from tests.web.ui.helpers import error_beside
from vault import keys

GOOD = "velvet kettle orbit harbour"


def create(client, passphrase=GOOD, confirm=None):
    return client.post("/setup", data={"new_passphrase": passphrase,
                                       "confirm": passphrase if confirm is None else confirm})


def shown_code(client) -> list[str]:
    page = text(client.get("/recovery-code"))
    return re.findall(r'<span class="group">([A-Z0-9]+)</span>', page)


def asked_group(client) -> int:
    page = text(client.get("/recovery-code/confirm"))
    return int(re.search(r"type group (\d+) of", page)[1])


@pytest.mark.parametrize(("passphrase", "reason"), [
    ("short", "Too short"),
    ("passwordpassword", "Too easy to guess"),
    ("", "Choose a passphrase"),
])
def test_weak_passphrase_is_refused_with_a_reason(fresh, folder, passphrase, reason):
    _app, client = fresh
    response = create(client, passphrase)

    assert response.status_code == 422
    assert reason in error_beside(response, "new_passphrase")
    assert not (folder / "keyring.json").exists()


def test_the_two_passphrases_must_match(fresh, folder):
    _app, client = fresh
    response = create(client, GOOD, GOOD + "x")

    assert response.status_code == 422
    assert "differ" in error_beside(response, "confirm")
    assert not (folder / "keyring.json").exists()


def test_first_run_shows_the_code_then_checks_one_group(fresh):
    _app, client = fresh
    response = create(client)
    assert response.status_code == 302 and response.location == "/recovery-code"
    groups = shown_code(client)
    assert len(groups) >= 4
    assert keys.recovery_secret("-".join(groups))  # shaped like a code

    n = asked_group(client)
    wrong = client.post("/recovery-code/confirm", data={"group": "ZZZZ"})
    assert wrong.status_code == 422
    assert f"not group {n}" in error_beside(wrong, "group")

    right = client.post("/recovery-code/confirm", data={"group": groups[n - 1].lower()})
    assert right.status_code == 302 and right.location == "/"
    assert client.get("/recovery-code").status_code == 302  # shown once: never again
    assert "recovery code is confirmed" in text(client.get("/"))


def test_the_code_shown_opens_the_vault(fresh, folder):
    app, client = fresh
    create(client)
    code = "-".join(shown_code(client))
    app.extensions["coffre"].lock()

    app.extensions["coffre"].unlock("recovery", code)

    assert app.extensions["coffre"].unlocked


def test_home_reminds_an_unconfirmed_code(fresh):
    _app, client = fresh
    create(client)
    assert "not confirmed your recovery code" in text(client.get("/"))


def test_setup_is_gone_once_the_vault_exists(app, client):
    response = client.post("/setup", data={"new_passphrase": GOOD, "confirm": GOOD})
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize(("candidate", "ok"), [("abc", False), (GOOD, True)])
def test_strength_meter_answers(fresh, candidate, ok):
    _app, client = fresh
    answer = client.post("/strength", data={"passphrase": candidate}).get_json()
    assert answer["ok"] is ok
    assert (answer["reason"] is None) is ok
    assert 0 <= answer["score"] <= 4


@pytest.mark.parametrize("spelling", ["-", " ", ""])
def test_the_whole_code_pasted_is_accepted_as_well_as_one_group(fresh, spelling):
    _app, client = fresh
    create(client)
    groups = shown_code(client)

    right = client.post("/recovery-code/confirm", data={"group": spelling.join(groups)})

    assert right.status_code == 302 and right.location == "/"
    assert "recovery code is confirmed" in text(client.get("/"))


def test_a_wrong_whole_code_is_refused(fresh):
    _app, client = fresh
    create(client)
    groups = shown_code(client)
    wrong = "-".join([*groups[:-1], "ZZZZ"])

    response = client.post("/recovery-code/confirm", data={"group": wrong})

    assert response.status_code == 422
    assert client.get("/recovery-code").status_code == 200  # still awaiting confirmation


@pytest.mark.parametrize("path", ["/recovery-code", "/recovery-code/confirm"])
def test_the_first_run_steps_show_no_navigation_until_the_code_is_confirmed(fresh, path):
    _app, client = fresh
    create(client)

    page = text(client.get(path))

    assert 'class="nav"' not in page and "Brands &amp; access" not in page
    assert 'aria-current="step"' in page
