"""Helpers of the CLI tests: run `coffre` as a script would, look inside a vault folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import CliRunner, Result

from tests.conftest import PASSPHRASE, TEST_COST
from vault import lifecycle
from vault.store import Store
from web.cli import main

ENV = {"COFFRE_KDF_OPSLIMIT": str(TEST_COST.opslimit),
       "COFFRE_KDF_MEMLIMIT": str(TEST_COST.memlimit)}


def coffre(folder, *args: str, passphrase: str | None = PASSPHRASE, input: str | None = None,
           **env: str) -> Result:
    """Run the command in-process on the vault in `folder`, as a script would (`input`: what
    the person types at its prompts)."""
    return run("--vault", str(folder), *args, passphrase=passphrase, input=input, **env)


def run(*args: str, passphrase: str | None = PASSPHRASE, input: str | None = None,
        **env: str) -> Result:
    """Run `coffre ARGS` in-process exactly as given (no --vault added), as a script would."""
    environ = {**ENV, **env}
    if passphrase is not None:
        environ["COFFRE_PASSPHRASE"] = passphrase
    return CliRunner().invoke(main, list(args), env=environ, input=input,
                              catch_exceptions=False)


def snapshot(folder) -> dict[str, bytes]:
    """Every file of the vault folder, by name, to compare before and after."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@contextmanager
def opened(folder) -> Iterator[Store]:
    """The vault in `folder`, unlocked with the test passphrase, closed afterwards."""
    store = lifecycle.unlock(folder, "passphrase", PASSPHRASE)
    try:
        yield store
    finally:
        store.close()
