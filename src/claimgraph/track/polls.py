"""Whose figure a poll number is, read from its clause when the extractor's subject may be off.

Poll reporting pairs names and numbers in a few fixed shapes: "X leads Y 46 percent to 42"
(the first share is X's, the second Y's), "X trails Y by 5 points" (the lead is Y's),
"46 percent would choose X" (the name right after, in the same stretch) and "X with 42
percent" (the last name before). Names are those of the reader's person index. A frame that
names only one side ("Clinton leads 52 percent to 38", "Trump remains five points back") gives
the other side to the leader's rival: the person the article's poll sentences name most after them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from claimgraph.core.lexicon import load
from claimgraph.models import StoredClaim

# Characters of the clause read before a poll number for its "X leads Y" frame: a poll sentence's
# frame and its figures sit within one clause of this length in the PolNeAR dev articles.
FRAME_WINDOW = 120

_NUMBER = re.compile(r"\d[\d,.]*")
_STOP = re.compile(r"[,;.:—–]\s|\s--\s|\bwhile\b|\band\b")
_BEHIND = re.compile(r"\s*(?:back|behind)\b", re.I)  # "Trump remains five points back": the rival's lead


class PollSubjects:
    """Finds the person a poll share or margin belongs to, from names in a person index."""

    def __init__(self, persons: dict[str, str]) -> None:
        data = load("measures.json")
        self.persons = persons
        names = set(persons) | set(persons.values())
        self._name = (re.compile(r"\b(?:%s)\b(?:[’']s)?" % "|".join(sorted(map(re.escape, names), key=len, reverse=True)))
                      if names else None)
        lead = "|".join(map(re.escape, data["lead_verbs"]))
        trail = "|".join(map(re.escape, data["trail_verbs"]))
        self._lead, self._trail = re.compile(rf"\b(?:{lead})\b", re.I), re.compile(rf"\b(?:{trail})\b", re.I)
        self._mentions: dict[str, Counter[str]] = defaultdict(Counter)  # article -> full name -> sentences

    def note_mentions(self, records: Iterable[StoredClaim]) -> None:
        """Count, per article, the poll sentences naming each person (each sentence once)."""
        if self._name is None:
            return
        seen: set[tuple[str, int]] = set()
        for record in records:
            article, start = _article(record), record.start
            if (article, start) in seen:
                continue
            seen.add((article, start))
            for full in {self._full(m.group(0)) for m in self._name.finditer(record.text)}:
                self._mentions[article][full] += 1

    def rival(self, record: StoredClaim, of: str) -> str | None:
        """The person the record's article names most in poll sentences, other than ``of``."""
        counts = self._mentions.get(_article(record))
        return next((name for name, _ in counts.most_common() if name != of), None) if counts else None

    def _full(self, mention: str) -> str:
        mention = re.sub(r"[’']s$", "", mention)
        return self.persons.get(mention, mention)

    def subject(self, record: StoredClaim, margin: bool) -> str | None:
        """The full name the poll figure belongs to, or None when the clause does not say."""
        if self._name is None or record.quantity is None:
            return None
        text = record.text
        q_start = record.quantity.start - record.start
        q_end = record.quantity.end - record.start
        if not 0 <= q_start <= q_end <= len(text):
            return None
        before = text[max(0, q_start - FRAME_WINDOW):q_start]
        framed = self._frame(before, text[q_end:q_end + 30], margin)
        if framed is not None:
            return framed[0] if framed[1] else self.rival(record, framed[0])
        after = _NUMBER.split(text[q_end:], maxsplit=1)[0]
        after = _STOP.split(after, maxsplit=1)[0]
        found = self._name.search(after)
        if found:
            return self._full(found.group(0))
        stretch = _STOP.split(_NUMBER.split(before)[-1])[-1]
        names = list(self._name.finditer(stretch))
        if not names:
            return None
        named = self._full(names[-1].group(0))
        return self.rival(record, named) if margin and _BEHIND.match(text, q_end) else named

    def _frame(self, before: str, after: str, margin: bool) -> tuple[str, bool] | None:
        """'X leads Y [by] A to B': A is X's, B is Y's; a margin is the leader's. (name, True), or
        (X, False) when the figure is the unnamed other side's."""
        is_second = re.search(r"\bto\s*$", before) is not None
        for verb in (self._lead, self._trail):
            matches = list(verb.finditer(before))
            if not matches:
                continue
            verb_at = matches[-1]
            left = list(self._name.finditer(before[:verb_at.start()])) if self._name else []
            right = list(self._name.finditer(before[verb_at.end():])) if self._name else []
            if not left:
                continue
            first = self._full(left[-1].group(0))
            second = (self._full(right[0].group(0)), True) if right else (first, False)
            if margin:
                return (first, True) if verb is self._lead else second
            if is_second:
                return second
            if re.match(r"\s*(?:percent|%)?\s*to\b", after):
                return first, True
        return None


def _article(record: StoredClaim) -> str:
    return str(record.doc_id if record.doc_id is not None else record.doc)
