"""Entities across the store: the stored names that stand for one actor, grouped under one name.

The extractor already names countries, demonyms and capitals canonically and resolves a person's
short name within its document. Across documents, names are grouped here when they differ only by
a leading "the", a possessive, a title ("President Joe Biden"), a middle initial or case, when they
are gazetteer aliases of one organisation, when up to two words of description stand before a full
name ("Democrat Hillary Clinton"), when a lone surname belongs to one person's full name, and when a
qualified role ("the German chancellor") is, across the store, written before one person's name far
more often than before any other's ("German Chancellor Olaf Scholz"). The user's
corrections (``entity_corrections``) are applied on top, in order, every time the store is read:
the extracted rows are never rewritten, so re-ingestion and re-extraction keep the corrections.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from claimgraph.core.lexicon import load
from claimgraph.store.schema import StoreError

CORRECTION_KINDS = ("merge", "split", "rename")
# A surname names one person of several when that full name is mentioned more than twice as often
# as any other (the rule track.reading applies to subjects; one rule for both).
DOMINANT = 2
DESCRIPTION_WORDS = 2

_NAME_TOKEN = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?\.?$")
_POSSESSIVE = re.compile(r"[’']s?$")
_MIDDLE_INITIAL = re.compile(r"(?<=\w) [A-Z]\. (?=\w)")
# A mention as written is listed as an alias when it reads as a name: up to six words, each capitalised
# but for these joining words, not a pronoun ("she" resolved to a person is a mention, not a name).
ALIAS_WORDS = 6
_JOINING = frozenset(("of", "the", "and", "for", "de", "del", "der", "van", "von", "la", "le", "du", "da", "al", "bin"))
_PARTY_WORDS = frozenset(("republican", "republicans", "democratic", "democrat", "democrats", "gop", "labour",
                          "conservative", "tory", "liberal", "green"))
_DESCRIPTIONS = frozenset(("former", "rival", "fellow", "late", "then", "incumbent", "acting", "outgoing", "incoming",
                           "presidential", "candidate", "nominee", "hopeful"))
_PRONOUNS = frozenset(("i", "you", "he", "she", "it", "we", "they", "him", "her", "them", "his", "hers", "its",
                       "their", "this", "that", "these", "those", "who", "it’s", "it's"))


class EntityError(StoreError):
    """An entity correction that names no entity the store knows."""


@dataclass(slots=True)
class EntityGroup:
    """One actor: its shown name, kind, and the stored entities (id, name, mentions) behind it."""

    name: str
    kind: str | None
    members: list[tuple[int, str, int]] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [ident for ident, _, _ in self.members]

    @property
    def aliases(self) -> list[str]:
        return sorted({name for _, name, _ in self.members if name != self.name})

    @property
    def mentions(self) -> int:
        return sum(count for _, _, count in self.members)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, ...], dict[str, str]]:
    """Title words longest first, and every gazetteer alias (case folded) → its canonical name."""
    data = load("gazetteer.json")
    titles = tuple(sorted((t.casefold() for t in data["titles"]), key=len, reverse=True))
    aliases: dict[str, str] = {}
    for section in ("countries", "regions", "government_bodies", "organizations", "outlets"):
        for entry in data.get(section, []):
            for alias in (entry["name"], *entry.get("aliases", []), *entry.get("capitals", [])):
                aliases.setdefault(alias.removeprefix("the ").casefold(), entry["name"])
    return titles, aliases


def _strip(name: str) -> str:
    """The name as written without "the", a possessive or leading titles."""
    titles, _ = _lexicon()
    text = _POSSESSIVE.sub("", " ".join(name.split()).removeprefix("the ").removeprefix("The "))
    stripped = True
    while stripped:
        stripped = False
        for title in titles:
            if text.casefold().startswith(title + " ") and len(text) > len(title) + 1:
                text, stripped = text[len(title) + 1:], True
                break
    return text


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name as compared across documents: its gazetteer entry, else without "the", a possessive,
    leading titles ("President Joe Biden") or case."""
    aliases = _lexicon()[1]
    folded = _POSSESSIVE.sub("", " ".join(name.split()).removeprefix("the ").removeprefix("The ")).casefold()
    if folded in aliases:
        return aliases[folded].casefold()
    stripped = _MIDDLE_INITIAL.sub(" ", _strip(name)).casefold()  # "Donald J. Trump" is "Donald Trump"
    return aliases.get(stripped, stripped).casefold()


def _person_tokens(name: str, kind: str | None) -> list[str] | None:
    """The name's words when it reads as a person's full name (two or three capitalised words)."""
    if kind not in (None, "person"):
        return None
    tokens = name.split()
    if 2 <= len(tokens) <= 3 and all(_NAME_TOKEN.match(t) for t in tokens):
        return tokens
    return None


class Resolution:
    """The store's entities grouped into actors, corrections applied; look-ups by any name or alias."""

    def __init__(self, rows: Iterable[tuple[int, str, str | None, int]],
                 corrections: Iterable[tuple[str, str, str]] = (), roles: Iterable[tuple[int, str]] = ()) -> None:
        """``rows``: (id, name, kind, mentions) of every stored entity; ``roles``: (person id, role) for
        each mention that names a person with a role before the name ("German Chancellor Olaf Scholz")."""
        rows = list(rows)
        aliases = _lexicon()[1]
        self._parent: dict[int, int] = {ident: ident for ident, _, _, _ in rows}
        info = {ident: (name, kind, count) for ident, name, kind, count in rows}
        by_key: dict[str, int] = {}
        for ident, name, _, _ in rows:
            key = name_key(name)
            if key in by_key:
                self._union(by_key[key], ident)
            else:
                by_key[key] = ident
        for ident, name, kind, _ in rows:  # "Democrat Hillary Clinton", "Former President Bill Clinton"
            words = _strip(name).split()
            if kind not in (None, "person") or len(words) < 3 or not all(w[0].isupper() for w in words[-2:]):
                continue
            for size in (3, 2):  # a full name after at most two words of description
                tail = (by_key.get(name_key(" ".join(words[-size:])))
                        if size < len(words) <= size + DESCRIPTION_WORDS
                        and all(_describes(w) for w in words[:-size]) else None)
                if tail is not None and info[tail][1] in (None, "person") and _person_tokens(info[tail][0], "person"):
                    self._union(tail, ident)
                    break
        surnames: dict[str, Counter[int]] = defaultdict(Counter)
        for ident, name, kind, count in rows:
            tokens = _person_tokens(_strip(name), kind)
            if tokens is not None:  # a group's mentions under all its full names
                surnames[tokens[-1].casefold()][self._find(ident)] += max(count, 1)
        for ident, name, kind, _ in rows:
            key = name_key(name)
            if " " in key or kind not in (None, "person") or key in aliases or key not in surnames:
                continue
            ranked = surnames[key].most_common(2)
            if len(ranked) == 1 or ranked[0][1] > DOMINANT * ranked[1][1]:
                self._union(ranked[0][0], ident)
        holders: dict[str, Counter[int]] = defaultdict(Counter)
        for ident, held in roles:
            holders[held][self._find(ident)] += 1
        for ident, name, kind, _ in rows:  # "the German chancellor" in an article that names nobody with it
            role = role_key(name)
            if role is not None and role in holders and kind in (None, "person"):
                ranked = holders[role].most_common(2)
                if len(ranked) == 1 or ranked[0][1] > DOMINANT * ranked[1][1]:
                    self._union(ranked[0][0], ident)
        self.groups: dict[int, EntityGroup] = {}
        for ident, (name, kind, count) in info.items():
            root = self._find(ident)
            group = self.groups.setdefault(root, EntityGroup(name, kind))
            group.members.append((ident, name, count))
            group.kind = group.kind or kind
        for group in self.groups.values():
            group.name = _canonical(group.members, aliases)
        self.applied: list[bool] = [self._apply(kind, name, other) for kind, name, other in corrections]

    def _find(self, ident: int) -> int:
        while self._parent[ident] != ident:
            self._parent[ident] = self._parent[self._parent[ident]]
            ident = self._parent[ident]
        return ident

    def _union(self, keep: int, other: int) -> None:
        a, b = self._find(keep), self._find(other)
        if a != b:
            self._parent[b] = a

    def find(self, name: str) -> EntityGroup | None:
        """The actor with this shown name, else the one with a stored entity of this name (any case)."""
        folded = name.casefold()
        for group in self.groups.values():
            if group.name.casefold() == folded:
                return group
        for group in self.groups.values():
            if any(member.casefold() == folded for _, member, _ in group.members):
                return group
        key = name_key(name)
        for group in self.groups.values():
            if any(name_key(member) == key for _, member, _ in group.members):
                return group
        return None

    def group_of(self, ident: int) -> EntityGroup | None:
        for group in self.groups.values():
            if ident in group.ids:
                return group
        return None

    def _apply(self, kind: str, name: str, other: str) -> bool:
        """One correction on the groups as they stand; False when it names nothing present."""
        group = self.find(name)
        if group is None:
            return False
        if kind == "rename":
            group.name = other
            return True
        if kind == "merge":
            absorbed = self.find(other)
            if absorbed is None or absorbed is group:
                return False
            group.members.extend(absorbed.members)
            group.kind = group.kind or absorbed.kind
            self.groups = {root: g for root, g in self.groups.items() if g is not absorbed}
            return True
        folded = other.casefold()
        split = [m for m in group.members if m[1].casefold() == folded]
        if not split or len(split) == len(group.members):
            return False
        group.members = [m for m in group.members if m[1].casefold() != folded]
        if group.name.casefold() == folded:
            group.name = _canonical(group.members, _lexicon()[1])
        self.groups[split[0][0]] = EntityGroup(split[0][1], group.kind, split)
        return True


def _canonical(members: list[tuple[int, str, int]], aliases: dict[str, str]) -> str:
    """The gazetteer's name for the group when it has one, else its most mentioned full name of a person
    ("Donald Trump", not "Struggling Donald Trump"), else its most mentioned, fullest name."""
    for _, name, _ in members:
        found = aliases.get(name.removeprefix("the ").casefold())
        if found is not None and found in {m[1] for m in members}:
            return found
    return max(members, key=lambda m: (_person_tokens(m[1], "person") is not None and _strip(m[1]) == m[1]
                                       and not _describes(m[1].split()[0]), m[2], len(name_key(m[1]).split()),
                                       -m[0]))[1]


def resolution(conn: sqlite3.Connection) -> Resolution:
    """The store's entities as actors, with the user's corrections applied."""
    rows = [tuple(row) for row in conn.execute(
        "SELECT e.id, e.name, e.kind, (SELECT count(*) FROM mentions AS m WHERE m.entity_id = e.id) "
        "FROM entities AS e ORDER BY e.id")]
    return Resolution(rows, corrections(conn), _roles(conn, {role for *_, name, _, _ in rows
                                                             if (role := role_key(name)) is not None}))


def role_key(name: str) -> str | None:
    """A qualified role as compared across the store ("the German Chancellor" → "german chancellor"), or
    None: two to five words, no digits, the last a title or role word and one before it a country,
    demonym, body or party ("German", "White House", "Republican"). A role without one ("the prime
    minister", "the spokesman") is held by too many people to stand for one across articles."""
    words = " ".join(name.split()).removeprefix("the ").removeprefix("The ").removeprefix("a ").split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in name) or words[-1].rstrip(".").casefold() not in _role_words():
        return None
    if not any(_qualifies(" ".join(words[i:j])) for i in range(len(words) - 1) for j in range(i + 1, len(words))):
        return None
    return " ".join(words).casefold()


def _qualifies(words: str) -> bool:
    """A country, demonym, body or organisation of the gazetteer, or a party word."""
    from claimgraph.core.entities import gazetteer

    return words.casefold() in _PARTY_WORDS or gazetteer().lookup(words) is not None


def _describes(word: str) -> bool:
    """A word that describes a person before their name: a title or role, a country, demonym or body,
    a party, or a word such as "former" ("Former President Bill Clinton", "Democrat Hillary Clinton")."""
    folded = word.rstrip(".").casefold()
    return folded in _role_words() or folded in _title_words() or folded in _DESCRIPTIONS or _qualifies(word)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w.rstrip(".") for title in _lexicon()[0] for w in title.split())


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    data = load("gazetteer.json")
    return frozenset(w.rstrip(".").casefold() for t in data["titles"] for w in t.split()[-1:]) | frozenset(
        r.casefold() for r in data.get("person_roles", []))


def _roles(conn: sqlite3.Connection, wanted: set[str]) -> list[tuple[int, str]]:
    """(person id, role) of each mention written as a wanted role before the person's stored name."""
    if not wanted:
        return []
    found = []
    for ident, name, text in conn.execute(
            "SELECT e.id, e.name, m.text FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id "
            "WHERE coalesce(e.kind, 'person') = 'person' AND length(m.text) > length(e.name) + 2 "
            "AND substr(m.text, -length(e.name)) = e.name"):
        role = role_key(text[:-len(name)])
        if role in wanted and _person_tokens(name, "person") is not None:
            found.append((ident, role))
    return found


def corrections(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in conn.execute("SELECT kind, name, other FROM entity_corrections ORDER BY id")]


def entity_ids(conn: sqlite3.Connection, name: str, resolved: Resolution | None = None) -> list[int]:
    """Every stored entity of the actor this name (or alias, or a mention's text) stands for."""
    resolved = resolved or resolution(conn)
    found = resolved.find(name)
    ids = set(found.ids) if found is not None else set()
    # SQLite's NOCASE folds ASCII only, and is twenty times faster than calling casefold on every mention.
    query = ("SELECT DISTINCT entity_id FROM mentions WHERE text = ? COLLATE NOCASE" if name.isascii()
             else "SELECT DISTINCT entity_id FROM mentions WHERE casefold(text) = ?")
    for (ident,) in conn.execute(query, (name if name.isascii() else name.casefold(),)):
        group = resolved.group_of(ident) if found is None else None
        ids.update(group.ids if group is not None else (ident,))
    return sorted(ids)


def add_correction(conn: sqlite3.Connection, kind: str, name: str, other: str) -> EntityGroup:
    """Record a correction after checking it applies now; returns the actor as corrected."""
    if kind not in CORRECTION_KINDS:
        raise EntityError(f"unknown entity correction {kind!r}; use merge, split or rename")
    resolved = resolution(conn)
    group = resolved.find(name)
    if group is None:
        raise EntityError(f"no entity {name!r} in the store; `claimgraph entity list` shows the names")
    if kind == "merge" and resolved.find(other) in (None, group):
        raise EntityError(f"no entity {other!r} to merge into {group.name!r}"
                          if resolved.find(other) is None else f"{other!r} is already {group.name!r}")
    if kind == "split" and (other.casefold() not in {m[1].casefold() for m in group.members} or len(group.members) < 2):
        raise EntityError(f"{other!r} is not an alias of {group.name!r} that can be split off; its aliases: "
                          f"{', '.join(group.aliases) or '(none)'}")
    if kind == "rename" and not other.strip():
        raise EntityError("a new name cannot be empty")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("INSERT INTO entity_corrections (kind, name, other, created_at) VALUES (?, ?, ?, ?)",
                 (kind, name, other.strip(), now))
    after = resolution(conn)
    return after.find(other.strip() if kind == "rename" else name) or group


def resolved_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every actor: name, kind, aliases (stored names and mention texts), mentions, documents, reports."""
    resolved = resolution(conn)
    written: dict[int, set[str]] = defaultdict(set)
    for ident, text in conn.execute("SELECT DISTINCT entity_id, text FROM mentions"):
        written[ident].add(text)
    spread = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT m.entity_id, group_concat(DISTINCT d.id), group_concat(DISTINCT coalesce(d.syndicated_with, d.id)) "
        "FROM mentions AS m JOIN documents AS d ON d.id = m.document_id GROUP BY m.entity_id")}
    out: list[dict[str, Any]] = []
    for group in resolved.groups.values():
        if group.kind is None:
            continue  # a plain noun phrase ("troops", "the bridge"): a claim's subject, not an actor
        names = set(group.aliases) | {a for i in group.ids for t in written[i] if (a := written_alias(t))}
        docs = {d for i in group.ids for d in (spread.get(i, ("", ""))[0] or "").split(",") if d}
        reports = {d for i in group.ids for d in (spread.get(i, ("", ""))[1] or "").split(",") if d}
        out.append({"name": group.name, "kind": group.kind, "aliases": sorted(names - {group.name}),
                    "mentions": group.mentions, "documents": len(docs), "reports": len(reports)})
    out.sort(key=lambda row: (-row["mentions"], row["name"]))
    return out


def written_alias(text: str) -> str | None:
    """A mention as written, as an alias of its entity when it reads as a name (possessive dropped):
    "Mr. Trump", "US President Donald Trump"; not "she" or a clause cut short ("Trump unleashed a")."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split()
    if not 1 <= len(words) <= ALIAS_WORDS or words[0].casefold() in _PRONOUNS or words[-1].casefold() in _JOINING:
        return None
    if all(w[0].isupper() or not w[0].isalpha() or w.casefold() in _JOINING for w in words):
        return " ".join(words)
    return None
