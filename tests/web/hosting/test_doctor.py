"""`coffre doctor`: each mistake found, with how to fix it, in English and French."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from tests.conftest import PASSPHRASE, TEST_COST, LiveServer, app_config
from tests.web.cli.helpers import coffre
from vault import backup, lifecycle
from web import create_app, doctor


@pytest.fixture
def checked(folder, clock):
    """A closed vault, and an app context to run the checks in (English)."""
    store, _code = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    store.close()
    app = create_app(app_config(folder, CLOCK=clock))
    with app.test_request_context():
        yield folder


def test_a_vault_folder_others_can_read_is_found(checked):
    assert doctor.permissions(checked).ok
    checked.chmod(0o755)

    finding = doctor.permissions(checked)

    assert not finding.ok and finding.what == f"Other users can reach {checked}."
    assert finding.fix == f"Run: chmod -R go-rwx {checked}"


def test_a_key_file_inside_the_vault_or_readable_by_others_is_found(checked, tmp_path):
    inside = checked / "coffre.key"
    lifecycle.add_keyfile(checked, PASSPHRASE, inside, cost=TEST_COST)
    apart = tmp_path / "apart.key"
    lifecycle.add_keyfile(checked, PASSPHRASE, apart, cost=TEST_COST)

    [within] = doctor.keyfile(inside, checked)
    assert not within.ok and "inside the vault folder" in within.what
    assert doctor.keyfile(apart, checked)[0].ok
    apart.chmod(0o644)
    [loose] = doctor.keyfile(apart, checked)
    assert not loose.ok and loose.fix == f"Run: chmod 600 {apart}"


def test_a_plain_http_public_url_beyond_this_machine_is_found(checked):
    [finding] = doctor.plain_http("http://vault.home.example")

    assert not finding.ok and "in clear" in finding.what
    assert doctor.plain_http("http://127.0.0.1:8700") == []
    assert doctor.plain_http("https://vault.home.example") == []


def test_the_public_url_is_reached_and_answers_as_this_vault(checked, folder, clock):
    app = create_app(app_config(folder, TESTING=False, PUBLIC_URL=None, CLOCK=clock))
    with LiveServer(app) as server:
        reached = doctor.reach(server.url)
    [finding] = reached.findings
    assert finding.ok and finding.what == f"{server.url} reaches this vault (locked)."
    assert reached.date is not None


def test_nothing_answering_at_the_public_url_is_found(checked):
    from tests.conftest import free_port

    [finding] = doctor.reach(f"http://127.0.0.1:{free_port()}").findings

    assert not finding.ok and "Nothing answers as this vault" in finding.what


def test_a_proxy_that_routes_to_another_vault_or_drops_the_scheme_is_found(checked):
    url = "https://home.example/alice"
    [other] = doctor._compare(url, {"https": True}, {"issuer": "https://home.example/bob"})
    [plain] = doctor._compare(url, {"https": False}, {"issuer": url})

    assert not other.ok and "answers as another vault" in other.what
    assert not plain.ok and plain.fix == "Set X-Forwarded-Proto in the proxy and proxy_hops = 1."


def test_clock_skew_against_the_proxy_and_the_vaults_files(checked, clock):
    now = clock.now()
    assert doctor.clock(now, now + timedelta(seconds=30), checked).ok

    skewed = doctor.clock(now, now + timedelta(minutes=7), checked)
    assert not skewed.ok and skewed.what == "This clock and the proxy's differ by 7 minutes."

    future = (now + timedelta(hours=1)).timestamp()
    os.utime(checked / "keyring.json", (future, future))
    assert "the clock went back" in doctor.clock(now, None, checked).what


def test_free_disk_is_reported(checked):
    finding = doctor.disk(checked)

    assert finding.ok and finding.what.endswith("MB free beside the vault.")


def test_the_age_of_the_last_backup(checked, clock):
    assert doctor.backups(checked, None, now=clock.now()).what == "The vault has no backup."
    store = lifecycle.unlock(checked, "passphrase", PASSPHRASE)
    backup.create(store, checked, now=clock.now() - timedelta(days=3, hours=1))
    store.close()

    old = doctor.backups(checked, None, now=clock.now())
    assert not old.ok and old.what == "The last backup is 3 days old."
    (checked / "backups" / "20991231T000000Z.partial").mkdir()  # unfinished: never counted
    assert doctor.backups(checked, None, now=clock.now()).what == old.what


def test_the_report_in_french_says_how_to_fix(checked):
    checked.chmod(0o750)

    result = coffre(checked, "doctor", "--lang", "fr")

    assert result.exit_code == 1
    assert f"FIX D’autres utilisateurs ont accès à {checked}." in result.output
    assert f"    Pour corriger : Lancez : chmod -R go-rwx {checked}" in result.output
    assert "Quelque chose est à corriger." in result.output
