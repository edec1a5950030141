"""Assemble claims: each quantity with its subject, modality, chain and time; each attributed statement.

Works sentence by sentence over the segments and entities the pipeline found, carrying what
later sentences need (speakers for pronouns, open quotations, relay frames) in a ``Context``.
"""

from __future__ import annotations

import bisect
import re

from claimgraph.core.attribution import (
    GENRE_LABELS,
    NOUN_CUES,
    PHRASAL_FORMS,
    VERB_FORMS,
    Attribution,
    SentenceAttributor,
)
from claimgraph.core.entities import Entity, gazetteer
from claimgraph.core.modality import modality_between, modality_of
from claimgraph.core.quantities import STARTERS, Found, find_quantities
from claimgraph.core.segment import SIGNED_RE, Segment
from claimgraph.core.sentence import Sentence, token_at
from claimgraph.core.sources import Context, SourceRef
from claimgraph.core import syntax
from claimgraph.core.subjects import AUXILIARIES as AUXILIARY_WORDS
from claimgraph.core.subjects import is_verb
from claimgraph.core.syntax import Parse
from claimgraph.core.subject_finder import PREPOSITIONS, SubjectFinder
from claimgraph.core.timex import Time, find_times, parse_published
from claimgraph.core.tokens import Words
from claimgraph.models import Claim, Quantity, Source, Span, TimeRef

_QUOTE_CHARS = frozenset("“”\"")
# A transcript turn ("WALLACE: Let's start …"), a reporter's question ("Q Hi …") or a quote collection's
# entry ("Maria Lopez: “The plan …”"): the speaker's name, then a colon (and, for a name in title case, a quote).
_TURN_RE = re.compile(r"[\"“]?(?:([A-Z][A-Z.’' -]{1,30}[A-Z]):|(Q)[.:]?|([A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,3}):(?=\s*[“\"]))\s+")
_DIGIT_OR_QUOTE = re.compile(r"[\d“”\"]")
_WORDS = re.compile(r"[A-Za-z]+")
# words that can start a claim: verbs of saying, number words and the first words of cues; capitalised
# only where a sentence may open with them ("Five Mi-17 helicopters", "According to …")
_OPENERS = STARTERS | {"according", "citing", "per", "quoting"}
TRIGGER_WORDS = (frozenset(VERB_FORMS) | _OPENERS | frozenset(c.split()[0] for c in NOUN_CUES)
                 | frozenset(p.split()[0] for p in PHRASAL_FORMS)) - {"a", "an", "the"} \
    | frozenset(w.capitalize() for w in _OPENERS - {"a", "an"})
PREDICATE_REACH = 8  # tokens from the number within which its clause's verb is looked for
VERB_WORDS_FOR_PREDICATE = frozenset(VERB_FORMS)
_POLL_WORDS = frozenset({"poll", "survey", "polls", "surveys"})
_POLL_UNITS = frozenset({"percent", "percentage points", "points"})
_POLL_CONTEXT = ("sample", "margin of error", "respondents", "surveyed", "polled", "interviewed")


def _turn(text: str, start: int, end: int) -> re.Match[str] | None:
    """A transcript turn's speaker ("WALLACE: …"); a genre label ("FACT SHEET: …") is no speaker."""
    found = _TURN_RE.match(text, start, end)
    if found is None or (found.group(1) or "").lower() in GENRE_LABELS:
        return None
    place = gazetteer().lookup(found.group(1).title()) if found.group(1) else None
    return None if place is not None and place[1] in ("country", "region") else found  # "LONDON: …" is a dateline


def _turn_speaker(turn: re.Match[str]) -> tuple[str, int, int]:
    """The name a turn is written under, and where ("PENCE", or "Q" for a reporter's question)."""
    group = next(g for g in (1, 2, 3) if turn.group(g))
    return turn.group(group), turn.start(group), turn.end(group)


def _said_in_turn(text: str, start: int, end: int) -> bool:
    """A sentence of a turn that states something: not a question, a stage direction ("(CROSSTALK.)")
    or a word or two of talk ("Thanks.", "Q Oh, good.")."""
    sentence = text[start:end].strip().strip("\"“”")
    return (not sentence.endswith("?") and not (sentence[:1] in "([" and sentence.rstrip(".")[-1:] in ")]")
            and len(sentence.split()) >= 4)


def _turns(text: str, segments: list[Segment]) -> dict[int, re.Match[str]]:
    """The transcript turn each paragraph belongs to. In a transcript (two or more turns), a turn goes on
    over the paragraphs after it until the next one ("OFFICIAL: Thanks." then three paragraphs of remarks);
    a headline, a caption or chrome ends it."""
    starts: dict[int, re.Match[str] | None] = {}
    for seg in segments:
        if seg.paragraph not in starts:
            starts[seg.paragraph] = _turn(text, seg.start, seg.end) if seg.kind not in ("chrome", "caption",
                                                                                        "headline") else None
    written = {p: m for p, m in starts.items() if m is not None}
    if len(written) < 2:
        return written
    turns: dict[int, re.Match[str]] = {}
    current: re.Match[str] | None = None
    kinds = {seg.paragraph: seg.kind for seg in segments}
    for paragraph, found in starts.items():
        if kinds[paragraph] in ("chrome", "caption", "headline"):
            current = None
            continue
        current = found or current
        if current is not None:
            turns[paragraph] = current
    return turns


def _signed_paragraphs(text: str, segments: list[Segment]) -> set[int]:
    """Paragraphs that end with a signature ("… our greatest shame.” ― Sonya Herridge")."""
    last: dict[int, Segment] = {}
    for seg in segments:
        last[seg.paragraph] = seg
    return {p for p, seg in last.items() if SIGNED_RE.search(text, seg.start, seg.end)}


def _quote_depth(text: str, start: int, end: int, depth: int) -> int:
    """1 when a quotation is open at ``end`` (given whether one was open at ``start``)."""
    opening, closing = text.rfind("“", start, end), text.rfind("”", start, end)
    if opening >= 0 or closing >= 0:
        depth = 1 if opening > closing else 0
    if text.count('"', start, end) % 2:
        depth = 0 if depth else 1
    return depth


class ClaimBuilder:
    """Turns one document's segments and entities into claims."""

    def __init__(self, text: str, doc_id: str, published: str | None, outlet: str | None,
                 parses: dict[int, Parse] | None = None, quantities: dict[int, list[Found]] | None = None,
                 words: Words | None = None) -> None:
        self.text = text
        self.words = words if words is not None else Words.of_text(text)  # the Doc's tokens
        self.parses = parses or {}
        self.quantities = quantities or {}  # the parser's reading of the sentences it looked at, by start
        self.doc_id = doc_id
        self.anchor = parse_published(published)
        self.ctx = Context(outlet=outlet)
        self.gaz = gazetteer()
        self.claims: list[Claim] = []
        self.subjects = SubjectFinder(text, self.words)
        self.last_quote: list[SourceRef] | None = None  # the voice of the last attributed quotation
        self.poll: SourceRef | None = None
        self._people: list[Entity] = []

    def build(self, segments: list[Segment], entities: list[Entity]) -> list[Claim]:
        starts = [e.start for e in entities]
        self._people = self.subjects.people = [e for e in entities if e.kind == "person"]
        sentences: list[Sentence] = []
        depth = 0
        paragraph = -1
        self.turns = _turns(self.text, segments)
        voiced = set(self.turns) | _signed_paragraphs(self.text, segments)
        in_turn = False  # a transcript turn ("PENCE: …") or a signed quote: every sentence of it is attributed
        first = next((seg for seg in segments if seg.kind not in ("chrome", "caption")), None)
        for seg in segments:
            if seg.kind in ("chrome", "caption"):
                continue
            if seg.paragraph != paragraph:
                depth, paragraph = 0, seg.paragraph
                in_turn = paragraph in voiced
            lo, hi = bisect.bisect_left(starts, seg.start), bisect.bisect_left(starts, seg.end)
            ents = entities[lo:hi]
            if not in_turn and seg is not first and not self._worth_reading(seg):
                self._update_people(ents, [])  # nothing to claim here; it may still name a later "he"
                continue
            toks = self.words.between(seg.start, seg.end)
            parse = self.parses.get(seg.start)
            if parse is not None:
                parse.tag(toks)
            if not toks:
                continue
            attributor = SentenceAttributor(self.text, toks, ents, self.gaz, self.ctx, seg.start, seg.end,
                                            seg.kind == "headline" or seg is first)
            attributions = _nest(attributor.find())
            sentence = Sentence(seg, toks, ents, attributions, depth, parse=parse)
            depth = sentence.quote_end_depth = _quote_depth(self.text, seg.start, seg.end, depth)
            self._carry_over(sentence, sentences)
            for att in sentence.attributions:
                if att.chain and att.chain[0].kind == "document" and _POLL_WORDS & set(att.chain[0].name.lower().split()):
                    self.poll = att.chain[0]
            sentence.poll = self.poll
            sentence.quantities = self.quantities[seg.start] if seg.start in self.quantities else \
                find_quantities(self.text, seg.start, seg.end, toks)
            sentences.append(sentence)
            self._update_context(sentence)
        self._paragraph_voices(sentences)
        for sentence in sentences:
            self._emit(sentence)
        return self.claims

    def _paragraph_voices(self, sentences: list[Sentence]) -> None:
        """Whole paragraphs in one voice: a transcript turn ("PENCE: Well, …") or a signed quote ("…” ― Name")."""
        paragraphs: dict[int, list[Sentence]] = {}
        for sentence in sentences:
            paragraphs.setdefault(sentence.segment.paragraph, []).append(sentence)
        for group in paragraphs.values():
            first, last = group[0].segment, group[-1].segment
            turn = self.turns.get(first.paragraph)
            signed = SIGNED_RE.search(self.text, last.start, last.end)
            if turn:
                name, name_start, name_end = _turn_speaker(turn)
                speaker = SourceRef(self.people_name(name), name, "person", name_start, name_end)
                cue = (":", name_end, name_end + 1)
            elif signed:
                name = signed.group(1)
                speaker = SourceRef(self.people_name(name), name, "person", signed.start(1), signed.end(1))
                cue = (signed.group(0)[0], signed.start(), signed.start() + 1)
            else:
                continue
            for sentence in group:
                if turn or signed:  # a quotation carried over from elsewhere is not this speaker's words
                    sentence.attributions[:] = [a for a in sentence.attributions if a.cue is not None]
                end = signed.start() if signed and sentence is group[-1] else sentence.segment.end
                start = turn.end() if turn and turn.start() >= first.start and sentence is group[0] \
                    else sentence.segment.start
                if turn and not _said_in_turn(self.text, start, end):
                    continue
                if not any(a.chain for a in sentence.attributions):
                    sentence.attributions.append(Attribution([speaker], cue, start, end))

    def people_name(self, written: str) -> str:
        """A speaker's name as the document knows it ("PENCE" → "Mike Pence" when the text names him)."""
        key = written.title() if written.isupper() else written
        for e in self._people:
            if e.name.split()[-1] == key.split()[-1]:
                return e.name
        return key

    def _worth_reading(self, seg: Segment) -> bool:
        """Cheap test: can this sentence hold a claim (a digit, a quotation, a number or cue word)?"""
        if _DIGIT_OR_QUOTE.search(self.text, seg.start, seg.end) or seg.kind == "headline" \
                or self.text[seg.end - 1] == ":":
            return True
        return not TRIGGER_WORDS.isdisjoint(_WORDS.findall(self.text, seg.start, seg.end))

    # -- across sentences -----------------------------------------------------------------------
    def _carry_over(self, sentence: Sentence, earlier: list[Sentence]) -> None:
        """Relay frames and quotations that run over several sentences."""
        para = sentence.segment.paragraph
        same_para = [s for s in earlier if s.segment.paragraph == para]
        for att in sentence.attributions:
            if att.relay_only:
                for prev in same_para[-1:]:
                    for earlier_att in prev.attributions:
                        if not any(r.kind == "outlet" for r in earlier_att.chain):
                            earlier_att.chain.extend(r for r in att.chain if r.name not in {c.name for c in earlier_att.chain})
                self.ctx.frames[para] = att.chain
            elif para in self.ctx.frames and not any(r.kind == "outlet" for r in att.chain):
                att.chain.extend(r for r in self.ctx.frames[para] if r.name not in {c.name for c in att.chain})
        if sentence.attributions:
            chain = sentence.attributions[0].chain
            if sentence.quote_start_depth:  # the cue closes a quotation opened in earlier sentences
                for prev in reversed(same_para):
                    if prev.attributions or not (prev.quote_start_depth or prev.quote_end_depth):
                        break
                    prev.attributions.append(Attribution(list(chain), None, prev.segment.start, prev.segment.end))
            self.ctx.quote_chain = chain if sentence.quote_end_depth else None
        elif sentence.quote_start_depth and self.ctx.quote_chain:
            sentence.attributions.append(
                Attribution(list(self.ctx.quote_chain), None, sentence.segment.start, sentence.segment.end))
        elif self.text[sentence.segment.start] in "“\"" and self.last_quote is not None:
            # a quotation right after an attributed one goes on in the same voice
            sentence.attributions.append(Attribution(list(self.last_quote), None, sentence.segment.start, sentence.segment.end))
        quoted = _QUOTE_CHARS.intersection(self.text[sentence.segment.start:sentence.segment.end])
        if sentence.attributions and quoted:
            self.last_quote = sentence.attributions[0].chain
        elif not quoted:
            self.last_quote = None

    def _update_people(self, entities: list[Entity], attributions: list[Attribution]) -> None:
        """Remember the organisations and the last person named, for "the fund" and "he" later on."""
        ctx = self.ctx
        people = [e for e in entities if e.kind == "person"]
        for e in people:
            if e.title:  # "Vice President Kamala Harris": "the vice president" and "the president" name her
                ref = SourceRef(e.name, self.text[e.start:e.end], "person", e.start, e.end)
                ctx.titles[e.title] = ctx.titles[e.title.split()[-1]] = ref
        for e in entities:
            if e.kind in ("organization", "government", "outlet") and " " in e.name:
                kind = "government" if e.kind == "government" else e.kind
                ctx.organizations[e.name.split()[-1].lower()] = SourceRef(e.name, e.name, kind, e.start, e.end)
        if people and not (attributions and attributions[-1].chain and attributions[-1].chain[0].kind == "person"):
            p = people[-1]
            ctx.last_person = SourceRef(p.name, self.text[p.start:p.end], "person", p.start, p.end)

    def _update_context(self, sentence: Sentence) -> None:
        ctx = self.ctx
        outlets = [e for e in sentence.entities if e.kind == "outlet"]
        if outlets:
            ctx.last_outlet = SourceRef(outlets[-1].name, outlets[-1].name, "outlet", outlets[-1].start, outlets[-1].end)
        if sentence.attributions and sentence.attributions[0].chain:
            source = sentence.attributions[-1].chain[0]
            if source.kind == "outlet":
                ctx.last_outlet = source
            ctx.last_source = source
            if source.kind == "person":
                ctx.last_person = source
        self._update_people(sentence.entities, sentence.attributions)
        groups = [t for t in sentence.toks if t.lower in self.gaz.group_nouns]
        if groups:
            g = groups[-1]
            k = sentence.toks.index(g)
            first = k
            while first > 0 and sentence.toks[first - 1].kind == "word" and sentence.toks[first - 1].lower not in PREPOSITIONS \
                    and sentence.toks[first - 1].lower not in ("the", "and", "a", "an", "among", "has", "have", "had"):
                first -= 1
            start = sentence.toks[first].start
            ctx.last_plural = SourceRef(self.text[start:g.end], self.text[start:g.end], "group", start, g.end)

    # -- claims -----------------------------------------------------------------------------------
    def _future_times(self, seg: Segment) -> list[Time]:
        """The sentence's times read for a forecast or plan ("will meet on Monday": the coming one)."""
        return find_times(self.text, seg.start, seg.end, self.anchor, future=True)

    def _emit(self, sentence: Sentence) -> None:
        seg = sentence.segment
        self.subjects.start_sentence(sentence)
        if not sentence.quantities and not sentence.attributions:
            return
        times = find_times(self.text, seg.start, seg.end, self.anchor)
        owned: set[int] = set()
        source_spans = [(r.start, r.end) for a in sentence.attributions for r in a.chain]
        source_spans += [a.speaker for a in sentence.attributions if a.speaker]
        for q in sentence.quantities:
            owner_index = _owner(sentence.attributions, q.number_start)
            owner = sentence.attributions[owner_index] if owner_index is not None else None
            if owner_index is not None:
                owned.add(owner_index)
            idx = token_at(sentence.toks, q.number_start)
            floor = token_at(sentence.toks, owner.content_start) if owner else 0
            modality = modality_of(sentence.toks, idx, floor, owner.modality if owner else None, q.unit)
            if sentence.segment.kind == "headline" and modality == "fact":
                modality = modality_between(sentence.toks, 0, idx) or "fact"
            subject = self.subjects.find(sentence, q, idx, floor, source_spans, owner)
            chain = _sources(owner.chain) if owner else ()
            if not chain and sentence.poll is not None and (q.unit in _POLL_UNITS or any(
                    w in self.text[seg.start:seg.end].lower() for w in _POLL_CONTEXT)):
                chain = _sources([sentence.poll])  # GUIDELINES: a poll story's shares and samples are the poll's
            self.claims.append(Claim(
                doc=self.doc_id, text=self.text[seg.start:seg.end], start=seg.start, end=seg.end, modality=modality,  # type: ignore[arg-type]
                quantity=Quantity(value=q.value, bound=q.bound, unit=q.unit, start=q.start, end=q.end, low=q.low,  # type: ignore[arg-type]
                                  high=q.high),
                subject=subject, sources=chain,
                cue=Span(*owner.cue) if owner and owner.cue else None,
                time=_time_for(self._future_times(seg) if modality == "expected" and times else times, q,
                               source_spans),
                predicate=_predicate(sentence, idx, q)))
        for i, att in enumerate(sentence.attributions):
            if any(other.cue and att.content_start <= other.cue[1] < att.content_end
                   for j, other in enumerate(sentence.attributions) if j in owned and j != i):
                continue  # its content is carried by a nested claim: "he said that Kyiv expects …"
            start, end = att.content_start, att.content_end
            if i in owned or not att.chain or end - start < 3:
                continue  # a cue with no content ("made a similar assessment") only tells who speaks next
            lo = token_at(sentence.toks, start)
            hi = token_at(sentence.toks, end) if end < seg.end else len(sentence.toks)
            modality = modality_between(sentence.toks, lo, hi) or att.modality or "fact"
            self.claims.append(Claim(
                doc=self.doc_id, text=self.text[start:end], start=start, end=end, modality=modality,  # type: ignore[arg-type]
                sources=_sources(att.chain), cue=Span(*att.cue) if att.cue else None,
                time=_time_for(times, None, source_spans)))



def _predicate(sentence: Sentence, idx: int, q: Found) -> str | None:
    """The verb that carries the number at token ``idx``: the parse's, else the nearest verb before it in
    its clause ("… killed at least 20 people" → "killed"), else right after it ("20 people died")."""
    if sentence.parse is not None:
        found = syntax.predicate_of(sentence.parse, q.number_start)
        if found is not None:
            return found
    toks = sentence.toks
    for k in range(idx - 1, max(-1, idx - PREDICATE_REACH), -1):
        if toks[k].text in (",", ";", ":") or toks[k].lower in ("that", "which", "who"):
            break
        if is_verb(toks, k, VERB_WORDS_FOR_PREDICATE) and toks[k].lower not in AUXILIARY_WORDS:
            return toks[k].lower
    end = token_at(toks, q.end)
    for k in range(end, min(len(toks), end + PREDICATE_REACH)):
        if toks[k].text in (",", ";", ":"):
            break
        if is_verb(toks, k, VERB_WORDS_FOR_PREDICATE) and toks[k].lower not in AUXILIARY_WORDS:
            return toks[k].lower
    return None


def _nest(attributions: list[Attribution]) -> list[Attribution]:
    """A cue inside another's content is relayed by it: "he said that Kyiv expects …"."""
    for att in attributions:
        if att.chain and att.speaker is None:
            att.speaker = (att.chain[0].start, att.chain[0].end)
    for inner in attributions:
        if inner.cue is None:
            continue
        for outer in attributions:
            if outer is inner or not outer.chain or not inner.chain:
                continue
            if outer.content_start <= inner.cue[1] < outer.content_end and not (
                    inner.content_start <= outer.cue[1] < inner.content_end if outer.cue else False):
                if inner.chain[0].kind == "government" and outer.chain[0].kind == "person":
                    inner.chain[:] = list(outer.chain)  # a representative speaking for their government
                elif outer.chain[0].name not in {r.name for r in inner.chain}:
                    inner.chain.extend(outer.chain)
    unique: list[Attribution] = []
    seen: set[tuple[tuple[str, ...], int]] = set()
    for att in attributions:
        key = (tuple(r.name for r in att.chain), att.content_start)
        if key not in seen:
            seen.add(key)
            unique.append(att)
    return unique


def _owner(attributions: list[Attribution], position: int) -> int | None:
    """The innermost attribution whose content holds ``position``."""
    best: int | None = None
    for i, att in enumerate(attributions):
        if att.chain and att.content_start <= position < att.content_end:
            if best is None or (att.content_end - att.content_start) < (
                    attributions[best].content_end - attributions[best].content_start):
                best = i
    return best


def _sources(chain: list[SourceRef]) -> tuple[Source, ...]:
    return tuple(Source(r.name, r.mention, r.kind, r.start, r.end) for r in chain)  # type: ignore[arg-type]


def _time_for(times: list[Time], q: Found | None, source_spans: list[tuple[int, int]]) -> TimeRef | None:
    usable = [t for t in times if not any(s <= t.start < e for s, e in source_spans)]
    if not usable:
        return None
    if q is not None:
        usable.sort(key=lambda t: abs(t.start - q.start))
    t = usable[0]
    return TimeRef(t.text, t.value, t.start, t.end)
