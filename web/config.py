"""Configuration in layers: defaults here, then a TOML file, then the environment, then
command-line options, then the caller (a test's configuration).

Every variable the app reads has its default in DEFAULTS (a test checks it);
the ones an operator sets are described in web/settings.py (and docs/hosting.md);
every layer is read in `load`; nothing else in the app reads os.environ.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from vault.keys import DEFAULT_COST
from web import settings
from web.clock import Clock

DEFAULTS: dict[str, Any] = {
    "COFFRE_HOME": platformdirs.user_data_dir("coffre", appauthor=False),
    "KDF_OPSLIMIT": DEFAULT_COST.opslimit,
    "KDF_MEMLIMIT": DEFAULT_COST.memlimit,
    "IDLE_MINUTES": 15,
    "IDLE_LOCK_MINUTES": None,  # lock after this long without a request; None: never
    "IDLE_EXIT_MINUTES": None,  # exit while locked after this long without a request
    "PROXY_HOPS": 0,  # how many reverse proxies in front of us set X-Forwarded-*
    "HOST": "127.0.0.1",
    "PORT": 8700,
    "UNIX_SOCKET": None,
    "THREADS": 8,
    "BACKUPS_DIR": None,  # None: COFFRE_HOME/backups
    "KEYFILE": None,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "SESSION_COOKIE_NAME": "coffre_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_PATH": None,  # Flask's; the public URL's path (web/security.py)
    # Flask-WTF's HTTPS check wants a Referer from our own host, but our pages send
    # none (Referrer-Policy: no-referrer): the CSRF token and SameSite cookie remain.
    "WTF_CSRF_SSL_STRICT": False,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session, which idles out
    "BABEL_DEFAULT_LOCALE": "en",
    "LANGUAGES": ("en", "fr"),
    "TESTING": False,
    "SECRET_KEY": None,  # no default secret: the operator's, else a random one (see load)
    "SESSION_COOKIE_SECURE": False,  # True: Secure cookies even when the request came over HTTP
    # The address browsers and brands use (the OAuth issuer; the only Host served),
    # e.g. https://vault.example behind a reverse proxy; None: the address
    # `coffre serve` listens on (web/serving.py).
    "PUBLIC_URL": None,
    "TRUSTED_HOSTS": None,  # Flask's; set from PUBLIC_URL (web/security.py)
    "INSECURE_PLAIN_HTTP": False,  # True: serve plain HTTP to other machines (see serving.py)
    "SIGNIN_THROTTLE": {},  # fields of web.throttle.Throttle to change (base, free, …)
    "CLIENT_THROTTLE": {},  # the same, for brands' credentials at the OAuth endpoints
    "CLOCK": Clock(),  # where web/ reads the time; tests hand in one they move
    "SYSTEMD_FDS": 0,  # set by load: sockets systemd passed this process (socket activation)
    "CONFIG_FILE": None,  # set by load: the TOML file read, if any
    "CONFIG_SOURCES": {},  # set by load: operator setting -> where it came from
}

CONFIG_ENV = "COFFRE_CONFIG"  # the TOML file, unless named by the caller


def load(overrides: dict[str, Any] | None = None, *, file: Path | None = None,
         options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The app's configuration: defaults, the TOML file, env, options, then `overrides`.

    The file is `file`, else $COFFRE_CONFIG. `options` are command-line values
    (None: not given). CONFIG_SOURCES says where each operator setting came from.
    Raises ConfigInvalid naming each bad key and where it was set.
    """
    config = dict(DEFAULTS)
    file = file or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    found = settings.gather(os.environ, file=file, options=options)
    config.update(found.values)
    config.update(overrides or {})
    # No default secret: a key from the operator, or a random one for this process
    # (sessions then end when the server restarts, as the vault locks anyway).
    config["SECRET_KEY"] = config["SECRET_KEY"] or secrets.token_bytes(32)
    config["COFFRE_HOME"] = Path(config["COFFRE_HOME"])
    config["SYSTEMD_FDS"] = _systemd_fds(os.environ)
    config["CONFIG_FILE"] = file
    config["CONFIG_SOURCES"] = found.sources
    return config


def _systemd_fds(environ: Mapping[str, str]) -> int:
    """How many sockets systemd passed this very process (sd_listen_fds(3)), from fd 3."""
    if environ.get("LISTEN_PID") != str(os.getpid()):
        return 0
    try:
        return max(int(environ.get("LISTEN_FDS", "0")), 0)
    except ValueError:
        return 0


def backups_dir(config: dict[str, Any]) -> Path:
    """Where this vault's backups go."""
    return Path(config["BACKUPS_DIR"] or Path(config["COFFRE_HOME"]) / "backups")
