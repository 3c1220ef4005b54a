"""The retention rule: a dry run lists what would go; applying it forgets exactly that."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import snapshot
from vault import keeping, purchases, retention
from vault.errors import ValidationError
from vault.purchases import Item, Order

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _order(store, when: datetime, merchant: str) -> int:
    return purchases.add(store, Order(merchant=merchant, channel="web", currency="EUR",
                                      ordered_at=when, items=(Item("Livre", "books", 2, 1250),)))


@pytest.fixture
def history(store):
    """Three purchases: nine years ago, just over five years ago, and last year."""
    old = _order(store, datetime(2017, 6, 1, tzinfo=UTC), "Fnac")
    edge = _order(store, datetime(2021, 11, 30, tzinfo=UTC), "Darty")
    recent = _order(store, datetime(2025, 6, 1, tzinfo=UTC), "Decathlon")
    return old, edge, recent


def test_the_dry_run_lists_what_would_go_and_changes_nothing(store, history):
    before = snapshot(store)
    doomed = retention.dry_run(store, years=5, now=NOW)
    assert [(d.merchant, d.total_minor) for d in doomed] == [("Fnac", 2500), ("Darty", 2500)]
    assert retention.count(store, years=5, now=NOW) == 2
    assert snapshot(store) == before


def test_applying_it_forgets_the_orders_and_their_items(store, history):
    old, edge, recent = history
    assert retention.forget(store, years=5, now=NOW) == 2
    assert [o.id for o in purchases.search(store)[0]] == [recent]
    assert store.value("select count(*) from order_items where order_id in (?, ?)",
                       (old, edge)) == 0


def test_a_year_from_29_february_falls_on_the_28th():
    assert retention.cutoff(datetime(2028, 2, 29, tzinfo=UTC), 1) == datetime(
        2027, 2, 28, tzinfo=UTC)


def test_the_plan_is_off_until_chosen(store):
    assert keeping.load(store) == keeping.Plan(every_hours=None, keep=7, folder=None,
                                               retention_years=None)


def test_the_plan_is_kept_and_read_back(store, tmp_path):
    plan = keeping.check("24", "3", str(tmp_path), "5")
    keeping.save(store, plan)
    assert keeping.load(store) == keeping.Plan(24, 3, tmp_path, 5)
    keeping.save(store, keeping.check("", "", "", ""))
    assert keeping.load(store) == keeping.Plan()


def test_a_bad_plan_names_every_problem():
    with pytest.raises(ValidationError) as e:
        keeping.check("0", "abc", "relative/folder", "101")
    assert [(p.field, p.code) for p in e.value.problems] == [
        ("every_hours", "too_small"), ("keep", "not_whole_number"),
        ("folder", "absolute_path"), ("retention_years", "too_large")]
