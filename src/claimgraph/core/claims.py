"""Assemble claims: each quantity with its subject, modality, chain and time; each attributed statement.

Works sentence by sentence over the segments and entities the pipeline found, carrying what
later sentences need (speakers for pronouns, open quotations, relay frames) in a ``Context``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from claimgraph.core.attribution import (
    NOUN_CUES,
    PHRASAL_FORMS,
    VERB_FORMS,
    Attribution,
    Context,
    SentenceAttributor,
    SourceRef,
)
from claimgraph.core.entities import Entity, gazetteer
from claimgraph.core.modality import clause_start, modality_between, modality_of
from claimgraph.core.quantities import STARTERS, Found, Tok, find_quantities, tokenize
from claimgraph.core.segment import Segment
from claimgraph.core.subjects import (
    PRONOUNS,
    CASUALTY,
    REDUCED_RELATIVES,
    RELATIVES,
    appositive_end,
    casualty_count,
    clause_subject,
    coordinated,
    entity_named,
    event_phrase,
    headline_event,
    inner_clause_start,
    is_verb,
    noun_before,
    participial_comma,
    plausible,
    predicate_after,
    share_target,
    skip_opener,
    subject_of,
)
from claimgraph.core.timex import Time, find_times, parse_published
from claimgraph.models import Claim, Mention, Quantity, Source, Span, TimeRef

PREPOSITIONS = frozenset({"to", "with", "from", "in", "of", "for", "against", "by", "on", "at", "into", "toward", "towards",
                          "between", "among", "across", "than", "via", "about", "over"})
VERB_WORDS = frozenset(VERB_FORMS)
_QUOTE_CHARS = frozenset("“”\"")
_TURN_RE = re.compile(r"[\"“]?([A-Z][A-Z.’' -]{1,30}[A-Z]):\s")          # "WALLACE: Let's start …"
_SIGNED_RE = re.compile(r"[―—]\s*([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})\s*$")  # "…” ― Sonya Herridge"
_DIGIT_OR_QUOTE = re.compile(r"[\d“”\"]")
_WORDS = re.compile(r"[A-Za-z]+")
_TRIGGERS = (frozenset(VERB_FORMS) | STARTERS | frozenset(w for c in NOUN_CUES for w in c.split()[:2])
                 | frozenset(w for p in PHRASAL_FORMS for w in p.split()[:1])) - {"a", "an", "the", "in", "made", "took"} \
    | {"according", "citing", "per", "quoting"}
TRIGGER_WORDS = _TRIGGERS | frozenset(w.capitalize() for w in _TRIGGERS)  # sentence-initial "Five", "According"
_POLL_WORDS = frozenset({"poll", "survey", "polls", "surveys"})
_POLL_UNITS = frozenset({"percent", "percentage points", "points"})
_POLL_CONTEXT = ("sample", "margin of error", "respondents", "surveyed", "polled", "interviewed")
SUBJECT_KINDS = frozenset({"country", "person", "organization", "government", "region", "outlet"})


@dataclass(slots=True)
class _Sentence:
    segment: Segment
    toks: list[Tok]
    entities: list[Entity]
    attributions: list[Attribution]
    quote_start_depth: int = 0
    quote_end_depth: int = 0
    quantities: list[Found] = field(default_factory=list)
    poll: SourceRef | None = None  # the poll a poll story reports, for its shares and samples


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

    def __init__(self, text: str, doc_id: str, published: str | None, outlet: str | None) -> None:
        self.text = text
        self.doc_id = doc_id
        self.anchor = parse_published(published)
        self.ctx = Context(outlet=outlet)
        self.gaz = gazetteer()
        self.claims: list[Claim] = []
        self.last_subject: Mention | None = None
        self.list_subject: Mention | None = None  # the subject of "… includes:" for the bullets below it
        self.last_quote: list[SourceRef] | None = None  # the voice of the last attributed quotation
        self.poll: SourceRef | None = None
        self._people: list[Entity] = []

    def build(self, segments: list[Segment], entities: list[Entity]) -> list[Claim]:
        starts = [e.start for e in entities]
        self._people = [e for e in entities if e.kind == "person"]
        sentences: list[_Sentence] = []
        depth = 0
        paragraph = -1
        in_turn = False  # a transcript turn ("PENCE: …"): every sentence of it is attributed
        for seg in segments:
            if seg.kind in ("chrome", "caption"):
                continue
            if seg.paragraph != paragraph:
                depth, paragraph = 0, seg.paragraph
                in_turn = _TURN_RE.match(self.text, seg.start, seg.end) is not None
            lo, hi = bisect.bisect_left(starts, seg.start), bisect.bisect_left(starts, seg.end)
            ents = entities[lo:hi]
            if not in_turn and not self._worth_reading(seg):
                self._update_people(ents, [])  # nothing to claim here; it may still name a later "he"
                continue
            toks = tokenize(self.text, seg.start, seg.end)
            if not toks:
                continue
            attributor = SentenceAttributor(self.text, toks, ents, self.gaz, self.ctx, seg.start, seg.end,
                                            seg.kind == "headline" or not sentences)
            attributions = _nest(attributor.find())
            sentence = _Sentence(seg, toks, ents, attributions, depth)
            depth = sentence.quote_end_depth = _quote_depth(self.text, seg.start, seg.end, depth)
            self._carry_over(sentence, sentences)
            for att in sentence.attributions:
                if att.chain and att.chain[0].kind == "document" and _POLL_WORDS & set(att.chain[0].name.lower().split()):
                    self.poll = att.chain[0]
            sentence.poll = self.poll
            sentence.quantities = find_quantities(self.text, seg.start, seg.end, toks)
            sentences.append(sentence)
            self._update_context(sentence)
        self._paragraph_voices(sentences)
        for sentence in sentences:
            self._emit(sentence)
        return self.claims

    def _paragraph_voices(self, sentences: list[_Sentence]) -> None:
        """Whole paragraphs in one voice: a transcript turn ("PENCE: Well, …") or a signed quote ("…” ― Name")."""
        paragraphs: dict[int, list[_Sentence]] = {}
        for sentence in sentences:
            paragraphs.setdefault(sentence.segment.paragraph, []).append(sentence)
        for group in paragraphs.values():
            first, last = group[0].segment, group[-1].segment
            turn = _TURN_RE.match(self.text, first.start, first.end)
            signed = _SIGNED_RE.search(self.text, last.start, last.end)
            if turn:
                name = turn.group(1)
                speaker = SourceRef(self.people_name(name), name, "person", turn.start(1), turn.end(1))
                cue = (":", turn.end(1), turn.end(1) + 1)
            elif signed:
                name = signed.group(1)
                speaker = SourceRef(self.people_name(name), name, "person", signed.start(1), signed.end(1))
                cue = (signed.group(0)[0], signed.start(), signed.start() + 1)
            else:
                continue
            for sentence in group:
                if not any(a.chain for a in sentence.attributions):
                    end = signed.start() if signed and sentence is group[-1] else sentence.segment.end
                    start = turn.end() if turn and sentence is group[0] else sentence.segment.start
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
    def _carry_over(self, sentence: _Sentence, earlier: list[_Sentence]) -> None:
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
        for e in entities:
            if e.kind in ("organization", "government", "outlet") and " " in e.name:
                kind = "government" if e.kind == "government" else e.kind
                ctx.organizations[e.name.split()[-1].lower()] = SourceRef(e.name, e.name, kind, e.start, e.end)
        if people and not (attributions and attributions[-1].chain and attributions[-1].chain[0].kind == "person"):
            p = people[-1]
            ctx.last_person = SourceRef(p.name, self.text[p.start:p.end], "person", p.start, p.end)

    def _update_context(self, sentence: _Sentence) -> None:
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
    def _emit(self, sentence: _Sentence) -> None:
        seg = sentence.segment
        if seg.kind != "bullet":
            self.list_subject = None
            if self.text[seg.start:seg.end].rstrip().endswith(":"):
                np = clause_subject(sentence.toks, 0, len(sentence.toks), VERB_WORDS, numbers=True)
                if np is not None:
                    s, e = sentence.toks[np[0]].start, sentence.toks[np[1] - 1].end
                    named = entity_named(sentence.entities, s, e, self.text)
                    self.list_subject = Mention(named.name if named else self.text[s:e], s, e)
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
            idx = _token_at(sentence.toks, q.number_start)
            floor = _token_at(sentence.toks, owner.content_start) if owner else 0
            modality = modality_of(sentence.toks, idx, floor, owner.modality if owner else None, q.unit)
            if sentence.segment.kind == "headline" and modality == "fact":
                modality = modality_between(sentence.toks, 0, idx) or "fact"
            subject = self._subject(sentence, q, idx, floor, source_spans, owner)
            chain = _sources(owner.chain) if owner else ()
            if not chain and sentence.poll is not None and (q.unit in _POLL_UNITS or any(
                    w in self.text[seg.start:seg.end].lower() for w in _POLL_CONTEXT)):
                chain = _sources([sentence.poll])  # GUIDELINES: a poll story's shares and samples are the poll's
            self.claims.append(Claim(
                doc=self.doc_id, text=self.text[seg.start:seg.end], start=seg.start, end=seg.end, modality=modality,  # type: ignore[arg-type]
                quantity=Quantity(value=q.value, bound=q.bound, unit=q.unit, start=q.start, end=q.end, low=q.low,  # type: ignore[arg-type]
                                  high=q.high),
                subject=subject, sources=chain,
                cue=Span(*owner.cue) if owner and owner.cue else None, time=_time_for(times, q, source_spans)))
        for i, att in enumerate(sentence.attributions):
            if any(other.cue and att.content_start <= other.cue[1] < att.content_end
                   for j, other in enumerate(sentence.attributions) if j in owned and j != i):
                continue  # its content is carried by a nested claim: "he said that Kyiv expects …"
            start, end = att.content_start, att.content_end
            if i in owned or not att.chain or end - start < 3:
                continue  # a cue with no content ("made a similar assessment") only tells who speaks next
            lo = _token_at(sentence.toks, start)
            hi = _token_at(sentence.toks, end) if end < seg.end else len(sentence.toks)
            modality = modality_between(sentence.toks, lo, hi) or att.modality or "fact"
            self.claims.append(Claim(
                doc=self.doc_id, text=self.text[start:end], start=start, end=end, modality=modality,  # type: ignore[arg-type]
                sources=_sources(att.chain), cue=Span(*att.cue) if att.cue else None,
                time=_time_for(times, None, source_spans)))

    def _subject(self, sentence: _Sentence, q: Found, idx: int, floor: int,
                 source_spans: list[tuple[int, int]], owner: Attribution | None) -> Mention | None:
        """The claim's subject; remembers it (and whether it is the counted thing) for the next number phrase."""
        toks = sentence.toks
        q_first, q_last = idx, idx  # the number's token; widen to the whole phrase ("more than $23million")
        while q_first > 0 and toks[q_first - 1].end > q.start:
            q_first -= 1
        while q_last + 1 < len(toks) and toks[q_last + 1].start < q.end:
            q_last += 1
        memo = self._subject_memo(sentence)
        found, counted = self._subject_found(sentence, q, (idx, q_first, q_last), floor, source_spans, owner, memo)
        memo.append((q_first, q_last, found, counted))
        return found

    def _subject_memo(self, sentence: _Sentence) -> list[tuple[int, int, Mention | None, bool]]:
        """The number phrases already read in this sentence, with their subjects."""
        key = sentence.segment.start
        memo: tuple[int, list[tuple[int, int, Mention | None, bool]]] | None = getattr(self, "_memo", None)
        if memo is None or memo[0] != key:
            memo = (key, [])
            self._memo = memo
        return memo[1]

    def _subject_found(self, sentence: _Sentence, q: Found, at: tuple[int, int, int], floor: int,
                       source_spans: list[tuple[int, int]], owner: Attribution | None,
                       memo: list[tuple[int, int, Mention | None, bool]]) -> tuple[Mention | None, bool]:
        toks = sentence.toks
        idx, q_first, q_last = at
        speaker = None
        if owner is not None and owner.speaker is not None:
            speaker = next((e for e in sentence.entities if e.kind in SUBJECT_KINDS
                            and owner.speaker[0] <= e.start < owner.speaker[1]), None)
        ents = [e for e in sentence.entities if e.kind in SUBJECT_KINDS
                and not any(s <= e.start and e.end <= t for s, t in source_spans)]
        if sentence.segment.kind == "bullet" and self.list_subject is not None:
            return self.list_subject, False
        counted = subject_of(q)
        respective = self._subject_respective(sentence, ents, q, q_last)
        if respective is not None:
            return self._remember(respective), False
        if memo:  # a number phrase joined to the one before it shares its subject, or its role
            p_first, p_last, p_found, p_counted = memo[-1]
            if coordinated(toks, p_last, q_first):
                if p_counted and counted is not None:
                    return self._keep(Mention(*counted)), True
                rival = self._subject_rival(sentence, ents, q, p_first, p_last, p_found)
                if rival is not None:
                    return self._remember(rival), False
                if not p_counted and p_found is not None:
                    return self._keep(p_found), False
            elif toks[q_first - 1].text == "," and p_found is not None and not predicate_after(toks, q_last, VERB_WORDS):
                return self._keep(p_found), False  # "…11,491 Syrian refugees, 15 percent over the limit"
        # an actor glued to the number: "Trump's 34 percent"
        for e in ents:
            if e.end <= q.start and self.text[e.end:q.start] in (" ", "'s ", "’s ", "' ", "’ ") and not e.demonym:
                return self._remember(e), False
        inside_unit = next((e for e in ents if q.number_end <= e.start < q.end or
                            (e.demonym and e.end <= q.start and q.start - e.end <= 1)), None)
        start = clause_start(toks, idx, floor, window=len(toks))
        if q_first > 0 and toks[q_first - 1].lower in ("and", ",", "while", "but", "whereas", ";", "--"):
            start = q_first  # "46 percent would choose Clinton and 44 percent would back Trump"
        start = inner_clause_start(toks, start, q_first, VERB_WORDS)
        first = skip_opener(toks, start, q_first)
        if first < q_first and toks[first].lower.endswith("ed") and toks[first].text[:1].islower():
            first = skip_opener(toks, start, len(toks))  # "powered by $23million in contributions, the PAC …"
        if first > q_last:  # the number sits in an opening phrase: "powered by $23million in contributions, the PAC …"
            np = clause_subject(toks, first, len(toks), VERB_WORDS)
            if np is not None:
                return self._subject_phrase(sentence, np[0], np[1]), False
        if casualty_count(toks, q_first, q_last) and (first >= q_first or toks[q_first - 1].lower in ("with", "where")):
            event = self._subject_event(sentence, ents, start, q_first)
            if event is not None:
                return self._keep(event), False
        if first >= q_first:  # the number phrase is the clause's subject
            if inside_unit is not None and inside_unit.demonym:
                return self._remember(inside_unit), False  # "up to 15,000 North Korean troops"
            if q.unit in ("percent", "percentage points", "points"):
                share = self._subject_share(sentence, ents, q_last)
                if share is not None:
                    return share, False
            if counted is not None:
                return self._keep(Mention(*counted)), True
            if speaker is not None:
                return self._remember(speaker), False  # "President Biden today announced an additional $800 million"
        else:
            participial = participial_comma(toks, q_first, floor, VERB_WORDS)
            if participial is not None and toks[participial + 1].lower not in CASUALTY:  # "…, directing a combined $20 million": the main clause's subject
                main = self._subject_main(sentence, 0, participial)
                if main is not None:
                    return main, False
            if start > 0 and toks[start - 1].lower in RELATIVES and start - 1 > floor \
                    and not is_verb(toks, start - 2, VERB_WORDS) and toks[start - 2].lower not in PREPOSITIONS and (
                        is_verb(toks, start, VERB_WORDS) or toks[start - 1].lower == "where"
                        or any(toks[x].text == "," and is_verb(toks, x + 1, VERB_WORDS) for x in range(start, q_first))):
                before = noun_before(toks, start - 1, floor, VERB_WORDS)  # "super PACs that have raised …"
                if before is not None:
                    return self._subject_phrase(sentence, *before), False
            if q_first >= 3 and toks[q_first - 1].lower == "by" and toks[q_first - 2].lower.endswith(("ed", "en")) \
                    and not is_verb(toks, q_first - 3, VERB_WORDS) and toks[q_first - 3].kind == "word" \
                    and any(is_verb(toks, x, VERB_WORDS) for x in range(0, q_first - 3)):
                before = noun_before(toks, q_first - 2, start, VERB_WORDS)  # "the Forum viewed by 14.7 million people"
                if before is not None:
                    return self._subject_phrase(sentence, *before), False
            if q_first >= 2 and toks[q_first - 1].lower in REDUCED_RELATIVES and toks[q_first - 2].kind == "word":
                if memo and memo[-1][1] == q_first - 2 and memo[-1][2] is not None:
                    return self._keep(memo[-1][2]), False  # "three helicopters covering 160 square miles"
                before = noun_before(toks, q_first - 1, floor, VERB_WORDS)  # "a search mission involving three …"
                if before is not None:
                    return self._subject_phrase(sentence, *before), False
            np = clause_subject(toks, start, q_first, VERB_WORDS)
            if np is not None:
                np_start, np_end = toks[np[0]].start, toks[np[1] - 1].end
                if np[1] - np[0] == 1 and toks[np[0]].lower in PRONOUNS:
                    return self._subject_pronoun(sentence, toks[np[0]].lower, np[0], start, floor, owner, ents, q), False
                named = entity_named(sentence.entities, np_start, np_end, self.text)
                if named is not None:
                    return self._remember(named), False
                if plausible([t.text for t in toks[np[0]:np[1]] if t.kind == "word"]):
                    return self._keep(Mention(self.text[np_start:np_end], np_start, np_end)), False
            elif speaker is not None:
                return self._remember(speaker), False  # "Steyer announced plans this week to give $15 million"
        if inside_unit is not None:
            return self._remember(inside_unit), False
        clause_actor = next((x for x in ents if toks[start].start <= x.start < q.start), None)
        if clause_actor is not None:
            return self._remember(clause_actor), False
        return self.last_subject, False

    def _subject_phrase(self, sentence: _Sentence, lo: int, hi: int) -> Mention | None:
        """Tokens [lo, hi) as a subject: the entity they name, else the words when they make a noun phrase."""
        toks = sentence.toks
        s, e = toks[lo].start, toks[hi - 1].end
        named = entity_named(sentence.entities, s, e, self.text)
        if named is not None:
            return self._remember(named)
        if plausible([t.text for t in toks[lo:hi] if t.kind == "word"]):
            return self._keep(Mention(self.text[s:e], s, e))
        return None

    def _subject_main(self, sentence: _Sentence, lo: int, hi: int) -> Mention | None:
        """The subject of the clause in tokens [lo, hi); people in an appositive after it are preferred
        ("The top donors, Sheldon Adelson and his wife, Miriam, have …")."""
        toks = sentence.toks
        np = clause_subject(toks, lo, hi, VERB_WORDS)
        if np is None or (np[1] - np[0] == 1 and toks[np[0]].lower in PRONOUNS):
            return None
        apposed = appositive_end(toks, np[1], hi, VERB_WORDS)
        if apposed is not None:
            a, b = toks[np[1]].start, toks[apposed].start
            person = next((e for e in sentence.entities if e.kind == "person" and a <= e.start < b), None)
            if person is not None:
                return self._remember(person)
        return self._subject_phrase(sentence, *np)

    def _subject_share(self, sentence: _Sentence, ents: list[Entity], q_last: int) -> Mention | None:
        """A share's actor ("46 percent would choose Clinton") or the whole it is part of ("75% of U.S. shipping")."""
        toks = sentence.toks
        after = q_last + 1
        whole = None
        if after < len(toks) and toks[after].lower == "of":
            whole = clause_subject(toks, after + 1, len(toks), VERB_WORDS, numbers=False)
        elif after < len(toks) and toks[after].kind == "word" and toks[after].text[:1].islower() \
                and toks[q_last - 1].lower == "of" and not is_verb(toks, after, VERB_WORDS):
            whole = clause_subject(toks, after, len(toks), VERB_WORDS)  # "eight of 10 voters say"
        stop = next((x for x in range(after, len(toks)) if toks[x].text in (",", ";", ".")), len(toks))
        if whole is not None:
            people = [e for e in ents if e.kind == "person" and toks[whole[1] - 1].end <= e.start < toks[stop - 1].end]
            if people:
                return self._remember(people[0])
            return self._subject_phrase(sentence, *whole)
        target = share_target(toks, after - 1, stop, ents)
        return self._remember(target) if target is not None else None

    def _subject_respective(self, sentence: _Sentence, ents: list[Entity], q: Found, q_last: int) -> Entity | None:
        """"Tom Steyer and S. Donald Sussman … contributing $38million and $23 million, respectively": in order."""
        toks = sentence.toks
        if self.text.find("respectively", q.end, sentence.segment.end) < 0:
            return None
        at = next((k for k in range(q_last + 1, len(toks)) if toks[k].lower == "respectively"), None)
        if at is None:
            return None
        group = [x.start for x in sentence.quantities if x.unit == q.unit and x.start < toks[at].start]
        people = [e for e in ents if e.kind == "person" and e.end <= group[0]]
        return people[group.index(q.start)] if len(group) > 1 and len(people) == len(group) else None

    def _subject_rival(self, sentence: _Sentence, ents: list[Entity], q: Found, p_first: int, p_last: int,
                       p_found: Mention | None) -> Entity | None:
        """In "She leads Trump by 49 percent to 47 percent" the second share is the rival's."""
        toks = sentence.toks
        if q.unit not in ("percent", "percentage points", "points") or \
                not any(t.lower == "to" for t in toks[p_last + 1:_token_at(toks, q.start)]):
            return None
        lo = toks[max(0, p_first - 8)].start
        return next((e for e in ents if e.kind == "person" and lo <= e.start < toks[p_first].start
                     and (p_found is None or e.name != p_found.name)), None)

    def _subject_pronoun(self, sentence: _Sentence, pronoun: str, at: int, start: int, floor: int,
                         owner: Attribution | None, ents: list[Entity], q: Found) -> Mention | None:
        """A pronoun subject: the speaker of "X announced it had …", else the main clause's subject
        ("the State Department described … when they offered"), else the last person or subject."""
        toks = sentence.toks
        person = pronoun in ("he", "she")

        def agrees(kind: str) -> bool:
            return pronoun in ("we", "i") or (kind == "person") == person

        if owner is not None and owner.chain and at == floor and agrees(owner.chain[0].kind) \
                and owner.chain[0].kind in SUBJECT_KINDS:
            src = owner.chain[0]
            return self._keep(Mention(src.name, src.start, src.end))
        for lo in sorted({floor, 0}, reverse=True):
            if start - 1 <= lo:
                continue
            np = clause_subject(toks, lo, start - 1, VERB_WORDS)
            if np is None or (np[1] - np[0] == 1 and toks[np[0]].lower in PRONOUNS):
                continue
            s, e = toks[np[0]].start, toks[np[1] - 1].end
            named = entity_named(sentence.entities, s, e, self.text)
            if named is not None and agrees(named.kind):
                return self._remember(named)
            if named is None and not person and plausible([t.text for t in toks[np[0]:np[1]] if t.kind == "word"]):
                return self._keep(Mention(self.text[s:e], s, e))
        np_start = toks[at].start
        if person:
            named_person = next((x for x in reversed(sentence.entities) if x.kind == "person" and x.end <= np_start), None)
            if named_person is not None:
                return self._remember(named_person)
            return getattr(self, "_person_subject", None)  # the last person a claim was about, never an event
        # "it increased its British growth forecast by 0.1 points": the actor in the object
        in_object = next((x for x in ents if toks[at].end <= x.start < q.start), None)
        return self._remember(in_object) if in_object is not None else self.last_subject

    def _subject_event(self, sentence: _Sentence, ents: list[Entity], start: int, q_first: int) -> Mention | None:
        """A casualty count's subject: the place of "where ten people died", the event the sentence names
        ("killed in the attack"), else the event the headline reports."""
        toks = sentence.toks
        if q_first > 0 and toks[q_first - 1].lower == "where":
            place = next((e for e in reversed(ents) if e.end <= toks[q_first - 1].start), None)
            if place is not None:
                return self._remember(place)
        event = event_phrase(toks, 0, len(toks))
        if event is not None:
            s, e = toks[event[0]].start, toks[event[1] - 1].end
            return Mention(self.text[s:e], s, e)
        headline: tuple[int, Mention | None] | None = getattr(self, "_headline_event", None)
        if headline is None:
            line_end = self.text.find("\n")
            line_end = len(self.text) if line_end < 0 else line_end
            head = tokenize(self.text, 0, line_end)
            found = headline_event(head, VERB_WORDS) if head else None
            mention = None
            if found is not None:
                s, e = head[found[0]].start, head[found[1] - 1].end
                mention = Mention(self.text[s:e], s, e)
            headline = (0, mention)
            self._headline_event = headline
        return headline[1]

    def _keep(self, mention: Mention) -> Mention:
        self.last_subject = mention
        return mention

    def _remember(self, e: Entity) -> Mention:
        mention = Mention(e.name, e.start, e.end)
        self.last_subject = mention
        if e.kind == "person":
            self._person_subject = mention  # for a later "he" or "she"
        return mention


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


def _token_at(toks: list[Tok], offset: int) -> int:
    for k, t in enumerate(toks):
        if t.end > offset:
            return k
    return len(toks)


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
