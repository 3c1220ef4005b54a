"""`coffre config check`: the effective configuration, where each value came from, what is wrong."""

from __future__ import annotations

from pathlib import Path

import click

from web import serving, settings
from web.cli.common import config_option, group, load_config


@group("config")
def config_group() -> None:
    """The server's configuration (docs/hosting.md).

    Example: coffre config check --config /etc/coffre/alice.toml
    """


@config_group.command()
@config_option
def check(config_file: Path | None) -> None:
    """Print the effective configuration (secrets hidden) and what is wrong with it.

    Exits with status 1 if `coffre serve` would refuse to start.

    Example: coffre config check --config /etc/coffre/alice.toml
    """
    config = load_config(config_file, {})
    source = config["CONFIG_FILE"] or "no file ($COFFRE_CONFIG unset)"
    click.echo(f"Configuration from {source}:")
    rows = settings.describe(config, config["CONFIG_SOURCES"])
    width = max(len(name) for name, _, _ in rows)
    for name, value, where in rows:
        click.echo(f"  {name:<{width}}  {value}  ({where})")
    for warning in serving.config_warnings(config):
        click.echo(f"Warning: {warning}")
    problems = serving.config_problems(config)
    if problems:
        raise click.ClickException("\n".join(["coffre serve would refuse to start:",
                                              *(f"  - {p}" for p in problems)]))
    click.echo("OK: coffre serve would start with this configuration.")


COMMANDS = (config_group,)
