"""The event an article reports, read from its headline (then its lede): the event noun with the words
that make it one event ("car bomb ramming attack", "Hurricane Dorian", "measles outbreak") and where
it happened ("in Samoa"). It names a story, and keys the story's tallies (deaths, injuries, cases…)
whose clause names only the counted group. Event nouns are data (``data/stories.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimgraph.core.lexicon import load
from claimgraph.track.story_terms import _places, _stop_words, lede

#: Words before the event noun kept in its phrase ("car bomb ramming attack"): a headline's modifiers
#: of its event rarely run longer in the corpus's Wikinews and wire headlines.
MODIFIERS = 3
#: Characters a story's name runs to before it is cut (a headline used as a name).
NAME_CHARS = 80

_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|\d[\d,.]*")


@dataclass(frozen=True, slots=True)
class Event:
    """What happened (its phrase, with its event noun) and where, when the text says so."""

    phrase: str
    noun: str
    place: str = ""

    @property
    def name(self) -> str:
        """ "Hurricane Dorian in the Bahamas", "Measles outbreak in Samoa"."""
        name = self.phrase[:1].upper() + self.phrase[1:]
        if self.place and self.place.casefold() not in name.casefold():
            name += f" in {self.place}"
        return name


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    return frozenset(load("stories.json")["event_nouns"])


def event(title: str | None, text: str) -> Event | None:
    """The event of the headline, else of the lede; None when neither names one."""
    for part in (title or "", lede(title, text)):
        found = _event_in(part)
        if found is not None:
            place = _place(title or "") or _place(lede(title, text))
            return Event(found[0], found[1], place)
    return None


def _event_in(text: str) -> tuple[str, str] | None:
    tokens = _TOKEN.findall(text)
    nouns, stop = _event_nouns(), _stop_words()
    for i, token in enumerate(tokens):
        if token.casefold() not in nouns:
            continue
        words = [token]
        for before in reversed(tokens[max(0, i - MODIFIERS):i]):
            if before.casefold() in stop or before[0].isdigit() or before.casefold() in _places():
                break
            words.insert(0, before)
        if token[0].isupper() and i + 1 < len(tokens) and tokens[i + 1][0].isupper():
            words.append(tokens[i + 1])  # "Hurricane Dorian", "Typhoon Phanfone"
        return " ".join(words), token.casefold()
    return None


def _place(text: str) -> str:
    """The first place the text names, as the gazetteer names it (a demonym gives its country)."""
    places = _places()
    words = _TOKEN.findall(text)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            found = places.get(" ".join(words[i:i + size]).casefold())
            if found is not None and words[i][0].isupper():
                return found.title() if found.islower() else found
    return ""


def story_name(title: str | None, text: str) -> str:
    """A story's readable name from its first article: the event it reports, else its headline."""
    found = _event_in(title or "")
    if found is not None and " " in found[0]:
        return Event(found[0], found[1], _place(title or "") or _place(lede(title, text))).name
    headline = " ".join((title or lede(None, text)[:NAME_CHARS] or "untitled").split())
    return headline if len(headline) <= NAME_CHARS else headline[:NAME_CHARS - 1] + "…"
