"""`coffre serve`: the web UI and the brand API, on this machine or a home server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from web.cli.common import (
    clean_errors,
    command,
    config_option,
    load_config,
    passphrase_file,
    read_passphrase,
)


@command()
@config_option
@click.option("--public-url", help="The address people and brands use (https://…).")
@click.option("--host", help="Listen on this address.  [default: 127.0.0.1]")
@click.option("--port", type=int, help="Listen on this port.  [default: 8700]")
@click.option("--unix-socket", type=click.Path(path_type=Path),
              help="Listen on this Unix socket instead (for a reverse proxy on this machine).")
@click.option("--threads", type=int, help="Requests served at once.  [default: 8]")
@click.option("--proxy-hops", type=int, help="Reverse proxies in front to trust.  [default: 0]")
@click.option("--idle-lock-minutes", type=float, help="Lock after this long without a request.")
@click.option("--idle-exit-minutes", type=float,
              help="While locked, exit after this long without a request (socket activation).")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Unlock at start with this key file.")
@click.option("--unlock/--locked", default=False,
              help="Unlock at start with the passphrase (file, $COFFRE_PASSPHRASE or prompt).")
@click.option("--insecure-plain-http", is_flag=True, default=None,
              help="Serve plain HTTP to other machines too (passphrases cross the network"
                   " in clear; brands' OAuth calls are refused). Prefer a reverse proxy.")
@passphrase_file
@clean_errors
def serve(config_file: Path | None, unlock: bool, passphrase_file: Path | None,
          **options: object) -> None:
    """Serve the web UI and the brand API (waitress), locked unless told how to unlock.

    Settings come from defaults, the TOML file, COFFRE_* variables and these
    options, in that order (docs/hosting.md). The public address is
    public_url, else http://HOST:PORT; plain HTTP beyond 127.0.0.1 is refused.
    A socket passed by systemd (LISTEN_FDS) wins over --host, --port and --unix-socket.

    Example: coffre serve --port 8700
    """
    from web import create_app, serving

    config = load_config(config_file, {k.upper(): v for k, v in options.items()})
    app = create_app(config)
    where = serving.listening(app.config)
    url = serving.prepare(app, where)
    runtime = app.extensions["coffre"]
    if app.config["KEYFILE"]:
        runtime.unlock("keyfile", app.config["KEYFILE"])
    elif unlock or passphrase_file or "COFFRE_PASSPHRASE" in os.environ:
        runtime.unlock("passphrase", read_passphrase(passphrase_file))
    state = "unlocked" if runtime.unlocked else "locked"
    click.echo(f"Coffre is serving {runtime.folder} ({state}) at {url}/"
               f" (listening on {where.where})")
    app.extensions["coffre_scheduler"].start()  # scheduled backups and retention, while unlocked
    if serving.run(app, where):
        click.echo(f"Idle for {app.config['IDLE_EXIT_MINUTES']:g} minutes while locked: exiting.")


COMMANDS = (serve,)
