"""Backups: written beside their name, verified, renamed; listed, pruned and dated per vault."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSPHRASE, TEST_COST
from vault import backup, lifecycle, profile
from vault.errors import NotWritable

T0 = datetime(2026, 3, 14, 10, 30, tzinfo=UTC)


def _email(store) -> None:
    profile.add_email(store, "camille@example.org")


def test_a_backup_opens_on_its_own_and_no_partial_is_left(folder, store):
    _email(store)
    target = backup.create(store, folder, now=T0)

    assert target == folder / "backups" / "20260314T103000Z"
    assert not list((folder / "backups").glob("*.partial"))
    copy = lifecycle.unlock(target, "passphrase", PASSPHRASE)
    copy.check()
    assert copy.value("select count(*) from profile_emails") == 1
    copy.close()


def test_a_partial_backup_is_never_listed_and_the_next_backup_removes_it(folder, store):
    older = backup.create(store, folder, now=T0)
    stale = folder / "backups" / "20260315T000000Z.partial"
    stale.mkdir()
    (stale / "keyring.json").write_bytes((older / "keyring.json").read_bytes())
    (stale / "vault.db").write_bytes((older / "vault.db").read_bytes()[:4096])
    older_bytes = (older / "vault.db").read_bytes()

    assert backup.all_backups(folder) == [older]
    assert backup.last_good(folder) == T0

    newer = backup.create(store, folder, now=T0 + timedelta(days=2))
    assert not stale.exists()
    assert backup.all_backups(folder) == [older, newer]
    assert (older / "vault.db").read_bytes() == older_bytes


def test_two_backups_in_the_same_second_both_keep(folder, store):
    first = backup.create(store, folder, now=T0)
    second = backup.create(store, folder, now=T0)
    assert backup.all_backups(folder) == [first, second]
    assert second.name == "20260314T103000Z-1"


def test_last_good_is_none_before_any_backup(folder, store):
    assert backup.last_good(folder) is None


def test_a_backup_to_another_folder_is_listed_there_only(folder, store, tmp_path):
    (tmp_path / "other-disk").mkdir()
    disk = tmp_path / "other-disk" / "coffre"
    target = backup.create(store, folder, now=T0, into=disk)
    assert target.parent == disk
    assert backup.all_backups(folder, into=disk) == [target]
    assert backup.all_backups(folder) == []
    assert backup.last_good(folder, into=disk) == T0


def test_a_shared_folder_lists_and_prunes_each_vaults_own_backups(folder, store, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    other_folder = tmp_path / "other"
    other, _code = lifecycle.create(other_folder, PASSPHRASE, cost=TEST_COST)
    theirs = [backup.create(other, other_folder, now=T0 + timedelta(hours=h), into=shared)
              for h in range(3)]
    mine = [backup.create(store, folder, now=T0 + timedelta(hours=h), into=shared)
            for h in range(3)]
    other.close()

    gone = backup.prune(folder, keep=1, into=shared)

    assert gone == mine[:2]
    assert backup.all_backups(folder, into=shared) == mine[2:]
    assert backup.all_backups(other_folder, into=shared) == theirs


def test_a_disk_not_plugged_in_is_an_error_not_a_new_folder(folder, store, tmp_path):
    with pytest.raises(NotWritable, match="backup folder"):
        backup.create(store, folder, now=T0, into=tmp_path / "usb" / "coffre")
    assert not (tmp_path / "usb").exists()


def test_a_backup_folder_that_cannot_be_made_is_a_clear_error(folder, store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(NotWritable, match="backup folder"):
        backup.create(store, folder, now=T0, into=blocker / "backups")
    assert backup.all_backups(folder) == []
