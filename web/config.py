"""Configuration in layers: defaults here, then a file, then the environment, then the caller.

Every variable the app reads has its default in DEFAULTS (a test checks it);
every layer is read in `load`; nothing else in the app reads os.environ.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import platformdirs

from vault.keys import DEFAULT_COST
from web.clock import Clock

DEFAULTS: dict[str, Any] = {
    "COFFRE_HOME": platformdirs.user_data_dir("coffre", appauthor=False),
    "KDF_OPSLIMIT": DEFAULT_COST.opslimit,
    "KDF_MEMLIMIT": DEFAULT_COST.memlimit,
    "IDLE_MINUTES": 15,
    "PROXY_HOPS": 0,  # how many reverse proxies in front of us set X-Forwarded-*
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "SESSION_COOKIE_NAME": "coffre_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
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
}

# Environment variables we read, and the type each holds.
_ENV = {
    "COFFRE_HOME": str,
    "COFFRE_SECRET_KEY": str,
    "COFFRE_IDLE_MINUTES": int,
    "COFFRE_PROXY_HOPS": int,
    "COFFRE_PUBLIC_URL": str,
    "COFFRE_KDF_OPSLIMIT": int,
    "COFFRE_KDF_MEMLIMIT": int,
}


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The app's configuration: defaults, then $COFFRE_CONFIG (JSON), then env, then `overrides`."""
    config = dict(DEFAULTS)
    path = os.environ.get("COFFRE_CONFIG")
    if path:
        config.update(json.loads(Path(path).read_text()))
    for name, kind in _ENV.items():
        if name in os.environ:
            key = name if name == "COFFRE_HOME" else name.removeprefix("COFFRE_")
            config[key] = kind(os.environ[name])
    config.update(overrides or {})
    # No default secret: a key from the operator, or a random one for this process
    # (sessions then end when the server restarts, as the vault locks anyway).
    config["SECRET_KEY"] = config["SECRET_KEY"] or secrets.token_bytes(32)
    config["COFFRE_HOME"] = Path(config["COFFRE_HOME"])
    return config
