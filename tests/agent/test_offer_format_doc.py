"""docs/offer-format.md says what the validator and the agent do: its tables are checked here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema_rs
import pytest

from agent import offers, scoring
from tests.agent.builders import payload
from vault.errors import ValidationError

DOC = (Path(__file__).parents[2] / "docs" / "offer-format.md").read_text(encoding="utf-8")


def table(heading: str) -> list[list[str]]:
    """The rows of the first table under `heading`, each a list of cells (header row left out)."""
    section = DOC.split(f"\n{heading}\n", 1)[1]
    lines = [line for line in section.split("\n\n#", 1)[0].splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def fields() -> dict[str, list[str]]:
    return {re.fullmatch(r"`(\w+)`", row[0])[1]: row for row in table("## Fields")}


def test_the_field_table_lists_exactly_the_schemas_fields_and_required_ones():
    schema = offers.json_schema()
    assert set(fields()) == set(schema["properties"]) == set(offers.FIELDS)
    required = {name for name, row in fields().items() if row[1] == "yes"}
    assert required == set(schema["required"])


@pytest.mark.parametrize("name", sorted(offers.FIELDS))
def test_each_fields_limits_in_the_table_are_the_schemas(name):
    row, spec = fields()[name], offers.json_schema()["properties"][name]
    if match := re.search(r"≤ (\d+)", row[2]):
        assert spec["maxLength"] == int(match[1])
    if match := re.search(r"(\d+)–(\d+)", row[2]):
        assert (spec["minimum"], spec["maximum"]) == (int(match[1]), int(match[2]))
    if "enum" in spec:
        assert re.findall(r"`(\w+)`", row[2]) == list(spec["enum"])
    if "decimal amount" in row[2]:  # text or a JSON number
        assert set(spec["type"]) == {"string", "number"}


def test_the_openapi_document_uses_the_validators_schema(client):
    document = client.get("/api/openapi.json").get_json()
    assert document["components"]["schemas"]["Offer"] == offers.json_schema()


@pytest.mark.parametrize("changes", [
    {}, {"price": 49.9}, {"price": 12, "reward": "2.50"}, {"price": None, "currency": None,
                                                          "discount_percent": 20},
    {"title": "T" * 120, "description": "D" * 2000, "brand": "Fnac"},
    {"place": {"lat": 44.8, "lon": -0.6, "radius_km": 5}, "in_reply_to_intent": 3},
])
def test_what_the_validator_accepts_the_schema_accepts(changes):
    offer = payload(**changes)
    offers.parse(offer)
    assert jsonschema_rs.validator_for(offers.json_schema()).is_valid(offer)


@pytest.mark.parametrize("changes", [
    {"title": "T" * 121}, {"description": "D" * 2001}, {"price": -1}, {"channel": "fax"},
    {"price": None, "currency": None}, {"currency": None}, {"extra": 1},
    {"place": {"street": "x"}}, {"signature": "abc"},
])
def test_what_the_schema_refuses_the_validator_refuses(changes):
    offer = payload(**changes)
    assert not jsonschema_rs.validator_for(offers.json_schema()).is_valid(offer)
    with pytest.raises(ValidationError):
        offers.parse(offer)


def test_the_example_in_the_document_is_a_valid_offer():
    example = json.loads(DOC.split("## Example", 1)[1].split("```json", 1)[1].split("```")[0])
    offers.parse(example)
    assert jsonschema_rs.validator_for(offers.json_schema()).is_valid(example)


def test_the_relevance_table_gives_the_scorings_points():
    points = {re.fullmatch(r"`(\w+)`", row[0])[1]: [int(n) for n in re.findall(r"\d+", row[2])]
              for row in table("### Relevance")}
    assert points == {
        "interest": [0, 100], "history": [0, scoring.AFFINITY_MAX],
        "answers": [scoring.WITHIN_BUDGET], "relevant": [scoring.RELEVANT],
        "channel": list(scoring.CHANNEL_BONUS[:3]), "discount": [1, 10],
        "reward": [scoring.REWARD_BONUS], "threshold": [scoring.THRESHOLD],
    }
