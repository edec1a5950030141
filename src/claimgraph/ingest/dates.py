"""Publication dates, checked where they come in (JSON Lines records, folder indexes, pages, feeds):
an ISO day, month or year that exists and lies between the first newspaper and a year from now.

Anything else is kept out of the store, with a note naming the value: an impossible date
(``2024-13-45``, ``0000-00-00``) or one out of range (``9999-12-31``) would be stored as given, fill a
``month=2024-13`` partition in a batch, and break date arithmetic later (charts step past the last
month). The article is still stored, with its date unknown.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# The earliest date a news article can bear: the first printed newspaper, Johann Carolus's "Relation"
# (Strasbourg, 1605; WAN-IFRA counts it the first). An earlier date is a parse error or a placeholder
# (0001-01-01); digitised newspaper archives, which reach back to the 1600s, stay inside.
EARLIEST = date(1605, 1, 1)
# How far past today a date may be: embargoed and scheduled articles are dated hours or days ahead and
# a machine's clock may be off by some; a year covers both with room. Later is a typo or a placeholder
# (9999-12-31, "never expires").
AHEAD = timedelta(days=366)
# A day, a month or a year, then the end or the rest of a timestamp ("2022-02-12 12:52:51-05:00").
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
SHOWN_CHARS = 40  # of a bad value, in its note


def checked_date(raw: str | None, today: date | None = None) -> tuple[str | None, str | None]:
    """``raw`` cut to its ISO day, month or year, and None; or None and a note saying why it is ignored
    (None and None when there is no value at all)."""
    value = (raw or "").strip()
    if not value:
        return None, None
    shown = repr(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")
    match = _ISO.match(value)
    if match is None:
        return None, f"published date {shown} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): ignored"
    year, month, day = match.groups()
    try:
        first_day = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None, f"published date {shown} is no real date: ignored"
    latest = (today or date.today()) + AHEAD
    if not EARLIEST <= first_day <= latest:
        return None, (f"published date {shown} is out of range ({EARLIEST.isoformat()} to {latest.isoformat()}): "
                      "ignored")
    return match.group(0), None


def valid_month(published: str | None) -> str | None:
    """The YYYY-MM of a valid date with a month, else None (a batch's partition: ``month=unknown``)."""
    value, _ = checked_date(published)
    return value[:7] if value is not None and len(value) >= 7 else None
