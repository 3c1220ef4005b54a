"""What every `coffre` command shares: the vault folder, passphrases, clean errors, `opened()`,
and the language of what it prints.

This module imports no command module: the commands import it, and the
package's `__init__` assembles them into the `coffre` group.
"""

from __future__ import annotations

import functools
import gettext as stdlib_gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from vault import brands, lifecycle, passphrase
from vault.brands import Brand
from vault.errors import NotFound, VaultError
from vault.keys import KdfCost
from vault.store import Store
from web import config as config_module
from web.clock import Clock
from web.errors import ConfigInvalid, ServingRefused
from web.i18n import TRANSLATIONS, compile_catalogues

_VAULT = "coffre.vault"  # where the chosen --vault waits in click's shared ctx.meta


def _remember_vault(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    # Contexts are parsed outside in, so the --vault nearest the command is set last and wins.
    if value is not None:
        ctx.meta[_VAULT] = value


def vault_option(*, envvar: str | None = None,
                 help: str = "The vault folder; wins over a --vault given before the command.",
                 ) -> click.Option:
    """The `--vault DIR` option, accepted before the command and after it."""
    return click.Option(["--vault"], type=click.Path(path_type=Path), metavar="DIR", envvar=envvar,
                        expose_value=False, callback=_remember_vault, help=help)


class _TakesVault:
    """A click command that also accepts `--vault` after its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(vault_option())


class Command(_TakesVault, click.Command):
    """A `coffre` command: `coffre info --vault DIR` works as `coffre --vault DIR info`."""


class Group(_TakesVault, click.Group):
    """A `coffre` command group; its commands and sub-groups take `--vault` too."""

    command_class = Command
    group_class = type  # sub-groups are of this class as well


def command(name: str | None = None, **kwargs: Any) -> Callable[[Callable], Command]:
    """Declare a top-level `coffre` command (it takes `--vault` after its name)."""
    return click.command(name, cls=Command, **kwargs)


def group(name: str | None = None, **kwargs: Any) -> Callable[[Callable], Group]:
    """Declare a `coffre` command group (it and its commands take `--vault`)."""
    return click.group(name, cls=Group, **kwargs)


@dataclass(frozen=True)
class Context:
    """What every command needs: the vault folder, the KDF cost and the clock."""

    folder: Path
    cost: KdfCost
    clock: Clock


def current() -> Context:
    """The running command's context: the nearest --vault, else $COFFRE_HOME, else the default."""
    config = load_config(None, {})
    return Context(config["COFFRE_HOME"], KdfCost(config["KDF_OPSLIMIT"], config["KDF_MEMLIMIT"]),
                   config["CLOCK"])


def load_config(file: Path | None, options: dict[str, Any]) -> dict[str, Any]:
    """The configuration in layers (web/config.py), the nearest --vault counting as an option.

    Raises click.ClickException listing what is wrong (each key and where it was set).
    """
    folder = click.get_current_context().meta.get(_VAULT)
    if folder is not None and str(folder) == os.environ.get("COFFRE_HOME"):
        folder = None  # --vault's default came from the environment: say so
    try:
        return config_module.load(file=file, options={**options, "COFFRE_HOME": folder})
    except ConfigInvalid as e:
        raise click.ClickException(str(e)) from None


def clean_errors(command: Callable) -> Callable:
    """Turn our errors (the vault's, a refused start, a bad setting) into a message and status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (VaultError, ServingRefused, ConfigInvalid) as e:
            raise click.ClickException(str(e)) from None

    return wrapper


def folder_command(command: Callable) -> Callable:
    """A command on a vault folder, existing or not: gets the Context first, errors made clean."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        return command(current(), *args, **kwargs)

    return clean_errors(wrapper)


def vault_command(command: Callable) -> Callable:
    """A command on an existing vault: checked before any prompt, errors made clean."""

    @functools.wraps(command)
    def wrapper(obj: Context, *args, **kwargs):
        lifecycle.require(obj.folder)
        return command(obj, *args, **kwargs)

    return folder_command(wrapper)


@contextmanager
def opened(obj: Context, secret: str | None, *, keyfile: Path | None = None) -> Iterator[Store]:
    """The vault unlocked with the passphrase `secret` (or the key file), closed after the block.

    Raises NoVault, KeyringDamaged, WrongKey, DatabaseDamaged, VaultTooNew (see lifecycle.unlock).
    """
    store = (lifecycle.unlock(obj.folder, "keyfile", keyfile) if keyfile else
             lifecycle.unlock(obj.folder, "passphrase", secret or ""))
    try:
        yield store
    finally:
        store.close()


def find_brand(store: Store, ref: str) -> Brand:
    """A brand by its number or its client id. Raises NotFound."""
    brand = brands.find(store, int(ref)) if ref.isdigit() else brands.find_by_client_id(store,
                                                                                         ref)
    if brand is None:
        raise NotFound(f"There is no brand {ref}; `coffre brands list` shows them.")
    return brand


config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    help="The TOML configuration file (default: $COFFRE_CONFIG). See docs/hosting.md.")

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
    """A new passphrase, asked twice, refused with the reason when it is weak.

    Raises WeakPassphrase.
    """
    secret = read_passphrase(path, prompt="New passphrase", confirm=True, env=env)
    passphrase.check_new(secret)
    return secret


def show_recovery_code(code: str) -> None:
    """Print a recovery code the way a person copies it onto paper."""
    click.echo("\nYour recovery code (shown once; write it down and keep it apart from "
               "this computer):\n")
    click.secho(f"    {code}\n", bold=True)


def progress(bar: Any) -> Callable[[int], None]:
    """A `progress(count)` callback that moves a click progress bar to the running count."""
    done = [0]

    def advance(count: int) -> None:
        bar.update(count - done[0])
        done[0] = count

    return advance


# The language of what `coffre` prints is the environment's, as for any command-line tool:
# `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` or `LANG` saying French gives the web's own French
# catalogue, anything else English. `_` takes its values by name, as Flask-Babel's
# does, so `pybabel extract` finds these strings beside the pages'.

@functools.cache
def _compiled() -> None:
    with suppress(OSError):  # a read-only install: its compiled catalogues are used as they are
        compile_catalogues()


def _catalogue() -> stdlib_gettext.NullTranslations:
    # Looked up at each message: the environment may change between commands (tests).
    _compiled()
    return stdlib_gettext.translation("messages", localedir=TRANSLATIONS, fallback=True)


def _(message: str, **values: object) -> str:
    """`message` in the environment's language, with `values` put in."""
    text = _catalogue().gettext(message)
    return text % values if values else text

