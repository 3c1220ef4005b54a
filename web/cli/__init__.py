"""The `coffre` command: parses, calls the library, turns our errors into clean exits.

`common` holds what the commands share; each other module holds one group of
commands; this module only assembles them.
"""

from __future__ import annotations

import click

from web.cli import (
    audit,
    brands,
    config,
    demo,
    doctor,
    evidence,
    exchange,
    imports,
    keeping,
    keys,
    merchants,
    offers,
    serve,
    vault,
)
from web.cli.common import vault_option

VAULT_HELP = ("The vault folder (default: $COFFRE_HOME or your user data folder). Also accepted "
              "after the command (coffre init --vault DIR); given in both places, the one after "
              "the command wins.")


@click.group(params=[vault_option(envvar="COFFRE_HOME", help=VAULT_HELP)],
             context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Coffre, your personal data vault.

    Example: coffre --vault ~/coffre init
    """


for _module in (vault, keeping, demo, serve, config, doctor, keys, brands, merchants, offers,
                exchange, evidence, audit, imports):
    for _command in _module.COMMANDS:
        main.add_command(_command)
