"""Merchants: every spelling of a shop filed under one, and the consumer's corrections."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSPHRASE, rewound, snapshot
from vault import lifecycle, merchants, migrations, purchases
from vault.errors import Conflict, NotFound, ValidationError
from vault.purchases import Item, Order

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def order(merchant: str, *, ref: str | None = None, day: int = 1) -> Order:
    return Order(merchant=merchant, channel="store", currency="EUR", merchant_order_id=ref,
                 ordered_at=datetime(2026, 11, day, 10, tzinfo=UTC),
                 items=(Item("Achat", "09", 1, 1999),))


def shop(store, name: str) -> merchants.Merchant:
    found = merchants.find(store, name)
    assert found is not None, name
    return found


def test_bank_labels_of_one_shop_are_filed_under_one_merchant(store):
    for label, day in (("CB DECATHLON VENISSIEUX 24/11", 24), ("CB DÉCATHLON 02/12", 2),
                       ("Decathlon", 3)):
        purchases.add(store, order(label, day=day), now=NOW)

    decathlon = shop(store, "Decathlon")
    assert decathlon.orders == 3 and decathlon.category == "09.2.2"
    assert {o.merchant for o in purchases.search(store)[0]} == {"Decathlon"}
    assert sorted(o.merchant_written for o in purchases.search(store)[0]) == [
        "CB DECATHLON VENISSIEUX 24/11", "CB DÉCATHLON 02/12", "Decathlon"]
    assert [m.name for m in merchants.listing(store)] == ["Decathlon"]


def test_merging_a_card_line_into_the_web_shop_moves_its_orders_and_later_ones(store):
    purchases.add(store, order("CB LIBRAIRIE MOLLAT 24/11", day=24), now=NOW)
    purchases.add(store, order("Mollat.com"), now=NOW)
    card, web = shop(store, "Librairie Mollat"), shop(store, "Mollat")

    kept = merchants.merge(store, web.id, card.id)

    assert kept.orders == 2 and merchants.find(store, "Librairie Mollat") is None
    assert {o.merchant for o in purchases.search(store)[0]} == {"Mollat"}
    purchases.add(store, order("CB LIBRAIRIE MOLLAT 02/12", day=2), now=NOW)
    assert shop(store, "Mollat").orders == 3
    assert merchants.directory(store).recognise("CB LIBRAIRIE MOLLAT 05/12").name == "Mollat"


def test_a_split_puts_back_the_orders_written_with_that_spelling(store):
    purchases.add(store, order("CB LIBRAIRIE MOLLAT 24/11", day=24), now=NOW)
    purchases.add(store, order("Mollat.com"), now=NOW)
    web = shop(store, "Mollat")
    merchants.merge(store, web.id, shop(store, "Librairie Mollat").id)
    spelling = next(s for s in shop(store, "Mollat").spellings if s.spelling == "Librairie Mollat")

    apart = merchants.split(store, spelling.id, now=NOW)

    assert apart.name == "Librairie Mollat" and apart.orders == 1
    assert shop(store, "Mollat").orders == 1
    assert sorted(o.merchant for o in purchases.search(store)[0]) == ["Librairie Mollat",
                                                                       "Mollat"]


def test_a_merchant_s_own_name_is_renamed_not_split(store):
    purchases.add(store, order("Mollat"), now=NOW)
    own = shop(store, "Mollat").spellings[0]
    before = snapshot(store)
    with pytest.raises(Conflict):
        merchants.split(store, own.id, now=NOW)
    assert snapshot(store) == before


def test_a_renamed_merchant_keeps_its_orders_and_its_former_name_as_a_spelling(store):
    purchases.add(store, order("CB FNAC BELLECOUR 24/11", ref=None, day=24), now=NOW)
    fnac = shop(store, "Fnac")

    renamed = merchants.rename(store, fnac.id, "Fnac Bellecour")

    assert renamed.orders == 1 and purchases.search(store)[0][0].merchant == "Fnac Bellecour"
    purchases.add(store, order("CB FNAC 02/12", day=2), now=NOW)  # the built-in spelling
    assert [m.name for m in merchants.listing(store)] == ["Fnac Bellecour"]


def test_renaming_to_another_shop_s_name_is_refused_and_changes_nothing(store):
    purchases.add(store, order("Fnac"), now=NOW)
    purchases.add(store, order("Darty"), now=NOW)
    before = snapshot(store)
    with pytest.raises(Conflict):
        merchants.rename(store, shop(store, "Darty").id, "FNAC")
    with pytest.raises(ValidationError):
        merchants.rename(store, shop(store, "Darty").id, "   ")
    assert snapshot(store) == before


def test_the_consumer_s_category_wins_for_later_imports(store):
    purchases.add(store, order("CB DECATHLON 24/11", day=24), now=NOW)
    assert merchants.directory(store).recognise("CB DECATHLON 01/12").default_category == "09.2.2"

    chosen = merchants.set_category(store, shop(store, "Decathlon").id, "vélos")

    assert chosen.category_chosen and chosen.category == "07.1.3"
    assert merchants.directory(store).recognise("CB DECATHLON 01/12").default_category == "07.1.3"


def test_merging_two_shops_holding_one_order_number_is_refused(store):
    purchases.add(store, order("Fnac", ref="A-1"), now=NOW)
    purchases.add(store, order("Darty", ref="A-1"), now=NOW)
    before = snapshot(store)
    with pytest.raises(Conflict, match="A-1"):
        merchants.merge(store, shop(store, "Fnac").id, shop(store, "Darty").id)
    with pytest.raises(ValidationError):
        merchants.merge(store, shop(store, "Fnac").id, shop(store, "Fnac").id)
    with pytest.raises(NotFound):
        merchants.merge(store, shop(store, "Fnac").id, 999)
    assert snapshot(store) == before


def test_an_order_number_is_one_order_however_the_shop_is_written(store):
    purchases.add(store, order("Fnac.com", ref="F-7"), now=NOW)
    assert purchases.find_by_ref(store, "FNAC", "F-7") is not None
    with pytest.raises(Conflict):
        purchases.add(store, order("CB FNAC 24/11", ref="F-7"), now=NOW)


def test_editing_an_order_but_not_its_shop_keeps_how_its_source_wrote_it(store):
    order_id = purchases.add(store, order("CB LIBRAIRIE MOLLAT 24/11", day=24), now=NOW)
    purchases.update(store, order_id, order("Librairie Mollat", day=25))
    assert purchases.get(store, order_id).merchant_written == "CB LIBRAIRIE MOLLAT 24/11"


def test_editing_an_order_files_its_new_merchant(store):
    order_id = purchases.add(store, order("Fnac"), now=NOW)
    purchases.update(store, order_id, order("CB DARTY LYON 24/11"))
    assert purchases.get(store, order_id).merchant == "Darty"
    assert shop(store, "Darty").orders == 1 and shop(store, "Fnac").orders == 0


OLD_ORDERS = [
    "insert into orders (id, merchant, merchant_order_id, ordered_at, tz, local_day, channel,"
    " currency, total_minor, source, added_at) values"
    f" ({n}, '{name}', {ref}, '2025-01-02T10:00:00Z', 'UTC', '2025-01-02', 'store', 'EUR',"
    " 100, 'manual', '2025-01-02T10:00:00Z')"
    for n, name, ref in ((1, "CB DECATHLON 24/11", "null"), (2, "Decathlon", "null"),
                         (3, "FNAC", "'X-1'"), (4, "Fnac", "'X-1'"), (5, "Chez Léon", "null"))
]


@pytest.fixture
def version_six(folder, created):
    """A vault at schema version 6, its orders named as they were typed or imported."""
    old = rewound(folder, created[0], upto=6)
    for sql in OLD_ORDERS:
        old.execute(sql)
    old.close()


def test_the_migration_folds_existing_orders_and_keeps_each_writing(folder, version_six):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert store.schema_version == migrations.latest()
    by_id = {o.id: o for o in purchases.search(store)[0]}
    assert by_id[1].merchant == by_id[2].merchant == "Decathlon"
    assert by_id[1].merchant_written == "CB DECATHLON 24/11"
    assert shop(store, "Decathlon").orders == 2 and shop(store, "Chez Léon").orders == 1
    # The same order entered twice under two spellings: kept apart, both kept.
    assert {by_id[3].merchant, by_id[4].merchant} == {"Fnac", "FNAC"}
    assert sum(m.orders for m in merchants.listing(store)) == 5
    store.close()
