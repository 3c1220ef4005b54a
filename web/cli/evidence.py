"""`coffre receipts` and `coffre share`: the signed evidence of consent, and sealed copies."""

from __future__ import annotations

from pathlib import Path

import click

from vault import grants, identity, shares
from vault import scopes as scope_names
from web.cli.common import (
    Context,
    command,
    find_brand,
    opened,
    passphrase_file,
    read_passphrase,
    vault_command,
)

CHANGES = {"created": "allowed", "reauthorized": "allowed again", "narrowed": "narrowed",
           "widened": "given back", "expiry": "new end date", "paused": "paused",
           "resumed": "resumed", "revoked": "revoked", "expired": "expired"}


@command()
@click.argument("brand_ref", metavar="BRAND")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also write each receipt into DIR, one .jws file each.")
@passphrase_file
@vault_command
def receipts(obj: Context, brand_ref: str, out: Path | None,
             passphrase_file: Path | None) -> None:
    """List a brand's consent receipts, revoked and expired ones too, oldest first.

    Each is a JWS signed by your vault; docs/receipts.md shows how anyone checks one.

    Example: coffre receipts 3 --out ~/receipts
    """
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand, moment = find_brand(store, brand_ref), obj.clock.now()
        found = [r for g in reversed(grants.for_brand(store, brand.id))
                 for r in grants.receipts_of(store, g.id, now=moment)]
        fingerprint = identity.fingerprint(identity.public_key(store))
    if not found:
        click.echo(f"{brand.name} has no consent receipt: it was never allowed anything.")
    for r in found:
        click.echo(f"{r.issued_at:%Y-%m-%d %H:%M} UTC  {CHANGES[r.change]:<13} "
                   f"{r.claims['scope']}  ({r.receipt_id})")
    if out is not None and found:
        out.mkdir(parents=True, exist_ok=True)
        for r in found:
            (out / f"{r.issued_at:%Y%m%dT%H%M%S}-{r.change}-{r.receipt_id}.jws").write_text(
                r.jws + "\n")
        click.echo(f"Wrote {len(found)} receipt(s) into {out}.")
    click.echo(f"Signed by your vault's key, fingerprint {fingerprint}.")


@command()
@click.argument("brand_ref", metavar="BRAND")
@click.option("--scopes", "scope_text", required=True, metavar="SCOPE,SCOPE",
              help="What the copy holds, comma-separated; within what the brand may see now.")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@passphrase_file
@vault_command
def share(obj: Context, brand_ref: str, scope_text: str, out: Path,
          passphrase_file: Path | None) -> None:
    """Write a sealed copy of your data for a brand that cannot reach your vault.

    It holds exactly what the scopes allow, as the brand's API calls would answer,
    signed by your vault, with your current consent receipt; only that brand can
    open it (docs/shares.md).

    Example: coffre share 3 --scopes purchases:summary,profile:read copie.coffre
    """
    chosen = scope_names.parse([s.strip() for s in scope_text.split(",") if s.strip()],
                               field="scopes")
    with opened(obj, read_passphrase(passphrase_file)) as store:
        brand = find_brand(store, brand_ref)
        sealed = shares.create(store, brand.id, chosen, now=obj.clock.now())
    out.write_bytes(sealed)
    click.echo(f"Wrote a sealed copy for {brand.name} ({scope_names.to_text(chosen)}) to {out}. "
               "Only that brand can open it.")


COMMANDS = (receipts, share)
