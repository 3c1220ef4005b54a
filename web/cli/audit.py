"""`coffre audit verify`: the audit log checked against its signed transparency log."""

from __future__ import annotations

from pathlib import Path

import click

from vault import tamper, transparency
from web.cli.common import (
    Context,
    group,
    opened,
    passphrase_file,
    progress,
    read_passphrase,
    vault_command,
)


@group()
def audit() -> None:
    """The audit log: every access and every change, in a signed Merkle tree.

    Example: coffre audit verify
    """


@audit.command()
@passphrase_file
@vault_command
def verify(obj: Context, passphrase_file: Path | None) -> None:
    """Recompute the tree from the events and say what was edited, removed, inserted or moved.

    Exits with status 1 when anything is wrong (docs/transparency.md).

    Example: coffre audit verify --passphrase-file ~/.coffre-pass
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        size = transparency.size(store)
        with click.progressbar(length=size, label="Checking the log") as bar:
            report = tamper.check(store, progress=progress(bar))
    if report.intact:
        click.echo(f"The log is intact: {report.size} events, every one as it was logged, "
                   "every tree head signed by this vault.")
        return
    for finding in report.findings:
        click.echo(f"- {finding.describe()}")
    raise click.ClickException(f"The log was tampered with: {len(report.findings)} "
                               "problem(s) above.")


COMMANDS = (audit,)
