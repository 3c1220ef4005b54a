"""Dates as exports write them: ISO (2024-11-24), French (24/11/2024) or US (11/24/2024).

A file uses one form throughout, decided from all its dates: one day above 12
proves the day comes first, one month above 12 the reverse. `Evidence`
gathers that proof in a first pass (keeping only the first proving line of
each kind, never the rows), `decide` names the form, `moment` reads a date
(and time) in it.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from vault.errors import ValidationError

FORMS = {"iso": "YYYY-MM-DD", "dmy": "DD/MM/YYYY", "mdy": "MM/DD/YYYY"}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")  # 24/11/24 is 2024
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class Evidence:
    """What a file's dates say about their form: the first line proving each reading."""

    def __init__(self, column: str):
        self.column = column
        self.day_first: tuple[int, str] | None = None  # (line, value) with a day above 12
        self.month_first: tuple[int, str] | None = None
        self.ambiguous: tuple[int, str] | None = None
        self.numeric = False

    def add(self, line: int, value: str) -> None:
        """Note the form `value` (found on `line`) allows; values that are no date prove nothing."""
        found = _NUMERIC.fullmatch(_date_part(value))
        if not found:
            return
        self.numeric = True
        first, second = int(found[1]), int(found[2])
        if first > 12 and second <= 12:
            self.day_first = self.day_first or (line, value)
        elif second > 12 and first <= 12:
            self.month_first = self.month_first or (line, value)
        elif first <= 12 and second <= 12:
            self.ambiguous = self.ambiguous or (line, value)

    def decide(self) -> str:
        """The file's form: "iso", "dmy" or "mdy".

        Raises ValidationError naming an example line when the dates fit both
        day-first and month-first readings, or prove both.
        """
        if self.day_first and self.month_first:
            line, value = self.month_first
            raise ValidationError(f"line {line}: {self.column}", "mixed_date_forms", value=value,
                                  other=self.day_first[0])
        if self.day_first:
            return "dmy"
        if self.month_first:
            return "mdy"
        if self.ambiguous:
            line, value = self.ambiguous
            raise ValidationError(f"line {line}: {self.column}", "ambiguous_dates", value=value)
        return "iso" if not self.numeric else "dmy"


def _date_part(value: str) -> str:
    """The date before any time ("2024-11-24T10:00" or "24/11/2024 10:00")."""
    value = value.strip()
    cut = min(value.find(" ") % (len(value) + 1), value.find("T") % (len(value) + 1))
    return value[:cut]


def day(value: str, form: str) -> date:
    """The date `value` in `form` (ISO is understood in any form). Raises ValueError."""
    text = _date_part(value)
    if iso := _ISO.fullmatch(text):
        year, month, dom = iso.groups()
    elif (numeric := _NUMERIC.fullmatch(text)) and form != "iso":
        first, second, year = numeric.groups()
        dom, month = (first, second) if form == "dmy" else (second, first)
    else:
        raise ValueError(value)
    return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(dom))


@functools.lru_cache(maxsize=4096)  # a file repeats its dates row after row
def moment(value: str, clock: str | None, form: str, tz: ZoneInfo) -> datetime:
    """The aware moment of a date `value` and an optional time `clock`, local to `tz`.

    An ISO date-time with its own offset or Z keeps it. Raises ValueError.
    """
    value = value.strip()
    if _ISO.match(value) and len(value) > 10:
        at = datetime.fromisoformat(value.replace(" UTC", "Z"))
        return at if at.tzinfo else at.replace(tzinfo=tz)
    rest = value[len(_date_part(value)):].strip()
    clock = (clock or "").strip() or rest
    hours = time()
    if clock:
        found = _TIME.fullmatch(clock)
        if not found:
            raise ValueError(clock)
        hours = time(int(found[1]), int(found[2]), int(found[3] or 0))
    return datetime.combine(day(value, form), hours, tz)
