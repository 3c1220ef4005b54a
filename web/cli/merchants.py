"""`coffre merchants …`: your shops and the ways their names were written, from a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from vault import categories, merchants
from vault.errors import NotFound
from vault.merchants import Merchant
from vault.store import Store
from web.cli.common import Context, group, opened, passphrase_file, read_passphrase, vault_command


def find_merchant(store: Store, ref: str) -> Merchant:
    """A shop by its number or its exact name. Raises NotFound."""
    found = merchants.find(store, ref)
    if found is None and ref.isdigit():
        return merchants.get(store, int(ref))
    if found is None:
        raise NotFound(f"There is no shop {ref}; `coffre merchants list` shows them.")
    return found


def _category(merchant: Merchant) -> str:
    if merchant.category is None:
        return "category not known"
    chosen = " (your choice)" if merchant.category_chosen else ""
    return f"{categories.label(merchant.category, 'en')}{chosen}"


@group("merchants")
def merchants_group() -> None:
    """Your shops: list them with their spellings, merge, split, rename, set a category.

    Example: coffre merchants merge "Fnac" "Fnac Bellecour"
    """


@merchants_group.command("list")
@passphrase_file
@vault_command
def list_merchants(obj: Context, passphrase_file: Path | None) -> None:
    """List every shop: its number, name, category, purchases, and each spelling's number.

    Example: coffre merchants list
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        found = merchants.listing(store)
    if not found:
        click.echo("No shops yet: add or import a purchase.")
    for m in found:
        click.echo(f"{m.id:>5}  {m.name} — {_category(m)} — {m.orders} purchase(s)")
        for s in m.spellings:
            click.echo(f"       spelling {s.id}: {s.spelling} ({s.orders})")


@merchants_group.command()
@click.argument("keep")
@click.argument("other")
@passphrase_file
@vault_command
def merge(obj: Context, keep: str, other: str, passphrase_file: Path | None) -> None:
    """Fold the shop OTHER into KEEP (numbers or names): its spellings and purchases move.

    Example: coffre merchants merge Fnac "Fnac Bellecour"
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        kept, gone = find_merchant(store, keep), find_merchant(store, other)
        merged = merchants.merge(store, kept.id, gone.id)
    click.echo(f"{gone.name} is now part of {merged.name}: {gone.orders} purchase(s) moved, "
               f"{merged.orders} in all. `coffre merchants split` undoes it.")


@merchants_group.command()
@click.argument("spelling", type=int)
@click.option("--name", help="The new shop's name (default: the spelling).")
@passphrase_file
@vault_command
def split(obj: Context, spelling: int, name: str | None, passphrase_file: Path | None) -> None:
    """Make the spelling number SPELLING a shop of its own, with its purchases.

    Example: coffre merchants split 12 --name "Fnac Bellecour"
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        apart = merchants.split(store, spelling, name=name, now=obj.clock.now())
    click.echo(f"{apart.name} is now a shop of its own ({apart.orders} purchase(s)).")


@merchants_group.command()
@click.argument("merchant")
@click.argument("name")
@passphrase_file
@vault_command
def rename(obj: Context, merchant: str, name: str, passphrase_file: Path | None) -> None:
    """Show the shop MERCHANT (number or name) under NAME.

    Example: coffre merchants rename "Fnac" "Fnac Bellecour"
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        renamed = merchants.rename(store, find_merchant(store, merchant).id, name)
    click.echo(f"The shop is now called {renamed.name}.")


@merchants_group.command()
@click.argument("merchant")
@click.argument("category")
@passphrase_file
@vault_command
def category(obj: Context, merchant: str, category: str, passphrase_file: Path | None) -> None:
    """Set the usual CATEGORY (a code or a word) of MERCHANT's imported purchases.

    Example: coffre merchants category Decathlon "09.2.2"
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        chosen = merchants.set_category(store, find_merchant(store, merchant).id, category)
    click.echo(f"Purchases imported from {chosen.name} will be filed under {_category(chosen)}.")


COMMANDS = (merchants_group,)
