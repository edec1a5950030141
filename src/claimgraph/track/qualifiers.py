"""What narrows a measure beyond subject, concept and family, read from the words around a number.

A poll share of a subgroup or a place ("72 percent of Republicans", "4 points in Ohio") is not
the candidate's overall standing; an opinion share is the answer to one question ("say the
video is unacceptable"), so its question is part of the measure; a sum of money is either a new
tranche ("an additional $800 million", "another $9.9 billion") or a running total over a span
("a total of $2 billion since …"). Cue words are data (``data/measures.json``).
"""

from __future__ import annotations

import re
from typing import Any

# Content words of an opinion question kept in its key: enough to tell "Clinton is healthy enough"
# from "Clinton was justified", few enough that one question worded alike in two articles still
# matches. Chosen on the dev poll articles.
QUESTION_WORDS = 3
# Characters after a sum of money read for its span ("… to $1 billion in just the past week").
SPAN_WINDOW = 50
# Characters of a sum of money's clause read before it ("bringing the total U.S. security
# assistance committed to Ukraine to $1 billion" reaches 70 back).
CLAUSE_WINDOW = 120
# Characters either side of a sum of money where a scope word qualifies it ("the new $800 million
# assistance package", "$2 billion so far"); further off it qualifies a neighbouring figure.
CUE_WINDOW = 25

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_CLAUSE_END = re.compile(r"[;:—–]|\.\s*$|,\s(?:while|but|and)\b|\s--\s|\bwhile\b")
_POPULATION = re.compile(r"^\s*(?:of|among)\s+(?:all\s+|the\s+)?([A-Za-z][\w-]*)")
_PLACE = re.compile(r"^\s*in\s+((?:[A-Z][a-z]+\s?)+)")


class Qualifiers:
    """Reads a claim's qualifier: population or place of a share, question of an opinion, scope of money."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._everyone = frozenset(data["whole_populations"])
        self._stopwords = frozenset(data["question_stopwords"])
        self._total_before, self._total_after, self._new_before, self._new_after = (
            re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, data[name])), re.I)
            for name in ("total_before", "total_after", "new_before", "new_after"))
        every_cue = [cue for name in ("total_before", "total_after", "new_before", "new_after") for cue in data[name]]
        self._any_cue = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, every_cue)), re.I)
        self._span = re.compile(r"\b(since|past|last)\s+(?:the\s+)?([a-z]+)", re.I)

    def share(self, text: str, q_end: int) -> str:
        """ "among Republicans" for "72 percent of Republicans", "in Ohio" for "4 points in Ohio", else ""."""
        after = text[q_end:q_end + 40]
        found = _POPULATION.match(after)
        if found and found.group(1).lower() not in self._everyone:
            return f"among {found.group(1).lower()}"
        place = _PLACE.match(after)
        return f"in {place.group(1).strip()}" if place else ""

    def question(self, text: str, verb_end: int) -> str:
        """The first content words after an opinion verb, in its clause: "say: trump’s comments video"."""
        clause = _CLAUSE_END.split(text[verb_end:], maxsplit=1)[0]
        words = [w.lower() for w in _WORD.findall(clause) if w.lower() not in self._stopwords]
        return " ".join(words[:QUESTION_WORDS])

    def money(self, text: str, q_start: int, q_end: int) -> str:
        """ "new" for a tranche, "total" (with its span, "total since start") for a running total, else ""."""
        if not self._any_cue.search(text, max(0, q_start - CLAUSE_WINDOW), q_end + SPAN_WINDOW):
            return ""  # most sums of money: no scope word anywhere near
        clause_start = max(q_start - CLAUSE_WINDOW, 0, *(m.end() for m in _CLAUSE_END.finditer(text, max(0, q_start - CLAUSE_WINDOW), q_start)))
        before = text[clause_start:q_start]
        after = _CLAUSE_END.split(text[q_end:q_end + SPAN_WINDOW], maxsplit=1)[0]
        if self._total_before.search(before) or self._total_after.search(after[:CUE_WINDOW]):
            span = self._span.search(after)
            return f"total {span.group(1).lower()} {span.group(2).lower()}" if span else "total"
        if self._new_before.search(before[-CUE_WINDOW:]) or self._new_after.search(after[:CUE_WINDOW]):
            return "new"
        return ""
