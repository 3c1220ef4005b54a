"""Answers of conditional reads kept by their strong ETag, for the same request made again.

An ETag (web/api/protect.py `_tag`) is a keyed digest of everything an answer is made
from: the data's version read in the answer's own snapshot, the grant as it stands, the
scopes, the path and the query. Two requests with the same tag therefore get the same
bytes, and a brand polling the same page (without If-None-Match) is sent the kept bytes
instead of the same query run again. Everything else still happens at every call: the
token and its grant are checked, the data's version is read, the access is logged with
what the answer held and the SHA-256 of the bytes sent, before they leave.

The answers hold personal data, in this process's memory only (as SQLite's page cache
does): a few, small, and dropped with the key when the vault locks (Runtime).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MAX_ANSWERS = 32
MAX_BYTES = 1024 * 1024  # a larger answer is not kept
MAX_TAGS = 256


class Tags:
    """The key of the ETags made during one opening of the vault, and the tags it made.

    A new Tags at each unlock and lock (Runtime), so no tag outlives the opening it was
    made in. Making a tag (its text, then HMAC-SHA256) costs more than finding it again:
    the tags made are kept by what they are made of, a few hundred at most.
    """

    def __init__(self) -> None:
        self.key = secrets.token_bytes(32)
        self._made: dict[Hashable, str] = {}

    def of(self, made_of: Hashable, text: Callable[[], str]) -> str:
        """The tag of `made_of`: the keyed digest of `text()`, made once."""
        tag = self._made.get(made_of)
        if tag is None:
            tag = hmac.new(self.key, text().encode(), hashlib.sha256).hexdigest()[:32]
            if len(self._made) >= MAX_TAGS:
                self._made.clear()
            self._made[made_of] = tag
        return tag


class Answers:
    """The latest answers by ETag, least recently used dropped first."""

    def __init__(self, size: int = MAX_ANSWERS):
        self.size = size
        self._kept: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # grows at each clear: an answer made before one is not kept

    def find(self, tag: str) -> Any:
        """The answer kept under this tag, or None."""
        with self._lock:
            found = self._kept.get(tag)
            if found is not None:
                self._kept.move_to_end(tag)
            return found

    def keep(self, tag: str, answer: tuple[Any, bytes, str], *, since: int) -> None:
        """Keep (reply, bytes sent, their SHA-256) under its tag, unless it is large or the
        answers were cleared since `generation` was `since` (the vault locked meanwhile)."""
        if len(answer[1]) > MAX_BYTES:
            return
        with self._lock:
            if self.generation != since:
                return
            self._kept[tag] = answer
            self._kept.move_to_end(tag)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._kept.clear()
            self.generation += 1
