"""`coffre demo`: a vault holding a synthetic consumer, to try every page."""

from __future__ import annotations

import os
import secrets
from contextlib import closing
from pathlib import Path

import click

from agent import demo as agent_demo
from agent import inbox
from vault import demo, demo_brands, lifecycle
from web.cli.common import Context, command, folder_command, progress

_WORDS = ("abricot", "baleine", "cerise", "dauphin", "écharpe", "falaise", "girafe",
          "horizon", "igloo", "jonquille", "kayak", "lavande", "mistral", "noisette",
          "olivier", "papillon", "quartz", "renard", "sapin", "tulipe", "violon")


@command("demo")
@click.option("--orders", default=1400, show_default=True, help="How many orders to make.")
@click.option("--passphrase-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the generated passphrase to this file (owner-only) instead of "
                   "printing it.")
@folder_command
def demo_command(obj: Context, orders: int, passphrase_out: Path | None) -> None:
    """Create a demo vault holding a synthetic consumer, with a generated passphrase.

    Example: coffre --vault ./demo-vault demo
    """
    secret = "-".join(secrets.choice(_WORDS) for _ in range(5))
    store, _code = lifecycle.create(obj.folder, secret, cost=obj.cost)
    with closing(store):
        with click.progressbar(length=orders, label="Adding demo purchases") as bar:
            demo.populate(store, today=obj.clock.local_today(), orders_count=orders,
                          progress=progress(bar))
        now = agent_demo.arrival(obj.clock.now())
        demo_brands.populate(store, now=now)
        inbox.receive_many(store, agent_demo.offers(now), now=now,
                           source=inbox.OfferSource.imported("demo"))
    click.echo(f"Demo vault created in {obj.folder}.")
    if passphrase_out:
        fd = os.open(passphrase_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secret + "\n")
        click.echo(f"Demo passphrase written to {passphrase_out} (readable by you only).")
    else:
        click.echo(f"Demo passphrase: {secret}")


COMMANDS = (demo_command,)
