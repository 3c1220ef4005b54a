"""The `coffre` command: parses, calls the library, turns our errors into clean exits."""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import click

from agent import demo as agent_demo
from agent import inbox
from vault import backup as backups
from vault import demo, demo_brands, insights, lifecycle, migrations, passphrase
from vault.errors import VaultError
from vault.keys import KdfCost
from web import config as config_module
from web.clock import Clock


class Context:
    """What every command needs: the vault folder, the KDF cost and the clock."""

    def __init__(self, folder: Path, cost: KdfCost, clock: Clock):
        self.folder = folder
        self.cost = cost
        self.clock = clock


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
                      KdfCost(config["KDF_OPSLIMIT"], config["KDF_MEMLIMIT"]), config["CLOCK"])



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


def new_passphrase(path: Path | None, *, env: str = "COFFRE_NEW_PASSPHRASE") -> str:
    """A new passphrase, asked twice, refused with the reason when it is weak."""
    secret = read_passphrase(path, prompt="New passphrase", confirm=True, env=env)
    passphrase.check_new(secret)
    return secret


def show_recovery_code(code: str) -> None:
    """Print a recovery code the way a person copies it onto paper."""
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
    secret = new_passphrase(passphrase_file, env="COFFRE_PASSPHRASE")
    store, code = lifecycle.create(obj.folder, secret, cost=obj.cost)
    store.close()
    click.echo(f"Created a vault in {obj.folder}.")
    show_recovery_code(code)


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
@vault_command
def backup(obj: Context, passphrase_file: Path | None) -> None:
    """Make a verified, encrypted copy of the vault in its backups/ folder.

    The copy opens like the vault itself: coffre --vault FOLDER/backups/TIME info

    Example: coffre backup
    """
    store = lifecycle.unlock(obj.folder, "passphrase", read_passphrase(passphrase_file))
    try:
        target = backups.create(store, obj.folder, now=obj.clock.now())
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

            demo.populate(store, today=obj.clock.local_today(), orders_count=orders,
                          progress=advance)
        now = agent_demo.arrival(obj.clock.now())
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

from web.cli_keys import keyfile, passwd, recover, rekey  # noqa: E402

for _command in (passwd, recover, keyfile, rekey):
    main.add_command(_command)
