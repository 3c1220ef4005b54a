"""The `coffre` command: every command works, every bad input is a clean one-line error."""

import json

import click
import pytest
from click.testing import CliRunner

from tests.conftest import PASSPHRASE
from tests.web.cli.helpers import coffre, snapshot
from vault import backup, lifecycle, migrations
from web.cli import main

NEW = "another very long passphrase"


def _recovery_code(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.count("-") == 7)


def test_init_prints_the_recovery_code_once(folder):
    result = coffre(folder, "init")
    assert result.exit_code == 0
    assert "recovery code" in result.output
    lifecycle.unlock(folder, "recovery", _recovery_code(result.output)).close()


def test_info_shows_path_version_and_counts(vault_folder):
    result = coffre(vault_folder, "info")
    assert result.exit_code == 0
    assert str(vault_folder) in result.output
    assert f"version {migrations.latest()}" in result.output
    assert "Orders:" in result.output


def test_passphrase_from_a_file(vault_folder, tmp_path):
    secret_file = tmp_path / "pass.txt"
    secret_file.write_text(PASSPHRASE + "\n")
    result = coffre(vault_folder, "info", "--passphrase-file", str(secret_file),
                    passphrase=None)
    assert result.exit_code == 0, result.output


def test_passwd_opens_with_the_new_passphrase_only(vault_folder):
    result = coffre(vault_folder, "passwd", COFFRE_NEW_PASSPHRASE=NEW)
    assert result.exit_code == 0, result.output
    assert coffre(vault_folder, "info", passphrase=NEW).exit_code == 0
    _one_line_error(coffre(vault_folder, "info"), contains="does not open")


def test_passwd_with_a_wrong_passphrase_changes_nothing(vault_folder):
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "passwd", passphrase="wrong but long enough",
                           COFFRE_NEW_PASSPHRASE=NEW), contains="does not open")
    assert snapshot(vault_folder) == before


def test_recover_sets_a_passphrase_and_replaces_the_code(folder):
    old_code = _recovery_code(coffre(folder, "init").output)
    result = coffre(folder, "recover", "--code", old_code, COFFRE_NEW_PASSPHRASE=NEW)
    assert result.exit_code == 0, result.output
    assert coffre(folder, "info", passphrase=NEW).exit_code == 0
    _one_line_error(coffre(folder, "info"), contains="does not open")
    lifecycle.unlock(folder, "recovery", _recovery_code(result.output)).close()
    _one_line_error(coffre(folder, "recover", "--code", old_code, COFFRE_NEW_PASSPHRASE=NEW),
                    contains="does not open")


def test_keyfile_add_and_remove(vault_folder, tmp_path):
    key = tmp_path / "k.key"
    assert coffre(vault_folder, "keyfile", "add", str(key)).exit_code == 0
    lifecycle.unlock(vault_folder, "keyfile", key).close()
    assert coffre(vault_folder, "keyfile", "remove").exit_code == 0


def test_rekey_issues_a_new_recovery_code(vault_folder):
    result = coffre(vault_folder, "rekey")
    assert result.exit_code == 0, result.output
    lifecycle.unlock(vault_folder, "recovery", _recovery_code(result.output)).close()


def test_demo_creates_a_plausible_consumer(folder):
    result = coffre(folder, "demo", "--orders", "300", passphrase=None)
    assert result.exit_code == 0, result.output
    secret = result.output.split("Demo passphrase: ")[1].strip()
    store = lifecycle.unlock(folder, "passphrase", secret)
    assert store.value("select count(*) from orders") == 300
    assert store.value("select count(distinct merchant) from orders") >= 30
    verdicts = {r[0] for r in store.all("select distinct verdict from offers")}
    assert verdicts == {"deliver", "hold", "decline"}
    assert store.value("select count(*) from brands") == 2
    assert store.value("select count(*) from access_log") >= 3
    store.close()


def test_demo_writes_the_passphrase_to_the_file_asked_and_not_to_the_screen(folder, tmp_path):
    out = tmp_path / "demo-passphrase"
    result = coffre(folder, "demo", "--orders", "20", "--passphrase-out", str(out),
                    passphrase=None)
    assert result.exit_code == 0, result.output
    secret = out.read_text().strip()
    assert out.stat().st_mode & 0o777 == 0o600
    assert secret not in result.output and str(out) in result.output
    lifecycle.unlock(folder, "passphrase", secret).close()


def _all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield [*prefix, name]
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for args in _all_commands(main):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Example: coffre" in result.output, args


def test_every_command_takes_the_vault_after_its_name_too():
    runner = CliRunner()
    for args in _all_commands(main):
        result = runner.invoke(main, [*args, "--help"])
        assert "--vault DIR" in result.output and "wins over" in result.output, args


def _one_line_error(result, *, contains):
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("Error: ") and contains in lines[-1], result.output
    assert "Traceback" not in result.output


def test_wrong_passphrase(vault_folder):
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "info", passphrase="wrong but long enough"),
                    contains="does not open")
    assert snapshot(vault_folder) == before


def test_no_vault_at_that_path(tmp_path):
    _one_line_error(coffre(tmp_path / "none", "info"), contains="No vault")


def test_short_passphrase_at_creation(folder):
    _one_line_error(coffre(folder, "init", passphrase="too short"), contains="too short")
    assert snapshot(folder) == {}


def test_init_over_an_existing_vault(vault_folder):
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "init"), contains="already exists")
    assert snapshot(vault_folder) == before


def test_folder_not_writable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    _one_line_error(coffre(blocker / "vault", "init"), contains="Cannot write")


def test_keyring_edited_by_hand(vault_folder):
    path = vault_folder / "keyring.json"
    doc = json.loads(path.read_text())
    doc["keyring"]["vault_id"] = "edited"
    path.write_text(json.dumps(doc))
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "info"), contains="changed outside Coffre")
    assert snapshot(vault_folder) == before


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_damaged_database(vault_folder, damage):
    db = vault_folder / "vault.db"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2] if damage == "truncate"
                   else data[:16] + bytes(len(data) - 16))
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "info"), contains="vault.db")
    assert snapshot(vault_folder) == before


def test_vault_newer_than_the_code(vault_folder):
    store = lifecycle.unlock(vault_folder, "passphrase", PASSPHRASE)
    store.execute(f"pragma user_version = {migrations.latest() + 5}")
    store.close()
    before = snapshot(vault_folder)
    _one_line_error(coffre(vault_folder, "info"), contains="upgrade Coffre")
    assert snapshot(vault_folder) == before


def test_backup_writes_a_copy_that_opens(vault_folder):
    result = coffre(vault_folder, "backup")
    assert result.exit_code == 0, result.output
    copies = backup.all_backups(vault_folder)
    assert len(copies) == 1
    assert not list((vault_folder / "backups").glob("*.partial"))
    assert coffre(copies[0], "info").exit_code == 0
