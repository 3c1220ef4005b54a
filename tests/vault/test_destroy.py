"""Destroying a vault: the keys are erased first (unreadable at once), then the files go."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSPHRASE
from vault import backup, destroy, lifecycle
from vault.errors import NoVault, ValidationError
from vault.store import DB_NAME

T0 = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


def test_the_name_to_type_is_the_folder_name(folder, store):
    assert destroy.name(folder) == "vault"


def test_destroy_removes_the_folder_and_the_backups_inside(folder, created):
    store, _code = created
    backup.create(store, folder, now=T0)
    store.close()

    destroy.destroy(folder, " vault ")

    assert not folder.exists()


def test_a_wrong_name_changes_nothing(folder, created):
    store, _code = created
    store.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ValidationError) as e:
        destroy.destroy(folder, "Vault")
    assert e.value.problems[0].code == "vault_name"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_after_the_crypto_erase_no_secret_opens_what_is_left(folder, created):
    """A destroy interrupted after its first step: the database is still there, unreadable."""
    store, code = created
    inside = backup.create(store, folder, now=T0)
    store.close()
    size = (folder / DB_NAME).stat().st_size

    erased = destroy.erase_keys(folder)

    assert sorted(erased) == sorted([folder / "keyring.json", inside / "keyring.json"])
    assert (folder / DB_NAME).stat().st_size == size  # only the keys are gone so far
    for where in (folder, inside):
        for kind, secret in (("passphrase", PASSPHRASE), ("recovery", code)):
            with pytest.raises(NoVault):
                lifecycle.unlock(where, kind, secret)
    destroy.remove_files(folder)
    assert not folder.exists()


def test_the_keyring_is_overwritten_before_it_is_removed(folder, created, tmp_path):
    """A hard link keeps the old inode reachable: its bytes must no longer be the keyring's."""
    store, _code = created
    store.close()
    witness = tmp_path / "witness"
    witness.hardlink_to(folder / "keyring.json")
    old = witness.read_bytes()

    destroy.erase_keys(folder)

    assert witness.read_bytes() != old
    assert b"wrapped" not in witness.read_bytes()
