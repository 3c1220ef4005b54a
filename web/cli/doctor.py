"""`coffre doctor`: check a home server's set-up, and say how to fix what is wrong."""

from __future__ import annotations

from pathlib import Path

import click

from web.cli.common import clean_errors, command, config_option, load_config


@command()
@config_option
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
              help="The language of the report.")
@clean_errors
def doctor(config_file: Path | None, lang: str) -> None:
    """Check permissions, the public URL through the proxy, the clock, disk space and backups.

    Opens nothing and writes nothing; exits with status 1 if anything needs fixing.

    Example: coffre doctor --config /etc/coffre/alice.toml --lang fr
    """
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from web import create_app
    from web import doctor as checks

    app = create_app(load_config(config_file, {}))
    with app.app_context(), force_locale(lang):
        findings = checks.examine(app.config, now=app.config["CLOCK"].now())
        fix_label = _("How to fix:")
        summary = _("Something needs fixing.") if not all(f.ok for f in findings) else \
            _("Everything checked is in order.")
    for finding in findings:
        click.echo(f"{'ok ' if finding.ok else 'FIX'} {finding.what}")
        if finding.fix and not finding.ok:
            click.echo(f"    {fix_label} {finding.fix}")
    click.echo(summary)
    if not all(f.ok for f in findings):
        raise SystemExit(1)


COMMANDS = (doctor,)
