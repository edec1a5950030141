"""ISO 8601 dates, months, years, weeks and intervals as inclusive (first day, last day) periods.

A claim's time ("in 2023", "last week") and the filters ``--since``/``--until`` are compared as
periods: a claim about 2023 is on or after 2023-06-01 (its period reaches it) and before it too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

Period = tuple[str, str]


def period(value: str | None) -> Period | None:
    """The first and last day (ISO) of a date, month, year, ISO week or interval ``A/B``; None if unreadable.

    >>> period("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> period("2024-W01/2024-03-05")
    ('2024-01-01', '2024-03-05')
    """
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        first, _, last = value.partition("/")
        start, end = period(first), period(last)
        return (start[0], end[1]) if start and end else None
    try:
        return _single(value[:10] if _DAY.match(value) else value)
    except ValueError:  # a month 13, a 30th of February
        return None


def _single(value: str) -> Period | None:
    if m := _DAY.fullmatch(value):
        day = date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        return day, day
    if m := _WEEK.fullmatch(value):
        year, week = int(m[1]), int(m[2])
        return date.fromisocalendar(year, week, 1).isoformat(), date.fromisocalendar(year, week, 7).isoformat()
    if m := _MONTH.fullmatch(value):
        year, month = int(m[1]), int(m[2])
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
    if m := _YEAR.fullmatch(value):
        return f"{m[1]}-01-01", f"{m[1]}-12-31"
    return None
