"""The subject of a quantified claim: the actor or thing the number is about.

Read off the clause that holds the number, the way a reader would: when the number phrase is the
clause's subject ("20 veterans commit suicide"), the counted thing is; a share ("46 percent would
choose Clinton") is about the actor it goes to; otherwise the clause's subject noun phrase is
("North Korea could send …", "advanced economies … will grow 1.6 percent"), named canonically
when it is a known actor ("Pyongyang" → North Korea).
"""

from __future__ import annotations

from claimgraph.core.entities import Entity
from claimgraph.core.lexicon import load
from claimgraph.core.quantities import Found, Tok

_LEX = load("subjects.json")
AUXILIARIES = frozenset(_LEX["auxiliaries"])
OPENERS = frozenset(_LEX["openers"])
DETERMINERS = frozenset(_LEX["determiners"])
PRE_NUMBER = frozenset(load("quantities.json")["pre_adjectives"]) | {"another", "combined", "extra"}
NP_LINKS = frozenset({"of", "to", "for", "from", "in"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
NOT_SUBJECT = frozenset(_LEX["not_subject"])
VERB_LIKE = frozenset(_LEX["verb_like"])
MAX_NP = 6  # subject noun phrases longer than this are clauses, not names


def _verbish(toks: list[Tok], k: int, verbs: frozenset[str], first: int) -> bool:
    t = toks[k]
    low = t.lower
    if low in AUXILIARIES or low.endswith(("n't", "n’t")) or (low in verbs and k > first):
        return True
    if t.text[:1].islower() and len(low) > 4 and low.endswith("ed") and k > first:
        return True  # "Russia supplied", but "advanced economies"
    # "Russia provides": an -s word right after a proper noun is a verb, after an adjective a noun
    return (low.endswith("s") and not low.endswith("ss") and t.text[:1].islower() and k > 0
            and toks[k - 1].text[:1].isupper() and toks[k - 1].kind == "word")


def skip_opener(toks: list[Tok], start: int, stop: int) -> int:
    """Past opening adverbials ("In the previous poll, conducted in early September, …") and determiners."""
    k = start
    while k < stop and (toks[k].lower in OPENERS or (k > start and toks[k].lower.endswith(("ed", "ing")))):
        comma = next((x for x in range(k, stop) if toks[x].text == ","), None)
        if comma is None:
            return stop if k == start else k
        k = comma + 1
    while k < stop and (toks[k].lower in DETERMINERS or toks[k].lower in PRE_NUMBER
                        or toks[k].text in ("-", "–", "—", "“", "\"", ",")):
        k += 1
    return k


def clause_subject(toks: list[Tok], start: int, stop: int, verbs: frozenset[str],
                   numbers: bool = False) -> tuple[int, int] | None:
    """Token range of the subject noun phrase of the clause running from ``start`` to ``stop``."""
    k = skip_opener(toks, start, stop)
    first = k
    while k < stop and k - first < MAX_NP:
        t = toks[k]
        if t.kind == "sym" and t.text not in ("-", "’", "'", "/", ".") and not (numbers and t.text in "$€£"):
            break
        if (t.kind == "num" and not numbers) or (t.kind == "word" and _verbish(toks, k, verbs, first)):
            break
        if t.kind == "sym" and t.text == "." and not (k > 0 and len(toks[k - 1].text) <= 3 and not t.spaced):
            break
        if t.lower in NP_LINKS and (k == first or k + 1 >= stop or toks[k + 1].kind != "word"):
            break
        if t.kind == "word" and t.lower in DETERMINERS and k > first and toks[k - 1].lower not in NP_LINKS:
            break
        if t.kind == "word" and k > first and (t.lower in NOT_SUBJECT or t.lower.endswith("ly")):
            break  # "Clinton likewise ahead by …": the noun phrase ends before the adverb
        k += 1
    while k > first and (toks[k - 1].lower in NP_LINKS or toks[k - 1].kind == "sym"):
        k -= 1
    return (first, k) if k > first else None


def plausible(words: list[str]) -> bool:
    """Could these words be a subject noun phrase (not "ahead", "since", "working with Congress")?"""
    if not words:
        return False
    last, first = words[-1].lower(), words[0].lower()
    if last in NOT_SUBJECT or first in NOT_SUBJECT or last.endswith("ly"):
        return False
    if len(words) > 1 and words[0][:1].islower() and first in VERB_LIKE:
        return False  # "rescue civilians": a verb phrase
    return not (first.endswith(("ing", "ed")) and words[0][:1].islower())


def entity_named(entities: list[Entity], s: int, e: int, text: str) -> Entity | None:
    """The entity that is the whole phrase [s, e) (ignoring "the" and a possessive)."""
    for ent in entities:
        if s <= ent.start and ent.end <= e:
            rest = (text[s:ent.start] + text[ent.end:e]).strip().lower()
            if rest in ("", "the", "’s", "'s", "the ’s"):
                return ent
    return None


def share_target(toks: list[Tok], idx: int, stop: int, entities: list[Entity]) -> Entity | None:
    """For a share ("46 percent would choose Clinton"), the actor it goes to."""
    lo = toks[idx].start
    hi = toks[stop - 1].end if stop > idx else lo
    candidates = [e for e in entities if lo <= e.start < hi]
    people = [e for e in candidates if e.kind == "person"]
    return (people or candidates)[0] if candidates else None


def subject_of(q: Found) -> tuple[str, int, int] | None:
    """The counted thing, when the number phrase is itself the subject ("20 veterans commit suicide")."""
    if q.unit and q.unit_start >= 0 and q.unit not in ("percent", "percentage points", "dollars", "times"):
        return q.unit, q.unit_start, q.unit_end
    return None


__all__ = ["PRONOUNS", "clause_subject", "plausible", "skip_opener", "entity_named", "share_target", "subject_of"]
