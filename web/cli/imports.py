"""`coffre import FILE` and `coffre imports list | undo ID | recipes`: outside files in."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TextIO

import click

from vault import imports, merchants, recipe_book
from vault.errors import NotFound, ValidationError
from vault.importers import recipes
from vault.importers.recipes import Recipe
from vault.importers.rows import Bad
from vault.money import exponent
from vault.reasons import TEMPLATES
from vault.store import Store
from web.cli.common import (
    Context,
    _,
    command,
    group,
    opened,
    passphrase_file,
    read_passphrase,
    vault_command,
)

FORMATS = ("auto", "generic", "bank", "amazon", "ofx", "camt", "json", "coffre-csv")
SCREENFUL = 20  # problems printed; all of them go to --report


@command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="auto",
              show_default=True, help="The file's format; auto recognises it from its content.")
@click.option("--recipe", "recipe_ref", metavar="NAME|FILE",
              help="How to read a generic CSV's columns: a recipe saved in the vault (see "
                   "coffre imports recipes), or a recipe's JSON file.")
@click.option("--dry-run", is_flag=True, help="Check and count everything, store nothing.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid rows and report the others (default: all or nothing).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every problem and every line already present to this CSV file.")
@passphrase_file
@vault_command
def import_file(obj: Context, file: Path, format_name: str, recipe_ref: str | None,
                dry_run: bool, skip_invalid: bool, report_file: Path | None,
                passphrase_file: Path | None) -> None:
    """Import the purchases in FILE: a bank or card statement (CSV, OFX, CAMT.053), an
    Amazon order history, any CSV through a recipe, or Coffre's own JSON and CSV.

    Nothing is imported if a row is invalid (unless --skip-invalid); importing the same
    file, or a later export that overlaps it, adds nothing twice.

    Example: coffre import releve-novembre.csv --dry-run --recipe "Ma banque"
    """
    with ExitStack() as stack:
        store = stack.enter_context(opened(obj, read_passphrase(passphrase_file)))
        chosen = _recipe(store, recipe_ref) if recipe_ref else None
        stream = stack.enter_context(file.open("rb"))
        sink = stack.enter_context(_report_file(report_file))
        bar = stack.enter_context(_bar(file.stat().st_size))
        known = merchants.directory(store)  # the consumer's spellings and categories win
        options = imports.Options(format=format_name, recipe=chosen, dry_run=dry_run,
                                  skip_invalid=skip_invalid, progress=bar,
                                  aliases=known.aliases, categories=known.categories,
                                  on_problem=sink.problem, on_present=sink.present)
        try:
            report = imports.run(store, stream, file.name, now=obj.clock.now(),
                                 options=options)
        except ValidationError as e:
            raise click.ClickException(_refused(e)) from None
    _show(report, report_file)
    if report.counts.invalid and not skip_invalid:
        raise click.ClickException("Nothing was imported: fix the rows above, or import the "
                                   "others with --skip-invalid.")


@contextmanager
def _bar(size: int) -> Iterator[Callable[[int, int], None]]:
    """A progress callback: a bar on a terminal, a line every tenth elsewhere (logs, pipes)."""
    terminal = sys.stdout.isatty()
    with click.progressbar(length=max(size, 1), label="Reading") as bar:
        done, tenths = [0], [0]

        def advance(read: int, _total: int) -> None:
            bar.update(max(0, read - done[0]))
            done[0] = max(done[0], read)
            if not terminal and done[0] * 10 // max(size, 1) > tenths[0]:
                tenths[0] = done[0] * 10 // max(size, 1)
                click.echo(f"Read {tenths[0] * 10}% of the file")

        yield advance


class _Sink:
    """Every problem and every line already present, as CSV rows (or nowhere)."""

    def __init__(self, out: TextIO | None):
        self.writer = csv.writer(out) if out else None
        if self.writer:
            self.writer.writerow(["line", "column", "value", "code", "reason"])

    def problem(self, bad: Bad) -> None:
        if self.writer:
            self.writer.writerow([bad.line or "", bad.column or "", bad.value or "", bad.code,
                                  _reason(bad)])

    def present(self, line: int) -> None:
        if self.writer:
            self.writer.writerow([line, "", "", "present", "is already in your vault"])


@contextmanager
def _report_file(path: Path | None) -> Iterator[_Sink]:
    if path is None:
        yield _Sink(None)
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield _Sink(out)


def _reason(bad: Bad) -> str:
    try:
        return TEMPLATES[bad.code] % bad.params
    except (KeyError, TypeError, ValueError):
        return bad.code


def _refused(error: ValidationError) -> str:
    return "The file cannot be imported: " + "; ".join(
        f"{p.field} {p.reason}" for p in error.problems)


def _recipe(store: Store, ref: str) -> Recipe:
    """The recipe `ref` names: a file if one is there, else one saved in the vault.

    Raises click.ClickException when it is neither, or the file is no recipe.
    """
    path = Path(ref).expanduser()
    if not path.is_file():
        return _saved(store, ref)
    try:
        return recipes.load(path.read_bytes())
    except ValidationError as e:
        raise click.ClickException(_("%(file)s is not a recipe: %(reasons)s", file=ref,
                                     reasons="; ".join(f"{p.field} {p.reason}"
                                                       for p in e.problems))) from None


def _saved(store: Store, name: str) -> Recipe:
    """The recipe saved as `name`. Raises click.ClickException naming the saved ones."""
    try:
        return recipe_book.get(store, name)
    except NotFound:
        saved = recipe_book.names(store)
    if not saved:
        raise click.ClickException(_(
            "There is no recipe file or saved recipe called %(name)s, and no recipe is saved "
            "yet: save one from Purchases → Import, or give a recipe's JSON file.", name=name))
    raise click.ClickException(_(
        "There is no recipe file or saved recipe called %(name)s. The saved recipes are: "
        "%(names)s.", name=name, names=", ".join(saved)))


def _show(report: imports.Report, report_file: Path | None) -> None:
    counts = report.counts
    click.echo(f"Format: {report.format} (encoding {report.encoding})")
    verb = "Would add" if report.dry_run else "Added"
    click.echo(f"{verb}: {counts.added}   Already present: {counts.present}   "
               f"Not a purchase: {counts.not_purchase}   Left out by the source: "
               f"{counts.left_out}   Invalid: {counts.invalid}")
    if report.rules:
        click.echo("Not a purchase, by rule: " + ", ".join(
            f"{rule} {n}" for rule, n in sorted(report.rules.items())))
    if report.present:
        shown = ", ".join(str(n) for n in report.present[:SCREENFUL])
        more = "…" if counts.present > SCREENFUL else ""
        click.echo(f"Already present: line {shown}{more}")
    for bad in report.problems[:SCREENFUL]:
        where = ", ".join(x for x in (f"line {bad.line}" if bad.line else "", bad.column or "")
                          if x)
        value = f" {bad.value!r}" if bad.value else ""
        click.echo(f"  {where}:{value} {_reason(bad)}", err=True)
    hidden = len(report.problems[SCREENFUL:]) + counts.invalid - len(report.problems)
    if hidden > 0:
        where = f"in {report_file}" if report_file else "with --report FILE"
        click.echo(f"  … and more problems: see them all {where}.", err=True)
    if report.dry_run:
        click.echo("Dry run: nothing was stored.")
    elif report.stored:
        click.echo(f"Import {report.import_id} recorded (undo it with: coffre imports undo "
                   f"{report.import_id}).")


@group()
def imports_group() -> None:
    """The imports made so far (list them, undo one) and the saved recipes.

    Example: coffre imports list
    """


@imports_group.command("list")
@passphrase_file
@vault_command
def list_imports(obj: Context, passphrase_file: Path | None) -> None:
    """List every import, newest first, with what became of its lines.

    Example: coffre imports list
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        records = imports.history(store)
    if not records:
        click.echo("No import yet.")
    for r in records:
        c = r.counts
        click.echo(f"{r.id:>4}  {r.imported_at:%Y-%m-%d %H:%M}  {r.format:<10} {r.file_name}  "
                   f"added {c.added}, present {c.present}, not a purchase {c.not_purchase}, "
                   f"left out {c.left_out}, invalid {c.invalid}  sha256 {r.sha256[:12]}")


@imports_group.command("undo")
@click.argument("import_id", metavar="ID", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@passphrase_file
@vault_command
def undo(obj: Context, import_id: int, yes: bool, passphrase_file: Path | None) -> None:
    """Remove import ID as a whole: every order it added. Shows what it removes first.

    Example: coffre imports undo 3
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        removal = imports.removal(store, import_id)
        record = removal.record
        totals = ", ".join(_money(minor, currency) for currency, minor in removal.totals.items())
        when = f"{record.imported_at:%Y-%m-%d %H:%M}"
        summed = f" ({totals})" if totals else ""
        click.echo(f"Import {record.id} of {record.file_name} ({when}) added "
                   f"{removal.orders} orders{summed}.")
        for order in removal.first:
            click.echo(f"  {order.ordered_at:%Y-%m-%d}  {order.merchant}  "
                       f"{_money(order.signed_minor, order.currency)}")
        if removal.orders > len(removal.first):
            click.echo(f"  … and {removal.orders - len(removal.first)} more")
        if not yes:
            click.confirm("Remove them?", abort=True)
        removed = imports.undo(store, import_id)
    click.echo(f"Removed import {import_id} and its {removed} orders.")


@imports_group.command("recipes")
@click.argument("name", required=False)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the recipe NAME to this JSON file instead of printing it.")
@passphrase_file
@vault_command
def list_recipes(obj: Context, name: str | None, out: Path | None,
                 passphrase_file: Path | None) -> None:
    """List the saved recipes; with NAME, give that one as JSON, to keep or share.

    A recipe says which column of a CSV file is the date, the shop, the amount…;
    save one from Purchases → Import, use it with coffre import FILE --recipe NAME.

    Example: coffre imports recipes "Ma banque" --out ma-banque.json
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        if name is None:
            saved = [recipe_book.get(store, n) for n in recipe_book.names(store)]
        else:
            document = recipes.dump(_saved(store, name))
    if name is None:
        _list(saved)
    elif out is None:
        click.echo(document)
    else:
        out.write_text(document + "\n", encoding="utf-8")
        click.echo(_("Recipe %(name)s written to %(file)s.", name=name, file=out))


def _list(saved: list[Recipe]) -> None:
    if not saved:
        click.echo(_("No recipe is saved yet: save one from Purchases → Import."))
    for recipe in saved:
        columns = ", ".join(f"{field} ← {header}" for field, header in recipe.columns.items())
        click.echo(f"{recipe.name}  ({columns})")


def _money(minor: int, currency: str) -> str:
    places = exponent(currency)
    return f"{minor / 10 ** places:.{places}f} {currency}"


imports_group.name = "imports"
COMMANDS = (import_file, imports_group)
