"""`coffre backup DIR | restore | retention | destroy`, as a person would run them."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import PASSPHRASE
from tests.web.cli.helpers import coffre, opened, run
from tests.web.cli.test_cli import _one_line_error, _recovery_code
from vault import backup, keeping, purchases
from vault.purchases import Item, Order


def test_backup_into_a_folder_on_another_disk(vault_folder, tmp_path):
    (tmp_path / "usb").mkdir()
    disk = tmp_path / "usb" / "coffre"
    result = coffre(vault_folder, "backup", str(disk))
    assert result.exit_code == 0, result.output
    assert ".partial" in result.output  # written beside its name first
    [copy] = backup.all_backups(vault_folder, into=disk)
    assert str(copy) in result.output
    assert coffre(copy, "info").exit_code == 0
    assert not (vault_folder / "backups").exists()


def test_backup_says_where_it_writes_then_shows_its_progress_bar(vault_folder):
    result = coffre(vault_folder, "backup")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Writing ") and lines[0].endswith(".partial …")
    assert lines[1].startswith("Copying")  # the bar (drawn in full on a terminal)
    assert lines[-1].startswith("Backup written to ") and lines[-1].endswith(" and verified.")


def test_a_backup_that_cannot_start_shows_no_bar_and_says_why(vault_folder, tmp_path):
    result = coffre(vault_folder, "backup", str(tmp_path / "unplugged" / "coffre"))

    assert result.exit_code == 1
    assert "Copying" not in result.output and "Cannot write" in result.output
    assert not (tmp_path / "unplugged").exists()


def test_restore_with_the_passphrase(vault_folder, tmp_path):
    coffre(vault_folder, "backup")
    [copy] = backup.all_backups(vault_folder)
    target = tmp_path / "restored"
    result = run("restore", str(copy), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert "opens and verifies" in result.output
    assert coffre(target, "info").exit_code == 0


def test_restore_with_the_recovery_code(folder, tmp_path):
    code = _recovery_code(coffre(folder, "init").output)
    coffre(folder, "backup")
    [copy] = backup.all_backups(folder)
    target = tmp_path / "restored"
    result = run("restore", str(copy), "--to", str(target), "--code", code, passphrase=None)
    assert result.exit_code == 0, result.output
    assert coffre(target, "info").exit_code == 0


def test_restore_refuses_a_wrong_secret(vault_folder, tmp_path):
    coffre(vault_folder, "backup")
    [copy] = backup.all_backups(vault_folder)
    _one_line_error(run("restore", str(copy), "--to", str(tmp_path / "r"),
                        passphrase="not the passphrase at all"), contains="does not open")
    _one_line_error(run("restore", str(copy), "--to", str(tmp_path / "r"), "--code",
                        "AAAA-BBBB"), contains="does not open")
    assert not (tmp_path / "r").exists()


def test_restore_refuses_to_overwrite_a_vault_before_asking_anything(vault_folder, tmp_path):
    coffre(vault_folder, "backup")
    [copy] = backup.all_backups(vault_folder)
    _one_line_error(run("restore", str(copy), "--to", str(vault_folder), passphrase=None),
                    contains="never overwrites a vault")


def test_retention_dry_run_lists_and_changes_nothing_then_applies(vault_folder):
    with opened(vault_folder) as store:
        purchases.add(store, Order(merchant="Fnac", channel="web", currency="EUR",
                                   ordered_at=datetime(2015, 5, 2, tzinfo=UTC),
                                   items=(Item("Roman", "books", 1, 1990),)))
        keeping.save(store, keeping.Plan(retention_years=5))

    result = coffre(vault_folder, "retention", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "2015-05-02  Fnac  19.90 EUR" in result.output
    assert "1 purchase(s) older than 5 year(s) would be forgotten" in result.output
    with opened(vault_folder) as store:
        assert purchases.count(store) == 1

    result = coffre(vault_folder, "retention")
    assert "Forgot 1 purchase(s)" in result.output
    with opened(vault_folder) as store:
        assert purchases.count(store) == 0


def test_retention_without_a_rule_says_how_to_set_one(vault_folder):
    _one_line_error(coffre(vault_folder, "retention", "--dry-run"), contains="--years N")


def test_destroy_after_typing_the_name(vault_folder):
    coffre(vault_folder, "backup")
    result = coffre(vault_folder, "destroy", input_text="vault\n")
    assert result.exit_code == 0, result.output
    assert "Type the vault's name (vault)" in result.output
    assert "1 backup(s) inside it" in result.output
    assert not vault_folder.exists()


def test_destroy_with_a_wrong_name_keeps_the_vault(vault_folder):
    _one_line_error(coffre(vault_folder, "destroy", "--confirm", "coffre"), contains="vault")
    assert coffre(vault_folder, "info", passphrase=PASSPHRASE).exit_code == 0
