"""Who a noun phrase names, as a source: its canonical name, kind and mention.

Reads noun phrases around an attribution cue ("sources familiar with the estimates of some
G20 countries", "Ukraine’s ambassador … Dmytro Ponomarenko", "the fund", "he") and names them:
people by their fullest form in the document, known actors canonically, outlets without their
generic head ("the TimeUkraineIsrael portal" → TimeUkraineIsrael), pronouns by their antecedent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimgraph.core.entities import NOT_NAMES, ORG_SUFFIXES, Entity, Gazetteer
from claimgraph.core.lexicon import load
from claimgraph.core.tokens import Tok

_CUES = load("cues.json")
VERB_FORMS: dict[str, str] = {form: lemma for lemma, forms in _CUES["verbs"].items() for form in forms if " " not in form}
SKIP_BEFORE_VERB = frozenset(_CUES["skip_before_verb"])
PRONOUNS: dict[str, str] = _CUES["pronouns"]
NP_STOP = frozenset(load("quantities.json")["unit_stop"]) - {"of", "the", "a", "an", "for", "with", "at", "from", "and", "new"}
NP_INNER = frozenset({"of", "for", "with", "at", "from", "and", "in", "on", "to"})
# Heads of a phrase that names a person's organisation or circle, not the person ("the Clinton camp").
PERSON_ENTOURAGE = frozenset({"camp", "campaign", "team", "administration", "government", "family", "aides",
                              "allies", "supporters", "office", "staff", "spokesman", "spokeswoman", "spokesperson",
                              "lawyers", "lawyer", "attorneys", "attorney", "foundation", "organization", "party"})
# Words a speaker's name never starts or ends with: a question's auxiliary, "there's"/"let's", a coordination
# or preposition left hanging at its end; and quantifiers that alone name nobody.
AUXILIARY_OPENERS = frozenset({"are", "is", "was", "were", "do", "does", "did", "have", "has", "had", "can", "could",
                               "will", "would", "should", "shall", "may", "might", "must"})
CONTRACTED_OPENERS = frozenset({"there", "let", "here", "that", "what", "it", "who", "where", "how"})
TRAILING_WORDS = frozenset({"and", "or", "but", "for", "with", "of", "to", "the", "a", "an", "in", "on", "at", "by",
                            "from", "as"})
QUANTIFIERS = frozenset({"few", "many", "several", "some", "most", "all", "both", "none", "each", "either",
                         "neither", "another"})
# Abbreviated titles whose full stop does not end a name ("said Mr. Burman", "Gov. Mike Pence").
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "prof",
                        "rev", "st", "jr", "sr", "pres", "adm", "maj", "cmdr", "supt", "insp", "det"})
ROLE_PREPOSITIONS = frozenset({"for", "at", "to", "of", "from", "in", "with"})  # "a spokesman for …", "envoy to …"
OUTLET_HEADS = frozenset({"portal", "newspaper", "agency", "channel", "outlet", "website", "site", "broadcaster", "tabloid",
                          "daily", "magazine", "media", "press", "tv", "television", "radio", "wire", "publication", "network"})
ANONYMOUS_HEADS = frozenset({"sources", "source", "insiders", "insider", "officials", "official", "people", "person",
                             "diplomats", "diplomat", "aides", "aide"})
NP_DETERMINERS = frozenset({"another", "some", "many", "several", "other", "most", "all", "both", "two", "three",
                            "four", "few", "one", "no", "each", "these", "those", "this", "that", "his", "her", "their", "its"})
# "least ten survivors", "nearly half": a number, not a speaker; "nobody asked us": nobody speaks
NOT_A_SOURCE_START = frozenset({"least", "most", "more", "less", "than", "over", "about", "nearly", "almost",
                                "nobody", "no", "none", "neither", "nothing", "noone"})
TIME_NOUNS = frozenset(load("quantities.json")["time_units"]) | {"morning", "evening", "afternoon", "night", "weekend",
                                                                  "time", "moment", "period", "season"}
TIME_NAMES = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                        "yesterday", "tonight"))
TIME_MODIFIERS = frozenset(("the", "this", "that", "last", "past", "previous", "late", "early", "earlier"))
TIME_PREPOSITIONS = frozenset(("during", "over", "on", "at", "in", "by"))
TIME_LEADS = frozenset(("late", "early", "this", "last", "earlier"))  # a time phrase with no preposition
MAX_NP_TOKENS = 12  # longest source noun phrase we read ("sources familiar with the estimates of some G20 countries")


@dataclass(frozen=True, slots=True)
class SourceRef:
    name: str
    mention: str
    kind: str
    start: int
    end: int


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
    titles: dict[str, SourceRef] = field(default_factory=dict)  # title or role → the last person named with it
    frames: dict[int, list[SourceRef]] = field(default_factory=dict)  # paragraph → relay chain


class PhraseReader:
    """Noun phrases of one sentence's tokens, and the sources they name."""

    def __init__(self, text: str, toks: list[Tok], entities: list[Entity], gaz: Gazetteer, ctx: Context,
                 start: int, end: int) -> None:
        self.text = text
        self.toks = toks
        self.entities = entities
        self.gaz = gaz
        self.ctx = ctx
        self.start = start
        self.end = end
        self.lowers = [t.lower for t in toks]

    # -- noun phrases ----------------------------------------------------------------------
    def np_before(self, i: int) -> tuple[int, int] | None:
        """Token range of the noun phrase that ends just before token i (the cue's subject)."""
        k = i - 1
        if k >= 0 and self.lowers[k] in ("and", "or", "but"):
            return None  # a second verb of the same subject: "… and expressed hope"
        k = self._before_time_phrase(k)
        while k >= 0 and (self.lowers[k] in SKIP_BEFORE_VERB or (self.lowers[k].endswith("ly") and self.toks[k].text.islower())) \
                and not (self.lowers[k] in ("in", "a", "an") and k == i - 1) \
                and not (self.lowers[k] in ("statement", "interview") and self.lowers[k - 1: k] not in (["a"], ["an"])):
            k -= 1  # "The ministry in a statement said": skipped; "The statement said": the statement speaks
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
            elif tok.text in ("/", "-", "&") or (tok.text == "." and k > 0 and not self.toks[k].spaced and (
                    len(self.toks[k - 1].text) <= 3 or re.fullmatch(r"[A-Z](?:\.[A-Z])+", self.toks[k - 1].text))):
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
        first = self._role_before(first)
        while first > 0 and first < end and self.lowers[first - 1] in NP_DETERMINERS:
            first -= 1  # "another source", "many experts"
        return (first, end) if first < end else None

    def _role_before(self, first: int) -> int:
        """Where a phrase starts when the noun phrase at ``first`` is the object of a role's preposition:
        "a reporter at [the scene]", "a spokesman for [the coalition]", "France's envoy to [Japan]" — the
        speaker is the person in the role, not the place or body after it."""
        k = first
        while k > 0 and self.lowers[k - 1] in ("the", "a", "an"):
            k -= 1
        if k < 2 or self.lowers[k - 1] not in ROLE_PREPOSITIONS:
            return first
        role = k - 2
        if self.lowers[role] not in self.gaz.person_roles and self.lowers[role].removesuffix("s") not in \
                self.gaz.person_roles and self.lowers[role] not in ANONYMOUS_HEADS:
            return first
        while role > 0 and (self.toks[role - 1].kind == "word" and self.lowers[role - 1] not in NP_STOP
                            and self.lowers[role - 1] not in VERB_FORMS):
            role -= 1  # "France's envoy", "a senior State Department official"
        return role

    def adverbial_gap(self, a: int, b: int) -> bool:
        """Whether tokens [a, b) between a subject and its verb are adverbs and time phrases only."""
        last = self._before_time_phrase(b - 1) if b > a else b - 1
        return all(self.lowers[x] in SKIP_BEFORE_VERB or self.lowers[x].endswith("ly") for x in range(a, last + 1))

    def _before_time_phrase(self, k: int) -> int:
        """The token before a time phrase that ends at token k and sits between a subject and its verb
        ("… during the weekend said", "… late Tuesday said", "… over the past week said"), else k."""
        j = k
        while j >= 0 and (self.lowers[j] in TIME_NOUNS or self.lowers[j] in TIME_NAMES):
            j -= 1
        if j == k:
            return k
        while j >= 0 and self.lowers[j] in TIME_MODIFIERS:
            j -= 1
        if j >= 0 and self.lowers[j] in TIME_PREPOSITIONS:
            return j - 1
        return j if self.lowers[j + 1] in TIME_LEADS else k

    def _joins_names(self, k: int) -> bool:
        """Whether the "and" at token k joins two capitalised words of one name ("Travel and Tourism Council",
        "Intelligence and Security Committee") rather than two names."""
        return 0 < k < len(self.toks) - 2 and self.toks[k - 1].text[:1].isupper() \
            and self.toks[k + 1].text[:1].isupper() and self.toks[k + 2].text[:1].isupper() \
            and self.toks[k + 2].text in ORG_SUFFIXES

    def _fragment(self, a: int, b: int) -> bool:
        """Words that cannot name a speaker: a question ("Are there …"), a contraction ("there’s", "let’s"),
        or a lone quantifier ("Few")."""
        first = self.lowers[a].replace("’", "'")
        if first in AUXILIARY_OPENERS or (first.endswith("'s") and first[:-2] in CONTRACTED_OPENERS):
            return True
        return b - a == 1 and first in QUANTIFIERS

    def _before_verb(self, a: int, b: int) -> int:
        """The end of a phrase at the first verb inside it ("Republicans pilloried the …" → "Republicans"):
        a finite verb by the parse's tag, a lowercase past tense before a determiner, or a preposition
        before a gerund ("the administration for making …"); a possessive's "'s" left hanging goes too."""
        for k in range(a + 1, b):
            tok = self.toks[k]
            if self.lowers[k] in ("for", "by", "of", "after", "before") and k + 1 < b \
                    and self.lowers[k + 1].endswith("ing") and self.toks[k + 1].text[:1].islower():
                return k
            if tok.text[:1].islower() and ((tok.tag[:2] == "VB" and tok.tag != "VBN") or (
                    self.lowers[k].endswith("ed") and k + 1 < b
                    and self.lowers[k + 1] in ("the", "a", "an", "his", "her", "their", "its"))):
                return k
        return b

    def np_after(self, i: int) -> tuple[int, int] | None:
        """Token range of the noun phrase starting at token i, up to a comma, "that" or the sentence end."""
        k = i
        while k < len(self.toks) and k - i < MAX_NP_TOKENS:
            tok = self.toks[k]
            if tok.kind == "sym" and tok.text not in ("/", "-", "&", ".", "’", "'"):
                break
            if tok.text == "." and (k + 1 >= len(self.toks) or self.toks[k + 1].spaced):
                if not (k > 0 and (re.fullmatch(r"[A-Z](?:\.[A-Z])*", self.toks[k - 1].text)
                                   or self.lowers[k - 1] in HONORIFICS)):
                    break  # a full stop, not "Mr." or "J."
            if tok.lower == "and" and self._joins_names(k):
                k += 1
                continue
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
        """Name and kind for the noun phrase in tokens [a, b); a possessive ending is no part of the name
        ("the Obama administration’s" → Obama administration)."""
        ref = self._source(a, b)
        if ref is not None and ref.name.endswith(("’s", "'s")) and len(ref.name) > 3:
            ref = SourceRef(ref.name[:-2], ref.mention, ref.kind, ref.start, ref.end)
        return ref

    def _source(self, a: int, b: int) -> SourceRef | None:
        while a < b and (self.lowers[a] in ("that", "which", "whom") or self.toks[a].kind == "sym"):
            a += 1  # "… that Sudan's government said", "“Are …": no part of the name
        b = self._before_verb(a, b)  # "Trump unleashed a flurry of [tweets saying]": the speaker is Trump
        while b > a and (self.lowers[b - 1] in TRAILING_WORDS or self.toks[b - 1].kind == "sym"
                         and self.toks[b - 1].text != "."):
            b -= 1  # "Harare and": a phrase cut off in the middle of a coordination
        if b <= a or self._fragment(a, b):
            return None
        mention, s, e = self.span_text(a, b)
        words = [t.lower for t in self.toks[a:b] if t.kind == "word"]
        if not words or words[0] in NOT_A_SOURCE_START or words[-1] in TIME_NOUNS:
            return None  # "least ten survivors", "the weekend": not who says something
        if b - a == 1 and words[0] in PRONOUNS:
            return self.resolve_pronoun(words[0], s, e)
        role = " ".join(words[1:]) if words[0] in ("the", "this") and len(words) <= 3 else ""
        if role and role not in self.ctx.titles and self.gaz.lookup(self.toks[a + 1].text) is not None:
            role = words[-1]  # "the German chancellor": the title after a demonym
        if role in self.ctx.titles:
            titled = self.ctx.titles[role]  # "the senator" after "Senator Ted Cruz", "the Vice President"
            return SourceRef(titled.name, mention, "person", s, e)
        if len(words) == 2 and words[0] in ("the", "this") and words[1] in self.ctx.organizations:
            known_org = self.ctx.organizations[words[1]]  # "the fund" after "the International Monetary Fund"
            return SourceRef(known_org.name, mention, known_org.kind, s, e)
        if words[0] in ("who", "which") or words[-1] in ("who", "which"):
            return self.ctx.last_source
        inside = [ent for ent in self.entities if s <= ent.start and ent.end <= e]
        head = _head(words)
        people = [ent for ent in inside if ent.kind == "person"]
        # "the new report" → report, but "New Zealand" keeps its "New" (a capitalised word follows it)
        stripped = re.sub(r"^(?:(?:the|a|an|recent|latest|also|new(?!\s+(?-i:[A-Z])))\s+)+", "", mention,
                          flags=re.IGNORECASE)
        last_word = next(t for t in reversed(self.toks[a:b]) if t.kind == "word")  # past "S.E.C." 's full stop
        if people and last_word.text in ORG_SUFFIXES and people[-1].end < last_word.start:
            return SourceRef(stripped, mention, "organization", s, e)  # "the World Travel and Tourism Council"
        if head in PERSON_ENTOURAGE and (people and people[-1].end < e or any(
                t.kind == "word" and t.text[:1].isupper() and t.lower not in ("the", "a", "an") for t in self.toks[a:b - 1])):
            return SourceRef(stripped, mention, "organization", s, e)  # "the Clinton camp", "Trump's campaign"
        if people and not (head in self.gaz.document_nouns or head in OUTLET_HEADS):
            return SourceRef(people[-1].name, mention, "person", s, e)
        if words[0] in HONORIFICS and len(words) > 1 and last_word.text[:1].isupper():
            return SourceRef(re.sub(r"^\w+\.?\s+", "", mention), mention, "person", s, e)  # "Mr. Burman" → Burman
        known = self.gaz.lookup(stripped)
        if known:
            name, kind, demonym = known
            if not demonym:
                if kind in ("organization", "outlet", "government") and not _shares_word(name, stripped):
                    name = stripped  # "CNS", not another alias of the same outlet
                return SourceRef(name, mention, KIND[kind], s, e)
        if head in OUTLET_HEADS:
            if head in ("media", "press") and not inside:
                return SourceRef(stripped, mention, "outlet", s, e)  # "State media", "local press"
            if inside:
                return SourceRef(inside[0].name if inside[0].kind == "outlet" else
                                 self.text[inside[0].start:inside[0].end], mention, "outlet", s, e)
            named = [t.text for t in self.toks[a:b - 1] if t.kind == "word" and t.text[:1].isupper()
                     and t.lower not in ("the", "a", "an", "this", "one", "another", "some", "several")]
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
            return SourceRef(ent.name, mention, KIND[ent.kind], s, e)
        if any(t.text[:1].isupper() and t.start != self.start and t.lower not in ("the", "a", "an")
               for t in self.toks[a:b] if t.kind == "word") and last_word.text[:1].isupper():
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
                while first < group and (self.lowers[first].replace("’", "'") in AUXILIARY_OPENERS
                                         or self.lowers[first] in ("there", "here")):
                    first += 1  # "Are there angry supporters? … they": the group is "angry supporters"
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
        if word == "and" and len(words) - n > 2:
            continue  # "federal and state officials": coordinated modifiers of one head
        if word in _HEAD_BREAKS and n > 0:
            return words[n - 1]
    return words[-1]


KIND = {"country": "government", "region": "government", "government": "government", "organization": "organization",
         "outlet": "outlet", "person": "person"}
