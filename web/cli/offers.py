"""`coffre offers`: load offers from a file and let the agent decide each one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from agent import inbox
from vault import offers as stored
from vault.errors import ValidationError
from web.cli.common import (
    Context,
    group,
    opened,
    passphrase_file,
    progress,
    read_passphrase,
    vault_command,
)

SHOWN_PROBLEMS = 50  # a file with thousands of bad offers still gets a readable answer


@group()
def offers() -> None:
    """Offers from brands: load them from a file; your agent decides each one.

    Example: coffre offers import offres.json
    """


@offers.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@passphrase_file
@vault_command
def import_offers(obj: Context, file: Path, passphrase_file: Path | None) -> None:
    """Import the offers in FILE (a JSON array, or {"offers": [...]}) and decide each one.

    Every offer is checked first: if one is malformed or larger than the size
    limit, nothing is imported and each problem is listed. The format is
    described in docs/offer-format.md.

    Example: coffre offers import offres-mollat.json
    """
    payloads = _read(file)
    try:
        with opened(obj, read_passphrase(passphrase_file)) as store:
            with click.progressbar(length=len(payloads), label="Deciding offers") as bar:
                ids = inbox.receive_many(store, payloads, now=obj.clock.now(),
                                         source=inbox.OfferSource.imported(file.name),
                                         progress=progress(bar))
            counts = stored.verdicts(store, ids[0], ids[-1]) if ids else {}
    except ValidationError as e:
        raise click.ClickException(_problems(e)) from None
    click.echo(f"Imported {len(ids)} offers: {counts.get('deliver', 0)} reach you, "
               f"{counts.get('hold', 0)} wait for your digest, "
               f"{counts.get('decline', 0)} turned away.")


def _read(file: Path) -> list[Any]:
    try:
        data = json.loads(file.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise click.ClickException(f"{file.name} is not a JSON file ({e}).") from None
    if isinstance(data, dict) and isinstance(data.get("offers"), list):
        data = data["offers"]
    if not isinstance(data, list):
        raise click.ClickException(f"{file.name} must hold a JSON array of offers, or an object"
                                   ' {"offers": [...]}.')
    return data


def _problems(error: ValidationError) -> str:
    lines = [f"  {p.field}: {p.reason}" for p in error.problems[:SHOWN_PROBLEMS]]
    more = len(error.problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(f"  … and {more} more.")
    return (f"{len(error.problems)} problem(s) in the file; nothing was imported:\n"
            + "\n".join(lines))


COMMANDS = (offers,)
