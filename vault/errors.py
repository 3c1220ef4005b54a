"""Errors raised by the vault.

VaultError
├── ValidationError        a record or argument is invalid (carries problems: field, code, values)
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
├── TooLarge               a record or upload is larger than allowed
├── ReceiptsRefused        the consumer refuses the receipts this brand pushes
└── NotGenuine             a receipt, share or signature does not verify (says what failed)

Every message is one sentence a person can act on; none contains personal data
or key material. A ValidationError's problems carry reason codes (vault/reasons.py),
so the interface can say them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vault.reasons import Problem, problem


class VaultError(Exception):
    """Base of every error the vault raises."""


class ValidationError(VaultError):
    """A record or argument is invalid."""

    def __init__(self, field: str, code: str, /, **params: Any):
        self.problems = [problem(field, code, **params)]
        super().__init__(f"{field}: {self.problems[0].reason}")

    @classmethod
    def many(cls, problems: Iterable[Problem]) -> ValidationError:
        """One error carrying several problems; the first is the headline."""
        problems = list(problems)
        head = problems[0]
        error = cls(head.field, head.code, **dict(head.params))
        error.problems = problems
        return error

    @property
    def field(self) -> str:
        """The field of the first problem."""
        return self.problems[0].field

    @property
    def reason(self) -> str:
        """The first problem's reason in plain English."""
        return self.problems[0].reason


class WeakPassphrase(ValidationError):
    """A new passphrase is too short or too guessable."""


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


class ReceiptsRefused(VaultError):
    """The consumer refuses the receipts this brand pushes."""


class NotGenuine(VaultError):
    """A receipt, share or signature does not verify; the message says what failed."""
