"""claimgraph's tokenization: words (with inner hyphens and apostrophes), numbers, descriptors, symbols.

``tokenize`` is the one tokenizer: the pipeline's spaCy tokenizer (``pipeline.ClaimTokenizer``) makes
the Doc's tokens with it, the parser parses those very tokens, and the rules read them back from the
Doc as ``Tok`` (text, kind, offsets, the parse's tag) through ``Words``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_RE = re.compile(
    r"(?P<cnum>\d+(?:\.\d+)?-(?=[^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)*)"   # 46-page, 2-year (descriptors)
    r"|(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[^\W\d_]+(?:[-'’.](?:[^\W_])+)*\d*)"                  # anti-aircraft, Mi-17, G20, O'Brien, López
    r"|(?P<sym>[^\w\s]|_)"
)


@dataclass(slots=True)
class Tok:
    """One token: its text, lowercase form, kind, offsets and whether whitespace precedes it."""

    text: str
    lower: str
    kind: str          # num, cnum, word, sym
    start: int
    end: int
    spaced: bool       # whitespace before it
    tag: str = ""      # its Penn Treebank tag when the sentence was parsed ("VBD", "NNP"), else ""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Word, number and symbol tokens of ``text[start:end]`` with their offsets (the Doc's, ``ClaimTokenizer``)."""
    toks: list[Tok] = []
    append = toks.append
    prev_end = -1
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        word = m.group()
        append(Tok(word, word.lower(), m.lastgroup or "sym", s, e, s != prev_end))
        prev_end = e
    return toks


def token_kind(word: str) -> str:
    """The kind (num, cnum, word, sym) of a token ``tokenize`` made, told by its first and last characters
    (as ``TOKEN_RE``'s groups tell it, without matching again)."""
    first = word[0]
    if first.isdecimal():
        return "cnum" if word[-1].isalpha() else "num"  # "46-page" ends in a letter, "10,000" never does
    if first.isalnum() and first != "_":
        return "word"  # a letter, or a numeral that is no decimal digit ("½")
    return "num" if first == "." and len(word) > 1 else "sym"  # ".5"


class Words:
    """A document's tokens in order, looked up by character range (a sentence's, a headline's)."""

    __slots__ = ("toks", "_starts")

    def __init__(self, toks: Iterable[Tok]) -> None:
        self.toks = list(toks)
        self._starts = [t.start for t in self.toks]

    @classmethod
    def of_text(cls, text: str) -> Words:
        """The tokens of a bare text (no Doc to read them from)."""
        return cls(tokenize(text))

    def between(self, start: int, end: int) -> list[Tok]:
        """The tokens that lie within ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = lo
        toks = self.toks
        while hi < len(toks) and toks[hi].end <= end:
            hi += 1
        return toks[lo:hi]


def name_before_possessive(toks: list[Tok], k: int) -> int | None:
    """Where the run of capitalised words ends at token ``k`` with a possessive begins ("the [International
    Monetary Fund's] estimate", "[HDT's] 38.8 million euro loan"); None when token k is no capitalised
    possessive."""
    if not 0 <= k < len(toks) or not toks[k].text.endswith(("'s", "’s")) or not toks[k].text[:1].isupper():
        return None
    a = k
    while a > 0 and toks[a - 1].kind == "word" and toks[a - 1].text[:1].isupper():
        a -= 1
    return a


def abbreviation_stop(toks: list[Tok], k: int) -> bool:
    """Is the full stop at token k an abbreviation's ("U.S.-flagged", "Mr. Burman", "St. Louis"), not a
    sentence's: no space before it, after a dotted or short word?"""
    prev = toks[k - 1].text if k > 0 else ""
    return not toks[k].spaced and bool(prev) and ("." in prev or len(prev) <= 3)
