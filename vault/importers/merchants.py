"""Which merchant a bank label names: "CB DÉCATHLON VÉNISSIEUX 24/11" is Decathlon.

A label is cleaned first: references (`ECH/…`, `REF:…`), card numbers (`X1234`,
`4974XXXXXXXX1234`), dates (`24/11`, `241124`), times, payment services (`PAYPAL *`),
web domains (`NETFLIX.COM`), store numbers, then the payment prefixes at its start
(`CB`, `PAIEMENT PAR CARTE`, `PRLV SEPA`, `VIR`…) and, at its end, company forms,
countries and French cities. What is left is matched against a built-in list of common
merchants (merchants.json), longest spelling first, at the start of the label, or
anywhere for a spelling that is no everyday word. A shop the list does not know keeps
its cleaned name; a kind of shop the list knows (PHARMACIE, BOULANGERIE…) gives the
category and keeps the shop's own name. `fold` gives the key two spellings share.
The consumer's aliases and category corrections win over all of this.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

from vault.importers import places

_NOT_KEY = re.compile(r"[^A-Z0-9&+]+")
_NONE: Mapping[str, str] = MappingProxyType({})
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})

# Leading words that say how the money moved, folded, with the kind of payment.
PREFIXES: dict[str, str] = {
    "PAIEMENT PAR CARTE": "card", "PAIEMENT CARTE": "card", "PAIEMENT CB": "card",
    "ACHAT CB": "card", "ACHAT CARTE": "card", "FACTURE CARTE": "card", "CARTE": "card",
    "CB": "card", "CARD PAYMENT": "card", "CARD": "card", "POS": "card", "ACHAT": "card",
    "CONTACTLESS": "card", "PAIEMENT": "card", "PAIEMENT SANS CONTACT": "card",
    "PRLV SEPA": "direct_debit", "PRLV": "direct_debit", "PRELEVEMENT SEPA": "direct_debit",
    "PRELEVEMENT EUROPEEN": "direct_debit", "PRELEVEMENT": "direct_debit",
    "DIRECT DEBIT": "direct_debit", "ECHEANCE": "direct_debit",
    "VIR SEPA INST": "transfer", "VIR INST": "transfer", "VIR SEPA": "transfer",
    "VIREMENT SEPA": "transfer", "VIREMENT INSTANTANE": "transfer", "VIREMENT": "transfer",
    "VIR": "transfer", "TRANSFER": "transfer", "VIR PERMANENT": "transfer",
    "RETRAIT DAB": "cash", "RETRAIT GAB": "cash", "RETRAIT": "cash", "DAB": "cash",
    "ATM": "cash", "CASH WITHDRAWAL": "cash",
    "CHEQUE": "cheque", "CHQ": "cheque", "CHECK": "cheque",
}
# Words between the prefix and the name: "VIR SEPA RECU /DE ACME", "CB AVOIR FNAC".
_FILLERS = {"DE", "RECU", "EMIS", "EMIS VERS", "VERS", "POUR", "A", "EN FAVEUR DE", "DU",
            "AVOIR", "REMBOURSEMENT", "REMB", "RBT", "RETOUR", "REFUND", "SEPA", "INST"}
_TRAILING = {"CARTE", "CB", "SARL", "SAS", "SASU", "SA", "EURL", "SNC", "SCI", "LTD",
             "LIMITED", "INC", "GMBH", "BV", "SRL", "SPA", "SE", "PLC", "EUROPE", "FR",
             "FRA", "FRANCE", "GB", "GBR", "UK", "LU", "LUX", "IE", "IRL", "NL", "NLD", "DE",
             "DEU", "BE", "ES", "IT", "US", "USA", "CH", "EU"}
_PARTICLES = {"de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "d", "l", "sur"}

_REMOVED = [re.compile(p, re.IGNORECASE) for p in (
    # References banks append: "ECH/241124 ID EMETTEUR/FR12ZZZ", "/MOTIF …", "REF: …"
    r"\s+/?\b(?:MOTIF|REF|REFERENCE|ECH|MDT|RUM|ID\s+EMETTEUR|LIB|NUM|NPY|ID)\b\s*[:/.].*$",
    r"\s+/(?:MOTIF|REF|ID|LIB)\b.*$",
    # Card numbers: X1234, 4974XXXXXXXX1234, 4974********1234, CB*1234, CARTE NUMERO 123
    r"\b(?:CB\s*)?\*+\d{4}\b", r"\bX+\d{4}\b", r"\b\d{4,6}[X*]{4,}\d{4}\b",
    r"\bN(?:UMERO|°|O)\s*\d+\b",
    # Dates and times: 24/11, 24/11/24, 24.11.2024, DU 241124, 10H30, 10:30
    r"\b(?:DU\s+|LE\s+)?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b", r"\b(?:DU\s+)\d{6,8}\b",
    r"\b\d{1,2}[H:]\d{2}\b",
    # Store numbers: #123, MAG 12, 0456, arrondissements such as 3EME
    r"#\d+", r"\bMAG(?:ASIN)?\s*\d+\b", r"\b\d{1,2}(?:E|EME|ER)\b", r"\b\d+\b",
)]
_PAYMENT_SERVICE = re.compile(r"\b(?:PAYPAL|SUMUP|SQ|ZETTLE|IZ|STRIPE|LYDIA)\s*\*\s*(?=\S)", re.I)
_DOMAIN = re.compile(r"\b(?:WWW\.)?([A-Z0-9][A-Z0-9-]*)\.(?:CO\.UK|COM|FR|NET|ORG|EU|DE|UK|IO|"
                     r"BE|ES|IT|NL|LU|IE)\b", re.I)


@dataclass(frozen=True)
class Merchant:
    """A merchant as recognised from a label: the name to show, its key, its category."""

    name: str  # "Decathlon"
    key: str  # fold(name): "DECATHLON"
    default_category: str | None  # a code of vault/categories.py, or None when unknown
    known: bool = False  # named by the built-in list or the consumer's aliases


@dataclass(frozen=True)
class _Entry:
    name: str
    category: str | None
    generic: bool


@lru_cache(maxsize=16384)  # bank labels repeat; bounded, so memory stays flat
def fold(name: str) -> str:
    """The key of a name: upper case, no accents, punctuation as spaces (& and + kept)."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
        name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(_NOT_KEY.sub(" ", name.upper()).split())


def payment_kind(label: str) -> str | None:
    """How the money moved, from the label's first words: card, transfer, cash…; or None."""
    words = fold(label).split()
    for size in (4, 3, 2, 1):
        kind = PREFIXES.get(" ".join(words[:size]))
        if kind:
            return kind
    return None


def clean(label: str) -> str:
    """The label without references, card numbers, dates, store numbers, prefixes, places.

    Letter case and accents stay as written: "CB DÉCATHLON VÉNISSIEUX 24/11" -> "DÉCATHLON".
    """
    text = _DOMAIN.sub(r"\1", _PAYMENT_SERVICE.sub(" ", label))
    for pattern in _REMOVED:
        text = pattern.sub(" ", text)
    words = text.replace("*", " ").replace("/", " ").split()
    return " ".join(_strip_end(_strip_start(words)))


def recognise(label: str, *, aliases: Mapping[str, str] = _NONE,
              categories: Mapping[str, str] = _NONE) -> Merchant:
    """The merchant a bank label names; the consumer's corrections win.

    `aliases` maps a folded spelling (of the whole label, of the cleaned label, or of a
    recognised merchant's name) to the name the consumer chose; `categories` maps a
    merchant key to the consumer's category code.
    """
    cleaned, folded, entry = _read(label)
    for spelling in (fold(label), folded):
        if spelling in aliases:
            chosen = aliases[spelling]
            return _merchant(chosen, _builtin().get(fold(chosen)) or entry, categories,
                             known=True)
    if entry is None or entry.generic:
        return _merchant(display(cleaned), entry, categories, known=False)
    renamed = aliases.get(fold(entry.name))
    return _merchant(renamed or entry.name, entry, categories, known=True)


@lru_cache(maxsize=8192)  # statements repeat their labels; bounded, so memory stays flat
def _read(label: str) -> tuple[str, str, _Entry | None]:
    """The cleaned label, its folded form, and the built-in entry it names."""
    cleaned = clean(label) or " ".join(label.split())
    folded = fold(cleaned)
    return cleaned, folded, _match(folded)


def _merchant(name: str, entry: _Entry | None, categories: Mapping[str, str], *,
              known: bool) -> Merchant:
    key = fold(name)
    default = entry.category if entry else None
    return Merchant(name, key, categories.get(key, default), known)


def _strip_start(words: list[str]) -> list[str]:
    stripped = True
    prefixed = False
    while stripped and len(words) > 1:
        stripped = False
        for size in (4, 3, 2, 1):
            head = fold(" ".join(words[:size]))
            if head in PREFIXES or (prefixed and head in _FILLERS):
                words, stripped, prefixed = words[size:], True, True
                break
    return words


def _strip_end(words: list[str]) -> list[str]:
    while len(words) > 1:
        for size in (3, 2, 1):
            tail = fold(" ".join(words[-size:]))
            if size < len(words) and (tail in _TRAILING or tail in places.CITIES):
                words = words[:-size]
                break
        else:
            return words
    return words


def display(cleaned: str) -> str:
    """A name to show: as written, or in title case when the bank wrote it in capitals."""
    if any(c.islower() for c in cleaned):
        return cleaned
    titled = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), cleaned.lower())
    words = titled.split(" ")
    return " ".join([words[0], *(w.lower() if w.lower() in _PARTICLES else w
                                 for w in words[1:])])


def _match(folded: str) -> _Entry | None:
    """The entry with the longest spelling at the start, else the longest uncommon one inside."""
    words = folded.split()
    best: tuple[int, _Entry] | None = None
    for position, word in enumerate(words):
        at = f" {' '.join(words[position:])} "
        for spelling, entry, common in _by_first_word().get(word, ()):
            if at.startswith(f" {spelling} ") and (position == 0 or not common):
                rank = len(spelling) + (1000 if position == 0 else 0)
                if best is None or rank > best[0]:
                    best = (rank, entry)
    return best[1] if best else None


@cache
def _entries() -> tuple[tuple[_Entry, tuple[str, ...], bool], ...]:
    text = resources.files("vault.importers").joinpath("merchants.json").read_text("utf-8")
    found = []
    for raw in json.loads(text)["merchants"]:
        entry = _Entry(raw["name"], raw["category"], raw.get("generic", False))
        spellings = {fold(raw["name"]), *(fold(s) for s in raw.get("spellings", ()))}
        found.append((entry, tuple(sorted(spellings)), raw.get("common", False)))
    return tuple(found)


@cache
def _spellings() -> tuple[tuple[str, _Entry, bool], ...]:
    return tuple((s, entry, common) for entry, spellings, common in _entries() for s in spellings)


@cache
def _by_first_word() -> dict[str, tuple[tuple[str, _Entry, bool], ...]]:
    index: dict[str, list[tuple[str, _Entry, bool]]] = {}
    for spelling, entry, common in _spellings():
        index.setdefault(spelling.split()[0], []).append((spelling, entry, common))
    return {word: tuple(found) for word, found in index.items()}


@cache
def _builtin() -> dict[str, _Entry]:
    """The brands of the built-in list by key (generic kinds of shop aside)."""
    return {fold(e.name): e for e, _, _ in _entries() if not e.generic}


def builtin() -> tuple[Merchant, ...]:
    """Every merchant of the built-in list (kinds of shop aside), with its default category."""
    return tuple(Merchant(e.name, key, e.category, True) for key, e in _builtin().items())
