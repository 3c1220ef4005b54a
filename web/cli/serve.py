"""`coffre serve`: the web UI and the brand API, on this machine or a home server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from web.cli.common import Context, command, folder_command, passphrase_file, read_passphrase


@command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8700, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--keyfile", "keyfile_path", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path),
              help="Unlock at start with this key file.")
@click.option("--unlock/--locked", default=False,
              help="Unlock at start with the passphrase (file, $COFFRE_PASSPHRASE or prompt).")
@click.option("--insecure-plain-http", is_flag=True,
              help="Serve plain HTTP to other machines too (passphrases cross the network"
                   " in clear; brands' OAuth calls are refused). Prefer a reverse proxy.")
@passphrase_file
@folder_command
def serve(obj: Context, host: str, port: int, threads: int, keyfile_path: Path | None,
          unlock: bool, passphrase_file: Path | None, insecure_plain_http: bool) -> None:
    """Serve the web UI and the brand API (waitress), locked unless told how to unlock.

    The public address is $COFFRE_PUBLIC_URL, else http://HOST:PORT; plain HTTP
    beyond 127.0.0.1 is refused (see docs/reverse-proxy.md).

    Example: coffre serve --port 8700
    """
    import waitress

    from web import create_app, serving
    from web.errors import ServingRefused

    overrides = {"INSECURE_PLAIN_HTTP": True} if insecure_plain_http else {}
    app = create_app({"COFFRE_HOME": obj.folder, **overrides})
    try:
        url = serving.prepare(app, host, port)
    except ServingRefused as e:
        raise click.ClickException(str(e)) from None
    runtime = app.extensions["coffre"]
    if keyfile_path:
        runtime.unlock("keyfile", keyfile_path)
    elif unlock or passphrase_file or "COFFRE_PASSPHRASE" in os.environ:
        runtime.unlock("passphrase", read_passphrase(passphrase_file))
    state = "unlocked" if runtime.unlocked else "locked"
    click.echo(f"Coffre is serving {obj.folder} ({state}) at {url}/ (listening on {host}:{port})")
    app.extensions["coffre_scheduler"].start()  # scheduled backups and retention, while unlocked
    waitress.serve(app, host=host, port=port, threads=threads, _quiet=True,
                   **serving.options(app))


COMMANDS = (serve,)
