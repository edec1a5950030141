"""The subject of each quantified claim, read off the clause that holds its number.

Kept per document: the last subject (carried over to a number phrase that names none), the
subject of a list's introduction ("… includes:") for its bullets, and the last person a claim
was about (for a later "he" or "she"). The rules themselves are functions in ``subjects``.
"""

from __future__ import annotations

import re

from claimgraph.core.attribution import VERB_FORMS, Attribution
from claimgraph.core.entities import Entity
from claimgraph.core.modality import clause_start
from claimgraph.core.quantities import Found
from claimgraph.core.sentence import Sentence, token_at
from claimgraph.core.subjects import (
    CASUALTY,
    EVENT_NOUNS,
    PRONOUNS,
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
    as_pronoun,
    predicate_after,
    share_target,
    skip_opener,
    subject_of,
    tagged_verb,
)
from claimgraph.core import syntax
from claimgraph.core.sources import KIND
from claimgraph.core.tokens import Tok, Words, name_before_possessive
from claimgraph.models import Mention

PREPOSITIONS = frozenset({"to", "with", "from", "in", "of", "for", "against", "by", "on", "at", "into", "toward", "towards",
                          "between", "among", "across", "than", "via", "about", "over"})
VERB_WORDS = frozenset(VERB_FORMS)
# Verbs by which "we" or "they" undergo what is counted ("we've had 400 earthquakes", "they saw 30 storms"):
# the claim is about the counted thing, not about the speakers.
EXPERIENCE_VERBS = frozenset({"had", "'ve", "have", "has", "saw", "seen", "experienced", "suffered", "endured",
                              "recorded", "registered", "counted", "felt"})
# Nouns that stand for whatever event the text is about ("That event destroyed 300 homes").
GENERIC_EVENTS = frozenset({"event", "events", "incident", "incidents", "disaster", "tragedy", "catastrophe"})
SUBJECT_KINDS = frozenset({"country", "person", "organization", "government", "region", "outlet"})


def _copula_between(toks: list[Tok], pronoun: int, number: int, existential: bool = False) -> bool:
    """"It’s a …", "It is about …", "it was a …" (with ``existential``: "there were …", "there are now"): the
    dummy pronoun's copula, nothing else, before the number."""
    words = [t.lower.replace("’", "'") for t in toks[pronoun:number] if t.kind == "word"]
    if not words:
        return False
    copulas = ("is", "was", "are", "were", "have", "has") if existential else ("is", "was")
    copula = words[0].endswith("'s") or (len(words) > 1 and words[1] in copulas)
    return copula and len(words) <= 4


class SubjectFinder:
    """Finds and remembers the subjects of one document's quantified claims."""

    def __init__(self, text: str, words: Words | None = None) -> None:
        self.text = text
        self.words = words if words is not None else Words.of_text(text)  # the document's tokens
        self.last_subject: Mention | None = None
        self.list_subject: Mention | None = None  # the subject of "… includes:" for the bullets below it
        self._person_subject: Mention | None = None  # the last person a claim was about
        self._memo: tuple[int, list[tuple[int, int, Mention | None, bool]]] | None = None
        self._headline_event: tuple[int, Mention | None] | None = None
        self._by_rule: tuple[tuple[int, int], syntax.Phrase | None] | None = None  # the last number's rule subject
        self.last_event: Mention | None = None  # the last event named ("a 6.4 quake"), for a later "that event"
        self.people: list[Entity] = []  # the document's people in text order (given by the claim builder)

    def start_sentence(self, sentence: Sentence) -> None:
        """A list's introduction ("The new package includes:") gives its bullets their subject."""
        seg = sentence.segment
        if seg.kind == "bullet":
            return
        self.list_subject = None
        if self.text[seg.start:seg.end].rstrip().endswith(":"):
            np = clause_subject(sentence.toks, 0, len(sentence.toks), VERB_WORDS, numbers=True)
            if np is not None:
                s, e = sentence.toks[np[0]].start, sentence.toks[np[1] - 1].end
                named = entity_named(sentence.entities, s, e, self.text)
                self.list_subject = Mention(named.name if named else self.text[s:e], s, e,
                                            KIND[named.kind] if named else None)

    def find(self, sentence: Sentence, q: Found, idx: int, floor: int,
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
        found = self._event(sentence, q, found)
        memo.append((q_first, q_last, found, counted))
        return found

    def _event(self, sentence: Sentence, q: Found, found: Mention | None) -> Mention | None:
        """Events as subjects: a number that measures an event is about it ("a magnitude 5.2 earthquake",
        "a 6.4 quake"), and a generic "the event" or "that incident" is the last event the text named."""
        toks = sentence.toks
        measured = next((t for t in toks if q.number_end <= t.start < q.end + 1 and t.lower in EVENT_NOUNS), None)
        if measured is not None:
            self.last_event = Mention(self.text[measured.start:measured.end], measured.start, measured.end)
            return self._keep(self.last_event)
        if found is not None and found.name.lower().split()[-1] in GENERIC_EVENTS and self.last_event is not None:
            return self._keep(self.last_event)
        if found is not None and found.name.lower().split()[-1] in EVENT_NOUNS:
            self.last_event = found
        return found

    def _subject_memo(self, sentence: Sentence) -> list[tuple[int, int, Mention | None, bool]]:
        """The number phrases already read in this sentence, with their subjects."""
        key = sentence.segment.start
        memo = self._memo
        if memo is None or memo[0] != key:
            memo = (key, [])
            self._memo = memo
        return memo[1]

    def _subject_found(self, sentence: Sentence, q: Found, at: tuple[int, int, int], floor: int,
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
        possessor = self._possessor_before(toks, q_first)
        if possessor is not None:  # a name no list knows, glued the same way: "HDT's 38.8 million euro loan"
            return self._keep(possessor), False
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
        if sentence.parse is not None:
            by_rule = self._rule_subject(sentence, q.number_start)
            if by_rule is not None and by_rule.antecedent:
                named = entity_named(sentence.entities, by_rule.start, by_rule.end, self.text)
                if named is not None:
                    return self._remember(named), False
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
            apposed = self._participle_after_name(sentence, q_first, floor)
            if apposed is not None:
                return self._remember(apposed), False
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
            if sentence.parse is not None and not self._names_something(sentence, np):
                np = self._parsed_subject(sentence, idx, source_spans) or np  # the window found no name
            if np is not None:
                np_start, np_end = toks[np[0]].start, toks[np[1] - 1].end
                said = as_pronoun(toks[np[0]].text)
                if np[1] - np[0] == 1 and toks[np[0]].lower.replace("’", "'") in ("there", "there's") \
                        and counted is not None and _copula_between(toks, np[0], q_first, existential=True):
                    return self._keep(Mention(*counted)), True  # "there were 10 passengers": about the passengers
                if np[1] - np[0] == 1 and said == "it" and _copula_between(toks, np[0], q_first):
                    thing = self._thing_after(sentence, q_last)  # "It’s a $700 million package": the package
                    if thing is not None:
                        return self._keep(thing), False
                if np[1] - np[0] == 1 and said is not None:
                    return self._subject_pronoun(sentence, said, np[0], start, floor, owner, ents, q), False
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
        own = self._own_clause_subject(sentence, q, source_spans)
        if clause_actor is not None and (own is None or own.kind is not None or own.start <= clause_actor.start):
            return self._remember(clause_actor), False
        if own is not None:  # the clause has a subject of its own: never carry the last one over it
            return self._keep(own), False
        return self.last_subject, False

    def _rule_subject(self, sentence: Sentence, at: int) -> syntax.Phrase | None:
        """The dependency rules' subject for the number at character ``at`` of a parsed sentence, read once
        for the several rules that consult it."""
        assert sentence.parse is not None
        key = (sentence.segment.start, at)
        if self._by_rule is None or self._by_rule[0] != key:
            self._by_rule = (key, syntax.subject_of_number(sentence.parse, at))
        return self._by_rule[1]

    def _possessor_before(self, toks: list[Tok], q_first: int) -> Mention | None:
        """The capitalised name whose possessive ends right before the number phrase ("HDT's 38.8 million")."""
        k = q_first - 1
        a = name_before_possessive(toks, k)
        if a is None or a == 0 and k == 0 or as_pronoun(toks[a].text) is not None:
            return None  # a lone capitalised word opening the sentence may be any word
        return Mention(self.text[toks[a].start:toks[k].end - 2], toks[a].start, toks[k].end - 2)

    def _own_clause_subject(self, sentence: Sentence, q: Found, source_spans: list[tuple[int, int]]) -> Mention | None:
        """The parse's subject of the number's clause, a common noun phrase included ("the involved airplane was
        one of 18 B-17s"), when it is no speaker of the sentence and makes a noun phrase."""
        if sentence.parse is None:
            return None
        found = self._rule_subject(sentence, q.number_start)
        if found is None or any(s <= found.start < e for s, e in source_spans):
            return None
        words = self.text[found.start:found.end].split()
        if not plausible(words) or as_pronoun(words[0]) is not None:
            return None
        named = entity_named(sentence.entities, found.start, found.end, self.text)
        if named is not None:
            return Mention(named.name, named.start, named.end, KIND[named.kind])
        text = re.sub(r"^(?:the|a|an)\s+", "", self.text[found.start:found.end], flags=re.IGNORECASE)
        return Mention(text, found.end - len(text), found.end)

    def _participle_after_name(self, sentence: Sentence, q_first: int, floor: int) -> Entity | None:
        """"… from 2017's Hurricane Maria, estimated to have done about $90 billion in damage": a clause of a
        past participle after a comma describes the name right before the comma, and the number with it."""
        toks = sentence.toks
        for k in range(q_first - 1, floor, -1):
            t = toks[k]
            if t.text in (",", ";", ":", "(", ")") or t.lower in RELATIVES:
                return None
            if t.kind == "word" and t.text[:1].islower() and t.lower.endswith("ed") and k >= 2 \
                    and toks[k - 1].text == "," and not is_verb(toks, k - 2, VERB_WORDS):
                before = toks[k - 2].end
                return next((e for e in sentence.entities if e.end == before and e.kind in SUBJECT_KINDS), None)
        return None

    def _thing_after(self, sentence: Sentence, q_last: int) -> Mention | None:
        """The noun phrase a number phrase modifies ("$700 million [aid package]"), up to three words."""
        toks = sentence.toks
        k = q_last + 1
        while k < len(toks) and k - q_last <= 3 and toks[k].kind == "word" and toks[k].text[:1].islower() \
                and toks[k].lower not in PREPOSITIONS and not is_verb(toks, k, VERB_WORDS):
            k += 1
        if k == q_last + 1:
            return None
        s, e = toks[q_last + 1].start, toks[k - 1].end
        return Mention(self.text[s:e], s, e)

    def _names_something(self, sentence: Sentence, np: tuple[int, int] | None) -> bool:
        """Do the window rules' subject tokens name an actor or make a plausible noun phrase?"""
        if np is None:
            return False
        toks = sentence.toks
        s, e = toks[np[0]].start, toks[np[1] - 1].end
        return entity_named(sentence.entities, s, e, self.text) is not None or (
            plausible([t.text for t in toks[np[0]:np[1]] if t.kind == "word"]) and not any(
                t.tag and tagged_verb(toks, k) for k, t in enumerate(toks[np[0]:np[1]], np[0])))

    def _parsed_subject(self, sentence: Sentence, idx: int,
                        source_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The clause subject the parse gives for the number at token ``idx``, as a range of the rules' tokens,
        when it names an actor (an entity, a proper name or a personal pronoun); None for a speaker of the
        sentence or a common noun ("This support will help … investigate 120,000 cases": the cases' count is
        better read by the rules after it)."""
        assert sentence.parse is not None
        found = self._rule_subject(sentence, sentence.toks[idx].start)
        span = (found.start, found.end) if found is not None else None
        if span is None or any(s <= span[0] < e for s, e in source_spans):
            return None
        covered = [k for k, t in enumerate(sentence.toks) if span[0] <= t.start and t.end <= span[1]]
        if not covered:
            return None
        first, last = sentence.toks[covered[0]], sentence.toks[covered[-1]]
        if len(covered) == 1 and first.tag.startswith("PRP"):
            return (covered[0], covered[0] + 1) if first.lower in PRONOUNS else None
        named = entity_named(sentence.entities, first.start, last.end, self.text) is not None
        return (covered[0], covered[-1] + 1) if named or last.tag.startswith("NNP") else None

    def _subject_phrase(self, sentence: Sentence, lo: int, hi: int) -> Mention | None:
        """Tokens [lo, hi) as a subject: the entity they name, else the words when they make a noun phrase."""
        toks = sentence.toks
        s, e = toks[lo].start, toks[hi - 1].end
        named = entity_named(sentence.entities, s, e, self.text)
        if named is not None:
            return self._remember(named)
        if plausible([t.text for t in toks[lo:hi] if t.kind == "word"]):
            return self._keep(Mention(self.text[s:e], s, e))
        return None

    def _subject_main(self, sentence: Sentence, lo: int, hi: int) -> Mention | None:
        """The subject of the clause in tokens [lo, hi); people in an appositive after it are preferred
        ("The top donors, Sheldon Adelson and his wife, Miriam, have …")."""
        toks = sentence.toks
        np = clause_subject(toks, lo, hi, VERB_WORDS)
        if np is None or (np[1] - np[0] == 1 and as_pronoun(toks[np[0]].text)):
            return None
        apposed = appositive_end(toks, np[1], hi, VERB_WORDS)
        if apposed is not None:
            a, b = toks[np[1]].start, toks[apposed].start
            person = next((e for e in sentence.entities if e.kind == "person" and a <= e.start < b), None)
            if person is not None:
                return self._remember(person)
        return self._subject_phrase(sentence, *np)

    def _subject_share(self, sentence: Sentence, ents: list[Entity], q_last: int) -> Mention | None:
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

    def _subject_respective(self, sentence: Sentence, ents: list[Entity], q: Found, q_last: int) -> Entity | None:
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

    def _subject_rival(self, sentence: Sentence, ents: list[Entity], q: Found, p_first: int, p_last: int,
                       p_found: Mention | None) -> Entity | None:
        """In "She leads Trump by 49 percent to 47 percent" the second share is the rival's."""
        toks = sentence.toks
        if q.unit not in ("percent", "percentage points", "points") or \
                not any(t.lower == "to" for t in toks[p_last + 1:token_at(toks, q.start)]):
            return None
        lo = toks[max(0, p_first - 8)].start
        return next((e for e in ents if e.kind == "person" and lo <= e.start < toks[p_first].start
                     and (p_found is None or e.name != p_found.name)), None)

    def _subject_pronoun(self, sentence: Sentence, pronoun: str, at: int, start: int, floor: int,
                         owner: Attribution | None, ents: list[Entity], q: Found) -> Mention | None:
        """A pronoun subject: the speaker of "X announced it had …", else the main clause's subject
        ("the State Department described … when they offered"), else the last person or subject."""
        toks = sentence.toks
        person = pronoun in ("he", "she")
        counted = subject_of(q)
        if pronoun in ("we", "they") and counted is not None and any(
                toks[k].lower.replace("’", "'") in EXPERIENCE_VERBS for k in range(at + 1, token_at(toks, q.start))):
            return self._keep(Mention(*counted))  # "we've had hundreds of small earthquakes": about the earthquakes

        def agrees(kind: str) -> bool:
            return pronoun in ("we", "i") or (kind == "person") == person

        if owner is not None and owner.chain and at == floor and agrees(owner.chain[0].kind) \
                and owner.chain[0].kind in SUBJECT_KINDS:
            src = owner.chain[0]
            return self._keep(Mention(src.name, src.start, src.end, src.kind))
        for lo in sorted({floor, 0}, reverse=True):
            if start - 1 <= lo:
                continue
            np = clause_subject(toks, lo, start - 1, VERB_WORDS)
            if np is None or (np[1] - np[0] == 1 and as_pronoun(toks[np[0]].text)):
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
            if self._person_subject is not None:
                return self._person_subject  # the last person a claim was about, never an event
            before = [p for p in self.people if p.end <= np_start]  # else the last person named before it
            return Mention(before[-1].name, before[-1].start, before[-1].end, "person") if before else None
        # "it increased its British growth forecast by 0.1 points": the actor in the object
        in_object = next((x for x in ents if toks[at].end <= x.start < q.start), None)
        return self._remember(in_object) if in_object is not None else self.last_subject

    def _subject_event(self, sentence: Sentence, ents: list[Entity], start: int, q_first: int) -> Mention | None:
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
        headline = self._headline_event
        if headline is None:
            line_end = self.text.find("\n")
            line_end = len(self.text) if line_end < 0 else line_end
            head = self.words.between(0, line_end)
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
        mention = Mention(e.name, e.start, e.end, KIND[e.kind])
        self.last_subject = mention
        if e.kind == "person":
            self._person_subject = mention  # for a later "he" or "she"
        return mention
