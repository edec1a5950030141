"""What an editor reads to tell that two articles report one event: the words of the headline and
the lede, the people, organisations and places in them (the extraction core's entities, under their
canonical names), the event they name with its modifiers ("measles outbreak", "presidential debate")
and their numbers, each weighted by where it stands; the rarer a term across the store, the more it
says (IDF, ``store.stories``).

Places are one term under all their names ("Pyongyang", "North Korean" → ``place:north korea``,
through the gazetteer), people one term under their full name ("Clinton" after "Hillary Clinton" →
``name:hillary clinton``); words are lower-cased and made singular; stop words are spaCy's English list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.core.entities import find_entities
from claimgraph.core.lexicon import load
from claimgraph.track.reading import singular

#: Words of the text read as its lede after the headline: a news lede is one or two sentences (35-70
#: words in the corpus), but the names that tie two outlets' reports together often come in the next
#: paragraph; on the story gold 150 words gave the best precision and recall of 35, 60, 100, 150, 250.
LEDE_WORDS = 150
#: Weights by where a term stands: a headline word says most what the article is about (set with
#: the story gold, tests/data/stories_gold.json: 2:1 gave the best pair F1 of 1:1, 2:1, 3:1).
TITLE_WEIGHT = 2.0
LEDE_WEIGHT = 1.0
#: A name or place counts this much more than a common word in the same spot (the gold: 1.5).
NAME_BOOST = 1.5
#: The terms of an article that find candidates (``postings``): those that weigh most with their IDF
#: (headline names before lede words, rare before common), so that a posting list stays short however
#: large the store (a word in most articles weighs nearly nothing and is never looked up).
POSTING_TERMS = 20

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
_NAME = re.compile(r"(?:[A-Z][\w’'.-]*[a-z][\w’'-]*|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|the\s+)?"
                   r"(?:[A-Z][\w’'.-]*[a-z][\w’'-]*|[A-Z]{2,}))*")
_LABEL = re.compile(r"^\s*(?:ABSTRACT|FULL TEXT|UPDATE|BREAKING)\.?\s*$", re.M)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: Kinds of the core's entities that are places (one ``place:`` term with the gazetteer's other names).
_PLACE_KINDS = frozenset({"country", "region"})


@dataclass(frozen=True, slots=True)
class StoryTerms:
    """An article's weighted terms (word, ``name:…`` and ``place:…``, ``number:…``)."""

    weights: Mapping[str, float]
    names: frozenset[str] = frozenset()  # the headline's names and places (``name:…``, ``place:…``, capitalised words)

    def vector(self, idf: Callable[[str], float]) -> dict[str, float]:
        return {term: weight * idf(term) for term, weight in self.weights.items()}

    def postings(self, idf: Callable[[str], float]) -> list[str]:
        """The terms under which the article is found: its ``POSTING_TERMS`` heaviest with their IDF."""
        ranked = sorted(self.weights, key=lambda t: (-self.weights[t] * idf(t), ":" not in t, t))
        return ranked[:POSTING_TERMS]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(weight * b[term] for term, weight in a.items() if term in b)
    if dot == 0.0:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Every name, alias, demonym and capital of a country or region → the place's name, case folded."""
    data = load("gazetteer.json")
    found: dict[str, str] = {}
    for country in data["countries"]:
        for name in (country["name"], *country["aliases"], *country["demonyms"], *country["capitals"]):
            found[name.casefold()] = country["name"].casefold()
    for region in data["regions"]:
        for name in (region["name"], *region["aliases"]):
            found.setdefault(name.casefold(), region["name"].casefold())
    return found


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(load("stories.json")["news_words"])


def lede(title: str | None, text: str) -> str:
    """The first ``LEDE_WORDS`` words of the text, its copy of the headline and section labels left out."""
    body = _LABEL.sub("", text).strip()
    first, _, rest = body.partition("\n")
    if title and first.strip().rstrip(".").casefold() == title.strip().rstrip(".").casefold():
        body = rest
    words = body.split(maxsplit=LEDE_WORDS)
    return " ".join(words[:LEDE_WORDS])


def story_terms(title: str | None, text: str) -> StoryTerms:
    """The weighted terms of an article's headline and lede."""
    weights: dict[str, float] = {}
    names: set[str] = set()
    for part, weight in ((title or "", TITLE_WEIGHT), (lede(title, text), LEDE_WEIGHT)):
        for term, boost in _terms(part):
            weights[term] = max(weights.get(term, 0.0), weight * boost)
            if weight == TITLE_WEIGHT and boost == NAME_BOOST:
                names.add(term)
    return StoryTerms(weights, frozenset(names))


def _terms(text: str) -> list[tuple[str, float]]:
    stop, places, events = _stop_words(), _places(), _event_nouns()
    found: list[tuple[str, float]] = []
    for entity in find_entities(text):
        if entity.kind in _PLACE_KINDS:
            found.append((f"place:{entity.name.casefold()}", NAME_BOOST))
        else:
            found.append((f"name:{entity.name.casefold()}", NAME_BOOST))
    for name in _names(text, stop):
        folded = name.casefold()
        if folded in places:
            found.append((f"place:{places[folded]}", NAME_BOOST))
        elif " " in name:
            found.append((f"name:{folded}", NAME_BOOST))
    before = ""
    for word in _WORD.findall(text):
        if word[0].isdigit():
            value = word.replace(",", "").rstrip(".")
            if not _YEAR.match(value):
                found.append((f"number:{value}", 1.0))
            before = ""
            continue
        folded = word.casefold().replace("’", "'").removesuffix("'s")
        if folded in places:
            found.append((f"place:{places[folded]}", NAME_BOOST))
            before = ""
        elif folded not in stop and len(folded) > 2:
            term = singular(folded.strip("'.-"))
            found.append((term, NAME_BOOST if word[0].isupper() else 1.0))
            if term in events and before:
                found.append((f"event:{before} {term}", NAME_BOOST))  # "measles outbreak", "presidential debate"
            before = term
        else:
            before = ""
    return found


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    return frozenset(singular(noun) for noun in load("stories.json")["event_nouns"])


def _names(text: str, stop: frozenset[str]) -> list[str]:
    """Runs of capitalised words, cut at stop words: a headline in title case ("Clinton Goes After
    Donald Trump As The New Mitt Romney") gives "Clinton", "Donald Trump", "New Mitt Romney"."""
    names = []
    for match in _NAME.finditer(text):
        run: list[str] = []
        for word in match.group(0).replace("’", "'").split():
            word = re.sub(r"'s$", "", word.rstrip("."))
            if word.casefold() in stop and word.casefold() not in ("of", "de"):
                names.append(" ".join(run))
                run = []
            else:
                run.append(word)
        names.append(" ".join(run))
    return [name for name in names if name and name.split()[-1].casefold() not in ("of", "de")]
