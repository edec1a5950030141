"""Attribution: who says what, through whom.

Per sentence, cues are found ("according to X", "X said that …", "… , said X", "X expressed
concern", "citing X", headline "Outlet: …"), each with its source noun phrase, the content it
governs and the chain of relays (innermost first). Across sentences, pronouns find their
speaker, quotations that run over several sentences keep theirs, and a relay stated later
("According to portal P, citing B, this scenario …") extends the chains it refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimgraph.core.entities import Entity, Gazetteer
from claimgraph.core.lexicon import load
from claimgraph.core.sources import (
    KIND,
    NP_INNER,
    NP_STOP,
    SKIP_BEFORE_VERB,
    VERB_FORMS,
    Context,
    PhraseReader,
    SourceRef,
)
from claimgraph.core.tokens import Tok, name_before_possessive

_LEX = load("cues.json")
PHRASAL_FORMS: dict[str, str] = {form: lemma for lemma, forms in _LEX["verbs"].items() for form in forms if " " in form}
PHRASAL_FIRST = frozenset(form.split()[0] for form in PHRASAL_FORMS)
CUE_MODALITY: dict[str, str] = _LEX["modality"]
CONTENT_REQUIRED = frozenset(_LEX["content_required"])
DOCUMENT_VERBS = frozenset(_LEX["document_verbs"])
NOUN_CUES = sorted(_LEX["noun_cues"], key=len, reverse=True)
NOUN_CUE_FIRST = frozenset(cue.split()[0] for cue in NOUN_CUES)
GENRE_LABELS = frozenset(_LEX["genre_labels"])  # "FACT SHEET: …" names a kind of text, not a source
DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such", "the"})
TIME_WORDS = frozenset({"on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                        "yesterday", "tonight", "last", "this", "earlier", "later", "in", "at", "during", "after", "before"})
SPEECH = frozenset({"say", "tell", "add", "claim", "insist", "argue", "explain", "write", "tweet", "announce", "warn",
                    "characterize", "describe", "report",
                    "state", "note", "confirm", "deny", "acknowledge", "admit", "declare", "reply", "respond", "testify"})
INVERTING = frozenset({"say", "add", "ask", "write", "explain", "tell", "note", "state", "continue", "report", "warn",
                       "insist", "argue", "recall", "reply", "respond", "declare"})


@dataclass(slots=True)
class Attribution:
    """One attributed statement in a sentence: its chain (innermost first), cue and content span."""

    chain: list[SourceRef]
    cue: tuple[str, int, int] | None
    content_start: int
    content_end: int
    modality: str | None = None
    relay_only: bool = False   # "According to P, citing B, this …": a relay of an earlier claim
    speaker: tuple[int, int] | None = None  # where the cue's own subject stands (never the claim's subject)


class SentenceAttributor(PhraseReader):
    """Reads the attributions of one sentence."""

    def __init__(self, text: str, toks: list[Tok], entities: list[Entity], gaz: Gazetteer, ctx: Context,
                 start: int, end: int, headline: bool) -> None:
        super().__init__(text, toks, entities, gaz, ctx, start, end)
        self.headline = headline

    # -- cues -------------------------------------------------------------------------------
    def find(self) -> list[Attribution]:
        found: list[Attribution] = []
        self._headline(found)
        self._according(found)
        self._verbs(found)
        self._noun_cues(found)
        return found

    def _content_after(self, k: int) -> tuple[int, int]:
        """Content from token k to the sentence end, skipping "that", ":" and commas."""
        while k < len(self.toks) and (self.lowers[k] in ("that", ":", ",") or self.toks[k].kind == "sym"
                                      and self.toks[k].text in "“\"'‘"):
            k += 1
        start = self.toks[k].start if k < len(self.toks) else self.end
        return start, self.end

    def _content_before(self, k: int) -> tuple[int, int]:
        """Content from the sentence start to token k (exclusive), without trailing punctuation."""
        while k > 0 and self.toks[k - 1].kind == "sym":
            k -= 1
        return self.start, (self.toks[k - 1].end if k > 0 else self.start)

    def _headline(self, found: list[Attribution]) -> None:
        if not self.headline:
            return
        m = re.match(r"\s*([A-Z][\w&.’'/ -]{1,40}?):\s+\S", self.text[self.start:self.end])
        if not m or len(m.group(1).split()) > 4 or m.group(1).lower() in GENRE_LABELS:
            return  # "FACT SHEET: …", "BREAKING: …" name the kind of text, not who says it
        s, e = self.start + m.start(1), self.start + m.end(1)
        known = self.gaz.lookup(m.group(1).title() if m.group(1).isupper() else m.group(1))
        if known and known[1] in ("country", "region"):
            return  # a dateline or a topic label ("LONDON: …", "Ukraine: Russia fires 40 missiles"), not a speaker
        if known:
            src = SourceRef(known[0], m.group(1), KIND[known[1]], s, e)
        elif m.group(1).lower() in self.gaz.document_nouns:
            src = SourceRef(m.group(1), m.group(1), "document", s, e)
        elif m.group(1).isupper() and len(m.group(1)) > 3:
            src = SourceRef(m.group(1).title(), m.group(1), "person", s, e)  # a transcript turn: "WALLACE: …"
        else:
            src = SourceRef(m.group(1), m.group(1), "organization", s, e)
        found.append(Attribution([src], (":", e, e + 1), self.start + m.end() - 1, self.end))

    def _relays(self, lo: int, hi: int) -> tuple[list[SourceRef], list[SourceRef]]:
        """Others named in tokens [lo, hi): the cited ("citing X": X said it first, so it goes before the
        speaker in the chain) and the relays ("in an interview with X", "told X": X passed it on)."""
        cited: list[SourceRef] = []
        relays: list[SourceRef] = []
        for k in range(lo, hi):
            low = self.lowers[k]
            target = None
            if low == "citing":
                target = k + 1
            elif low == "interview" and k + 1 < hi and self.lowers[k + 1] in ("with", "to"):
                target = k + 2
            elif low in ("told", "telling") and k + 1 < len(self.toks):
                span = self.np_after(k + 1)
                if span:
                    ref = self.source(*span)
                    if ref and ref.kind == "outlet" and ref.name != self.ctx.outlet:
                        relays.append(ref)
                continue
            if target is not None and target < len(self.toks):
                span = self.np_after(target)
                if span:
                    ref = self.source(*span)
                    if ref and ref.name != self.ctx.outlet:
                        (cited if low == "citing" else relays).append(ref)
        return cited, relays

    def _according(self, found: list[Attribution]) -> None:
        for k, low in enumerate(self.lowers):
            if low != "according" or k + 1 >= len(self.toks) or self.lowers[k + 1] != "to":
                continue
            span = self.np_after(k + 2)
            if not span:
                continue
            ref = self.source(*span)
            if ref is None:
                continue
            cue = (self.text[self.toks[k].start:self.toks[k + 1].end], self.toks[k].start, self.toks[k + 1].end)
            named = self._apposed_person(span, span[1])
            if named is not None:  # "According to the town's first selectman, Chris Kervick, …": the person
                ref, span = named
            # "According to P, citing B, this …": B relayed by P
            after = span[1]
            while after < len(self.toks) and self.toks[after].kind == "sym":
                after += 1
            relay_end = after
            if after < len(self.toks) and self.lowers[after] == "citing":
                cited = self.np_after(after + 1)
                if cited:
                    inner = self.source(*cited)
                    if inner:
                        relay_end = cited[1]
                        first_content = relay_end
                        while first_content < len(self.toks) and self.toks[first_content].kind == "sym":
                            first_content += 1
                        chain = [inner, ref]
                        demonstrative = first_content < len(self.toks) and self.lowers[first_content] in DEMONSTRATIVES
                        content = self._content_after(first_content)
                        found.append(Attribution(chain, cue, *content, relay_only=demonstrative))
                        continue
            if k <= 1 or self.toks[k - 1].text != ",":
                content = self._content_after(relay_end)
            else:
                content = self._content_before(k)
            found.append(Attribution([ref], cue, *content))

    def _apposed_person(self, role: tuple[int, int], end: int) -> tuple[SourceRef, tuple[int, int]] | None:
        """A person's name set off by commas right after a role ("the company's spokesman, John Smith,"): the
        name and its token span, when the phrase before it ends in a role noun."""
        head = next((t.lower for t in reversed(self.toks[role[0]:role[1]]) if t.kind == "word"), "")
        if head not in self.gaz.person_roles or end >= len(self.toks) or self.toks[end].text != ",":
            return None
        span = self.np_after(end + 1)
        if span is None or span[1] >= len(self.toks) or self.toks[span[1]].text != ",":
            return None
        person = self.source(*span)
        named = person is not None and person.kind == "person" and person.mention[:1].isupper()
        return (person, span) if person is not None and named else None

    def _possessor(self, k: int) -> SourceRef | None:
        """The named owner of the noun at token k ("the IMF's estimate", "Moody’s forecast"), if a name owns it."""
        a = name_before_possessive(self.toks, k - 1)
        if a is None:
            return None
        ref = self.source(a, k)
        return ref if ref is not None and ref.kind in ("person", "organization", "government", "outlet") else None

    def _verbs(self, found: list[Attribution]) -> None:
        previous: Attribution | None = None
        others: tuple[list[SourceRef], list[SourceRef]] | None = None
        for k, low in enumerate(self.lowers):
            lemma = VERB_FORMS.get(low)
            two = f"{low} {self.lowers[k + 1]}" if low in PHRASAL_FIRST and k + 1 < len(self.toks) else ""
            if two in PHRASAL_FORMS:
                lemma = PHRASAL_FORMS[two]
            if lemma is None or self.toks[k].kind != "word":
                continue
            if k > 0 and self.toks[k].text[:1].isupper() and (not self.headline or any(
                    e.start <= self.toks[k].start < e.end for e in self.entities)):
                continue  # "United States" is not a verb
            if self.toks[k].tag == "NN" and not two:  # (a plural noun tag is often a verb mistagged: "reports shows")
                owner = self._possessor(k)  # the parse's singular noun: "the IMF's estimate" is the IMF's claim
                if owner is not None:
                    noun_cue = (self.toks[k].text, self.toks[k].start, self.toks[k].end)
                    found.append(Attribution([owner], noun_cue, self.start, self.end, CUE_MODALITY.get(lemma)))
                continue
            prev = self.lowers[k - 1] if k else ""
            nxt = self.lowers[k + 1] if k + 1 < len(self.toks) else ""
            if prev in ("to", "a", "an", "the", "no", "will", "would", "could", "may", "might", "should", "shall",
                        "must") or (lemma == "agree" and nxt == "to"):
                continue  # infinitives, adjectives, "agreed to" (a decision, not a statement)
            passive = prev in ("was", "were", "is", "are", "be", "been", "being") and not low.endswith("ing")
            if passive and nxt != "by":
                continue  # "is expected to": a hedge, not a cue with a source
            if low.endswith("ing") and prev not in ("is", "are", "was", "were", "been", ","):
                np_ing = self.np_before(k)
                if not (np_ing and np_ing[0] > 0 and self.lowers[np_ing[0] - 1] == "with"):
                    continue  # "with local media reporting …" is a cue, "a briefing" is not
            back = k - 1
            while back >= 0 and self.lowers[back] in SKIP_BEFORE_VERB and self.lowers[back] not in ("not", "never"):
                back -= 1
            if back >= 0 and self.lowers[back] in ("not", "never", "n't"):
                continue  # "officials have not commented": explicitly not speaking
            cue_end = k + (2 if two in PHRASAL_FORMS else 1)
            cue = (self.text[self.toks[k].start:self.toks[cue_end - 1].end], self.toks[k].start, self.toks[cue_end - 1].end)
            ref, content = self._verb_source(k, cue_end, lemma, prev, nxt, previous)
            if ref is None or content is None:
                continue
            if lemma in ("find", "show", "indicate", "reveal", "list", "record") and \
                    ref.kind not in ("document", "organization", "outlet", "government"):
                continue  # "Photographs showed …" is evidence, not a claimant
            if lemma in ("call", "blast", "slam", "want", "continue") and ref.kind not in ("person", "government",
                                                                                  "organization"):
                continue  # "a group called Future45": naming, not saying
            if content[1] - content[0] < 3 and lemma in CONTENT_REQUIRED:
                continue
            if others is None:
                others = self._relays(0, len(self.toks))
            cited, relays = others
            chain = [r for r in cited if r.name != ref.name] + [ref] + [r for r in relays if r.name != ref.name]
            attribution = Attribution(chain, cue, content[0], content[1], CUE_MODALITY.get(lemma))
            found.append(attribution)
            previous = attribution

    def _verb_source(self, k: int, cue_end: int, lemma: str, prev: str, nxt: str,
                     previous: Attribution | None) -> tuple[SourceRef | None, tuple[int, int] | None]:
        """The source of the cue at token k and the span of what it says."""
        if nxt == "by":  # "reported by local press as …": the sentence is what they reported
            after = self.np_after(k + 2)
            ref = self.source(*after) if after else None
            return ref, (self.start, self.end)
        if prev in ("who", "which") and k >= 2:
            np = self.np_before(k - 2 if self.toks[k - 2].text == "," else k - 1)  # "police, who said …", "voters who said"
            ref = self.source(*np) if np else None
            return ref, self._content_after(cue_end)
        np = self.np_before(k)
        if np is None and k >= 2 and self.toks[k - 1].text == ",":
            opening = next((x for x in range(k - 2, max(-1, k - 30), -1) if self.toks[x].text == ","), None)
            apposed = self.toks[opening + 1] if opening is not None and opening + 1 < k else None
            if apposed is not None and (apposed.lower in NP_INNER
                                        or (apposed.lower in SKIP_BEFORE_VERB and apposed.lower not in ("a", "an"))
                                        or apposed.lower in ("with", "as", "while", "when", "after", "before")):
                opening = None  # ", with the death toll rising …," is a clause, not an appositive
            if opening is not None and opening > 0:
                name = self.np_before(opening)  # the name before an appositive or a relative clause
                if name is not None and apposed is not None and apposed.lower in ("who", "which") \
                        and name[0] > 0 and self.toks[name[0] - 1].text == ",":
                    name = None  # "X, 59, of Ashton, Md., who …, said": the relative's antecedent is further back
                if name is not None:
                    apposed_person = self._apposed_person(name, opening)  # "The chief executive, Jane Doe, said"
                    ref = apposed_person[0] if apposed_person is not None else self.source(*name)
                    if ref is not None and ref.kind in ("person", "organization", "government", "outlet", "document",
                                                        "anonymous", "group"):
                        if name[0] > 1 and self.toks[name[0] - 1].text in ("”", "\"") and self.toks[name[0] - 2].text == ",":
                            return ref, self._content_before(name[0] - 2)
                        return ref, self._content_after(cue_end)
        if np is not None and self.adverbial_gap(np[1], k):
            ref = self.source(*np)
            if ref is None and lemma in SPEECH and np[1] - np[0] == 2 and self.lowers[np[0]] == "the":
                ref = self.generic_source(*np)  # "The bank said …", "The archive characterizes …"
            if ref is not None:
                hearer = None
                if lemma == "tell" and k + 1 < len(self.toks):
                    hearer = self.np_after(cue_end)  # "told reporters that …": the content follows the hearer
                    if hearer and self.lowers[hearer[1]:hearer[1] + 1] in (["that"], [","], [":"]):
                        return ref, self._content_after(hearer[1])
                before = np[0] - 1
                while before > 0 and self.toks[before].text in ("”", "\"", "’", "'") and self.toks[before - 1].text in ("”", "\"", "’", "'"):
                    before -= 1  # '' as a closing quote (two apostrophes)
                if before > 0 and self.toks[before].text in ("”", "\"", "’", "'") and self.toks[before - 1].text in (",", "?", "!"):
                    return ref, self._content_before(before - 1)  # "“The world economy has moved sideways,” X said."
                comma_before = np[0] > 0 and self.toks[np[0] - 1].text == ","
                little_after = cue_end >= len(self.toks) - 1 or nxt in TIME_WORDS or self.toks[cue_end].kind == "sym" \
                    or (hearer is not None and self._nothing_after(hearer[1]))  # ", X told ThinkProgress on Monday."
                if comma_before and nxt not in ("that", ":") and (
                        _is_quote_end(self.toks, np[0] - 1) or (np[0] - 1 >= 5 and little_after)):
                    return ref, self._content_before(np[0] - 1)  # "…, the army said", "…, they said Sunday"
                after_content = self._content_after(cue_end)
                if after_content[1] - after_content[0] < 3 and np[0] > 2:
                    return ref, self._content_before(np[0])  # "… another source said."
                return ref, after_content
        if prev in ("and", "but", ",") and previous is not None:
            return previous.chain[0], self._content_after(cue_end)  # "… stressed that … and expressed hope that …"
        if prev in ("and", ",") and k > 3:
            first = 0
            while first < k and self.lowers[first] in ("the", "a", "an"):
                first += 1
            end = first
            while end < k and self.toks[end].kind == "word" and self.lowers[end] not in VERB_FORMS \
                    and self.lowers[end] not in NP_STOP and end - first < 6:
                end += 1
            head = self.lowers[end - 1] if end > first else ""
            if head in self.gaz.group_nouns | self.gaz.person_roles | {"leaders", "sides", "countries", "parties"} \
                    or any(e.start == self.toks[first].start and e.kind in ("person", "government", "organization")
                           for e in self.entities):
                ref = self.source(0 if first and self.lowers[0] == "the" else first, end)
                if ref is not None:  # "The two leaders agreed to …, and welcomed …"; "A judge rejected …, saying …"
                    return ref, self._content_after(cue_end)
        if (prev in (",", "”", "\"") or k == 0 or _is_quote_end(self.toks, k)) and lemma in INVERTING:
            after = self.np_after(cue_end)  # "“…,” said Bash."
            if after:
                ref = self.source(*after)
                if ref is not None and (ref.kind in ("person", "outlet", "organization", "government", "anonymous")):
                    return ref, self._content_before(k)
        return None, None

    def _nothing_after(self, k: int) -> bool:
        """Only a time phrase and punctuation from token k to the sentence's end ("… on Monday.")."""
        rest = [t for t in self.toks[k:] if t.kind != "sym"]
        return all(t.lower in TIME_WORDS or t.lower in ("on", "in", "at", "last", "this", "earlier", "later")
                   for t in rest)

    def _noun_cues(self, found: list[Attribution]) -> None:
        if NOUN_CUE_FIRST.isdisjoint(self.lowers):
            return
        sentence = self.text[self.start:self.end].lower()
        for phrase in NOUN_CUES:
            at = sentence.find(phrase)
            if at < 0:
                continue
            k = next((x for x, t in enumerate(self.toks) if t.start == self.start + at), None)
            if k is None:
                continue
            np = self.np_before(k)
            if not np:
                continue
            ref = self.source(*np)
            if ref is None:
                continue
            end_tok = k + len(phrase.split())
            content = self._content_after(end_tok)
            cue = (self.text[self.start + at:self.start + at + len(phrase)], self.start + at, self.start + at + len(phrase))
            found.append(Attribution([ref], cue, *content))


def _is_quote_end(toks: list[Tok], k: int) -> bool:
    return k > 0 and toks[k - 1].text in ("”", "\"", "’", "'")
