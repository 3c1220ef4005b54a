"""The `coffre` command: parses, calls the library, turns our errors into clean exits."""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from agent import demo as agent_demo
from agent import inbox
from vault import backup as backups
from vault import demo, demo_brands, insights, lifecycle, migrations, passphrase
from vault.errors import VaultError
from vault.keys import KdfCost
from vault.provenance import utcnow
from web import config as config_module


class Context:
    """What every command needs: the vault folder and the KDF cost."""

    def __init__(self, folder: Path, cost: KdfCost):
        self.folder = folder
        self.cost = cost


def clean_errors(command: Callable) -> Callable:
    """Turn our errors into a one-line message and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except VaultError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


def vault_command(command: Callable) -> Callable:
    """A command on an existing vault: checked before any prompt, errors made clean."""

    @functools.wraps(command)
    def wrapper(obj: Context, *args, **kwargs):
        lifecycle.require(obj.folder)
        return command(obj, *args, **kwargs)

    return click.pass_obj(clean_errors(wrapper))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "folder", type=click.Path(path_type=Path), envvar="COFFRE_HOME",
              help="The vault folder (default: $COFFRE_HOME or your user data folder).")
@click.pass_context
def main(ctx: click.Context, folder: Path | None) -> None:
    """Coffre, your personal data vault.

    Example: coffre --vault ~/coffre init
    """
    config = config_module.load({"COFFRE_HOME": folder} if folder else None)
    ctx.obj = Context(config["COFFRE_HOME"],
                      KdfCost(config["KDF_OPSLIMIT"], config["KDF_MEMLIMIT"]))



passphrase_file = click.option(
    "--passphrase-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the passphrase from this file (first line) instead of asking.")


def read_passphrase(path: Path | None, *, prompt: str = "Passphrase", confirm: bool = False,
                    env: str = "COFFRE_PASSPHRASE") -> str:
    """The passphrase from a file (first line), the environment variable `env`, or a prompt."""
    if path is not None:
        lines = path.read_text().splitlines()
        return lines[0] if lines else ""
    if env in os.environ:
        return os.environ[env]
    return click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)


def _new_passphrase(path: Path | None, *, env: str = "COFFRE_NEW_PASSPHRASE") -> str:
    secret = read_passphrase(path, prompt="New passphrase", confirm=True, env=env)
    passphrase.check_new(secret)
    return secret


def _show_recovery_code(code: str) -> None:
    click.echo("\nYour recovery code (shown once; write it down and keep it apart from "
               "this computer):\n")
    click.secho(f"    {code}\n", bold=True)


@main.command()
@passphrase_file
@click.pass_obj
@clean_errors
def init(obj: Context, passphrase_file: Path | None) -> None:
    """Create a new, empty vault.

    Example: coffre --vault ~/coffre init
    """
    if lifecycle.exists(obj.folder):
        raise click.ClickException(f"A vault already exists in {obj.folder}.")
    secret = _new_passphrase(passphrase_file, env="COFFRE_PASSPHRASE")
    store, code = lifecycle.create(obj.folder, secret, cost=obj.cost)
    store.close()
    click.echo(f"Created a vault in {obj.folder}.")
    _show_recovery_code(code)


@main.command()
@passphrase_file
@vault_command
def info(obj: Context, passphrase_file: Path | None) -> None:
    """Show where the vault is, its schema version and what it holds.

    Example: coffre info
    """
    store = lifecycle.unlock(obj.folder, "passphrase", read_passphrase(passphrase_file))
    try:
        click.echo(f"Vault:   {obj.folder}")
        click.echo(f"Schema:  version {store.schema_version} (this Coffre: "
                   f"{migrations.latest()})")
        for name, count in insights.counts(store).items():
            click.echo(f"{name.replace('_', ' ').capitalize() + ':':<14}{count}")
    finally:
        store.close()


@main.command()
@passphrase_file
@click.option("--new-passphrase-file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@vault_command
def passwd(obj: Context, passphrase_file: Path | None, new_passphrase_file: Path | None) -> None:
    """Change the passphrase.

    Example: coffre passwd
    """
    old = read_passphrase(passphrase_file, prompt="Current passphrase")
    lifecycle.data_key(obj.folder, "passphrase", old)
    new = _new_passphrase(new_passphrase_file)
    lifecycle.change_passphrase(obj.folder, "passphrase", old, new, cost=obj.cost)
    click.echo("Passphrase changed.")


@main.command()
@click.option("--code", help="The recovery code (asked for when absent).")
@click.option("--new-passphrase-file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@vault_command
def recover(obj: Context, code: str | None, new_passphrase_file: Path | None) -> None:
    """Set a new passphrase with the recovery code, then issue a new recovery code.

    Example: coffre recover
    """
    code = code or click.prompt("Recovery code", hide_input=True)
    lifecycle.data_key(obj.folder, "recovery", code)
    new = _new_passphrase(new_passphrase_file)
    lifecycle.change_passphrase(obj.folder, "recovery", code, new, cost=obj.cost)
    fresh = lifecycle.replace_recovery_code(obj.folder, new, cost=obj.cost)
    click.echo("Passphrase set. Your old recovery code no longer works.")
    _show_recovery_code(fresh)


@main.group()
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


@main.command()
@passphrase_file
@vault_command
def rekey(obj: Context, passphrase_file: Path | None) -> None:
    """Re-encrypt the vault under a new data key (a new recovery code too).

    Example: coffre rekey
    """
    secret = read_passphrase(passphrase_file)
    store = lifecycle.unlock(obj.folder, "passphrase", secret)
    try:
        code = lifecycle.rotate_data_key(obj.folder, store, secret, cost=obj.cost)
    finally:
        store.close()
    click.echo("The vault is now encrypted under a new data key. Your old recovery code and "
               "any key file no longer work.")
    _show_recovery_code(code)


@main.command()
@passphrase_file
@vault_command
def backup(obj: Context, passphrase_file: Path | None) -> None:
    """Make a verified, encrypted copy of the vault in its backups/ folder.

    The copy opens like the vault itself: coffre --vault FOLDER/backups/TIME info

    Example: coffre backup
    """
    store = lifecycle.unlock(obj.folder, "passphrase", read_passphrase(passphrase_file))
    try:
        target = backups.create(store, obj.folder)
    finally:
        store.close()
    click.echo(f"Backup written to {target} and verified.")


@main.command("demo")
@click.option("--orders", default=1400, show_default=True, help="How many orders to make.")
@click.option("--passphrase-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the generated passphrase to this file (owner-only).")
@click.pass_obj
@clean_errors
def demo_command(obj: Context, orders: int, passphrase_out: Path | None) -> None:
    """Create a demo vault holding a synthetic consumer, with a generated passphrase.

    Example: coffre --vault ./demo-vault demo
    """
    secret = "-".join(secrets.choice(_DEMO_WORDS) for _ in range(5))
    store, _code = lifecycle.create(obj.folder, secret, cost=obj.cost)
    try:
        with click.progressbar(length=orders, label="Adding demo purchases") as bar:
            done = [0]

            def advance(count: int) -> None:
                bar.update(count - done[0])
                done[0] = count

            demo.populate(store, today=date.today(), orders_count=orders, progress=advance)
        now = agent_demo.arrival(utcnow())
        demo_brands.populate(store, now=now)
        inbox.receive_many(store, agent_demo.offers(now), now=now,
                           source=inbox.OfferSource.imported("demo"))
    finally:
        store.close()
    if passphrase_out:
        fd = os.open(passphrase_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secret + "\n")
    click.echo(f"Demo vault created in {obj.folder}.")
    click.echo(f"Demo passphrase: {secret}")


_DEMO_WORDS = ("abricot", "baleine", "cerise", "dauphin", "écharpe", "falaise", "girafe",
               "horizon", "igloo", "jonquille", "kayak", "lavande", "mistral", "noisette",
               "olivier", "papillon", "quartz", "renard", "sapin", "tulipe", "violon")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8700, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--keyfile", "keyfile_path", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path),
              help="Unlock at start with this key file.")
@click.option("--unlock/--locked", default=False,
              help="Unlock at start with the passphrase (file, $COFFRE_PASSPHRASE or prompt).")
@passphrase_file
@click.pass_obj
@clean_errors
def serve(obj: Context, host: str, port: int, threads: int, keyfile_path: Path | None,
          unlock: bool, passphrase_file: Path | None) -> None:
    """Serve the web UI and the brand API (waitress), locked unless told how to unlock.

    Example: coffre serve --port 8700
    """
    import waitress

    from web import create_app

    app = create_app({"COFFRE_HOME": obj.folder})
    runtime = app.extensions["coffre"]
    if keyfile_path:
        runtime.unlock("keyfile", keyfile_path)
    elif unlock or passphrase_file or "COFFRE_PASSPHRASE" in os.environ:
        runtime.unlock("passphrase", read_passphrase(passphrase_file))
    state = "unlocked" if runtime.unlocked else "locked"
    click.echo(f"Coffre is serving {obj.folder} ({state}) at http://{host}:{port}/")
    waitress.serve(app, host=host, port=port, threads=threads, ident="coffre",
                   _quiet=True)


from web.cli_brands import brands, log  # noqa: E402

main.add_command(brands)
main.add_command(log)

from web.cli_offers import offers  # noqa: E402

main.add_command(offers)
