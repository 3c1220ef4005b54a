"""`coffre offers import`: a file of offers decided at once, or refused whole with each problem."""

import json

import pytest
from click.testing import CliRunner

from agent.offers import MAX_BYTES
from tests.agent.builders import payload
from tests.conftest import PASSPHRASE, TEST_COST
from vault import lifecycle, preferences
from vault.preferences import Preferences
from web.cli import main

ENV = {"COFFRE_KDF_OPSLIMIT": str(TEST_COST.opslimit),
       "COFFRE_KDF_MEMLIMIT": str(TEST_COST.memlimit), "COFFRE_PASSPHRASE": PASSPHRASE}
FUTURE = "2099-01-01T00:00:00Z"


def coffre(folder, *args):
    return CliRunner().invoke(main, ["--vault", str(folder), *args], env=ENV,
                              catch_exceptions=False)


@pytest.fixture
def vault_folder(folder):
    store, _ = lifecycle.create(folder, PASSPHRASE, cost=TEST_COST)
    preferences.save(store, Preferences(interests={"books": 80}, channels=("email",)))
    store.close()
    return folder


def offers_in(folder) -> list[tuple[str, str]]:
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        return [(r[0], r[1]) for r in store.all("select title, verdict from offers order by id")]
    finally:
        store.close()


def write(tmp_path, data) -> str:
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_file_of_offers_is_imported_and_decided(vault_folder, tmp_path):
    file = write(tmp_path, {"offers": [
        payload(title="Romans", valid_until=FUTURE),
        payload(title="Jardin", category="garden", valid_until=FUTURE),
        payload(title="SMS", channel="sms", valid_until=FUTURE)]})
    result = coffre(vault_folder, "offers", "import", file)
    assert result.exit_code == 0, result.output
    assert "Imported 3 offers: 1 reach you, 1 wait for your digest, 1 turned away." in (
        result.output)
    assert offers_in(vault_folder) == [("Romans", "deliver"), ("Jardin", "hold"),
                                       ("SMS", "decline")]


def test_a_malformed_offer_names_each_bad_field_and_nothing_is_imported(vault_folder, tmp_path):
    file = write(tmp_path, [payload(valid_until=FUTURE),
                            payload(title=None, channel="fax", valid_until=FUTURE)])
    result = coffre(vault_folder, "offers", "import", file)
    assert result.exit_code == 1
    assert "2 problem(s) in the file; nothing was imported" in result.output
    assert "offers[1].title: is required" in result.output
    assert "offers[1].channel: must be one of: email, sms, post, app" in result.output
    assert offers_in(vault_folder) == []


def test_an_offer_over_the_size_limit_refuses_the_file(vault_folder, tmp_path):
    big = payload(description="x" * MAX_BYTES, valid_until=FUTURE)
    result = coffre(vault_folder, "offers", "import", write(tmp_path, [payload(), big]))
    assert result.exit_code == 1
    assert f"Offer 1: An offer may be at most {MAX_BYTES} bytes" in result.output
    assert offers_in(vault_folder) == []


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not a JSON file"),
    ('{"title": "one offer"}', "must hold a JSON array of offers"),
])
def test_a_file_that_is_not_a_list_of_offers_is_a_clean_error(vault_folder, tmp_path, content,
                                                               message):
    path = tmp_path / "offers.json"
    path.write_text(content)
    result = coffre(vault_folder, "offers", "import", str(path))
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_the_command_has_help_with_an_example():
    result = CliRunner().invoke(main, ["offers", "import", "--help"])
    assert result.exit_code == 0 and "Example: coffre offers import" in result.output
