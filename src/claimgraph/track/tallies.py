"""What a number near a tally's words really is: a count of residents ("a country of 200,000"), a limit
or a category's cut-off ("winds of at least 157 mph or higher"), or a figure of an earlier incident
("… killed 30 in 2017") — none of which is the story's own tally. Cue words are data
(``data/stories.json``: ``population_cues``, ``threshold_cues``, ``tally_forms``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.core.lexicon import load
from claimgraph.models import StoredClaim
from claimgraph.track.timeline import sort_date

#: Characters either side of a number read for a population or threshold cue: a cue governs the
#: number of its own phrase ("a nation of 200,000", "a limit of 0.08"), rarely further.
CUE_BEFORE = 25
CUE_AFTER = 25
#: A goal or a cut-off is often the subject of its clause, further off: "the goal for the two-day shut
#: down was to exceed 90 percent" (43 characters), "The wind speed cut-off for Category 5 hurricanes is 157".
THRESHOLD_BEFORE = 50
#: Characters after a number read for a one-day tally's cue ("198 recorded in the last 24 hours": 27).
PERIOD_AFTER = 40
#: A claim dated this many days before its article's publication reports an earlier incident, not the
#: story's (the corpus's stories run up to 25 days; a month and a half keeps their own updates in).
EARLIER_DAYS = 45


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = load("stories.json")

    def words(items: list[str]) -> re.Pattern[str]:
        return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, items)), re.I)

    population = data["population_cues"]
    return words(population["before"]), words(population["after"]), words(data["threshold_cues"])


def tally_forms() -> dict[str, str]:
    """Words of tallies beyond the measures lexicon's families: form → family ("infected" → cases)."""
    return {form: family for family, forms in load("stories.json")["tally_forms"].items() for form in forms}


#: The families of tallies: what they count is said by the family itself ("killed" counts people), so a
#: story's tally keeps no concept of its own ("53 measles related deaths", "killed at least 62", "81 had
#: lost their lives" are one death toll; their unit heads 'measle', '' and '' say nothing more).
TALLY_FAMILIES = frozenset({"killed", "injured", "displaced", "cases", "evacuated", "vaccinated", "damage"})


def is_population(text: str, q_start: int, q_end: int) -> bool:
    before, after, _ = _cues()
    # digits glued to the number phrase are its own (a source's "roughly 200,0000 residents")
    return bool(before.search(text[max(0, q_start - CUE_BEFORE):q_start])
                or after.match(text[q_end:q_end + CUE_AFTER].lstrip("0123456789").lstrip()))


def threshold(text: str, q_start: int, q_end: int) -> str:
    """The cue that makes the number a limit, a cut-off or a goal ("goal", "called for"), else "": a
    drive's goal and a leader's call for a rate are two thresholds, neither an observation."""
    before = re.split(r"[,;:]\s", text[max(0, q_start - THRESHOLD_BEFORE):q_start])[-1]  # its own clause
    after = re.split(r"[,;:]\s", text[q_end:q_end + CUE_AFTER])[0]
    found = _cues()[2].search(before) or _cues()[2].search(after)
    return found.group(0).casefold() if found else ""


def per_period(text: str, q_start: int, q_end: int) -> str:
    """ "a day" when the number counts one day's or one week's tally ("198 recorded in the last 24 hours"),
    which is a measure apart from the running total; else ""."""
    found = _period_cues().search(text[q_end:q_end + PERIOD_AFTER]) or \
        _period_cues().search(text[max(0, q_start - CUE_BEFORE):q_start])
    if found is None:
        return ""
    return "a week" if "week" in found.group(0).casefold() else "a day"


@lru_cache(maxsize=1)
def _period_cues() -> re.Pattern[str]:
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, load("stories.json")["period_cues"])), re.I)


def earlier_incident(record: StoredClaim) -> str:
    """ "in 2017-03" when the claim's own time is well before its article's date, else ""."""
    if record.time is None:
        return ""
    value = record.time.value
    if record.time.text.casefold().startswith(("since", "from")):
        return ""  # "since October": when the story's own count began, not an earlier incident
    when, published = sort_date(value), sort_date(record.published)
    if when is None or published is None or (published - when).days <= EARLIER_DAYS:
        return ""
    return f"in {value[:7] if value else when.isoformat()[:7]}"
