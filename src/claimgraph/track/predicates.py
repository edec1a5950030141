"""The predicate family of a quantified claim: what the verb that carries its number says is done with
it ("sent", "killed", "polled", "opinion"; "count" when no word of the lexicon governs it).

The verb is the claim's ``predicate``, read off the clause by extraction; its family is the lexicon's
(``data/measures.json`` ``families``, ``data/stories.json`` ``tally_forms``). A claim without one (a
store written before predicates were kept, or a clause whose number hangs from no verb) is read as
before: the lexicon's word nearest its number in its text.
"""

from __future__ import annotations

import re
from collections import defaultdict

from claimgraph.core.lexicon import load
from claimgraph.models import StoredClaim
from claimgraph.track.tallies import tally_forms

COUNT = "count"  # the family of a claim whose clause names no predicate of the lexicon

# How far from the number a predicate word may stand, in characters: a clause's verb and object
# rarely sit further apart in news prose. Chosen on the dev poll and White House articles.
BEFORE_WINDOW = 90
AFTER_WINDOW = 60
# A word after the number counts this much further away than one before it (the verb governing
# a number usually precedes it: "sent 10,000 troops", "leads 46 percent to 42").
AFTER_PENALTY = 1.5
# "margin of error of plus or minus 4 points": the phrase stands this close before its number.
MARGIN_WINDOW = 40
# "44 percent to Trump's 34 percent": the first share of a pair stands this close before the second.
PAIR_WINDOW = 40

_LOWER_WORD = re.compile(r"[a-z]+")
# The second share of a pair, up to its number: "49 percent to ", "44 percent to Trump's ".
_PAIR_SECOND = re.compile(r"(\d[\d.,]*(?:\s*(?:percent|per cent|%|points?))?)\s+to\s+(?:[A-Z][\w.-]*[’']s\s+)?$")


class PredicateFamilies:
    """Reads the predicate family of a claim, and where the word that says it ends in the claim's text."""

    def __init__(self) -> None:
        data = load("measures.json")
        forms = {form: family for family, words in data["families"].items() for form in words}
        forms.update(tally_forms())
        self._family_of_form = {form.lower(): family for form, family in forms.items()}
        # Multi-word forms ("margin of error", "lost their lives") are found by their first word.
        self._forms_by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for form in sorted(self._family_of_form, key=len, reverse=True):
            self._forms_by_first[form.split()[0]].append((form, self._family_of_form[form]))
        self._family_by_kind: dict[str, dict[str, str]] = data["family_by_kind"]
        self._poll = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, data["poll_words"])), re.I)
        self._margin = re.compile(r"\bmargin of error\b", re.I)
        self.share_kinds = frozenset(data["share_kinds"])

    def family(self, record: StoredClaim, q_start: int, q_end: int, kind: str) -> tuple[str, int]:
        """The family, and where its word ends in ``record.text`` (-1 for none); ``q_start``, ``q_end``:
        the number phrase's offsets in the text, ``kind`` the kind of thing it counts."""
        text = record.text
        if kind in self.share_kinds:
            pair = _PAIR_SECOND.search(text, max(0, q_start - PAIR_WINDOW), q_start)
            if pair is not None:  # "49 percent to 42 percent": one predicate governs both shares
                q_start, q_end = pair.start(), pair.start() + len(pair.group(1))
            if self._margin.search(text[max(0, q_start - MARGIN_WINDOW):q_start]):
                return "margin of error", -1
            if self._poll.search(text) or any(self._poll.search(s.name) for s in record.sources):
                nearest, verb_end = self._verb(record, q_start, q_end)
                if nearest == COUNT:  # "voters expect Clinton to win …, at Hofstra -- 44 percent to 34"
                    nearest, verb_end = self._nearest(text, q_start, q_end, before=q_start)
                return ("opinion" if nearest == "opinion" else "polled"), verb_end
        nearest, verb_end = self._verb(record, q_start, q_end)
        return self._family_by_kind.get(kind, {}).get(nearest, nearest), verb_end

    def _verb(self, record: StoredClaim, q_start: int, q_end: int) -> tuple[str, int]:
        """The family of the claim's predicate, and where it ends, when the lexicon knows it and it stands
        within the number's reach (a predicate further off is a misparse's: "welcoming over 267,000
        Ukrainians …, we have provided $340 million" gives 267,000 "provided"); else the lexicon's word
        nearest the number."""
        predicate = record.predicate
        if predicate is not None:
            family = self._family_of_form.get(predicate)
            if family is not None:
                end = _word_end(record.text, predicate, q_start, q_end)
                if end >= 0:
                    return family, end
        return self._nearest(record.text, q_start, q_end)

    def _nearest(self, text: str, q_start: int, q_end: int, before: int = BEFORE_WINDOW) -> tuple[str, int]:
        """The family of the predicate word nearest the number (before it preferred), else "count";
        and where that word ends in ``text`` (-1 for none)."""
        lo, hi = max(0, q_start - before), min(len(text), q_end + AFTER_WINDOW)
        window = text[lo:hi].lower()
        best, best_distance, best_end = COUNT, float("inf"), -1
        forms_by_first = self._forms_by_first
        for match in _LOWER_WORD.finditer(window):
            candidates = forms_by_first.get(match.group())
            if candidates is None:
                continue
            at = match.start()
            for form, family in candidates:
                if window.startswith(form, at):
                    break
            else:
                continue
            start = at + lo
            end = start + len(form)
            if end <= q_start:
                distance: float = q_start - end
            elif start >= q_end:
                distance = (start - q_end) * AFTER_PENALTY
            else:
                continue  # inside the number phrase itself
            if distance < best_distance:
                best, best_distance, best_end = family, distance, end
        return best, best_end


def _word_end(text: str, word: str, q_start: int, q_end: int) -> int:
    """Where the occurrence of ``word`` (a whole word, any case) nearest the number ends, within
    ``BEFORE_WINDOW`` before it or ``AFTER_WINDOW`` after it; -1 when it is not there."""
    lo, hi = max(0, q_start - BEFORE_WINDOW), min(len(text), q_end + AFTER_WINDOW)
    window = text[lo:hi].lower()
    best, best_distance = -1, float("inf")
    at = window.find(word)
    while at >= 0:
        end = at + len(word)
        whole = (at == 0 or not window[at - 1].isalpha()) and (end == len(window) or not window[end].isalpha())
        start, end = at + lo, end + lo
        distance = q_start - end if end <= q_start else (start - q_end) * AFTER_PENALTY if start >= q_end else -1
        if whole and 0 <= distance < best_distance:
            best, best_distance = end, distance
        at = window.find(word, at + 1)
    return best
