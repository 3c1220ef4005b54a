"""Creating, unlocking and changing the ways into a vault."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, TEST_COST
from vault import keys, lifecycle, profile
from vault.errors import (
    NotFound,
    NotWritable,
    NoVault,
    VaultExists,
    WeakPassphrase,
    WrongKey,
)

NEW = "a different long passphrase"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def closed(created, folder):
    """A vault with one record, closed; returns its recovery code."""
    store, code = created
    profile.add_email(store, "camille@example.org")
    store.close()
    return code


def emails(store):
    return [e.address for e in profile.get(store).emails]


def test_create_then_unlock_with_the_passphrase(folder, closed):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert emails(store) == ["camille@example.org"]
    store.close()


def test_unlock_with_the_recovery_code_as_typed_by_a_person(folder, closed):
    typed = closed.lower().replace("-", " ")
    store = lifecycle.unlock(folder, "recovery", typed)
    assert emails(store) == ["camille@example.org"]
    store.close()


@pytest.mark.parametrize("kind, value", [("passphrase", "not the passphrase at all"),
                                         ("recovery", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")])
def test_a_wrong_secret_fails_and_changes_no_byte(folder, closed, kind, value):
    before = snapshot(folder)
    with pytest.raises(WrongKey, match="does not open this vault"):
        lifecycle.unlock(folder, kind, value)
    assert snapshot(folder) == before


def test_no_vault_in_that_folder(tmp_path):
    with pytest.raises(NoVault, match="No vault"):
        lifecycle.unlock(tmp_path / "nothing", "passphrase", PASSPHRASE)


def test_create_over_an_existing_vault_is_refused(folder, closed):
    before = snapshot(folder)
    with pytest.raises(VaultExists):
        lifecycle.create(folder, NEW, cost=TEST_COST)
    assert snapshot(folder) == before


@pytest.mark.parametrize("weak", ["short pass", "password1234", "aaaaaaaaaaaaaaaa"])
def test_a_weak_passphrase_is_refused_at_creation(folder, weak):
    with pytest.raises(WeakPassphrase):
        lifecycle.create(folder, weak, cost=TEST_COST)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_folder_that_cannot_be_written_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(NotWritable, match="Cannot write"):
        lifecycle.create(blocker / "vault", PASSPHRASE, cost=TEST_COST)


def test_change_passphrase(folder, closed):
    lifecycle.change_passphrase(folder, "passphrase", PASSPHRASE, NEW, cost=TEST_COST)
    with pytest.raises(WrongKey):
        lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    store = lifecycle.unlock(folder, "passphrase", NEW)
    assert emails(store) == ["camille@example.org"]
    store.close()


def test_change_passphrase_with_the_recovery_code(folder, closed):
    lifecycle.change_passphrase(folder, "recovery", closed, NEW, cost=TEST_COST)
    lifecycle.unlock(folder, "passphrase", NEW).close()


def test_change_passphrase_refuses_a_wrong_old_one_and_changes_nothing(folder, closed):
    before = snapshot(folder)
    with pytest.raises(WrongKey):
        lifecycle.change_passphrase(folder, "passphrase", "wrong wrong wrong", NEW,
                                    cost=TEST_COST)
    assert snapshot(folder) == before


class Crash(Exception):
    """Stands for the machine stopping."""


def _fail_at_call(monkeypatch, module, name, n):
    """Make the n-th call of module.name raise Crash."""
    real = getattr(module, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            raise Crash(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


@pytest.mark.parametrize("step, n", [("open", 1), ("write", 1), ("fsync", 1), ("replace", 1),
                                     ("fsync", 2)])
def test_passphrase_change_interrupted_at_each_step_still_opens(folder, closed, monkeypatch,
                                                                step, n):
    with monkeypatch.context() as m:
        _fail_at_call(m, os, step, n)
        with pytest.raises(Crash):
            lifecycle.change_passphrase(folder, "passphrase", PASSPHRASE, NEW, cost=TEST_COST)
    opened = []
    for secret in (PASSPHRASE, NEW):
        try:
            store = lifecycle.unlock(folder, "passphrase", secret)
        except WrongKey:
            continue
        opened.append(secret)
        assert emails(store) == ["camille@example.org"]
        store.close()
    assert len(opened) == 1
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_replace_recovery_code(folder, closed):
    fresh = lifecycle.replace_recovery_code(folder, PASSPHRASE, cost=TEST_COST)
    with pytest.raises(WrongKey):
        lifecycle.unlock(folder, "recovery", closed)
    lifecycle.unlock(folder, "recovery", fresh).close()


def test_key_file_opens_the_vault_until_removed(folder, closed, tmp_path):
    target = tmp_path / "coffre.key"
    lifecycle.add_keyfile(folder, PASSPHRASE, target, cost=TEST_COST)
    assert target.stat().st_mode & 0o077 == 0
    store = lifecycle.unlock(folder, "keyfile", target)
    assert emails(store) == ["camille@example.org"]
    store.close()
    lifecycle.remove_keyfile(folder, PASSPHRASE)
    with pytest.raises(NotFound, match="no key file"):
        lifecycle.unlock(folder, "keyfile", target)


def test_a_wrong_key_file_does_not_open(folder, closed, tmp_path):
    lifecycle.add_keyfile(folder, PASSPHRASE, tmp_path / "good.key", cost=TEST_COST)
    bad = tmp_path / "bad.key"
    bad.write_bytes(keys.new_keyfile_content())
    with pytest.raises(WrongKey, match="key file"):
        lifecycle.unlock(folder, "keyfile", bad)


def test_rotating_the_data_key_keeps_every_record(folder, closed):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    old_key = lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE)
    code = lifecycle.rotate_data_key(folder, store, PASSPHRASE, cost=TEST_COST)
    profile.add_phone(store, "+33 6 00 00 00 02")  # the open store keeps working
    store.close()
    assert lifecycle.unsafe_data_key(folder, "passphrase", PASSPHRASE) != old_key
    with pytest.raises(WrongKey):
        lifecycle.unlock(folder, "recovery", closed)
    store = lifecycle.unlock(folder, "recovery", code)
    assert emails(store) == ["camille@example.org"]
    assert len(profile.get(store).phones) == 1
    store.close()


@pytest.mark.parametrize("n", [1, 2])
def test_rotation_interrupted_at_either_keyring_write_still_opens(folder, closed, monkeypatch,
                                                                  n):
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    with monkeypatch.context() as m:
        _fail_at_call(m, os, "replace", n)
        with pytest.raises(Crash):
            lifecycle.rotate_data_key(folder, store, PASSPHRASE, cost=TEST_COST)
    store.close()
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    assert emails(store) == ["camille@example.org"]
    store.close()
    assert not keys.load(folder / "keyring.json").pending


def test_a_backup_is_a_verified_vault_that_opens_with_the_passphrase(folder, closed):
    from vault import backup

    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    target = backup.create(store, folder, now=datetime(2026, 3, 14, 10, 30, tzinfo=UTC))
    store.close()
    assert backup.all_backups(folder) == [target]
    copy = lifecycle.unlock(target, "passphrase", PASSPHRASE)
    assert emails(copy) == ["camille@example.org"]
    copy.close()
    assert b"camille" not in (target / "vault.db").read_bytes()
