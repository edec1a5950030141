"""Parse number expressions as written in news: "100,000", "1.5 million", "$2bn", "two dozen", "twenty-five".

Pure functions over strings; the lexicon (number words, scales) is data in ``data/numbers.json``.
``parse_number`` never raises on arbitrary text: it returns ``None`` for what is not a number.
"""

from __future__ import annotations

import re

from claimgraph.core.lexicon import load

_LEX = load("numbers.json")
UNITS: dict[str, int] = _LEX["units"]            # "one" → 1 … "nineteen" → 19
TENS: dict[str, int] = _LEX["tens"]              # "twenty" → 20 …
SCALES: dict[str, int] = _LEX["scales"]          # "thousand" → 1000, "bn" → 1e9 …
WORD_SCALES: dict[str, int] = {w: v for w, v in SCALES.items() if len(w) > 2}
MULTIPLIERS: dict[str, int] = {"hundred": 100, "dozen": 12, **WORD_SCALES}

MAX_VALUE = 1e15  # larger "numbers" are digit strings (ids, codes), not quantities
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_DIGITS_RE = re.compile(rf"^(?:{DIGITS})$")
_SPLIT_RE = re.compile(r"[\s\-]+")


def parse_digits(text: str) -> float | None:
    """ "100,000" → 100000.0, "4.3" → 4.3; None unless the whole string is a digit number."""
    text = text.strip()
    if not _DIGITS_RE.match(text):
        return None
    value = float(text.replace(",", ""))
    return value if value <= MAX_VALUE else None


def parse_words(text: str) -> float | None:
    """Number words: "sixteen" → 16, "twenty-five" → 25, "two hundred thousand" → 200000,
    "a dozen" → 12, "two dozen" → 24, "1.5 million" → 1500000, "a million" → 1000000."""
    words = [w for w in _SPLIT_RE.split(text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen_number = False
    for i, word in enumerate(words):
        digits = parse_digits(word)
        if digits is not None:
            if seen_number and current:
                return None  # "5 6" is two numbers, not one
            current += digits
        elif word in ("a", "an") and i == 0 and len(words) > 1:
            current = 1
        elif word in UNITS:
            if current % 100 >= 20 and current % 10 == 0 and UNITS[word] < 10:
                current += UNITS[word]  # "twenty one"
            elif current % 100:
                return None
            else:
                current += UNITS[word]
        elif word in TENS:
            if current % 100:
                return None
            current += TENS[word]
        elif word in MULTIPLIERS:
            factor = MULTIPLIERS[word]
            if factor < 1000:
                current = (current or 1) * factor
            else:
                total += (current or 1) * factor
                current = 0
        else:
            return None
        if total + current > MAX_VALUE:
            return None  # "hundred hundred hundred …" is not a number anyone writes
        seen_number = True
    return total + current


def parse_number(text: str) -> float | None:
    """Any single number expression: digits, words, digits with a scale ("$2bn" without the currency)."""
    text = text.strip()
    if text.startswith(("-", "−", "–")):
        return None  # a signed figure is not a count we read
    value = parse_digits(text)
    if value is not None:
        return value
    match = re.match(rf"^({DIGITS})\s*([a-zA-Z]+)$", text)
    if match and match.group(2).lower() in SCALES:
        return float(match.group(1).replace(",", "")) * SCALES[match.group(2).lower()]
    return parse_words(text)
