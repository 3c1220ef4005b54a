"""Migration 4: free-text categories in every table become codes, or stay as other words."""

from datetime import date

import pytest

from tests.conftest import PASSPHRASE, rewound
from vault import intents, lifecycle, migrations, preferences, purchases
from vault import offers as stored

ADDED = "'manual', null, '2025-01-01T00:00:00Z'"
OLD_ROWS = [
    "insert into orders (id, merchant, ordered_at, tz, local_day, channel, currency,"
    f" total_minor, source, source_ref, added_at) values (1, 'Fnac', '2025-01-02T10:00:00Z',"
    f" 'UTC', '2025-01-02', 'web', 'EUR', 3000, {ADDED})",
    "insert into order_items (order_id, name, category, quantity, unit_price_minor) values"
    " (1, 'Roman', 'books', 1, 1000), (1, 'BD', 'Livres', 1, 1000),"
    " (1, 'Vélo', 'vélo cargo', 1, 1000)",
    f"insert into interests values ('books', 40, {ADDED}), ('Livres', 70, {ADDED}),"
    f" ('cerfs-volants', 30, {ADDED})",
    f"insert into blocked values ('category', 'gambling', {ADDED}),"
    f" ('category', 'Jeux d''argent', {ADDED}), ('brand', 'Shein', {ADDED})",
    f"insert into price_ceilings values ('travel', 50000, 'EUR', {ADDED}),"
    f" ('Voyage', 30000, 'EUR', {ADDED}), ('vélo cargo', 90000, 'EUR', {ADDED})",
    "insert into intents (category, description, status, opened_at, source, source_ref,"
    f" added_at) values ('voyage', 'Lisbonne', 'open', '2025-01-01T00:00:00Z', {ADDED})",
    "insert into offers (brand_name, title, category, channel, payload, signature, source,"
    " received_at, verdict, score, reasons, decided_at) values ('Mollat', 'Polars',"
    " 'Books', 'email', '{}', 'none', 'import', '2025-01-01T00:00:00Z', 'deliver', 50, '[]',"
    " '2025-01-01T00:00:00Z')",
    "insert into category_history values ('books', '2025-01-02', 1, 2000)",
]


@pytest.fixture
def version_three(folder, created):
    """A vault left at schema version 3, its categories typed freely as before."""
    old = rewound(folder, created[0], upto=3)
    for sql in OLD_ROWS:
        old.execute(sql)
    assert old.schema_version == 3
    old.close()


def test_every_free_text_category_becomes_a_code_or_an_other_word(folder, version_three):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert store.schema_version == migrations.latest()
    order = purchases.get(store, 1)
    assert [i.category for i in order.items] == ["09.7.1", "09.7.1", "other:vélo cargo"]
    prefs = preferences.get(store)
    assert prefs.interests == {"09.7.1": 70, "other:cerfs-volants": 30}
    assert prefs.blocked_categories == {"09.4.7"} and prefs.blocked_brands == {"Shein"}
    assert {c: m.minor for c, m in prefs.price_ceilings.items()} == {
        "07.3": 30000, "other:vélo cargo": 90000}
    assert [i.category for i in intents.all_intents(store)] == ["07.3"]
    assert [stored.get(store, 1).category] == ["09.7.1"]
    store.close()


def test_the_migration_is_recorded_and_the_history_is_figured_again(folder, version_three):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    versions = [r[0] for r in store.all("select version from schema_migrations")]
    assert 4 in versions
    history = stored.category_history(store, today=date(2025, 2, 1))
    assert [(c, n) for c, _day, n, _minor in history] == [("09.7.1", 1), ("other:vélo cargo", 1)]
    store.close()
