"""`coffre doctor`: what a self-hoster gets wrong, each finding with how to fix it.

Nothing here opens the vault or writes anything. The public URL is checked
from the outside: a request through it to /healthz and to the OAuth metadata
(RFC 8414), which shows whether the proxy reaches this vault, forwards the
scheme, and keeps the issuer. Time is checked with no internet at hand, against
two clocks that do not depend on this one: the `Date` of that response (the
proxy's clock, often another machine, and the one brands see) and the vault's
own files, none of which can have been written in the future (a clock set back
at boot, as on a board without a battery-backed clock).
"""

from __future__ import annotations

import json
import shutil
import ssl
import stat
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext

from vault import backup
from web.serving import is_loopback

SKEW = timedelta(minutes=2)  # authorization codes live a minute or two
BACKUP_AGE = timedelta(days=2)  # the timer runs nightly
SPARE = 500 * 1024 * 1024  # free space beyond two copies of the database
TIMEOUT = 10.0


@dataclass(frozen=True)
class Finding:
    """One check: what was found, and how to fix it when it is a problem."""

    ok: bool
    what: str
    fix: str | None = None


def examine(config: dict[str, Any], *, now: datetime) -> list[Finding]:
    """Every check, in the order a self-hoster would fix them (inside an app context)."""
    folder = Path(config["COFFRE_HOME"])
    found = [permissions(folder), *keyfile(config.get("KEYFILE"), folder),
             *plain_http(config.get("PUBLIC_URL"))]
    remote = reach(config.get("PUBLIC_URL") or (
        None if config.get("UNIX_SOCKET") else f"http://{config['HOST']}:{config['PORT']}"))
    found += remote.findings
    found += [clock(now, remote.date, folder), disk(folder),
              backups(folder, config.get("BACKUPS_DIR"), now=now)]
    return found


def permissions(folder: Path) -> Finding:
    """The vault folder and its files: the owner's alone."""
    if not folder.exists():
        return Finding(False, _("There is no vault in %(folder)s.", folder=folder),
                       _("Create one with: coffre --vault %(folder)s init", folder=folder))
    # A private folder keeps out whoever is not its owner, whatever the files' own modes.
    if folder.stat().st_mode & 0o077:
        return Finding(False, _("Other users can reach %(path)s.", path=folder),
                       _("Run: chmod -R go-rwx %(folder)s", folder=folder))
    return Finding(True, _("Only its owner can reach the vault folder %(folder)s.",
                           folder=folder))


def keyfile(path: Path | None, folder: Path) -> list[Finding]:
    """The key file for unattended start: apart from the vault, for its owner's eyes only."""
    if path is None:
        return []
    path = Path(path)
    if not path.is_file():
        return [Finding(False, _("The key file %(path)s does not exist.", path=path),
                        _("Point keyfile at the file `coffre keyfile add` wrote."))]
    if folder.resolve() in path.resolve().parents:
        return [Finding(False, _("The key file %(path)s lies inside the vault folder: a copy"
                                 " of the folder would open without the passphrase.", path=path),
                         _("Move it elsewhere, e.g. /etc/coffre/, passed with LoadCredential=."))]
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        return [Finding(False, _("Other users can read the key file %(path)s.", path=path),
                        _("Run: chmod 600 %(path)s", path=path))]
    return [Finding(True, _("The key file is kept apart and private."))]


def plain_http(url: str | None) -> list[Finding]:
    """A public URL in plain HTTP beyond this machine sends passphrases in clear."""
    if url and urlsplit(url).scheme == "http" and not is_loopback(urlsplit(url).hostname):
        return [Finding(False, _("The public URL %(url)s is plain HTTP beyond this machine:"
                                 " passphrases and tokens cross the network in clear.", url=url),
                        _("Serve HTTPS through a reverse proxy (docs/hosting.md) and set"
                          " public_url to its https:// address."))]
    return []


@dataclass
class Reached:
    """What a request through the public URL showed."""

    findings: list[Finding]
    date: datetime | None = None


def reach(url: str | None) -> Reached:
    """/healthz and the OAuth metadata through the public URL, as a brand would reach them."""
    if not url:
        return Reached([Finding(False, _("No public URL is set, and Coffre listens on a Unix"
                                         " socket: nobody can tell its address."),
                                _("Set public_url (docs/hosting.md)."))])
    try:
        health, date = _get_json(url + "/healthz")
        parts = urlsplit(url)
        meta, _date = _get_json(f"{parts.scheme}://{parts.netloc}"
                                f"/.well-known/oauth-authorization-server{parts.path}")
    except (OSError, ValueError) as e:
        return Reached([Finding(False, _("Nothing answers as this vault at %(url)s (%(error)s).",
                                         url=url, error=_reason(e)),
                                _("Start the service, and check the proxy sends %(url)s to"
                                  " this vault's socket.", url=url))])
    return Reached(_compare(url, health, meta), date)


def _compare(url: str, health: dict, meta: dict) -> list[Finding]:
    if meta.get("issuer") != url:
        return [Finding(False, _("%(url)s answers as another vault (issuer %(other)s).",
                                 url=url, other=meta.get("issuer")),
                         _("Check which socket the proxy sends this host and path to."))]
    if url.startswith("https://") and not health.get("https"):
        return [Finding(False, _("The proxy does not tell the vault that requests came over"
                                 " HTTPS: brands' OAuth calls will be refused."),
                         _("Set X-Forwarded-Proto in the proxy and proxy_hops = 1."))]
    states = {"locked": _("locked"), "unlocked": _("unlocked"), "absent": _("not created yet")}
    return [Finding(True, _("%(url)s reaches this vault (%(state)s).", url=url,
                            state=states.get(health.get("vault"), health.get("vault"))))]


def _get_json(url: str) -> tuple[dict, datetime | None]:
    """GET `url` (certificates checked): its JSON and its Date. Raises OSError, ValueError."""
    # The public URL is http(s) (web/settings.py refuses any other scheme).
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT,  # noqa: S310
                                context=ssl.create_default_context()) as response:
        body = json.loads(response.read(65536))
        date = response.headers.get("Date")
    return body, parsedate_to_datetime(date) if date else None


def _reason(e: Exception) -> str:
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code}"
    return str(getattr(e, "reason", None) or e)


def clock(now: datetime, remote: datetime | None, folder: Path) -> Finding:
    """This clock against the proxy's Date and against the vault's newest file."""
    fix = _("Keep the clock synchronised (systemd-timesyncd or chrony; on a board without a"
            " battery-backed clock, wait for the time to be set before starting Coffre).")
    if remote is not None and abs(now - remote) > SKEW:
        minutes = abs(now - remote) // timedelta(minutes=1)
        return Finding(False, ngettext("This clock and the proxy's differ by %(num)d minute.",
                                       "This clock and the proxy's differ by %(num)d minutes.",
                                       minutes), fix)
    newest = max((p.stat().st_mtime for p in folder.iterdir()), default=None) \
        if folder.exists() else None
    if newest is not None and datetime.fromtimestamp(newest, now.tzinfo) > now + SKEW:
        return Finding(False, _("The vault was written after the time this clock shows now:"
                                " the clock went back."), fix)
    return Finding(True, _("The clock agrees with the proxy's and the vault's files."))


def disk(folder: Path) -> Finding:
    """Room for the database to grow and for a backup beside it."""
    where = folder if folder.exists() else folder.parent
    free = shutil.disk_usage(where).free
    database = (folder / "vault.db").stat().st_size if (folder / "vault.db").exists() else 0
    needed = 2 * database + SPARE
    if free < needed:
        return Finding(False, _("Only %(free)d MB free beside the vault; backups need about"
                                " %(needed)d MB.", free=free >> 20, needed=needed >> 20),
                       _("Free some space, or move old backups to another disk."))
    return Finding(True, _("%(free)d MB free beside the vault.", free=free >> 20))


def backups(folder: Path, into: Path | None, *, now: datetime) -> Finding:
    """The age of the last good backup (finished and verified), in `into` or the vault's own."""
    made = backup.last_good(folder, into=into) if folder.exists() else None
    fix = _("Enable the nightly backup: systemctl enable --now coffre-backup@NAME.timer,"
            " or run coffre backup.")
    if made is None:
        return Finding(False, _("The vault has no backup."), fix)
    when = made.astimezone(now.tzinfo)
    if now - when > BACKUP_AGE:
        days = (now - when).days
        return Finding(False, ngettext("The last backup is %(num)d day old.",
                                       "The last backup is %(num)d days old.", days), fix)
    return Finding(True, _("The last backup was made on %(when)s.",
                           when=when.strftime("%Y-%m-%d %H:%M")))


