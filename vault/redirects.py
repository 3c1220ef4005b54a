"""Which addresses a brand may register: redirect URIs, its website, its logo.

Redirect URIs are kept exactly as registered and later compared as exact
strings, so this is where ambiguity is refused: no user information, no
fragment, no wildcard, https everywhere except on the loopback interface
(RFC 8252 native apps and local testing).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from vault import validate
from vault.errors import ValidationError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
MAX_LEN = 500
MAX_LOGO = 64 * 1024
_LOGO_DATA = re.compile(r"^data:image/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$")
# Beyond printable ASCII (RFC 3986 asks non-ASCII to be percent-encoded) a URI can
# hide a bidi control or a look-alike from the consumer who reads it.
_FORBIDDEN = re.compile(r"[^\x21-\x7e]|[\\*<>\"'`{}|^]")
_HOST = re.compile(r"[a-z0-9.-]+|[0-9a-f:]+")  # a name, IPv4 or IPv6 (urlsplit lowercases)


def check(field: str, value: Any) -> str:
    """A redirect URI fit for exact matching; raise ValidationError otherwise."""
    uri = _address(field, value, max_len=MAX_LEN)
    if "#" in uri:
        raise ValidationError(field, "fragment")
    return uri


def web_address(field: str, value: Any) -> str | None:
    """An optional https address (a logo may also be a small data: image)."""
    if value is None or value == "":
        return None
    if field == "logo_uri" and isinstance(value, str) and value.startswith("data:"):
        if len(value) > MAX_LOGO or not _LOGO_DATA.match(value):
            raise ValidationError(field, "logo")
        return value
    return _address(field, value, max_len=MAX_LEN)


def https_address(field: str, value: Any) -> str | None:
    """An optional https address, never http (a policy the consumer is sent to read)."""
    if value is None or value == "":
        return None
    uri = _address(field, value, max_len=MAX_LEN)
    if not uri.startswith("https://"):
        raise ValidationError(field, "https_only")
    return uri


def _address(field: str, value: Any, *, max_len: int) -> str:
    uri = validate.text(field, value, max_len=max_len)
    if uri != value or _FORBIDDEN.search(uri):
        raise ValidationError(field, "address_characters")
    try:
        parts = urlsplit(uri)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError as e:
        raise ValidationError(field, "not_address") from e
    if "@" in parts.netloc or not host or not _HOST.fullmatch(host):
        raise ValidationError(field, "address_host")
    if parts.scheme == "http" and host in LOOPBACK:
        return uri
    if parts.scheme != "https":
        raise ValidationError(field, "https")
    return uri
