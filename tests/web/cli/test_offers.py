"""`coffre offers import`: a file of offers decided at once, or refused whole with each problem."""

import json

import pytest
from click.testing import CliRunner

from agent.offers import MAX_BYTES
from tests.agent.builders import payload
from tests.web.cli.helpers import coffre, opened
from vault import preferences
from vault.preferences import Preferences
from web.cli import main

FUTURE = "2099-01-01T00:00:00Z"


@pytest.fixture
def reader(vault_folder):
    """A vault whose owner likes books and reads e-mail."""
    with opened(vault_folder) as store:
        preferences.save(store, Preferences(interests={"books": 80}, channels=("email",)))
    return vault_folder


def offers_in(folder) -> list[tuple[str, str]]:
    with opened(folder) as store:
        return [(r[0], r[1]) for r in store.all("select title, verdict from offers order by id")]


def write(tmp_path, data) -> str:
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_file_of_offers_is_imported_and_decided(reader, tmp_path):
    file = write(tmp_path, {"offers": [
        payload(title="Romans", valid_until=FUTURE),
        payload(title="Jardin", category="garden", valid_until=FUTURE),
        payload(title="SMS", channel="sms", valid_until=FUTURE)]})
    result = coffre(reader, "offers", "import", file)
    assert result.exit_code == 0, result.output
    assert "Imported 3 offers: 1 reach you, 1 wait for your digest, 1 turned away." in (
        result.output)
    assert offers_in(reader) == [("Romans", "deliver"), ("Jardin", "hold"),
                                       ("SMS", "decline")]


def test_a_malformed_offer_names_each_bad_field_and_nothing_is_imported(reader, tmp_path):
    file = write(tmp_path, [payload(valid_until=FUTURE),
                            payload(title=None, channel="fax", valid_until=FUTURE)])
    result = coffre(reader, "offers", "import", file)
    assert result.exit_code == 1
    assert "2 problem(s) in the file; nothing was imported" in result.output
    assert "offers[1].title: is required" in result.output
    assert "offers[1].channel: must be one of: email, sms, post, app" in result.output
    assert offers_in(reader) == []


def test_an_offer_over_the_size_limit_refuses_the_file(reader, tmp_path):
    big = payload(description="x" * MAX_BYTES, valid_until=FUTURE)
    result = coffre(reader, "offers", "import", write(tmp_path, [payload(), big]))
    assert result.exit_code == 1
    assert f"Offer 1: An offer may be at most {MAX_BYTES} bytes" in result.output
    assert offers_in(reader) == []


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not a JSON file"),
    ('{"title": "one offer"}', "must hold a JSON array of offers"),
])
def test_a_file_that_is_not_a_list_of_offers_is_a_clean_error(reader, tmp_path, content,
                                                               message):
    path = tmp_path / "offers.json"
    path.write_text(content)
    result = coffre(reader, "offers", "import", str(path))
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_the_command_has_help_with_an_example():
    result = CliRunner().invoke(main, ["offers", "import", "--help"])
    assert result.exit_code == 0 and "Example: coffre offers import" in result.output
