"""`coffre passwd | recover | keyfile | rekey`: the ways into the vault, and its key."""

from __future__ import annotations

from pathlib import Path

import click

from vault import lifecycle
from web.cli.common import (
    Context,
    command,
    group,
    new_passphrase,
    opened,
    passphrase_file,
    read_passphrase,
    show_recovery_code,
    vault_command,
)


@command()
@passphrase_file
@click.option("--new-passphrase-file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@vault_command
def passwd(obj: Context, passphrase_file: Path | None, new_passphrase_file: Path | None) -> None:
    """Change the passphrase.

    Example: coffre passwd
    """
    old = read_passphrase(passphrase_file, prompt="Current passphrase")
    # Proved before asking for the new one; the key is used here and dropped.
    dek = lifecycle.unsafe_data_key(obj.folder, "passphrase", old)
    lifecycle.set_passphrase(obj.folder, dek, new_passphrase(new_passphrase_file), cost=obj.cost)
    click.echo("Passphrase changed.")


@command()
@click.option("--code", help="The recovery code (asked for when absent).")
@click.option("--new-passphrase-file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@vault_command
def recover(obj: Context, code: str | None, new_passphrase_file: Path | None) -> None:
    """Set a new passphrase with the recovery code, then issue a new recovery code.

    Example: coffre recover
    """
    code = code or click.prompt("Recovery code", hide_input=True)
    # Proved before asking for the passphrase; the key is used here and dropped.
    dek = lifecycle.unsafe_data_key(obj.folder, "recovery", code)
    lifecycle.set_passphrase(obj.folder, dek, new_passphrase(new_passphrase_file), cost=obj.cost)
    fresh = lifecycle.issue_recovery_code(obj.folder, dek, cost=obj.cost)
    click.echo("Passphrase set. Your old recovery code no longer works.")
    show_recovery_code(fresh)


@group()
def keyfile() -> None:
    """Add or remove a key file for unattended start.

    Example: coffre keyfile add /media/usb/coffre.key
    """


@keyfile.command("add")
@click.argument("target", type=click.Path(path_type=Path))
@passphrase_file
@vault_command
def keyfile_add(obj: Context, target: Path, passphrase_file: Path | None) -> None:
    """Write a key file that opens the vault without the passphrase.

    Anyone who can read the key file and the vault folder can read your data:
    keep it on a separate device or an owner-only path.

    Example: coffre keyfile add /media/usb/coffre.key
    """
    lifecycle.add_keyfile(obj.folder, read_passphrase(passphrase_file), target, cost=obj.cost)
    click.echo(f"Key file written to {target} (readable by you only).")


@keyfile.command("remove")
@passphrase_file
@vault_command
def keyfile_remove(obj: Context, passphrase_file: Path | None) -> None:
    """Stop any key file from opening the vault.

    Example: coffre keyfile remove
    """
    lifecycle.remove_keyfile(obj.folder, read_passphrase(passphrase_file))
    click.echo("The key file no longer opens this vault.")


@command()
@passphrase_file
@vault_command
def rekey(obj: Context, passphrase_file: Path | None) -> None:
    """Re-encrypt the vault under a new data key (a new recovery code too).

    Example: coffre rekey
    """
    secret = read_passphrase(passphrase_file)
    with opened(obj, secret) as store:
        code = lifecycle.rotate_data_key(obj.folder, store, secret, cost=obj.cost)
    click.echo("The vault is now encrypted under a new data key. Your old recovery code and "
               "any key file no longer work.")
    show_recovery_code(code)


COMMANDS = (passwd, recover, keyfile, rekey)
