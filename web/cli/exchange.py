"""`coffre export | sql`: everything out in open formats, and read-only SQL on the vault."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from vault import audit, exchange
from vault.exchange import document
from web.cli.common import (
    Context,
    command,
    opened,
    passphrase_file,
    progress,
    read_passphrase,
    vault_command,
)


@command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "name", type=click.Choice(list(exchange.FORMATS)), default="json",
              show_default=True, help="json (loads back into a vault), csv (a zip of one CSV "
                                      "file per table) or jsonld (schema.org).")
@passphrase_file
@vault_command
def export(obj: Context, out: Path, name: str, passphrase_file: Path | None) -> None:
    """Write everything in the vault to the file OUT, unencrypted, in an open format.

    The formats are described in docs/formats.md. OUT must not exist yet.

    Example: coffre export ~/coffre-export.json
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # owner-only
        except FileExistsError:
            raise click.ClickException(f"{out} exists already: choose another name.") from None
        try:
            with os.fdopen(fd, "wb") as file, click.progressbar(
                    length=document.total_rows(store), label="Exporting", file=sys.stderr) as bar:
                exchange.export(store, name, file, now=obj.clock.now(), progress=progress(bar))
        except BaseException:
            out.unlink(missing_ok=True)  # never leave half an export behind
            raise
    click.echo(f"Exported the vault to {out} ({name}). The file is not encrypted: keep it "
               "somewhere safe, or delete it once used.")


@command("sql")
@click.argument("statement")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (a header row, then the rows).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects.")
@passphrase_file
@vault_command
def sql(obj: Context, statement: str, as_csv: bool, as_json: bool,
        passphrase_file: Path | None) -> None:
    """Run one read-only SQL statement on the vault and print what it returns.

    SQLite itself refuses any write, ATTACH, or pragma change. The tables and
    columns are described in docs/formats.md.

    Example: coffre sql "SELECT merchant, count(*) FROM orders GROUP BY merchant"
    """
    if as_csv and as_json:
        raise click.UsageError("Choose --csv or --json, not both.")
    with opened(obj, read_passphrase(passphrase_file)) as store:
        columns, rows = store.read_only(statement)
        # The fact of the query and its size, never its text (it may quote personal values).
        audit.event(store, "sql.query_run", at=obj.clock.now(), rows=len(rows))
    if as_json:
        click.echo(json.dumps([dict(zip(columns, map(_plain, r), strict=True)) for r in rows],
                              ensure_ascii=False, indent=1))
    elif as_csv:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(
            [columns, *(["" if v is None else _plain(v) for v in r] for r in rows)])
        click.echo(text.getvalue(), nl=False)
    else:
        click.echo(table(columns, rows))


def table(columns: list[str], rows: list[tuple]) -> str:
    """An aligned text table with a header rule and a row count; numbers right-aligned."""
    cells = [[_shown(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    right = [bool(rows) and all(isinstance(r[i], int | float) for r in rows if r[i] is not None)
             for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if r else v.ljust(w)
                         for v, w, r in zip(values, widths, right, strict=True)).rstrip()

    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells), count])


def _plain(value: Any) -> Any:
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value).replace("\n", " ")


COMMANDS = (export, sql)
