"""The vault and the agent judge time by the `now` they are handed, never by a clock."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import agent
import vault
from vault import imports, intents, profile, purchases
from vault.errors import ValidationError

NOW = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
CLOCK_READS = re.compile(r"utcnow\(\)|datetime\.now|\.today\(|time\.(monotonic|time|perf_counter)")
# Stamps of bookkeeping, not decisions: when a record was added (a caller may give it), when
# the vault's key was made and when each migration ran.
STAMPS = {"vault/provenance.py", "vault/identity.py", "vault/migrations/__init__.py"}
SOURCES = sorted(p for package in (vault, agent)
                 for p in Path(package.__file__).parent.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(Path(vault.__file__).parent.parent).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_no_decision_reads_the_clock(path):
    assert _name(path) in STAMPS or not CLOCK_READS.search(path.read_text())


def order(day: str) -> dict:
    return {"merchant": "Fnac", "ordered_at": f"{day}T10:00:00+01:00", "channel": "web",
            "currency": "EUR", "items": [{"name": "Roman", "category": "books",
                                          "unit_price": "12"}]}


def fields(call) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return [problem.field for problem in caught.value.problems]


def test_an_order_may_not_be_dated_after_now():
    assert fields(lambda: purchases.check(order("2026-03-20"), now=NOW)) == ["ordered_at"]
    later = purchases.check(order("2026-03-20"), now=NOW + timedelta(days=5))
    assert later.ordered_at.day == 20


def test_an_intent_may_not_expire_before_today(store):
    wanted = {"category": "sport", "description": "Un vélo", "expires_on": "2026-03-13"}
    assert fields(lambda: intents.add(store, wanted, now=NOW)) == ["expires_on"]
    intent_id = intents.add(store, wanted, now=NOW - timedelta(days=1))
    assert intents.get(store, intent_id).opened_at == NOW - timedelta(days=1)
    assert intents.open_intents(store, today=NOW.date() - timedelta(days=1)) != []
    assert intents.open_intents(store, today=NOW.date()) == []


def test_a_birth_date_may_not_be_after_today(store):
    born = {"birth_date": "2026-03-15"}
    assert fields(lambda: profile.set_identity(store, born, now=NOW)) == ["birth_date"]
    assert profile.set_identity(store, born, now=NOW + timedelta(days=1)).birth_date.day == 15


def test_an_import_is_judged_as_of_now(store):
    text = (b"merchant,ordered_at,channel,currency,item_name,item_category,unit_price\n"
            b"Fnac,2026-03-20T10:00:00+01:00,web,EUR,Roman,books,12\n")
    assert fields(lambda: imports.run(store, io.BytesIO(text), "x.csv", now=NOW)) == [
        "line 2: ordered_at"]
    assert purchases.count(store) == 0
    later = imports.run(store, io.BytesIO(text), "x.csv", now=NOW + timedelta(days=5))
    assert later.counts.added == 1
