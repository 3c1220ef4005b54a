"""Restore: a backup made a vault again in a new folder, with a secret valid for that backup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSPHRASE, TEST_COST
from vault import backup, lifecycle, profile, restore
from vault.errors import NotFound, VaultExists, WrongKey

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

T0 = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)
NEW = "a new passphrase chosen after the backup"


@pytest.fixture
def made(created, folder):
    """A backup of a vault holding one e-mail address, then the vault's passphrase changed."""
    store, code = created
    profile.add_email(store, "camille@example.org")
    source = backup.create(store, folder, now=T0)
    lifecycle.change_passphrase(folder, "passphrase", PASSPHRASE, NEW, cost=TEST_COST)
    return source, code


def _emails(folder, kind, secret) -> list[str]:
    store = lifecycle.unlock(folder, kind, secret)
    store.check()
    try:
        return [r[0] for r in store.all("select address from profile_emails")]
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["passphrase", "recovery"])
def test_restore_with_the_secret_valid_for_that_backup(made, tmp_path, kind):
    source, code = made
    secret = PASSPHRASE if kind == "passphrase" else code
    target = tmp_path / "restored"

    restore.restore(source, target, kind, secret, now=NOW)

    assert _emails(target, kind, secret) == ["camille@example.org"]
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_a_passphrase_set_after_the_backup_does_not_open_it(made, tmp_path):
    source, _code = made
    with pytest.raises(WrongKey):
        restore.restore(source, tmp_path / "restored", "passphrase", NEW, now=NOW)
    assert not (tmp_path / "restored").exists()


def test_a_wrong_recovery_code_is_refused_and_leaves_nothing(made, tmp_path):
    source, _code = made
    with pytest.raises(WrongKey):
        restore.restore(source, tmp_path / "restored", "recovery", "AAAA-BBBB-CCCC-DDDD", now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault"]


def test_restore_never_overwrites_a_vault(made, folder):
    source, _code = made
    before = (folder / "vault.db").read_bytes(), (folder / "keyring.json").read_bytes()
    with pytest.raises(VaultExists, match="never overwrites a vault"):
        restore.restore(source, folder, "passphrase", PASSPHRASE, now=NOW)
    assert ((folder / "vault.db").read_bytes(), (folder / "keyring.json").read_bytes()) == before


def test_restore_refuses_a_folder_holding_other_files(made, tmp_path):
    source, _code = made
    target = tmp_path / "papers"
    target.mkdir()
    (target / "letter.txt").write_text("keep me")
    with pytest.raises(VaultExists, match="not an empty folder"):
        restore.restore(source, target, "passphrase", PASSPHRASE, now=NOW)
    assert [p.name for p in target.iterdir()] == ["letter.txt"]


def test_restore_into_an_empty_folder_works(made, tmp_path):
    source, _code = made
    target = tmp_path / "empty"
    target.mkdir()
    restore.restore(source, target, "passphrase", PASSPHRASE, now=NOW)
    assert _emails(target, "passphrase", PASSPHRASE) == ["camille@example.org"]


def test_a_partial_backup_is_never_restored(made, tmp_path):
    source, _code = made
    partial = source.with_name(source.name + ".partial")
    source.rename(partial)
    with pytest.raises(NotFound, match="not a finished backup"):
        restore.restore(partial, tmp_path / "restored", "passphrase", PASSPHRASE, now=NOW)
    assert not (tmp_path / "restored").exists()
