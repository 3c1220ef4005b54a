"""The category vocabulary: COICOP 2018 codes with consumer labels and synonyms in two languages.

A brand may name a category by code ("09.7.1") or by word ("livres", "Books"). A word is
matched against the labels and synonyms, ignoring letter case, accents, punctuation,
surrounding spaces and a plain plural "s" or "x"; a COICOP code finer than the vocabulary
goes to its nearest broader category. A word that matches nothing is kept as the brand
wrote it (trimmed), stored as "other:<word>", shown as "other: <word>", and never merged
into a category. The vocabulary is read once from categories.json; docs/categories.md
lists it with its source.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from vault.errors import NotFound, ValidationError, VaultError

OTHER_PREFIX = "other:"
_OTHER_LABEL = {"en": "other: {word}", "fr": "autre : {word}"}
LANGUAGES = tuple(_OTHER_LABEL)  # the languages every category is labelled in
_CODE = re.compile(r"\d{2}(?:\.\d){0,3}")


@dataclass(frozen=True)
class Category:
    """One category: its COICOP 2018 code, consumer labels, official titles and synonyms."""

    code: str
    label_en: str
    label_fr: str
    group: str | None  # the nearest broader category of the vocabulary; None at the top
    coicop_en: str  # the official title (United Nations)
    coicop_fr: str  # the official French title (INSEE)
    synonyms_en: tuple[str, ...] = ()
    synonyms_fr: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        """The consumer label: French for "fr" ("fr-FR", "fr_CA"…), English otherwise."""
        return self.label_fr if _language(language) == "fr" else self.label_en

    def words(self) -> tuple[str, ...]:
        """Every word that names this category: both labels, then the synonyms."""
        return (self.label_en, self.label_fr, *self.synonyms_en, *self.synonyms_fr)


@dataclass(frozen=True)
class Resolved:
    """What a code or word means: a category of the vocabulary, or an `other` word as given."""

    category: Category | None
    word: str | None = None  # the brand's word, trimmed, when no category matched

    @property
    def code(self) -> str | None:
        """The category's code; None for an `other` word."""
        return self.category.code if self.category else None

    @property
    def is_other(self) -> bool:
        """True when no category matched."""
        return self.category is None

    @property
    def stored(self) -> str:
        """The form to store: the code, or "other:<word>"."""
        return self.category.code if self.category else f"{OTHER_PREFIX}{self.word}"

    def label(self, language: str = "en") -> str:
        """What the consumer reads: "Livres", "other: <word>" or "autre : <word>"."""
        if self.category:
            return self.category.label(language)
        return _OTHER_LABEL[_language(language)].format(word=self.word)


def all() -> tuple[Category, ...]:  # shadows the builtin on purpose: categories.all()
    """Every category, in code order (each group before what lies under it)."""
    return tuple(_vocabulary().by_code.values())


def find(code: str) -> Category | None:
    """The category with exactly this code, or None."""
    return _vocabulary().by_code.get(code.strip())


def get(code: str) -> Category:
    """The category with exactly this code.

    Raises NotFound if the vocabulary has no such code.
    """
    category = find(code)
    if category is None:
        raise NotFound(f"No category has the code {code.strip()!r}.")
    return category


def resolve(value: str) -> Resolved:
    """The category that a code, a word or a stored form names; otherwise the word as an other.

    A stored "other:<word>" reads back as that word, and so resolves to a category once the
    vocabulary knows the word. Raises ValidationError if the text is blank.
    """
    text = _unwrap(value)
    if not text:
        raise ValidationError("category", "required")
    category = _match(text)
    return Resolved(category) if category else Resolved(None, text)


def is_other(value: str) -> bool:
    """True when `value` (a stored form or a brand's word) names no category; False if blank."""
    text = _unwrap(value)
    return bool(text) and _match(text) is None


def label(value: str, language: str = "en") -> str:
    """What to show for a code, a stored form or a word: "Livres", "other: vélo cargo"…

    Raises ValidationError if the text is blank.
    """
    return resolve(value).label(language)


def key(value: str) -> str:
    """The form to compare and index by: the code, or "other:" and the word in a normal form.

    Two values have the same key exactly when each covers the other. Raises ValidationError
    if the text is blank.
    """
    resolved = resolve(value)
    if resolved.category:
        return resolved.category.code
    return f"{OTHER_PREFIX}{_loose(resolved.word) or resolved.word}"


def lineage(value: str) -> tuple[str, ...]:
    """The keys of `value` and of every category above it, narrowest first.

    "07.3.1" gives ("07.3.1", "07.3", "07"); an other word gives its own key only.
    Raises ValidationError if the text is blank.
    """
    resolved = resolve(value)
    if resolved.category is None:
        return (key(value),)
    return tuple(_lineage(resolved.category))


def described(value: str) -> dict[str, object]:
    """A category as the brand API gives it: its stored form and its label in each language.

    {"code": "09.7.1", "label": {"en": "Books", "fr": "Livres"}}; an other word gives
    {"code": "other:kite", "label": {"en": "other: kite", "fr": "autre : kite"}}.
    Raises ValidationError if the text is blank.
    """
    resolved = resolve(value)
    return {"code": resolved.stored,
            "label": {language: resolved.label(language) for language in LANGUAGES}}


def covers(general: str, specific: str) -> bool:
    """True when `specific` is `general` or lies under it: "07.3" covers "07.3.1" and "train".

    Two other words cover each other only when they are the same word, case, accents and
    plural aside; an other word never covers a category, nor a category an other word.
    Raises ValidationError if either is blank.
    """
    broad, narrow = resolve(general), resolve(specific)
    if broad.category is None or narrow.category is None:
        return _same_word(broad.word, narrow.word)
    return broad.category.code in _lineage(narrow.category)


def _same_word(one: str | None, other: str | None) -> bool:
    if one is None or other is None:
        return False
    return one == other or _loose(one) == _loose(other) != ""


def search(text: str, language: str = "en", *, limit: int | None = None) -> list[Category]:
    """Categories for a pick-list, best first; case and accents are ignored.

    First the exact code and the labels in `language` that start with the text, then labels
    with a word that does, then synonyms, the other language's label or a code that starts
    with it, then any label or synonym containing it; ties in label order. Blank text lists
    every category by label.
    """
    query, vocabulary = _normal(text), _vocabulary()
    ranked = []
    for category in vocabulary.by_code.values():
        rank = _rank(category, query, text.strip(), vocabulary.keys[category.code], language)
        if rank is not None:
            ranked.append((rank, _normal(category.label(language)), category))
    ranked.sort(key=lambda entry: entry[:2])
    return [category for _, _, category in ranked][:limit]


def _rank(category: Category, query: str, raw: str, keys: tuple[str, ...],
          language: str) -> int | None:
    own = _normal(category.label(language))
    if own.startswith(query) or category.code == raw:
        return 0
    if f" {query}" in f" {own}":
        return 1
    if any(f" {query}" in f" {key}" for key in keys) or category.code.startswith(raw):
        return 2
    if any(query in key for key in keys):
        return 3
    return None


@dataclass(frozen=True)
class _Vocabulary:
    by_code: dict[str, Category]
    keys: dict[str, tuple[str, ...]]  # code -> the normal form of each of its words
    exact: dict[str, str]  # normal form of a word -> code
    loose: dict[str, str]  # the same without plural endings -> code


@cache
def _vocabulary() -> _Vocabulary:
    text = resources.files("vault").joinpath("categories.json").read_text(encoding="utf-8")
    entries = [_category(raw) for raw in json.loads(text)["categories"]]
    by_code = {category.code: category for category in entries}
    _check_tree(entries, by_code)
    keys = {c.code: tuple(dict.fromkeys(_normal(w) for w in c.words())) for c in entries}
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for code, normal_forms in keys.items():
        for key in normal_forms:
            _index(exact, key, code)
            _index(loose, _singular(key), code)
    return _Vocabulary(by_code, keys, exact, loose)


def _category(raw: dict) -> Category:
    return Category(
        code=raw["code"], label_en=raw["label_en"], label_fr=raw["label_fr"],
        group=raw["group"], coicop_en=raw["coicop_en"], coicop_fr=raw["coicop_fr"],
        synonyms_en=tuple(raw["synonyms_en"]), synonyms_fr=tuple(raw["synonyms_fr"]))


def _check_tree(entries: list[Category], by_code: dict[str, Category]) -> None:
    # The data ships with the code; a broken file is a bug, caught by the tests.
    if len(by_code) != len(entries):
        raise VaultError("categories.json lists a code twice.")
    for category in entries:
        if not _CODE.fullmatch(category.code) or (category.group is not None and (
                category.group not in by_code
                or not category.code.startswith(f"{category.group}."))):
            raise VaultError(f"categories.json: {category.code} is misplaced.")


def _index(index: dict[str, str], key: str, code: str) -> None:
    if index.setdefault(key, code) != code:
        raise VaultError(f"categories.json: {key!r} names both {index[key]} and {code}.")


@lru_cache(maxsize=4096)  # brands and pages name the same few words again and again
def _match(text: str) -> Category | None:
    if _CODE.fullmatch(text):
        return _nearest(text)
    vocabulary = _vocabulary()
    code = vocabulary.exact.get(_normal(text)) or vocabulary.loose.get(_loose(text))
    return vocabulary.by_code[code] if code else None


def _nearest(code: str) -> Category | None:
    """The category of `code`, or of its nearest broader code ("09.7.1.1" -> 09.7.1)."""
    while code:
        category = find(code)
        if category:
            return category
        code = code.rpartition(".")[0]
    return None


def _lineage(category: Category) -> Iterator[str]:
    yield category.code
    while category.group is not None:
        category = _vocabulary().by_code[category.group]
        yield category.code


def _unwrap(value: str) -> str:
    text = value.strip()
    if text[:len(OTHER_PREFIX)].casefold() == OTHER_PREFIX:
        text = text[len(OTHER_PREFIX):].strip()
    return text


def _normal(text: str) -> str:
    """Lower case, no accents, split into words: "Bande-Dessinée" -> "bande dessinee"."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    folded = bare.casefold().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.findall(r"[^\W_]+", folded))


def _loose(text: str) -> str:
    return _singular(_normal(text))


def _singular(key: str) -> str:
    """Each word of four letters or more without a final "s" or "x" ("ss" stays): "livres"."""
    return " ".join(w[:-1] if len(w) >= 4 and w[-1] in "sx" and not w.endswith("ss") else w
                    for w in key.split())


def _language(language: str) -> str:
    return "fr" if language.replace("_", "-").split("-")[0].casefold() == "fr" else "en"
