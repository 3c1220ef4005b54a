"""Whether a new passphrase is strong enough, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from vault.errors import WeakPassphrase
from vault.reasons import Problem, problem

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's scale: 0 (guessed at once) to 4 (very hard to guess)


@dataclass(frozen=True)
class Strength:
    """zxcvbn's score, and why a passphrase is weak (None when it is fine)."""

    score: int
    problem: Problem | None


def strength(passphrase: str) -> Strength:
    """Judge a candidate passphrase."""
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, problem("passphrase", "passphrase_short", n=MIN_LENGTH))
    result = zxcvbn(passphrase[:100])
    if result["score"] >= MIN_SCORE:
        return Strength(result["score"], None)
    warning = result["feedback"]["warning"] or "is too easy to guess"
    return Strength(result["score"], problem("passphrase", "passphrase_guessable",
                                             warning=warning.rstrip(".").lower()))


def check_new(passphrase: str) -> None:
    """Raise WeakPassphrase unless `passphrase` is long and hard enough to guess."""
    verdict = strength(passphrase)
    if verdict.problem:
        raise WeakPassphrase.many([verdict.problem])
