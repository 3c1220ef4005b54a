"""`coffre init | info | backup`: make a vault, look at it, copy it."""

from __future__ import annotations

from pathlib import Path

import click

from vault import backup as backups
from vault import insights, lifecycle, migrations
from web.cli.common import (
    Context,
    command,
    folder_command,
    load_config,
    new_passphrase,
    opened,
    passphrase_file,
    read_passphrase,
    show_recovery_code,
    vault_command,
)


@command()
@passphrase_file
@folder_command
def init(obj: Context, passphrase_file: Path | None) -> None:
    """Create a new, empty vault.

    Example: coffre --vault ~/coffre init
    """
    if lifecycle.exists(obj.folder):
        raise click.ClickException(f"A vault already exists in {obj.folder}.")
    secret = new_passphrase(passphrase_file, env="COFFRE_PASSPHRASE")
    store, code = lifecycle.create(obj.folder, secret, cost=obj.cost)
    store.close()
    click.echo(f"Created a vault in {obj.folder}.")
    show_recovery_code(code)


@command()
@passphrase_file
@vault_command
def info(obj: Context, passphrase_file: Path | None) -> None:
    """Show where the vault is, its schema version and what it holds.

    Example: coffre info
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        click.echo(f"Vault:   {obj.folder}")
        click.echo(f"Schema:  version {store.schema_version} (this Coffre: "
                   f"{migrations.latest()})")
        for name, count in insights.counts(store).items():
            click.echo(f"{name.replace('_', ' ').capitalize() + ':':<14}{count}")


@command()
@passphrase_file
@vault_command
def backup(obj: Context, passphrase_file: Path | None) -> None:
    """Make a verified, encrypted copy of the vault in its backups/ folder.

    The copy opens like the vault itself: coffre --vault FOLDER/backups/TIME info
    Unattended (coffre-backup@.timer), the configured key file opens the vault.

    Example: coffre backup
    """
    keyfile = None if passphrase_file else load_config(None, {})["KEYFILE"]
    secret = None if keyfile else read_passphrase(passphrase_file)
    with opened(obj, secret, keyfile=keyfile) as store:
        target = backups.create(store, obj.folder, now=obj.clock.now())
    click.echo(f"Backup written to {target} and verified.")


COMMANDS = (init, info, backup)
