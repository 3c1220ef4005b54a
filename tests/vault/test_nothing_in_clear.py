"""No personal value ever reaches the disk readable: db, WAL, shm, keyring or journal."""

from datetime import UTC, datetime, time

import pytest

from tests.conftest import PASSPHRASE, rewound
from vault import audit, intents, lifecycle, migrations, preferences, profile, purchases, settings
from vault.money import Money
from vault.preferences import Preferences

NOW = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


def sentinel(n: int) -> str:
    return f"Zqxsentinel{n:02d}"


WRITES = [
    lambda s: profile.set_identity(s, {"given_name": sentinel(1), "family_name": sentinel(2),
                                       "profession": sentinel(3)}, now=NOW),
    lambda s: profile.add_email(s, f"{sentinel(4)}@example.org"),
    lambda s: profile.add_phone(s, "+33 6 55 44 33 22", label=sentinel(5)),
    lambda s: profile.add_address(s, {"line1": sentinel(6), "city": sentinel(7),
                                      "country": "FR"}),
    lambda s: profile.add_merchant_id(s, sentinel(8), "loyalty_card", sentinel(9)),
    ORDER_WRITE := lambda s: purchases.add(s, purchases.check({
        "merchant": sentinel(10), "ordered_at": "2025-01-02T10:00:00Z", "channel": "web",
        "currency": "EUR", "items": [{"name": sentinel(11), "category": sentinel(12),
                                      "brand": sentinel(13), "unit_price": "9.99"}]}, now=NOW)),
    lambda s: preferences.save(s, Preferences(
        interests={sentinel(14): 50}, blocked_brands=frozenset({sentinel(15)}),
        price_ceilings={sentinel(16): Money(1000, "EUR")}, quiet_hours=(time(22), time(7)))),
    lambda s: intents.add(s, {"category": sentinel(17), "description": sentinel(18),
                              "place": sentinel(19)}, now=NOW),
    lambda s: settings.put(s, "note", sentinel(20)),
]
COUNT = 21


def assert_no_sentinel(folder):
    for path in folder.iterdir():
        data = path.read_bytes()
        for n in range(1, COUNT):
            for form in (sentinel(n).encode(), sentinel(n).encode("utf-16-le")):
                assert form not in data, f"{sentinel(n)} readable in {path.name}"


def test_sentinels_never_appear_in_any_file(folder, store):
    for write in WRITES:
        write(store)
        assert_no_sentinel(folder)  # while open: WAL and shm hold the latest pages
    store.value("pragma wal_checkpoint(truncate)")
    assert_no_sentinel(folder)
    store.close()
    assert_no_sentinel(folder)
    reopened = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert profile.get(reopened).identity.given_name == sentinel(1)
    reopened.close()


def test_an_api_reads_event_is_never_readable_in_the_journal_or_after(folder, store):
    # Outside a transaction, as the API logs a read: through the journal file first.
    audit.record(store, at=NOW, method="GET", endpoint="/api/v1/profile", outcome="allowed",
                 brand_name=sentinel(1), fields=[sentinel(2)], held={"kind": sentinel(3)})
    assert list(folder.glob("journal-*.bin"))
    assert_no_sentinel(folder)
    audit.settle(store)
    assert_no_sentinel(folder)
    store.close()
    assert_no_sentinel(folder)


# An order as version one stored it: today's code files its merchant (vault.merchants).
OLD_ORDER = [
    "insert into orders (id, merchant, ordered_at, tz, local_day, channel, currency,"
    f" total_minor, source, added_at) values (1, '{sentinel(10)}', '2025-01-02T10:00:00Z',"
    " 'UTC', '2025-01-02', 'web', 'EUR', 999, 'manual', '2025-01-02T10:00:00Z')",
    "insert into order_items (order_id, name, brand, category, quantity, unit_price_minor)"
    f" values (1, '{sentinel(11)}', '{sentinel(13)}', 'other:{sentinel(12)}', 1, 999)",
]


@pytest.fixture
def version_one(folder, created):
    """A vault whose database stops at schema version 1, holding one of every record."""
    old = rewound(folder, created[0], upto=1)
    for write in WRITES:
        if write is not ORDER_WRITE:
            write(old)
    for sql in OLD_ORDER:
        old.execute(sql)
    assert old.schema_version == 1
    before = _dump(old)
    old.close()
    return before


def _dump(store):
    tables = [r[0] for r in store.all(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        " and name != 'schema_migrations' order by name")]
    return {t: [dict(zip(r.keys(), tuple(r), strict=True))
                for r in store.all(f"select * from {t} order by rowid")]
            for t in tables}


def test_a_version_one_vault_upgrades_on_open_and_keeps_every_record(folder, version_one):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert store.schema_version == migrations.latest()
    after = _dump(store)
    for table, rows in version_one.items():
        # Columns added later hold their defaults; every value of version one is kept.
        # An order's merchant as written moves beside the name of the merchant it is filed under.
        kept = [{k: r["merchant_written" if (table, k) == ("orders", "merchant") else k]
                 for k in old} for r, old in zip(after[table], rows, strict=True)]
        assert kept == rows, table
    store.close()
