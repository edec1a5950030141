"""Schema and consistency checks for the shipped actor gazetteer (claimgraph/data/gazetteer.json)."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

ENTRY_SECTIONS = ("countries", "regions", "government_bodies", "organizations", "outlets")
WORD_SECTIONS = ("titles", "group_nouns", "document_nouns", "person_roles")
ENTRY_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "countries": {"name": str, "aliases": list, "demonyms": list, "capitals": list},
    "regions": {"name": str, "country": (str, type(None)), "aliases": list},
    "government_bodies": {"name": str, "country": (str, type(None)), "aliases": list},
    "organizations": {"name": str, "aliases": list},
    "outlets": {"name": str, "aliases": list},
}
SURFACE_FIELDS = ("name", "aliases", "demonyms", "capitals")


def _load() -> dict[str, Any]:
    text = resources.files("claimgraph").joinpath("data", "gazetteer.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def gaz() -> dict[str, Any]:
    return _load()


def _key(surface: str) -> str:
    return surface[4:] if surface[:4].lower() == "the " else surface


def _surfaces(entry: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for field in SURFACE_FIELDS:
        value = entry.get(field)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(value)
    return out


def _lookup(gaz: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for section in ENTRY_SECTIONS:
        for entry in gaz[section]:
            for surface in _surfaces(entry):
                index[_key(surface)].add((section, entry["name"]))
    return index


def test_top_level_keys(gaz: dict[str, Any]) -> None:
    assert set(gaz) == {"_comment", *ENTRY_SECTIONS, *WORD_SECTIONS}
    assert isinstance(gaz["_comment"], str) and gaz["_comment"].strip()


@pytest.mark.parametrize("section", ENTRY_SECTIONS)
def test_entry_schema(gaz: dict[str, Any], section: str) -> None:
    entries = gaz[section]
    assert isinstance(entries, list) and entries
    spec = ENTRY_KEYS[section]
    for entry in entries:
        assert isinstance(entry, dict)
        assert set(entry) == set(spec), entry
        for field, kind in spec.items():
            assert isinstance(entry[field], kind), (section, entry["name"], field)
        assert entry["name"].strip() == entry["name"] and entry["name"], entry
        for surface in _surfaces(entry):
            assert isinstance(surface, str), (section, entry["name"], surface)
            assert surface and surface == surface.strip(), (section, entry["name"], repr(surface))
        for field in ("aliases", "demonyms", "capitals"):
            if field in entry:
                assert len(entry[field]) == len(set(entry[field])), (section, entry["name"], field)
    names = [entry["name"] for entry in entries]
    assert len(names) == len(set(names)), section


@pytest.mark.parametrize("section", WORD_SECTIONS)
def test_word_lists(gaz: dict[str, Any], section: str) -> None:
    words = gaz[section]
    assert isinstance(words, list)
    assert 30 <= len(words) <= 150, (section, len(words))  # word lists, not dumps of a corpus
    assert all(isinstance(w, str) and w and w == w.strip() for w in words)
    assert len(words) == len(set(words)), section
    if section != "titles":
        assert all(w == w.lower() for w in words), section


def test_no_alias_collisions(gaz: dict[str, Any]) -> None:
    clashes = {k: sorted(v) for k, v in _lookup(gaz).items() if len(v) > 1}
    assert not clashes, clashes


def test_countries_of_regions_and_bodies_exist(gaz: dict[str, Any]) -> None:
    countries = {c["name"] for c in gaz["countries"]}
    for section in ("regions", "government_bodies"):
        for entry in gaz[section]:
            if entry["country"] is not None:
                assert entry["country"] in countries, (section, entry["name"], entry["country"])


def test_country_coverage(gaz: dict[str, Any]) -> None:
    names = {c["name"] for c in gaz["countries"]}
    assert len(names) >= 197
    assert {"Taiwan", "Kosovo", "Palestine", "Vatican City", "United States", "United Kingdom", "China"} <= names


@pytest.mark.parametrize(
    ("surface", "section", "name"),
    [
        ("Pyongyang", "countries", "North Korea"),
        ("North Korean", "countries", "North Korea"),
        ("North Koreans", "countries", "North Korea"),
        ("DPRK", "countries", "North Korea"),
        ("Kyiv", "countries", "Ukraine"),
        ("Kiev", "countries", "Ukraine"),
        ("Washington", "countries", "United States"),
        ("U.S.", "countries", "United States"),
        ("Britain", "countries", "United Kingdom"),
        ("Britons", "countries", "United Kingdom"),
        ("Burma", "countries", "Myanmar"),
        ("Türkiye", "countries", "Turkey"),
        ("Côte d'Ivoire", "countries", "Ivory Coast"),
        ("Kremlin", "government_bodies", "Kremlin"),
        ("the Kremlin", "government_bodies", "Kremlin"),
        ("Department of Defense", "government_bodies", "Pentagon"),
        ("Bloomberg", "outlets", "Bloomberg"),
        ("VOA", "outlets", "Voice of America"),
        ("G20", "organizations", "G20"),
        ("IMF", "organizations", "International Monetary Fund"),
        ("Houthi", "organizations", "Houthis"),
        ("Kursk Oblast", "regions", "Kursk"),
        ("Gaza Strip", "regions", "Gaza"),
    ],
)
def test_spot_checks(gaz: dict[str, Any], surface: str, section: str, name: str) -> None:
    assert _lookup(gaz)[_key(surface)] == {(section, name)}


def test_spot_check_countries(gaz: dict[str, Any]) -> None:
    by_section = {s: {e["name"]: e for e in gaz[s]} for s in ENTRY_SECTIONS}
    assert by_section["government_bodies"]["Kremlin"]["country"] == "Russia"
    assert by_section["government_bodies"]["White House"]["country"] == "United States"
    assert by_section["regions"]["Crimea"]["country"] == "Ukraine"
    # "Washington" is the US capital only; nothing else may claim it.
    assert "Washington" not in by_section["regions"]
    # Ambiguous words stay canonical country names (the extractor disambiguates them); no other entry uses them.
    index = _lookup(gaz)
    for word in ("Chad", "Jordan", "Georgia", "Niger", "Guinea"):
        assert index[word] == {("countries", word)}
