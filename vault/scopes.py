"""The scopes a brand can ask for, and what each one lets it do."""

from __future__ import annotations

from collections.abc import Iterable

from vault.errors import ValidationError

SCOPES = (
    "profile:read",
    "contact:read",
    "purchases:read",
    "purchases:summary",
    "purchases:write",
    "preferences:read",
    "intents:read",
    "offers:write",
)


def parse(text: str | Iterable[str] | None, *, field: str = "scope") -> frozenset[str]:
    """A set of known scopes from space-separated text (or an iterable).

    Raises ValidationError naming the first unknown scope.
    """
    names = text.split() if isinstance(text, str) else list(text or ())
    unknown = [n for n in names if n not in SCOPES]
    if unknown:
        raise ValidationError(field, "unknown_scope", scope=unknown[0])
    return frozenset(names)


def to_text(scopes: Iterable[str]) -> str:
    """Scopes as space-separated text, in the canonical order above."""
    chosen = set(scopes)
    return " ".join(s for s in SCOPES if s in chosen)
