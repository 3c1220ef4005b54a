"""The operator's settings: one table, read in layers (defaults, a TOML file, environment, options).

Each row names the app's configuration key, its name in the TOML file, its
environment variable and command-line option, its type and what it does.
docs/hosting.md holds the same table (`markdown()`; a test compares them).
A value that does not fit (an unknown key in the file, a wrong type, a
public URL that is not absolute) is refused with the key and where it came
from, before anything starts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from web.errors import ConfigInvalid

NUMBER = "number"  # an int or a float (minutes may be fractions)
CREDENTIAL = "keyfile"  # the name of the key file in systemd's $CREDENTIALS_DIRECTORY


@dataclass(frozen=True)
class Setting:
    """One operator setting."""

    key: str  # the app's configuration key (web/config.py DEFAULTS)
    name: str  # in the TOML file
    kind: type | str  # str, int, bool, Path or NUMBER
    help: str
    option: str | None = None  # the `coffre serve` option, if any
    secret: bool = False  # never printed
    minimum: float | None = None

    @property
    def env(self) -> str:
        """Its environment variable."""
        return self.key if self.key == "COFFRE_HOME" else f"COFFRE_{self.key}"


SETTINGS: tuple[Setting, ...] = (
    Setting("COFFRE_HOME", "vault", Path, "the vault folder", "--vault"),
    Setting("PUBLIC_URL", "public_url", str, "the address people and brands use: the OAuth "
            "issuer, the only Host served, cookies Secure when https; may end with a path "
            "(https://home.example/alice)", "--public-url"),
    Setting("HOST", "host", str, "the address to listen on", "--host"),
    Setting("PORT", "port", int, "the port to listen on", "--port", minimum=1),
    Setting("UNIX_SOCKET", "unix_socket", Path, "listen on this Unix socket instead of "
            "host:port (a socket passed by systemd wins over both)", "--unix-socket"),
    Setting("PROXY_HOPS", "proxy_hops", int, "reverse proxies in front whose X-Forwarded-For, "
            "-Proto and -Host are trusted (0: none)", "--proxy-hops", minimum=0),
    Setting("THREADS", "threads", int, "requests served at once", "--threads", minimum=1),
    Setting("MAX_CONTENT_LENGTH", "upload_limit", int, "largest request body, in bytes",
            minimum=1),
    Setting("IDLE_MINUTES", "idle_minutes", NUMBER, "a signed-in browser is signed out after "
            "this long without activity (the vault's own setting wins)", minimum=0.01),
    Setting("IDLE_LOCK_MINUTES", "idle_lock_minutes", NUMBER, "lock the vault after this long "
            "without a request (unset: never)", "--idle-lock-minutes", minimum=0.01),
    Setting("IDLE_EXIT_MINUTES", "idle_exit_minutes", NUMBER, "while locked, exit after this "
            "long without a request (socket activation starts it again; unset: never)",
            "--idle-exit-minutes", minimum=0.01),
    Setting("BACKUPS_DIR", "backups", Path, "where backups go (unset: the vault's backups/)"),
    Setting("KEYFILE", "keyfile", Path, "unlock at start with this key file (unset: systemd's "
            f"credential `{CREDENTIAL}` if passed)", "--keyfile"),
    Setting("INSECURE_PLAIN_HTTP", "insecure_plain_http", bool, "serve plain HTTP to other "
            "machines (passphrases cross the network in clear)", "--insecure-plain-http"),
    Setting("SECRET_KEY", "secret_key", str, "signs session cookies (unset: a random one per "
            "process)", secret=True),
    Setting("KDF_OPSLIMIT", "kdf_opslimit", int, "Argon2id passes for new key slots", minimum=1),
    Setting("KDF_MEMLIMIT", "kdf_memlimit", int, "Argon2id memory for new key slots, in bytes",
            minimum=8192),
)

BY_NAME = {s.name: s for s in SETTINGS}
BY_KEY = {s.key: s for s in SETTINGS}
_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", Path: "a path",
               NUMBER: "a number"}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass
class Effective:
    """The settings given by the file, environment and options, and where each came from."""

    values: dict[str, Any]
    sources: dict[str, str]


def gather(environ: Mapping[str, str], *, file: Path | None = None,
           options: Mapping[str, Any] | None = None) -> Effective:
    """Read the file (TOML), then the environment, then the options; later layers win.

    Raises ConfigInvalid listing every problem, each with its key and source.
    """
    found, problems = Effective({}, {}), []
    if file is not None:
        _read_file(file, found, problems)
    for setting in SETTINGS:
        if setting.env in environ:
            _put(found, problems, setting, environ[setting.env], f"environment {setting.env}",
                 text=True)
    for key, value in (options or {}).items():
        if value is not None:
            setting = BY_KEY[key]
            _put(found, problems, setting, value, f"option {setting.option}")
    _credential(environ, found)
    if problems:
        raise ConfigInvalid(problems)
    return found


def _read_file(file: Path, found: Effective, problems: list[str]) -> None:
    try:
        table = tomllib.loads(file.read_text())
    except OSError as e:
        problems.append(f"file {file}: cannot be read ({e.strerror}).")
        return
    except tomllib.TOMLDecodeError as e:
        problems.append(f"file {file}: not valid TOML ({e}).")
        return
    for name, value in table.items():
        setting = BY_NAME.get(name)
        if setting is None:
            problems.append(f"file {file}: unknown key {name!r} (known: {', '.join(BY_NAME)}).")
        else:
            _put(found, problems, setting, value, f"file {file}")


def _credential(environ: Mapping[str, str], found: Effective) -> None:
    """The key file systemd passed with LoadCredential=, unless one was named."""
    folder = environ.get("CREDENTIALS_DIRECTORY")
    if "KEYFILE" not in found.values and folder and (Path(folder) / CREDENTIAL).is_file():
        found.values["KEYFILE"] = Path(folder) / CREDENTIAL
        found.sources["KEYFILE"] = f"systemd credential {CREDENTIAL}"


def _put(found: Effective, problems: list[str], setting: Setting, raw: Any, source: str, *,
         text: bool = False) -> None:
    try:
        value = _convert(setting, raw, text=text)
    except ValueError as e:
        problems.append(f"{source}: {setting.name} {e}")
        return
    found.values[setting.key] = value
    found.sources[setting.key] = source


def _convert(setting: Setting, raw: Any, *, text: bool) -> Any:
    """`raw` as the setting's type. Raises ValueError saying what was expected."""
    kind, wanted = setting.kind, f"must be {_TYPE_WORDS[setting.kind]}"
    shown = "(hidden)" if setting.secret else repr(raw)
    if text:
        raw = _from_text(kind, raw, f"{wanted}, not {shown}.")
    if not _fits(kind, raw):
        raise ValueError(f"{wanted}, not {shown}.")
    value = Path(raw) if kind is Path else raw
    if setting.minimum is not None and value < setting.minimum:
        raise ValueError(f"must be at least {setting.minimum:g}, not {value!r}.")
    if setting.key == "PUBLIC_URL":
        value = public_url(value)
    return value


def _fits(kind: type | str, raw: Any) -> bool:
    """True if `raw` (as TOML or an option gives it) is of the setting's type."""
    if kind in (str, Path):
        return isinstance(raw, str | Path) and bool(str(raw))
    if kind is bool:
        return isinstance(raw, bool)
    numbers = int if kind is int else int | float
    return isinstance(raw, numbers) and not isinstance(raw, bool)


def _from_text(kind: type | str, raw: str, message: str) -> Any:
    """An environment variable's text as the setting's type. Raises ValueError."""
    try:
        if kind is int:
            return int(raw)
        if kind == NUMBER:
            return float(raw)
    except ValueError:
        raise ValueError(message) from None
    if kind is bool:
        if raw.lower() not in _TRUE | _FALSE:
            raise ValueError(message)
        return raw.lower() in _TRUE
    return raw


def public_url(url: str) -> str:
    """`url` as an absolute http(s)://host[:port][/path] without a trailing slash.

    Raises ValueError saying what is wrong (relative, another scheme, a query…).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute http:// or https:// address, not {url!r}.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"must have no query, fragment or user name: {url!r}.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def describe(config: Mapping[str, Any], sources: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Each setting's name, effective value (secrets hidden) and source, for `config check`."""
    rows = []
    for setting in SETTINGS:
        value, source = config.get(setting.key), sources.get(setting.key, "default")
        if setting.secret:
            value = None if source == "default" else "(set)"
        rows.append((setting.name, "(unset)" if value is None else str(value), source))
    return rows


def markdown(defaults: Mapping[str, Any]) -> str:
    """The settings as the Markdown table of docs/hosting.md."""
    lines = ["| file key | environment | option | type | default | meaning |",
             "| --- | --- | --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = defaults[s.key]
        shown = ("your user data folder" if s.key == "COFFRE_HOME" else
                 "unset" if default is None or s.secret else str(default).lower()
                 if isinstance(default, bool) else str(default))
        lines.append(f"| `{s.name}` | `{s.env}` | {f'`{s.option}`' if s.option else ''} "
                     f"| {_TYPE_WORDS[s.kind]} | {shown} | {s.help} |")
    return "\n".join(lines) + "\n"
