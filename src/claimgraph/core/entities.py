"""Find actors in text and give them canonical names.

Countries, their demonyms and capitals ("Pyongyang", "North Korean" → North Korea), regions,
government bodies, organisations and outlets come from the gazetteer shipped as data; people
come from the document itself: capitalised name sequences, with titles stripped, and short
forms ("Scholz") resolved to the fullest form the document uses ("Olaf Scholz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimgraph.core.lexicon import load

_UP, _LOW = "A-ZÀ-ÖØ-ÞĀ-Ž", "a-zß-öø-ÿā-ž"
# A word of a name: "Scholz", "Jean-Luc", "J.", and with a capital inside ("McConnell", "DeSantis", "O'Brien"),
# tried first so that "Mitch McConnell" is not cut at "Mc".
NAME_WORD = (rf"(?:[{_UP}][{_LOW}]{{1,2}}[{_UP}][{_LOW}]+|O['’][{_UP}][{_LOW}]+"
             rf"|[{_UP}][{_LOW}]+(?:['’-][{_UP}]?[{_LOW}]+)*|[{_UP}]\.)")
# runs of capitalised words, with the small words names contain ("Voice of America")
_RUN_RE = re.compile(r"(?<![\w’'])[A-Z0-9][\w.’'&/-]*(?:[ \t]+(?:(?:of|the|and|for|de|du|des|la|le|al|bin|on|in)[ \t]+)*"
                     r"[A-Z0-9][\w.’'&/-]*)*(?:[ \t]+(?:administration|government|ministry|campaign|army|military|police))?")
_WORD_RE = re.compile(r"[\w.’'&/-]*\w\.?|[^\w\s]")
_PERSON_RE = re.compile(rf"\b{NAME_WORD}(?:\s+(?:{NAME_WORD}|(?:de|van|von|bin|da|al-[{_UP}][{_LOW}]+|Jr\.|Sr\.)\b))+")
_SINGLE_RE = re.compile(rf"\b{NAME_WORD}\b")


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention of an actor: canonical name, kind and where it stands."""

    name: str
    kind: str      # country, region, government, organization, outlet, person
    start: int
    end: int
    demonym: bool = False
    title: str = ""  # a person's title or role as written before the name ("chancellor"), lowercase


class Gazetteer:
    """All known names, matched longest first in one regular expression."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.names: dict[str, tuple[str, str, bool]] = {}
        self.capitals: set[str] = set()  # "Moscow said" is Russia speaking, but "in the town of Madrid" a place
        for country in data["countries"]:
            self._add(country["name"], country["name"], "country")
            for alias in country.get("aliases", []):
                self._add(alias, country["name"], "country")
            for demonym in country.get("demonyms", []):
                self._add(demonym, country["name"], "country", demonym=True)
            for capital in country.get("capitals", []):
                self._add(capital, country["name"], "country")
                self.capitals.add(capital)
        for region in data.get("regions", []):
            for alias in [region["name"], *region.get("aliases", [])]:
                self._add(alias, region["name"], "region")
        for body in data.get("government_bodies", []):
            for alias in [body["name"], *body.get("aliases", [])]:
                self._add(alias, body["name"], "government")
        for org in data.get("organizations", []):
            for alias in [org["name"], *org.get("aliases", [])]:
                self._add(alias, org["name"], "organization")
        for outlet in data.get("outlets", []):
            for alias in [outlet["name"], *outlet.get("aliases", [])]:
                self._add(alias, outlet["name"], "outlet")
        self.titles = sorted(data.get("titles", []), key=len, reverse=True)
        self.title_words = frozenset(w.rstrip(".").lower() for t in self.titles for w in t.split())
        self.group_nouns = frozenset(data.get("group_nouns", []))
        self.document_nouns = frozenset(data.get("document_nouns", []))
        self.person_roles = frozenset(data.get("person_roles", []))
        # names are looked up word by word (longest first) in runs of capitalised words, not by one
        # giant alternation: Python's regex engine tries every alternative at every position
        self.max_words = max(len(n.split()) for n in self.names)
        self.first_words = frozenset(n.split()[0] for n in self.names)
        lowercase = sorted((n for n in self.names if not n[:1].isupper()), key=len, reverse=True)
        self.lowercase = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, lowercase)) + r")(?![\w-])") \
            if lowercase else None

    def _add(self, alias: str, name: str, kind: str, demonym: bool = False) -> None:
        alias = alias.removeprefix("the ").strip()
        if alias and alias not in self.names:
            self.names[alias] = (name, kind, demonym)

    def lookup(self, text: str) -> tuple[str, str, bool] | None:
        text = re.sub(r"^(?:the|The)\s+", "", text.strip())
        return self.names.get(text)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Entity]:
        stop = len(text) if end is None else end
        found: list[Entity] = []
        first_words = self.first_words
        for run in _RUN_RE.finditer(text, start, stop):
            word = run.group()
            if " " not in word and "-" not in word and "\t" not in word:  # most runs are one word: look it up
                bare = _bare(word)
                if bare in first_words or bare.rstrip(".") in first_words:
                    self._find_in(text, [run], found)
                continue
            self._find_in(text, list(_WORD_RE.finditer(text, run.start(), run.end())), found)
        if self.lowercase is not None:
            for m in self.lowercase.finditer(text, start, stop):
                name, kind, demonym = self.names[m.group()]
                found.append(Entity(name, kind, m.start(), m.end(), demonym))
        return sorted(found, key=lambda e: e.start)

    def _find_in(self, text: str, words: list[re.Match[str]], found: list[Entity]) -> None:
        """Longest known names in one run of capitalised words."""
        i = 0
        while i < len(words):
            first = _bare(words[i].group())
            if first not in self.first_words and first.rstrip(".") not in self.first_words:
                if "-" in first:  # "U.S.-China": its parts
                    at = words[i].start()
                    for part in first.split("-"):
                        hit = self.names.get(part) or self.names.get(part.rstrip("."))
                        if hit is not None:
                            found.append(Entity(hit[0], hit[1], at, at + len(part), hit[2]))
                        at += len(part) + 1
                i += 1
                continue
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                last = words[i + n - 1]
                if n > 1 and " " in text[words[i + n - 2].end():last.start()].strip(" "):
                    continue
                candidate = text[words[i].start():last.end()]
                stop = last.end()
                if candidate.endswith(("’s", "'s")):  # "Ukraine’s forces": the name without its possessive
                    candidate, stop = candidate[:-2], stop - 2
                hit = self.names.get(candidate) or self.names.get(re.sub(r"\s+", " ", candidate))
                if hit is None and candidate.endswith("."):
                    hit, stop = self.names.get(candidate[:-1]), stop - 1  # "… the Kremlin."
                if hit is not None:
                    name, kind, demonym = hit
                    if kind in ("country", "region") and not demonym and i + n < len(words) \
                            and words[i + n].group() in _ORG_SUFFIXES:
                        i += n  # "Madrid District Hospital", "Moscow State University": a place in a longer name
                        break
                    at = words[i].start()
                    if candidate.rstrip(".") in self.capitals and _PLACE_BEFORE_RE.search(text, max(0, at - 12), at):
                        name, kind = candidate.rstrip("."), "region"  # "the town of Madrid", "in Moscow": the city
                    found.append(Entity(name, kind, words[i].start(), stop, demonym))
                    i += n
                    break
            else:
                i += 1


# a preposition of place right before a name: the name is a place ("in Kyiv", "the city of Madrid")
_PLACE_BEFORE_RE = re.compile(r"\b(?:in|of|at|near|outside|around)\s+$")


def _bare(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) else word


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(load("gazetteer.json"))


NOT_NAMES = _NOT_NAMES = frozenset(load("entities.json")["not_name_words"])
_PERSON_VERBS = "|".join(["said", "says", "told", "tells", "added", "wrote", "argued", "leads", "led", "has", "had", "is", "was",
                          "will", "would", "won", "wins", "announced", "called", "tweeted", "campaigned", "urged", "warned"])
# a capitalised word used like a person: "Clinton’s advantage", "Clinton said", "Trump leads"
_PERSON_USE_RE = re.compile(rf"\b([A-Z][a-z]+)(?:[’']s\b|\s+(?:{_PERSON_VERBS})\b)")
ORG_SUFFIXES = _ORG_SUFFIXES = frozenset(load("entities.json")["org_suffixes"])
_FIRST_NAMES = frozenset(load("entities.json")["first_names"])


class People:
    """The people a document names, so that "Scholz" and "he" find "Olaf Scholz"."""

    def __init__(self) -> None:
        self.by_last: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        last = name.split()[-1]
        full = self.by_last.get(last)
        if full and (len(full.split()) >= len(name.split())) and full.endswith(name.split()[-1]):
            return full if name in full or len(name.split()) == 1 else name
        return name

    def add(self, name: str) -> str:
        last = name.split()[-1].rstrip(".")
        if last in ("Jr", "Sr") and len(name.split()) > 2:
            last = name.split()[-2]
        known = self.by_last.get(last)
        if known is None or (len(name) > len(known) and name.split()[0] != known.split()[0] and len(known.split()) < 2):
            self.by_last[last] = name
        elif len(name.split()) >= 2 and len(known.split()) >= 2 and name.split()[0] != known.split()[0]:
            return name  # another person of the surname: "Bill Clinton" beside "Hillary Clinton"
        return self.by_last[last]


def strip_title(words: list[str], gaz: Gazetteer) -> list[str]:
    """Drop leading titles and roles: "German Chancellor Olaf Scholz" → ["Olaf", "Scholz"]."""
    i = 0
    while i < len(words) - 1 and (words[i].rstrip(".").lower() in gaz.title_words
                                  or words[i].lower() in gaz.person_roles or gaz.lookup(words[i]) is not None):
        i += 1
    return words[i:]


def find_people(text: str, taken: list[tuple[int, int]], people: People, gaz: Gazetteer) -> list[Entity]:
    """Person mentions not already taken by gazetteer matches."""
    found: list[Entity] = []
    mask = bytearray(len(text) + 1)
    for a, b in taken:
        mask[a:b] = b"\x01" * (b - a)

    def free(s: int, e: int) -> bool:
        return mask.find(1, s, e) == -1

    for m in _PERSON_RE.finditer(text):
        words = m.group().split()
        offset = m.start()
        if words[-1].endswith(("’s", "'s")):
            words[-1] = words[-1][:-2]  # "Donald Trump’s supporters": the name without its possessive
        possessive = [n for n, w in enumerate(words[:-1]) if w.endswith(("’s", "'s"))]
        if possessive:  # "the Green Party’s Jill Stein": the name starts after the possessive
            cut = possessive[-1] + 1
            offset = text.index(words[cut], offset + len(" ".join(words[:cut])))
            words = words[cut:]
        # drop sentence-initial or function words glued to the front ("The", "While", "President")
        titled, title = False, ""
        while words and (words[0] in _NOT_NAMES or words[0].rstrip(".").lower() in gaz.title_words
                         or words[0].lower() in gaz.person_roles or gaz.lookup(words[0]) is not None):
            if words[0].rstrip(".").lower() in gaz.title_words or words[0].lower() in gaz.person_roles:
                titled, title = True, f"{title} {words[0].rstrip('.').lower()}".strip()  # "vice president"
            offset += len(words[0])
            offset = text.index(words[1], offset) if len(words) > 1 else offset
            words = words[1:]
        if len(words) < 2 or any(w.strip(".") in _ORG_SUFFIXES and not (n == 0 and w in _FIRST_NAMES)
                                 for n, w in enumerate(words)) or any(w in _NOT_NAMES for w in words):
            if len(words) == 1 and titled and words[0] not in _ORG_SUFFIXES and free(offset, offset + len(words[0])):
                name = people.canonical(words[0])  # "President Biden"
                people.add(name)
                found.append(Entity(name, "person", offset, offset + len(words[0]), title=title))
            continue
        end = offset + len(" ".join(words))
        if text[offset:end] != " ".join(words):
            end = m.end()
        if free(offset, end):
            found.append(Entity(people.add(" ".join(words)), "person", offset, end, title=title))
    for e in found:
        mask[e.start:e.end] = b"\x01" * (e.end - e.start)
    singles = [(m.group().removesuffix("’s").removesuffix("'s"), m.start()) for m in _SINGLE_RE.finditer(text)
               if free(m.start(), m.end())]
    # a capitalised word used mid-sentence at least twice, known to no lexicon, is a surname ("Clinton")
    counts: dict[str, int] = {}
    for word, at in singles:
        if at > 1 and text[at - 2] not in ".!?\n\"“" and text[at - 1] == " ":
            counts[word] = counts.get(word, 0) + 1
    person_like = {m.group(1) for m in _PERSON_USE_RE.finditer(text)}
    for word, n in counts.items():
        if n >= 2 and word in person_like and word not in people.by_last and word not in _NOT_NAMES \
                and word not in _ORG_SUFFIXES and gaz.lookup(word) is None and word.lower() not in gaz.title_words:
            people.by_last[word] = word  # used like a person: "Clinton’s advantage", "Clinton said", "Trump leads"
    for word, at in singles:
        if word in people.by_last:
            found.append(Entity(people.by_last[word], "person", at, at + len(word)))
    return sorted(found, key=lambda e: e.start)


def find_entities(text: str) -> list[Entity]:
    """Every actor mention in a document, in order."""
    gaz = gazetteer()
    known = gaz.find(text)
    people = People()
    persons = find_people(text, [(e.start, e.end) for e in known], people, gaz)
    return sorted(known + persons, key=lambda e: e.start)
