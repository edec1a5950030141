"""Modality of a claim: fact, expected, possible or negated, from the words of the clause that carries it.

The clause is the stretch of the sentence before the number back to the nearest clause break
(or the cue's "that"); the nearest cue wins, and negation wins when it stands closest.
"""

from __future__ import annotations

from claimgraph.core.lexicon import load
from claimgraph.core.tokens import Tok

_LEX = load("modality.json")
_CUES: dict[tuple[str, ...], str] = {}
for _modality in ("possible", "expected", "negated"):
    for _phrase in _LEX[_modality]:
        _CUES.setdefault(tuple(_phrase.split()), _modality)
_NO_CUE = "none"  # a phrase that holds a cue word but carries no modality ("no more than 20": a bound)
for _phrase in _LEX["not_cues"]:
    _CUES[tuple(_phrase.split())] = _NO_CUE
_MAX = max(len(k) for k in _CUES)
_VERB_ONLY = frozenset(_LEX["verb_only"])
_FIRST = frozenset(k[0] for k in _CUES)
_BREAKS = frozenset(_LEX["clause_breaks"])
WINDOW = 12  # tokens before the number that can carry its modality (a clause, rarely longer)
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "percent"})
AFTER_WINDOW = 7  # tokens after a number phrase in which its verb group's modal stands ("… troops could be sent")
AFTER_MODALS = frozenset({"could", "may", "might", "will", "would", "shall"})  # single words that are modals there


def clause_start(toks: list[Tok], i: int, floor: int = 0, window: int = WINDOW) -> int:
    """Index of the first token of the clause holding token i (looking back at most ``window`` tokens)."""
    k = i - 1
    while k > floor and i - k <= window:
        if toks[k].text in (")", "-", "–", "—") and toks[k].spaced:
            opener = "(" if toks[k].text == ")" else toks[k].text
            back = next((x for x in range(k - 1, floor - 1, -1) if toks[x].text == opener and toks[x].spaced), None)
            if back is not None:  # jump over a parenthetical: "advanced economies - which include … - will grow"
                k = back - 1
                continue
        if toks[k].lower in _BREAKS or (toks[k].lower == "that" and k > 0 and toks[k - 1].kind == "word"):
            return k + 1
        k -= 1
    return max(k, floor)


def modality_between(toks: list[Tok], lo: int, hi: int) -> str | None:
    """The modality cue nearest to position hi among tokens [lo, hi)."""
    k = hi - 1
    while k >= lo:
        if toks[k].lower not in _FIRST:
            k -= 1
            continue
        for n in range(min(_MAX, hi - k), 0, -1):
            key = tuple(t.lower for t in toks[k:k + n])
            if key in _CUES and _as_cue(toks[k]):
                found = _CUES[key]
                if found == _NO_CUE:
                    break  # its words are no cue: look further back
                if found == "negated" and key == ("no",) and k + 1 < hi and toks[k + 1].kind == "num":
                    continue  # "no 5" is a name, not a negation
                return found
        k -= 1
    return None


def _as_cue(tok: Tok) -> bool:
    """Can this word open a cue here: a verb-only cue word ("hope") must not be tagged as another part of speech."""
    return tok.lower not in _VERB_ONLY or not tok.tag or tok.tag.startswith("VB")


def _first_cue(toks: list[Tok], lo: int, hi: int) -> str | None:
    """The modality cue nearest after position lo among tokens [lo, hi): a modal or a hedge of the verb group
    ("could be sent", "is headed to", "are expected to"), not a noun's ("the possibility")."""
    for k in range(lo, hi):
        if toks[k].lower not in _FIRST:
            continue
        for n in range(min(_MAX, hi - k), 0, -1):
            key = tuple(t.lower for t in toks[k:k + n])
            if key in _CUES and (n > 1 or key[0] in AFTER_MODALS) and _as_cue(toks[k]):
                if _CUES[key] == _NO_CUE:
                    break
                return _CUES[key]
    return None


def modality_of(toks: list[Tok], number_index: int, floor: int, cue_modality: str | None, unit: str) -> str:
    """Modality of the quantity at token ``number_index``; ``floor`` is where its content begins."""
    start = clause_start(toks, number_index, floor)
    found = modality_between(toks, start, number_index)
    if found is None and unit not in ("percent", "percentage points"):
        # "up to 100,000 troops could be sent", "another $20 million is headed to …": the verb group right
        # after a number phrase that is its clause's subject
        begin = number_index + 1
        while begin < len(toks) and (toks[begin].kind in ("num", "sym") or toks[begin].lower in _SCALE_WORDS):
            begin += 1  # past the rest of the number ("$ 20 million")
        after = begin
        while after < len(toks) and after - begin < AFTER_WINDOW and toks[after].kind == "word" \
                and toks[after].lower not in _BREAKS:
            after += 1
        found = _first_cue(toks, begin, after)
    if found is None and cue_modality in ("expected", "possible", "negated"):
        found = cue_modality
    return found or "fact"
