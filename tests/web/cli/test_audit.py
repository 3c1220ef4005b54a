"""`coffre audit verify` and `coffre brands received` from a terminal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.web.cli.helpers import coffre, opened
from tests.web.oauth.helpers import add_brand
from vault import audit

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _log_three(folder) -> None:
    with opened(folder) as store:
        for i in range(3):
            audit.record(store, at=T0 + timedelta(minutes=i), method="GET",
                         endpoint="/api/v1/preferences", outcome="allowed", records=1)


def test_verify_says_an_honest_log_is_intact(vault_folder):
    _log_three(vault_folder)
    result = coffre(vault_folder, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "The log is intact: 3 events" in result.output


def test_verify_names_the_event_edited_by_hand_and_fails(vault_folder):
    _log_three(vault_folder)
    with opened(vault_folder) as store:
        store.execute("update access_log set endpoint = '/api/v1/intents' where seq = 1")
    result = coffre(vault_folder, "audit", "verify")
    assert result.exit_code == 1
    assert "- event #1 was edited after it was logged" in result.output
    assert "tampered with: 1 problem(s)" in result.output


def test_received_prints_what_a_brand_was_sent_as_json(vault_folder):
    with opened(vault_folder) as store:
        brand = add_brand(store)
        audit.record(store, at=T0, method="GET", endpoint="/api/v1/preferences",
                     outcome="allowed", brand_id=brand.brand_id, records=1,
                     held={"kind": "preferences"}, body_sha256="0" * 64)
    result = coffre(vault_folder, "brands", "received", str(brand.brand_id), "--since",
                    "2026-04-30")
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert [a["request"] for a in exported["answers"]] == ["GET /api/v1/preferences"]
    assert exported["answers"][0]["as_sent"] is False  # its hash is not the body's
    assert "1 changed since it was sent" in result.stderr
