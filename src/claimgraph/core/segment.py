"""Split an article into paragraphs and sentences, telling headlines, captions and site chrome apart.

Paragraphs first (blank lines; bullet lines are paragraphs of their own), then sentences.
A short line without final punctuation is a headline: it may carry claims ("Bloomberg: North
Korea may send up to 100,000 troops"), so it is kept as one sentence. Chrome ("Search",
"Close this search box.") and captions ("Photo: East News.") carry none and are marked so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from claimgraph.core.lexicon import load

SegmentKind = Literal["headline", "body", "bullet", "caption", "chrome"]

_LEX = load("segment.json")
_TAG_START_RE = re.compile(r"<[a-zA-Z/!]")
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
MARKUP_SHARE = 0.5  # of a paragraph's characters inside tags
_CHROME_RE = re.compile(r"^(?:" + "|".join(_LEX["chrome"]) + r")$", re.IGNORECASE)
_CAPTION_RES = [re.compile(p, re.IGNORECASE) for p in _LEX["caption"]]
_ABBREVIATIONS = frozenset(_LEX["abbreviations"])
_BULLET_RE = re.compile(r"^[ \t]*(?:[-*•·▪–]|\d{1,2}[.)])\s+")
# a candidate sentence end: . ! ? (closing quotes/brackets), whitespace, then an opener
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: A quotation signed at its end ("…” ― Sonya Herridge"): a paragraph of body text, not a headline.
SIGNED_RE = re.compile(r"[―—]\s*([A-Z][\w’'-]+(?:\s+[A-Z][\w.’'-]*[\w’'-]){0,3})\.?\s*$")
HEADLINE_MAX_WORDS = 25  # longer unpunctuated lines are body text that lost its full stop


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or headline, bullet, caption, chrome line) with its character offsets."""

    start: int
    end: int
    kind: SegmentKind
    paragraph: int


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_kind(line: str) -> SegmentKind:
    stripped = line.strip()
    if _CHROME_RE.match(stripped) or _is_markup(stripped):
        return "chrome"
    if any(p.search(stripped) for p in _CAPTION_RES):
        return "caption"
    if _BULLET_RE.match(line):
        return "bullet"
    words = stripped.split()
    if SIGNED_RE.search(stripped):
        return "body"
    if "\n" not in stripped and len(words) <= HEADLINE_MAX_WORDS and not re.search(r"[.!?:;,\"”’)]$", stripped):
        return "headline"
    return "body"


def _is_markup(paragraph: str) -> bool:
    """HTML left in a text ("<figure> <img src=… srcset=…>"): a paragraph that opens with a tag and is
    mostly tags. Its numbers (image widths, sizes) are no claims."""
    if not _TAG_START_RE.match(paragraph):
        return False
    return sum(len(tag) for tag in _TAG_RE.findall(paragraph)) > MARKUP_SHARE * len(paragraph)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]``: ends at . ! ? not after an abbreviation or initial."""
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        stop = m.end()
        word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text[max(start, m.start() - 12):m.start() + 1])
        if word and text[m.start()] == ".":
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and word.group(1).isupper()):
                continue
            if token.count(".") >= 1 and len(token) <= 4 and token.replace(".", "").isalpha():
                continue  # U.S., D.C. mid-sentence
        s, e = _strip_span(text, begin, stop)
        if e > s:
            spans.append((s, e))
        begin = stop
    s, e = _strip_span(text, begin, end)
    if e > s:
        spans.append((s, e))
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of lines split by blank lines; bullets and chrome lines stand alone."""
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for line in re.finditer(r"[^\n]*", text):
        s, e = _strip_span(text, line.start(), line.end())
        alone = s < e and (_BULLET_RE.match(text[line.start():e]) is not None or _CHROME_RE.match(text[s:e]) is not None)
        if s >= e or alone:
            if current:
                blocks.append(current)
            current = None
            if alone:
                blocks.append((s, e))
        elif current is None:
            current = (s, e)
        else:
            current = (current[0], e)
    if current:
        blocks.append(current)
    return blocks


def segment(text: str) -> list[Segment]:
    """Every sentence-like segment of an article, in order."""
    segments: list[Segment] = []
    for number, (start, end) in enumerate(_blocks(text)):
        kind = _paragraph_kind(text[start:end])
        if kind in ("body", "bullet"):
            for s, e in split_sentences(text, start, end):
                segments.append(Segment(s, e, kind, number))
        else:
            segments.append(Segment(start, end, kind, number))
    return segments
