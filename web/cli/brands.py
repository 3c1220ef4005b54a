"""`coffre brands …` and `coffre log`: brands, their access, and the access log, from a terminal."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from vault import audit, grants, invitations, received
from vault import brands as records
from vault.scopes import SCOPES
from web.cli.common import (
    Context,
    command,
    find_brand,
    group,
    opened,
    passphrase_file,
    read_passphrase,
    vault_command,
)


def _when(moment: datetime | None, never: str = "never") -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else never


@group()
def brands() -> None:
    """Brands that can see your data: invite, add, list, show, revoke, block.

    Example: coffre brands list
    """


@brands.command()
@click.option("--note", help="A note to remember who it was for.")
@passphrase_file
@vault_command
def invite(obj: Context, note: str | None, passphrase_file: Path | None) -> None:
    """Create a one-time invitation a brand uses to register itself (RFC 7591).

    The invitation is printed alone on the last line; it works once, within 7 days.

    Example: coffre brands invite --note "Maison Dupont"
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        token = invitations.create(store, now=obj.clock.now(), note=note)
    click.echo("Give this invitation to the brand, privately. It registers at /oauth/register "
               "with it as a Bearer token.")
    click.echo(token)


@brands.command()
@click.option("--name", required=True, help="The brand's name, as you will see it.")
@click.option("--redirect-uri", "redirect_uris", required=True, multiple=True,
              help="Its exact return address (repeat for several).")
@click.option("--scope", "scope_list", required=True, multiple=True,
              type=click.Choice(SCOPES), help="A scope it may ask for (repeat for several).")
@click.option("--website", help="Its website (https).")
@click.option("--purpose", help="Why it wants your data, in its words.")
@click.option("--public", is_flag=True, help="Its app cannot keep a secret (PKCE only).")
@passphrase_file
@vault_command
def add(obj: Context, name: str, redirect_uris: tuple[str, ...], scope_list: tuple[str, ...],
        website: str | None, purpose: str | None, public: bool,
        passphrase_file: Path | None) -> None:
    """Add a brand by hand; prints its client id and (once) its secret.

    Example: coffre brands add --name "Maison Dupont" --redirect-uri https://md.example/cb
    --scope profile:read --scope offers:write
    """
    values = {"client_name": name, "redirect_uris": list(redirect_uris),
              "scope": " ".join(scope_list), "client_uri": website, "purpose": purpose,
              "token_endpoint_auth_method": "none" if public else None}
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand, secret = records.add(store, values, source="manual", now=obj.clock.now())
    click.echo(f"Added brand {brand.id}: {brand.name}")
    click.echo(f"Client id:     {brand.client_id}")
    click.echo(f"Client secret: {secret}  (shown once)" if secret else
               "Client secret: none (public client: PKCE only)")


@brands.command("list")
@passphrase_file
@vault_command
def list_brands(obj: Context, passphrase_file: Path | None) -> None:
    """List every brand, what it may see now, and how often it read.

    Example: coffre brands list
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        everyone, usage, moment = records.all_brands(store), audit.usage(store), obj.clock.now()
        if not everyone:
            click.echo("No brand yet. Invite one with `coffre brands invite`.")
        for brand in everyone:
            current = grants.current_for_brand(store, brand.id, now=moment)
            count, last = usage.get(brand.id, (0, None))
            state = "blocked" if brand.blocked else (current.state(moment) if current
                                                     else "no access")
            scopes = " ".join(sorted(current.scopes)) if current else "-"
            click.echo(f"{brand.id:>4}  {brand.name:<24} {state:<10} {scopes}  "
                       f"({count} accesses, last {_when(last)})")


@brands.command()
@click.argument("brand_ref", metavar="BRAND")
@passphrase_file
@vault_command
def show(obj: Context, brand_ref: str, passphrase_file: Path | None) -> None:
    """Show one brand (by number or client id) and the full history of its access.

    Example: coffre brands show 3
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand = find_brand(store, brand_ref)
        click.echo(f"{brand.name} (brand {brand.id}, client id {brand.client_id})")
        click.echo(f"  added {_when(brand.created_at)} ({brand.source}); "
                   f"{'blocked ' + _when(brand.blocked_at) if brand.blocked else 'not blocked'}")
        click.echo(f"  may ask for: {' '.join(sorted(brand.scopes))}")
        click.echo(f"  redirect URIs: {', '.join(brand.redirect_uris)}")
        for grant in grants.for_brand(store, brand.id):
            click.echo(f"  grant {grant.id}: {grant.state(obj.clock.now())}")
            for v in grants.history(store, grant.id):
                click.echo(f"    v{v.version} {_when(v.changed_at)} {v.change:<12} "
                           f"{' '.join(sorted(v.scopes))} until {_when(v.expires_at, 'revoked')}")


# A base64url key may start with "-": options come before BRAND, and what follows is the key.
@brands.command("encryption-key", context_settings={"allow_interspersed_args": False})
@click.argument("brand_ref", metavar="BRAND")
@click.argument("key")
@passphrase_file
@vault_command
def encryption_key(obj: Context, brand_ref: str, key: str, passphrase_file: Path | None) -> None:
    """Set the X25519 public key (base64url, 32 bytes) sealed copies for a brand go to.

    A brand that registered itself gives it in its JWKS instead (docs/shares.md).

    Example: coffre brands encryption-key 3 hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand = records.set_encryption_key(store, find_brand(store, brand_ref).id, key)
    click.echo(f"Sealed copies for {brand.name} will be encrypted to this key.")


@brands.command()
@click.argument("brand_ref", metavar="BRAND")
@passphrase_file
@vault_command
def revoke(obj: Context, brand_ref: str, passphrase_file: Path | None) -> None:
    """End every access a brand holds, now (it can ask again later).

    Example: coffre brands revoke 3
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand = find_brand(store, brand_ref)
        count = grants.revoke_brand(store, brand.id, now=obj.clock.now())
    click.echo(f"{brand.name} lost access now ({count} grant(s) revoked). It keeps what it "
               "already received.")


@brands.command()
@click.argument("brand_ref", metavar="BRAND")
@passphrase_file
@vault_command
def block(obj: Context, brand_ref: str, passphrase_file: Path | None) -> None:
    """Block a brand: every access ends now and it cannot ask again.

    Example: coffre brands block 3
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand = records.block(store, find_brand(store, brand_ref).id, now=obj.clock.now())
    click.echo(f"{brand.name} is blocked.")


@brands.command("received")
@click.argument("brand_ref", metavar="BRAND")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (YYYY-MM-DD).")
@passphrase_file
@vault_command
def received_by(obj: Context, brand_ref: str, since: datetime | None,
                passphrase_file: Path | None) -> None:
    """Print, as JSON, exactly what a brand was sent, each answer checked against the log.

    Each answer is rebuilt from the records it held; "as_sent" is false when one of
    them changed since it was sent (the values shown are then today's).

    Example: coffre brands received 3 --since 2026-01-01 > sent-to-maison-dupont.json
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        answers = received.sent(store, find_brand(store, brand_ref).id, since=_day(since))
    click.echo(json.dumps(received.export(answers), indent=2, ensure_ascii=False))
    changed = sum(not a.as_sent for a in answers)
    click.echo(f"{len(answers)} answer(s); {len(answers) - changed} exactly as sent, {changed} "
               "changed since it was sent.", err=True)


@command()
@click.option("--brand", "brand_ref", help="Only this brand (number or client id).")
@click.option("--outcome", type=click.Choice(audit.OUTCOMES))
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@passphrase_file
@vault_command
def log(obj: Context, brand_ref: str | None, outcome: str | None, since: datetime | None,
        until: datetime | None, limit: int, passphrase_file: Path | None) -> None:
    """Print the access log: every call brands made, allowed or refused, newest first.

    Example: coffre log --outcome refused --since 2025-01-01
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand_id = find_brand(store, brand_ref).id if brand_ref else None
        events = audit.search(store, brand_id=brand_id, outcome=outcome, since=_day(since),
                              until=_day(until), limit=limit)
    for e in events:
        what = (f"{e.records} record(s): {', '.join(e.fields)}" if e.outcome == "allowed"
                else f"refused: {e.reason}")
        click.echo(f"{_when(e.at)}  {e.brand_name or '(unknown)':<20} {e.method} {e.endpoint}"
                   f"  {e.scope or ''}  {what}")
    if not events:
        click.echo("Nothing in the access log matches.")


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


COMMANDS = (brands, log)
