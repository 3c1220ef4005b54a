"""The SQLCipher connection: pragmas, transactions, damage and versions."""

import threading

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from vault import lifecycle, migrations, profile
from vault.errors import Busy, Conflict, DatabaseDamaged, VaultTooNew
from vault.store import ROWS_PER_STATEMENT, open_store


def test_pragmas_keep_temp_data_in_memory_and_check_foreign_keys(store):
    assert store.value("pragma temp_store") == 2  # MEMORY
    assert store.value("pragma foreign_keys") == 1
    assert store.value("pragma journal_mode") == "wal"
    assert store.value("pragma cipher_version").startswith("4.")


def test_atomic_rolls_back_everything_on_error(store):
    with pytest.raises(RuntimeError), store.atomic():
        profile.add_email(store, "a@example.org")
        raise RuntimeError("boom")
    assert profile.get(store).emails == []


def test_nested_atomic_undoes_only_the_inner_block(store):
    with store.atomic():
        profile.add_email(store, "a@example.org")
        with pytest.raises(Conflict), store.atomic():
            profile.add_phone(store, "+33 6 00 00 00 01")
            profile.add_email(store, "A@example.org")  # same address, any case
    assert [e.address for e in profile.get(store).emails] == ["a@example.org"]
    assert profile.get(store).phones == []


def test_each_thread_reads_through_its_own_connection(store):
    profile.add_email(store, "a@example.org")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(len(profile.get(store).emails)))
    thread.start()
    thread.join()
    assert seen == [1]


@pytest.mark.parametrize("write", [
    lambda store: store.execute("create table scratch (x)"),  # a bare statement
    lambda store: profile.add_email(store, "b@example.org"),  # a transaction (begin immediate)
], ids=["statement", "transaction"])
def test_a_write_lock_held_elsewhere_raises_busy(folder, store, write):
    other = open_store(folder, lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE))
    store.execute("pragma busy_timeout = 20")  # milliseconds this connection waits for the lock
    with other.atomic():
        profile.add_email(other, "a@example.org")  # the other connection now holds the lock
        with pytest.raises(Busy) as raised:
            write(store)
    other.close()

    assert "database is locked" in str(raised.value.__cause__)
    assert [e.address for e in profile.get(store).emails] == ["a@example.org"]
    profile.add_email(store, "c@example.org")  # nothing was left half-open: writes go on
    assert len(profile.get(store).emails) == 2


def test_close_forgets_the_key(store):
    store.close()
    assert store.closed
    with pytest.raises(DatabaseDamaged):
        store.value("select 1")


def test_a_vault_newer_than_the_code_is_refused(folder, created):
    store, _ = created
    store.execute(f"pragma user_version = {migrations.latest() + 1}")
    store.close()
    with pytest.raises(VaultTooNew, match="upgrade Coffre"):
        lifecycle.unlock(folder, "passphrase", PASSPHRASE)


def test_a_truncated_database_is_refused(folder, created):
    store, _ = created
    store.execute("create table filler (x)")
    store.executemany("insert into filler values (?)", [("x" * 500,)] * 2000)
    store.value("pragma wal_checkpoint(truncate)")
    store.close()
    db = folder / "vault.db"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    with pytest.raises(DatabaseDamaged, match=r"truncated|damaged"):
        lifecycle.unlock(folder, "passphrase", PASSPHRASE)


def test_a_corrupted_database_is_refused(folder, created):
    store, _ = created
    store.close()
    db = folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[100:4000] = bytes(3900)
    db.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        lifecycle.unlock(folder, "passphrase", PASSPHRASE)


def test_creating_over_an_existing_database_is_refused(folder, created):
    with pytest.raises(DatabaseDamaged, match="already exists"):
        open_store(folder, b"k" * 32, create=True)


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in migrations.all_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_each_migration_is_recorded(store):
    rows = store.all("select version from schema_migrations order by version")
    assert [r[0] for r in rows] == [m.version for m in migrations.all_migrations()]
    assert store.schema_version == migrations.latest()


def test_a_commit_that_fails_rolls_back_and_the_store_keeps_working(store):
    store.execute("create table parent (id integer primary key)")
    store.execute("create table child (parent_id integer references parent(id))")
    with pytest.raises(Conflict), store.atomic():
        store.execute("pragma defer_foreign_keys = on")  # the check waits for the commit
        store.execute("insert into child values (42)")

    assert store.value("select count(*) from child") == 0
    with store.atomic():
        store.execute("insert into parent values (1)")
    assert store.value("select count(*) from parent") == 1


def _shops(count: int) -> list[tuple[str, str, str]]:
    return [(f"Shop {n}", f"SHOP {n}", "2026-01-01T00:00:00Z") for n in range(count)]


def test_insert_stores_every_row_across_its_statements(store):
    rows = _shops(ROWS_PER_STATEMENT * 2 + 7)  # two full statements and a short one

    with store.atomic():
        store.insert("merchants (name, key, created_at)", rows)

    assert [tuple(r) for r in store.all("select name, key, created_at from merchants"
                                        " order by id")] == rows


def test_inserts_of_any_number_of_rows_share_a_few_statements(store):
    # Each text is a statement the connection compiles and keeps (vault.store.STATEMENTS):
    # one per number of rows would crowd out the statements every request runs. The
    # compiler asks the authorizer about each table it writes: its calls count compilations.
    compiled: list[str] = []

    def count(action: int, first: str | None, *_: object) -> int:
        if action == sqlcipher3.SQLITE_INSERT and first == "merchants":
            compiled.append(first)
        return sqlcipher3.SQLITE_OK

    store._conn().set_authorizer(count)
    with store.atomic():
        for count in range(1, ROWS_PER_STATEMENT + 90):
            store.insert("merchants (name, key, created_at)",
                         [(f"{count} {n}", f"{count} {n}", "2026-01-01T00:00:00Z")
                          for n in range(count)])

    assert len(compiled) <= 10
    assert store.value("select count(*) from merchants") == sum(range(ROWS_PER_STATEMENT + 90))


def test_a_conflict_in_a_later_statement_of_insert_keeps_none_of_the_rows(store):
    rows = _shops(ROWS_PER_STATEMENT + 3)
    rows.append(rows[0])  # its key again, in the second statement

    with pytest.raises(Conflict), store.atomic():
        store.insert("merchants (name, key, created_at)", rows)

    assert store.value("select count(*) from merchants") == 0
