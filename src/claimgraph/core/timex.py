"""Time expressions in a claim's sentence, resolved against the publication date.

"in August" → 2024-08, "earlier this month" → 2024-11, "last week" → 2024-W46,
"on Monday" → the last Monday up to publication (the day itself when published on a Monday),
"November 20" → 2024-11-20, "in 2022" → 2022. A date without a year is the one nearest publication:
a month and day up to half a year ahead is this year's; a forecast or plan (``future``) looks ahead
("will meet on Monday" → the next Monday, "in March" → the coming March). Without a publication date,
relative expressions keep their text and get no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
              "nov": 11, "dec": 12}
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
TIME_RE = re.compile(
    rf"\b(?P<md>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*(?P<mdy>\d{{4}}))?)\b"
    rf"|\b(?P<dm>\d{{1,2}}\s+{_MONTH}(?:\s+(?P<dmy>\d{{4}}))?)"
    rf"|\b(?i:in|since|during|by|until|from|early|late|mid-|end of)\s+(?P<my>{_MONTH}(?:\s+(?P<myy>\d{{4}}))?)\b"
    r"|\b(?P<rel>(?i:(?:earlier|later)\s+this\s+(?:week|month|year)|this\s+(?:week|month|year)|last\s+(?:week|month|year)"
    r"|next\s+(?:week|month|year)|yesterday|today|tomorrow))\b"
    r"|\b(?P<dayword>(?i:on|last|this|next))\s+(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?i:in|since|during|by|until|from|of)\s+(?P<year>(?:19|20)\d{2})\b(?![-,]\d)",
)


# How far ahead of publication a month and day without a year may be and still be this year's
# ("the vote on December 3" in a November article); further ahead, it is last year's.
DATE_AHEAD_DAYS = 183


@dataclass(frozen=True, slots=True)
class Time:
    text: str
    value: str | None
    start: int
    end: int


def parse_published(published: str | None) -> date | None:
    """ "2024-11-20", "2024-11-20 12:56:40-05:00", "2024-11" (→ the 1st), "2024" (→ 1 January)."""
    if not published:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBR[word]


def _year(month: int, day: int, anchor: date, future: bool) -> int:
    """The year of a month and day written without one, as read in an article published on ``anchor``."""
    this = date(anchor.year, month, min(day, 28))
    if future:
        return anchor.year if this >= anchor.replace(day=min(anchor.day, 28)) or month == anchor.month else anchor.year + 1
    if this <= anchor or (this - anchor).days <= DATE_AHEAD_DAYS:
        return anchor.year
    return anchor.year - 1


def _weekday(word: str, day: str, anchor: date, future: bool) -> date:
    """"on Monday" → the last Monday up to ``anchor`` (or the next from it, for a ``future`` claim),
    "last Monday" → the one before, "next Monday" → the one after, "this Monday" → this week's."""
    target = DAYS.index(day.lower())
    word = word.lower()
    if word == "this":
        return anchor + timedelta(days=target - anchor.weekday())
    if word == "next" or (word == "on" and future):
        ahead = (target - anchor.weekday()) % 7
        return anchor + timedelta(days=ahead or (7 if word == "next" else 0))
    back = (anchor.weekday() - target) % 7
    return anchor - timedelta(days=back or (7 if word == "last" else 0))


def _resolve(m: re.Match[str], anchor: date | None, future: bool = False) -> str | None:
    g = m.groupdict()
    if g["md"] or g["dm"]:
        text = g["md"] or g["dm"]
        words = re.findall(r"[A-Za-z]+\.?|\d+", text)
        month = _month(next(w for w in words if not w.isdecimal() and w.lower() not in ("st", "nd", "rd", "th")))
        numbers = [int(w) for w in words if w.isdecimal()]
        day = numbers[0] if numbers[0] <= 31 else None
        year = g["mdy"] or g["dmy"]
        if day is None or (year is None and anchor is None):
            return None
        y = int(year) if year else _year(month, day, anchor, future)  # type: ignore[arg-type]
        try:
            return date(y, month, day).isoformat()
        except ValueError:
            return None
    if g["my"]:
        month = _month(g["my"].split()[0])
        if g["myy"]:
            return f"{int(g['myy']):04d}-{month:02d}"
        if anchor is None:
            return None
        ahead = month > anchor.month
        y = anchor.year + (0 if ahead else 1) if future and month != anchor.month else anchor.year - (ahead and not future)
        return f"{y:04d}-{month:02d}"
    if g["year"]:
        return g["year"]
    if anchor is None:
        return None
    if g["day"]:
        return _weekday(g["dayword"], g["day"], anchor, future).isoformat()
    rel = g["rel"].lower()
    if rel in ("today", "yesterday", "tomorrow"):
        return (anchor + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[rel])).isoformat()
    unit = rel.split()[-1]
    shift = -1 if rel.startswith("last") else 1 if rel.startswith("next") else 0
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return f"{anchor.year + shift:04d}"


def find_times(text: str, start: int, end: int, anchor: date | None, *, future: bool = False) -> list[Time]:
    """Time expressions in ``text[start:end]`` with ISO 8601 values where they can be resolved;
    ``future``: they belong to a forecast or plan, so dates without a year or week look ahead."""
    found = []
    for m in TIME_RE.finditer(text, start, end):
        found.append(Time(m.group(), _resolve(m, anchor, future), m.start(), m.end()))
    return found
