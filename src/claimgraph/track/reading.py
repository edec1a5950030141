"""What a quantified claim measures: its subject, the kind of thing counted, the predicate family.

Each part is read from the stored claim alone, through the lexicons in ``data/measures.json``:
the concept from the unit's head noun, the family from the verb that carries the number
(``predicates``). People are named by full name when the claims name them so somewhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.core.lexicon import load
from claimgraph.models import StoredClaim
from claimgraph.track.polls import PollSubjects
from claimgraph.track.predicates import PredicateFamilies
from claimgraph.track.qualifiers import Qualifiers
from claimgraph.track.tallies import TALLY_FAMILIES, earlier_incident, is_population, per_period, threshold

NO_SUBJECT = ""

# A surname names one person of several when that full name is mentioned more than twice as
# often as any other ("Hillary Clinton" against a passing "Bill Clinton").
DOMINANT = 2

# "rounds of 125mm tank ammunition": the qualifying phrase follows within this many characters.
QUALIFIER_WINDOW = 40

_WORD = re.compile(r"[A-Za-z$%€£][A-Za-z'.-]*|[$%€£]")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_NAME_TOKEN = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


@dataclass(frozen=True, slots=True)
class MeasureKey:
    """What makes two claims one measure: same subject, same concept, same predicate family."""

    subject: str
    concept: str
    family: str
    qualifier: str = ""  # a share's population or place, an opinion's question, money's scope
    story: str = ""  # a claim without a named subject: the story it is told in (its id), else its article

    @property
    def name(self) -> str:
        """A readable name: "North Korea — troops — sent", "Donald Trump — percent — polled (among republicans)"."""
        name = " — ".join((self.subject or "(no subject)", self.concept or "(no unit)", self.family))
        return f"{name} ({self.qualifier})" if self.qualifier else name

    def named(self, story: str) -> str:
        """The name with the story's (or article's) name for the subject: "Hurricane Dorian — people — killed"."""
        return MeasureKey(story, self.concept, self.family, self.qualifier).name if self.story else self.name


def singular(word: str) -> str:
    """A plural English noun's singular, by the common rules (enough for unit head nouns)."""
    lower = word.lower()
    if len(lower) <= 3 or lower.endswith(("ss", "us", "is")):
        return lower
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return lower[:-2]
    if lower.endswith("s"):
        return lower[:-1]
    return lower


class Reader:
    """Reads measure keys from stored claims; ``persons`` maps surnames to full names."""

    def __init__(self, persons: dict[str, str] | None = None) -> None:
        data = load("measures.json")
        self._concepts: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in data["concepts"].items()}
        self._generic = frozenset(data["generic_heads"])
        self._titles = frozenset(data["title_words"])
        self._families = PredicateFamilies()
        self._share_kinds = self._families.share_kinds
        self._qualifiers: dict[str, dict[str, str]] = data["qualifiers"]
        self.persons = persons or {}
        self._polls = PollSubjects(self.persons)
        self._qualifiers_of = Qualifiers(data)
        self._money_kinds = frozenset(data["money_kinds"])
        self._groups = frozenset(load("stories.json")["counted_groups"])
        self._share_nouns: dict[str, str] = data["share_nouns"]
        self._demonyms = frozenset(d.lower() for country in load("gazetteer.json")["countries"]
                                   for d in country["demonyms"])
        self.concept = lru_cache(maxsize=65536)(self._concept)
        self.subject = lru_cache(maxsize=65536)(self._subject)

    @classmethod
    def from_records(cls, records: Iterable[StoredClaim]) -> Reader:
        """A reader whose person index holds the full names the records use (subjects and sources),
        and who knows which people each article's poll sentences name (for a poll frame's other side)."""
        records = list(records)
        reader = cls(person_index(records))
        reader._polls.note_mentions(r for r in records if r.quantity is not None
                                    and reader.concept(r.quantity.unit or "")[1] in reader._share_kinds)
        return reader

    # -- the parts of a key ----------------------------------------------------------------------

    def key(self, record: StoredClaim) -> MeasureKey:
        """The measure key of a quantified claim."""
        quantity = record.quantity
        if quantity is None:
            raise ValueError(f"the claim {record.text[:60]!r} has no number: only quantified claims have a measure")
        subject = self.subject(record.subject.name if record.subject else "")
        concept, kind = self.concept(quantity.unit or "")
        if concept in self._qualifiers:
            concept = self._qualified(record, concept)
        text = record.text
        q_start, q_end = _offsets(record)
        family, verb_end = self._families.family(record, q_start, q_end, kind)
        qualifier = ""
        if kind in self._share_kinds:
            noun = _NEXT_WORD.match(text, q_end)
            concept = self._share_nouns.get(noun.group(1).lower(), concept) if noun else concept
            if family == "polled":
                subject = self._polls.subject(record, margin=concept == "points") or subject
            if family in ("polled", "opinion"):
                qualifier = self._qualifiers_of.share(text, q_end)
            if family == "opinion" and verb_end >= 0:
                question = self._qualifiers_of.question(text, verb_end)
                qualifier = f"{qualifier}: {question}" if qualifier else question
        elif kind in self._money_kinds:
            qualifier = self._qualifiers_of.money(text, q_start, q_end)
        if is_population(text, q_start, q_end):
            family = "population"  # "a country of 200,000 people": residents, not a tally
        cue = threshold(text, q_start, q_end)
        if cue:  # a limit is no observation
            qualifier = f"{qualifier}; threshold ({cue})" if qualifier else f"threshold ({cue})"
        elif family in TALLY_FAMILIES and per_period(text, q_start, q_end):
            qualifier = "; ".join(q for q in (qualifier, per_period(text, q_start, q_end)) if q)
        if subject:
            return MeasureKey(subject, concept, family, qualifier)
        # No named subject: the claim is the story's (a tally whose clause names only the counted group),
        # an earlier incident's within it, or, outside any story, its article's alone.
        earlier = earlier_incident(record)
        qualifier = "; ".join(q for q in (qualifier, earlier) if q)
        story = record.story_id or f"article {record.article}"
        if family in TALLY_FAMILIES and kind not in self._share_kinds and concept not in self._groups:
            concept = ""  # the family says what a story's tally counts
        return MeasureKey("", concept, family, qualifier, str(story))

    def _concept(self, unit: str) -> tuple[str, str]:
        """(concept, kind) of a unit: a lexicon phrase or word, read from the head noun leftwards."""
        words = [singular(w) for w in _WORD.findall(unit.replace("-", " "))]
        if not words:
            return "", ""
        for size in (3, 2):  # phrases first: "infantry fighting vehicle", "artillery round"
            for i in range(len(words) - size, -1, -1):
                phrase = " ".join(words[i:i + size])
                if phrase in self._concepts:
                    return self._concepts[phrase]
        for word in reversed(words):
            if word in self._concepts:
                return self._concepts[word]
        head = words[-1]
        if head in self._demonyms or f"{head}s" in self._demonyms:  # "267,000 Ukrainians"
            return self._concepts["people"]
        if head in self._generic and len(words) > 1:
            return f"{words[-2]} {head}", ""
        return head, ""

    def _qualified(self, record: StoredClaim, concept: str) -> str:
        """A concept narrowed by the "of …" phrase after the number: "rounds of small arms ammunition"."""
        end = _offsets(record)[1]
        after = record.text[end:end + QUALIFIER_WINDOW].lower()
        if not after.lstrip().startswith("of "):
            return concept
        for phrase, narrower in self._qualifiers[concept].items():
            if re.search(rf"\b{re.escape(phrase)}\b", after):
                return narrower
        return concept

    def _subject(self, name: str) -> str:
        """A subject's canonical name: a person by full name; a phrase that names nothing, no subject."""
        name = name.strip()
        if not name or not name[0].isupper() or any(ch.isdigit() or ch in "$€£%" for ch in name):
            return NO_SUBJECT
        tokens = name.split()
        stripped = [t for t in tokens if t.lower() not in self._titles]
        core = " ".join(stripped)
        if core in self.persons.values():
            return core
        for token in reversed(stripped):
            full = self.persons.get(token.rstrip("’'s").rstrip("’'"))
            if full is not None:
                return full
        if len(tokens) == 1 and tokens[0].lower() in self._titles:
            return NO_SUBJECT
        return name

    def family(self, record: StoredClaim, kind: str = "") -> str:
        """The predicate family governing the number (``predicates``)."""
        return self._families.family(record, *_offsets(record), kind)[0]


def _offsets(record: StoredClaim) -> tuple[int, int]:
    """Where the number phrase starts and ends in the claim's text."""
    quantity = record.quantity
    if quantity is None:
        return 0, 0
    q_start = max(0, quantity.start - record.start)
    return q_start, max(q_start, quantity.end - record.start)


def person_index(records: Iterable[StoredClaim]) -> dict[str, str]:
    """Surname → full name, from two- or three-word capitalised names among subjects and person sources.

    A surname shared by several full names maps to the most mentioned one when it is mentioned
    more than ``DOMINANT`` times as often as the next; otherwise to none (left as written).
    """
    titles = frozenset(load("measures.json")["title_words"])
    mentions: Counter[str] = Counter()  # each distinct name is read once (a store repeats names)
    for record in records:
        mentions[record.subject.name if record.subject else ""] += 1
        mentions.update(s.name for s in record.sources if s.kind == "person")
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    for name, times in mentions.items():
        tokens = [t for t in name.split() if t.lower() not in titles]
        if 2 <= len(tokens) <= 3 and all(_NAME_TOKEN.match(t) for t in tokens):
            by_surname[tokens[-1]][" ".join(tokens)] += times
    for counts in by_surname.values():  # "Gives Hillary Clinton" (a headline's verb) is "Hillary Clinton"
        for name in [n for n in counts if n.count(" ") == 2]:
            shorter = name.split(" ", 1)[1]
            if shorter in counts:
                counts[shorter] += counts.pop(name)
    index = {}
    for surname, counts in by_surname.items():
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > DOMINANT * ranked[1][1]:
            index[surname] = ranked[0][0]
    return index
