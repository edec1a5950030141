"""Attribution: who says what, through whom.

Per sentence, cues are found ("according to X", "X said that …", "… , said X", "X expressed
concern", "citing X", headline "Outlet: …"), each with its source noun phrase, the content it
governs and the chain of relays (innermost first). Across sentences, pronouns find their
speaker, quotations that run over several sentences keep theirs, and a relay stated later
("According to portal P, citing B, this scenario …") extends the chains it refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimgraph.core.entities import NOT_NAMES, Entity, Gazetteer
from claimgraph.core.lexicon import load
from claimgraph.core.quantities import Tok

_LEX = load("cues.json")
VERB_FORMS: dict[str, str] = {form: lemma for lemma, forms in _LEX["verbs"].items() for form in forms if " " not in form}
PHRASAL_FORMS: dict[str, str] = {form: lemma for lemma, forms in _LEX["verbs"].items() for form in forms if " " in form}
PHRASAL_FIRST = frozenset(form.split()[0] for form in PHRASAL_FORMS)
CUE_MODALITY: dict[str, str] = _LEX["modality"]
CONTENT_REQUIRED = frozenset(_LEX["content_required"])
DOCUMENT_VERBS = frozenset(_LEX["document_verbs"])
NOUN_CUES = sorted(_LEX["noun_cues"], key=len, reverse=True)
NOUN_CUE_FIRST = frozenset(cue.split()[0] for cue in NOUN_CUES)
SKIP_BEFORE_VERB = frozenset(_LEX["skip_before_verb"])
PRONOUNS: dict[str, str] = _LEX["pronouns"]
NP_STOP = frozenset(load("quantities.json")["unit_stop"]) - {"of", "the", "a", "an", "for", "with", "at", "from", "and", "new"}
NP_INNER = frozenset({"of", "for", "with", "at", "from", "and", "in", "on", "to"})
OUTLET_HEADS = frozenset({"portal", "newspaper", "agency", "channel", "outlet", "website", "site", "broadcaster", "tabloid",
                          "daily", "magazine", "media", "press", "tv", "television", "radio", "wire", "publication", "network"})
ANONYMOUS_HEADS = frozenset({"sources", "source", "insiders", "insider", "officials", "official", "people", "person",
                             "diplomats", "diplomat", "aides", "aide"})
DEMONSTRATIVES = frozenset({"this", "these", "that", "those", "such", "the"})
NP_DETERMINERS = frozenset({"another", "some", "many", "several", "other", "most", "all", "both", "two", "three",
                            "four", "few", "one", "no", "each", "these", "those", "this", "that", "his", "her", "their", "its"})
TIME_WORDS = frozenset({"on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                        "yesterday", "tonight", "last", "this", "earlier", "later", "in", "at", "during", "after", "before"})
SPEECH = frozenset({"say", "tell", "add", "claim", "insist", "argue", "explain", "write", "tweet", "announce", "warn",
                    "characterize", "describe", "report",
                    "state", "note", "confirm", "deny", "acknowledge", "admit", "declare", "reply", "respond", "testify"})
INVERTING = frozenset({"say", "add", "ask", "write", "explain", "tell", "note", "state", "continue", "report", "warn",
                       "insist", "argue", "recall", "reply", "respond", "declare"})
MAX_NP_TOKENS = 12  # longest source noun phrase we read ("sources familiar with the estimates of some G20 countries")


@dataclass(frozen=True, slots=True)
class SourceRef:
    name: str
    mention: str
    kind: str
    start: int
    end: int


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


@dataclass(slots=True)
class Context:
    """What earlier sentences tell later ones: the last speakers, groups, quotes and relay frames."""

    outlet: str | None = None
    last_person: SourceRef | None = None
    last_plural: SourceRef | None = None
    last_source: SourceRef | None = None
    quote_chain: list[SourceRef] | None = None
    organizations: dict[str, SourceRef] = field(default_factory=dict)  # head word → last named organisation
    last_outlet: SourceRef | None = None
    frames: dict[int, list[SourceRef]] = field(default_factory=dict)  # paragraph → relay chain


class SentenceAttributor:
    """Reads the attributions of one sentence."""

    def __init__(self, text: str, toks: list[Tok], entities: list[Entity], gaz: Gazetteer, ctx: Context,
                 start: int, end: int, headline: bool) -> None:
        self.text = text
        self.toks = toks
        self.entities = entities
        self.gaz = gaz
        self.ctx = ctx
        self.start = start
        self.end = end
        self.headline = headline
        self.lowers = [t.lower for t in toks]

    # -- noun phrases ----------------------------------------------------------------------
    def np_before(self, i: int) -> tuple[int, int] | None:
        """Token range of the noun phrase that ends just before token i (the cue's subject)."""
        k = i - 1
        if k >= 0 and self.lowers[k] in ("and", "or", "but"):
            return None  # a second verb of the same subject: "… and expressed hope"
        while k >= 0 and (self.lowers[k] in SKIP_BEFORE_VERB or (self.lowers[k].endswith("ly") and self.toks[k].text.islower())) \
                and not (self.lowers[k] in ("in", "a", "an") and k == i - 1):
            k -= 1
        if k >= 0 and self.lowers[k] in PRONOUNS:
            return k, k + 1
        end = k + 1
        first = end
        while k >= 0 and end - k <= MAX_NP_TOKENS:
            tok = self.toks[k]
            low = tok.lower
            if tok.kind == "word":
                if low in NP_STOP or low in VERB_FORMS and k < end - 1:
                    break
                first = k
            elif tok.kind == "num":
                first = k
            elif tok.text in ("/", "-", "&") or (tok.text == "." and k > 0 and len(self.toks[k - 1].text) <= 3
                                                  and not self.toks[k].spaced):
                pass
            elif tok.text == ")" and k - end > -8:
                opening = next((x for x in range(k - 1, max(-1, k - 8), -1) if self.toks[x].text == "("), None)
                if opening is None:
                    break
                k = opening  # "Sen. David Perdue (R-Ga.) said"
            else:
                break
            k -= 1
        while first < end and (self.lowers[first] in NP_INNER or self.toks[first].kind == "sym"):
            first += 1
        while first > 0 and first < end and self.lowers[first - 1] in NP_DETERMINERS:
            first -= 1  # "another source", "many experts"
        return (first, end) if first < end else None

    def np_after(self, i: int) -> tuple[int, int] | None:
        """Token range of the noun phrase starting at token i, up to a comma, "that" or the sentence end."""
        k = i
        while k < len(self.toks) and k - i < MAX_NP_TOKENS:
            tok = self.toks[k]
            if tok.kind == "sym" and tok.text not in ("/", "-", "&", ".", "’", "'"):
                break
            if tok.text == "." and (k + 1 >= len(self.toks) or self.toks[k + 1].spaced):
                if not (k > 0 and re.fullmatch(r"[A-Z](?:\.[A-Z])*", self.toks[k - 1].text)):
                    break
            if tok.kind == "word" and (tok.lower in ("that", "who", "which", "and", "but", "said", "says", "told", "while",
                                                    "as", "because", "when", "if", "on", "after", "before")
                                       or tok.lower in VERB_FORMS and k > i and tok.text[:1].islower()
                                       and self.lowers[k - 1] not in ("the", "a", "an", "of", "their", "its", "his", "her")):
                break
            k += 1
        end = k
        while end > i and self.toks[end - 1].kind == "sym":
            end -= 1
        return (i, end) if end > i else None

    def span_text(self, a: int, b: int) -> tuple[str, int, int]:
        s, e = self.toks[a].start, self.toks[b - 1].end
        return self.text[s:e], s, e

    # -- sources -----------------------------------------------------------------------------
    def source(self, a: int, b: int) -> SourceRef | None:
        """Name and kind for the noun phrase in tokens [a, b)."""
        mention, s, e = self.span_text(a, b)
        words = [t.lower for t in self.toks[a:b] if t.kind == "word"]
        if not words:
            return None
        if b - a == 1 and words[0] in PRONOUNS:
            return self.resolve_pronoun(words[0], s, e)
        if len(words) == 2 and words[0] in ("the", "this") and words[1] in self.ctx.organizations:
            known_org = self.ctx.organizations[words[1]]  # "the fund" after "the International Monetary Fund"
            return SourceRef(known_org.name, mention, known_org.kind, s, e)
        if words[0] in ("who", "which") or words[-1] in ("who", "which"):
            return self.ctx.last_source
        inside = [ent for ent in self.entities if s <= ent.start and ent.end <= e]
        head = _head(words)
        people = [ent for ent in inside if ent.kind == "person"]
        stripped = re.sub(r"^(?:(?:the|a|an|new|recent|latest|also)\s+)+", "", mention, flags=re.IGNORECASE)
        if people and not (head in self.gaz.document_nouns or head in OUTLET_HEADS):
            return SourceRef(people[-1].name, mention, "person", s, e)
        known = self.gaz.lookup(stripped)
        if known:
            name, kind, demonym = known
            if not demonym:
                if kind in ("organization", "outlet", "government") and not _shares_word(name, stripped):
                    name = stripped  # "CNS", not another alias of the same outlet
                return SourceRef(name, mention, _KIND[kind], s, e)
        if head in OUTLET_HEADS:
            if head in ("media", "press") and not inside:
                return SourceRef(stripped, mention, "outlet", s, e)  # "State media", "local press"
            if inside:
                return SourceRef(inside[0].name if inside[0].kind == "outlet" else
                                 self.text[inside[0].start:inside[0].end], mention, "outlet", s, e)
            named = [t.text for t in self.toks[a:b - 1] if t.kind == "word" and t.text[:1].isupper()
                     and t.lower not in ("the", "a", "an", "this")]
            if not named and words[0] in ("the", "this") and self.ctx.last_outlet is not None:
                return SourceRef(self.ctx.last_outlet.name, mention, "outlet", s, e)  # "the industry publication"
            return SourceRef(" ".join(named) if named else stripped, mention, "outlet", s, e)
        if any(ent.kind == "outlet" for ent in inside) and head not in self.gaz.document_nouns:
            outlet = next(ent for ent in inside if ent.kind == "outlet")
            return SourceRef(outlet.name, mention, "outlet", s, e)
        if head in self.gaz.document_nouns or head.removesuffix("s") in self.gaz.document_nouns:
            return SourceRef(stripped, mention, "document", s, e)
        if head in ANONYMOUS_HEADS:
            if head in ("sources", "source", "insiders", "insider", "people", "person") or not inside:
                return SourceRef(stripped, mention, "anonymous", s, e)
            kind = "government" if inside[0].kind in ("country", "government", "region") else "organization"
            return SourceRef(stripped, mention, kind, s, e)
        if head in self.gaz.person_roles:
            return SourceRef(stripped, mention, "person", s, e)
        if head in self.gaz.group_nouns:
            return SourceRef(stripped, mention, "group", s, e)
        if inside and len(inside) == 1 and inside[0].end == e:
            ent = inside[0]
            return SourceRef(ent.name, mention, _KIND[ent.kind], s, e)
        if any(t.text[:1].isupper() and t.start != self.start and t.lower not in ("the", "a", "an")
               for t in self.toks[a:b] if t.kind == "word") and self.toks[b - 1].text[:1].isupper():
            single = len(words) == 1 and not self.toks[a].text.isupper() and self.toks[a].text not in NOT_NAMES
            return SourceRef(stripped, mention, "person" if single else "organization", s, e)
        if b - a == 1 and self.toks[a].text[:1].isupper() and self.toks[a].text not in NOT_NAMES \
                and head not in self.gaz.group_nouns and head not in self.gaz.document_nouns:
            return SourceRef(mention, mention, "person", s, e)  # "Trump says …" at the start of a sentence
        if head in self.gaz.group_nouns or head.endswith("s") and len(words) <= 4:
            return SourceRef(stripped, mention, "group", s, e)
        if inside and len(words) <= 6 and head not in VERB_FORMS:
            return SourceRef(stripped, mention, "government" if inside[0].kind in ("country", "government") else "organization",
                             s, e)  # "Ukrainian intelligence", "the Iranian army"
        if len(words) <= 3 and head in ("army", "military", "government", "ministry", "police", "administration",
                                        "court", "prosecutor", "spokesman", "spokeswoman", "media", "press"):
            return SourceRef(stripped, mention, "organization", s, e)
        return None

    def generic_source(self, a: int, b: int) -> SourceRef | None:
        mention, s, e = self.span_text(a, b)
        stripped = re.sub(r"^(?:(?:the|a|an)\s+)+", "", mention, flags=re.IGNORECASE)
        head = self.lowers[b - 1]
        if head in VERB_FORMS or head in NP_STOP or not stripped:
            return None
        return SourceRef(stripped, mention, "group" if head.endswith("s") else "organization", s, e)

    def resolve_pronoun(self, word: str, s: int, e: int) -> SourceRef | None:
        ctx = self.ctx
        if PRONOUNS[word] == "singular":
            target = ctx.last_person
        elif PRONOUNS[word] == "plural":
            group = next((k for k in range(len(self.toks) - 1, -1, -1)
                          if self.toks[k].end <= s and self.toks[k].lower in self.gaz.group_nouns), None)
            if group is not None:  # "State prosecutors charged …, they said"
                first = group
                while first > 0 and self.toks[first - 1].kind == "word" and self.toks[first - 1].lower not in NP_STOP \
                        and self.toks[first - 1].lower not in ("the", "a", "an", "and", "of", "with", "for", "at", "from"):
                    first -= 1
                g_start, g_end = self.toks[first].start, self.toks[group].end
                return SourceRef(self.text[g_start:g_end], self.text[s:e], "group", s, e)
            target = ctx.last_plural or ctx.last_source
        elif PRONOUNS[word] == "thing":
            target = ctx.last_source if ctx.last_source and ctx.last_source.kind in (
                "organization", "government", "document", "outlet") else None
        else:
            return None  # "we", "I": the speaker of a quotation, found by the quotation's cue
        if target is None:
            return None
        return SourceRef(target.name, self.text[s:e], target.kind, s, e)

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
        if not m or len(m.group(1).split()) > 4:
            return
        s, e = self.start + m.start(1), self.start + m.end(1)
        known = self.gaz.lookup(m.group(1))
        if known:
            src = SourceRef(known[0], m.group(1), _KIND[known[1]], s, e)
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
            prev = self.lowers[k - 1] if k else ""
            nxt = self.lowers[k + 1] if k + 1 < len(self.toks) else ""
            if prev in ("to", "a", "an", "the", "no") or (lemma == "agree" and nxt == "to"):
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
            if lemma in ("find", "show", "indicate", "reveal", "list", "record", "suggest", "conclude") and \
                    ref.kind not in ("document", "organization", "outlet", "government"):
                continue  # "Photographs showed …" is evidence, not a claimant
            if lemma in ("call", "blast", "slam", "want", "continue") and ref.kind not in ("person", "government"):
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
            if apposed is not None and (apposed.lower in NP_INNER or apposed.lower in SKIP_BEFORE_VERB
                                        or apposed.lower in ("with", "as", "while", "when", "after", "before", "who")):
                opening = None  # ", with the death toll rising …," is a clause, not an appositive
            if opening is not None and opening > 0:
                name = self.np_before(opening)  # the name before an appositive
                if name is not None:
                    ref = self.source(*name)
                    if ref is not None and ref.kind in ("person", "organization", "government", "outlet", "document"):
                        if name[0] > 1 and self.toks[name[0] - 1].text in ("”", "\"") and self.toks[name[0] - 2].text == ",":
                            return ref, self._content_before(name[0] - 2)
                        return ref, self._content_after(cue_end)
        if np is not None and all(self.lowers[x] in SKIP_BEFORE_VERB or self.lowers[x].endswith("ly") for x in range(np[1], k)):
            ref = self.source(*np)
            if ref is None and lemma in SPEECH and np[1] - np[0] == 2 and self.lowers[np[0]] == "the":
                ref = self.generic_source(*np)  # "The bank said …", "The archive characterizes …"
            if ref is not None:
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
                little_after = cue_end >= len(self.toks) - 1 or nxt in TIME_WORDS or self.toks[cue_end].kind == "sym"
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
        if (prev in (",", "”", "\"") or k == 0) and lemma in INVERTING:
            after = self.np_after(cue_end)  # "“…,” said Bash."
            if after:
                ref = self.source(*after)
                if ref is not None and (ref.kind in ("person", "outlet", "organization", "government", "anonymous")):
                    return ref, self._content_before(k)
        return None, None

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


_HEAD_BREAKS = frozenset({"of", "with", "familiar", "from", "at", "for", "in", "on", "close", "who", "that", "to", "inside",
                          "within", "near", "and", "involved", "briefed", "knowledgeable", "aware", "speaking"})


def _shares_word(a: str, b: str) -> bool:
    return bool(set(re.findall(r"\w+", a.lower())) & set(re.findall(r"\w+", b.lower())))


def _head(words: list[str]) -> str:
    """The head noun of a noun phrase: the last word before its first post-modifier ("sources familiar with …");
    a possessive starts the phrase anew ("the Centre for Aviation's database of air carriers" → database)."""
    possessive = max((n for n, w in enumerate(words) if w.endswith(("'s", "’s"))), default=-1)
    words = words[possessive + 1:] or words
    for n, word in enumerate(words):
        if word in _HEAD_BREAKS and n > 0:
            return words[n - 1]
    return words[-1]


def _is_quote_end(toks: list[Tok], k: int) -> bool:
    return k > 0 and toks[k - 1].text in ("”", "\"", "’", "'")


_KIND = {"country": "government", "region": "government", "government": "government", "organization": "organization",
         "outlet": "outlet", "person": "person"}
