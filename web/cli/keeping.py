"""`coffre backup | restore | retention | destroy`: copies kept, history forgotten, vault erased."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import click

from vault import backup as backups
from vault import destroy as destruction
from vault import keeping, money
from vault import restore as restoring
from vault import retention as rules
from web.cli.common import (
    Context,
    command,
    folder_command,
    load_config,
    opened,
    passphrase_file,
    read_passphrase,
    vault_command,
)

BAR_SECONDS = 0.2  # how often the backup's progress bar looks at the copy


@command()
@click.argument("into", required=False, metavar="[DIR]",
                type=click.Path(file_okay=False, path_type=Path))
@passphrase_file
@vault_command
def backup(obj: Context, into: Path | None, passphrase_file: Path | None) -> None:
    """Make a verified, encrypted copy of the vault in DIR (default: its backups/ folder).

    The copy is written as TIME.partial, verified, then renamed to TIME; it
    opens like the vault itself: coffre --vault DIR/TIME info. DIR defaults to
    the configured backups folder. Unattended (coffre-backup@.timer), the
    configured key file opens the vault.

    Example: coffre backup /media/usb/coffre-backups
    """
    config = load_config(None, {})
    keyfile = None if passphrase_file else config["KEYFILE"]
    secret = None if keyfile else read_passphrase(passphrase_file)
    into = into or config["BACKUPS_DIR"]
    with opened(obj, secret, keyfile=keyfile) as store:
        copied = backups.Progress(store)

        def started(partial: Path) -> None:
            click.echo(f"Writing {partial} …")  # said before the bar shows up
            copied.started(partial)

        target = _with_bar(copied, lambda: backups.create(
            store, obj.folder, now=obj.clock.now(), into=into, started=started))
    click.echo(f"Backup written to {target} and verified.")


def _with_bar(copied: backups.Progress, make: Callable[[], Path]) -> Path:
    """Run `make` in a thread, moving a progress bar to the copy's size until it ends.

    The copy is one SQL statement that reports nothing, so the bar follows its file
    on disk. Raises what `make` raises.
    """
    outcome: list[Path | BaseException] = []

    def work() -> None:
        try:
            outcome.append(make())
        except BaseException as e:  # handed to the command's thread, which raises it
            outcome.append(e)

    thread = threading.Thread(target=work, name="coffre-backup", daemon=True)
    thread.start()
    while thread.is_alive() and copied.partial is None:  # the backup's turn in its folder
        thread.join(BAR_SECONDS)
    if copied.partial is not None:
        with click.progressbar(length=max(copied.total, 1), label="Copying") as bar:
            while thread.is_alive():
                thread.join(BAR_SECONDS)
                bar.update(max(0, copied.written() - bar.pos))
            if not isinstance(outcome[0], BaseException):
                bar.update(max(0, copied.total - bar.pos))
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


@command()
@click.argument("source", metavar="BACKUP", type=click.Path(file_okay=False, path_type=Path))
@click.option("--to", "target", required=True, type=click.Path(path_type=Path),
              help="The new folder of the restored vault (it must not hold a vault).")
@click.option("--code", help="Prove it with the backup's recovery code instead of its "
                             "passphrase.")
@passphrase_file
@folder_command
def restore(obj: Context, source: Path, target: Path, code: str | None,
            passphrase_file: Path | None) -> None:
    """Make a backup a vault again, in a new folder; never over an existing vault.

    It opens with the passphrase or recovery code valid when the backup was made.

    Example: coffre restore ~/coffre/backups/20261201T101500Z --to ~/coffre-restored
    """
    restoring.check(source, target)  # before asking for any secret
    kind, secret = ("recovery", code) if code else (
        "passphrase", read_passphrase(passphrase_file, prompt="Passphrase of the backup"))
    restoring.restore(source, target, kind, secret, now=obj.clock.now())
    click.echo(f"Restored into {target}; it opens and verifies. "
               f"Use it with: coffre --vault {target} info")


@command()
@click.option("--dry-run", is_flag=True, help="List what would be forgotten; change nothing.")
@click.option("--years", type=click.IntRange(1, keeping.YEARS_MAX),
              help="Use this many years instead of the rule set in Settings.")
@passphrase_file
@vault_command
def retention(obj: Context, dry_run: bool, years: int | None,
              passphrase_file: Path | None) -> None:
    """Forget purchases older than the retention rule's years (see what goes with --dry-run).

    Example: coffre retention --dry-run
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        years = years or keeping.load(store).retention_years
        if years is None:
            raise click.ClickException("No retention rule is set: set one in Settings, "
                                       "or give --years N.")
        now = obj.clock.now()
        if dry_run:
            doomed = rules.dry_run(store, years=years, now=now)
            for d in doomed:
                click.echo(f"{d.ordered_at:%Y-%m-%d}  {d.merchant}  {_amount(d)}")
            click.echo(f"{len(doomed)} purchase(s) older than {years} year(s) would be "
                       "forgotten. Nothing was changed.")
            return
        gone = rules.forget(store, years=years, now=now)
    click.echo(f"Forgot {gone} purchase(s) older than {years} year(s).")


def _amount(doomed: rules.Doomed) -> str:
    value = Decimal(doomed.total_minor).scaleb(-money.exponent(doomed.currency))
    return f"{value} {doomed.currency}"


@command()
@click.option("--confirm", "typed", metavar="NAME",
              help="The vault's name (its folder's name), instead of typing it when asked.")
@vault_command
def destroy(obj: Context, typed: str | None) -> None:
    """Erase the vault for good: its keys first (unreadable at once), then its files.

    Backups inside the vault folder go with it; backups elsewhere are not
    touched and still open with the secrets valid when they were made.

    Example: coffre destroy
    """
    name = destruction.name(obj.folder)
    inside = len(backups.all_backups(obj.folder))
    click.echo(f"This erases the vault in {obj.folder} and its {inside} backup(s) inside it. "
               "No passphrase or recovery code will open it again. Backups in other folders "
               "are not touched: delete them yourself if you want them gone.")
    typed = typed if typed is not None else click.prompt(f"Type the vault's name ({name}) "
                                                         "to confirm")
    destruction.destroy(obj.folder, typed)
    click.echo(f"The vault in {obj.folder} is destroyed.")


COMMANDS = (backup, restore, retention, destroy)
