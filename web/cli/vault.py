"""`coffre init | info`: make a vault, look at it."""

from __future__ import annotations

from pathlib import Path

import click

from vault import insights, lifecycle, migrations
from web.cli.common import (
    Context,
    command,
    folder_command,
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


COMMANDS = (init, info)
