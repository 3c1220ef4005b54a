"""Errors raised by the vault.

VaultError
├── ValidationError        a record or argument is invalid (carries field and reason)
│   └── WeakPassphrase     a new passphrase is too short or too guessable
├── NotFound               no such record
├── Conflict               the record exists already or the change contradicts the state
├── NoVault                no vault at that folder
├── VaultExists            a vault already lives in that folder
├── NotWritable            the vault folder cannot be written
├── WrongKey               the passphrase, recovery code or key file does not open the vault
├── KeyringDamaged         keyring.json is unreadable or was changed outside Coffre
├── DatabaseDamaged        vault.db is truncated, corrupted or not a Coffre database
├── VaultTooNew            the vault was written by a newer Coffre
├── Locked                 the vault is locked (no key in memory)
├── Busy                   another connection held the write lock past the wait
└── TooLarge               a record or upload is larger than allowed

Every message is one sentence a person can act on; none contains personal data
or key material.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base of every error the vault raises."""


class ValidationError(VaultError):
    """A record or argument is invalid."""

    def __init__(self, field: str, reason: str, *, problems: list[tuple[str, str]] | None = None):
        self.field = field
        self.reason = reason
        self.problems = problems or [(field, reason)]
        super().__init__(f"{field}: {reason}")

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> ValidationError:
        """One error carrying several (field, reason) problems; the first is the headline."""
        field, reason = problems[0]
        return cls(field, reason, problems=problems)


class WeakPassphrase(ValidationError):
    """A new passphrase is too short or too guessable."""

    def __init__(self, reason: str):
        super().__init__("passphrase", reason)


class NotFound(VaultError):
    """No such record."""


class Conflict(VaultError):
    """The record exists already or the change contradicts the current state."""


class NoVault(VaultError):
    """No vault at that folder."""


class VaultExists(VaultError):
    """A vault already lives in that folder."""


class NotWritable(VaultError):
    """The vault folder cannot be written."""


class WrongKey(VaultError):
    """The passphrase, recovery code or key file does not open the vault."""


class KeyringDamaged(VaultError):
    """keyring.json is unreadable or was changed outside Coffre."""


class DatabaseDamaged(VaultError):
    """vault.db is truncated, corrupted or not a Coffre database."""


class VaultTooNew(VaultError):
    """The vault was written by a newer version of Coffre."""


class Locked(VaultError):
    """The vault is locked."""


class Busy(VaultError):
    """The vault is busy with another change."""


class TooLarge(VaultError):
    """A record or upload is larger than allowed."""
