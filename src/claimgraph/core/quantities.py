"""Find quantified phrases in a sentence: value, bound, unit and offsets, with the guidelines' scope rules.

Out of scope (GUIDELINES §1): dates, years, clock times, durations, frequencies, ages, ordinals,
numbers inside names ("G20", "F-16", "Boeing 707", "Article 5"), list numbering, phone numbers,
"one" as a pronoun, and hyphenated descriptors ("46-page", "two-year").
"""

from __future__ import annotations

from dataclasses import dataclass

from claimgraph.core.lexicon import load
from claimgraph.core.numbers import (
    MAX_VALUE,
    MULTIPLIERS,
    SCALES,
    TENS,
    UNITS,
    WORD_SCALES,
    parse_words,
)
from claimgraph.core.tokens import Tok, tokenize

_LEX = load("quantities.json")
_NUM = load("numbers.json")
BOUNDS_BEFORE: dict[str, str] = _LEX["bounds_before"]
BOUNDS_AFTER: dict[str, str] = _LEX["bounds_after"]
TIME_UNITS = frozenset(_LEX["time_units"])
MONTHS = frozenset(_LEX["months"])
UNIT_STOP = frozenset(_LEX["unit_stop"])
PRE_ADJECTIVES = frozenset(_LEX["pre_adjectives"])
IRREGULAR_HEADS = frozenset(_LEX["irregular_heads"])
NON_HEADS = frozenset(_LEX["non_heads"])
MEASURE_UNITS = frozenset(_LEX["measure_units"])
NAME_PREFIX_STOP = frozenset(_LEX["name_prefix_stop"])
VAGUE: dict[str, int] = _NUM["vague"]
FRACTIONS: dict[str, float] = _NUM["fractions"]
CURRENCIES: dict[str, str] = _NUM["currencies"]
CURRENCY_WORDS: dict[str, str] = _NUM["currency_words"]
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(MULTIPLIERS)
BOUND_MAX_WORDS = max(len(p.split()) for p in BOUNDS_BEFORE)
RATIO_BASES = {3, 4, 5, 10, 100, 1000}
# words that can open a number phrase; every other word is skipped without a look
STARTERS = (NUMBER_WORDS | frozenset(VAGUE) | frozenset(f.split()[0] for f in FRACTIONS)
            | frozenset(w.split("-")[0] for w in FRACTIONS) | {"a", "an", "tens", "several", "few"})
PRONOUN_ONE_NEXT = frozenset({"of", "another", "who", "that", "which", "day", "time", "way", "side", "thing", "point", "is", "was",
                              "hand", "more", "after", "by", "'s", "’s", "anyone", "must", "can", "could", "would"})
PRONOUN_ONE_PREV = frozenset({"no", "the", "any", "every", "each", "some", "anyone", "someone", "this", "that", "which",
                              "only", "no-one", "everyone", "than", "last", "little", "like", "loved", "right", "wrong"})

@dataclass(frozen=True, slots=True)
class Found:
    """A quantity found in text (offsets into the text given to ``find_quantities``)."""

    value: float
    bound: str
    unit: str
    start: int          # the whole phrase, bound words to unit
    end: int
    number_start: int   # the number as written
    number_end: int
    low: float | None = None
    high: float | None = None
    unit_start: int = -1
    unit_end: int = -1


CALL_WORDS = frozenset(_LEX["call_words"])
PERCENT_WORDS: dict[str, str] = _LEX["percent_words"]
PERCENT_PHRASES = sorted(PERCENT_WORDS, key=lambda p: -len(p.split()))  # "percentage points" before "percent"


def _is_head(word: str) -> bool:
    """Could this word end a counted noun phrase ("troops", "people", "rounds")?"""
    if word in IRREGULAR_HEADS or word in MEASURE_UNITS or word in CURRENCY_WORDS:
        return True
    if word in NON_HEADS or word in UNIT_STOP:
        return False
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


class _Scanner:
    """Walks a sentence's tokens and reads quantity phrases off them."""

    def __init__(self, text: str, toks: list[Tok]) -> None:
        self.text = text
        self.toks = toks

    def low(self, i: int) -> str:
        return self.toks[i].lower if 0 <= i < len(self.toks) else ""

    def kind(self, i: int) -> str:
        return self.toks[i].kind if 0 <= i < len(self.toks) else ""

    # -- numbers -------------------------------------------------------------------------
    def read_core(self, i: int) -> tuple[float, int] | None:
        """A number at token i (digits with an optional scale, or number words): (value, end index)."""
        t = self.toks[i]
        if t.kind == "num":
            value = float(t.text.replace(",", ""))
            if value > MAX_VALUE:
                return None  # a digit string (an id, a code), not a quantity
            j = i + 1
            nxt = self.low(j)
            if nxt in WORD_SCALES:
                return value * WORD_SCALES[nxt], j + 1
            if nxt in SCALES and not self.toks[j].spaced:
                after = self.kind(j + 1)
                if self._currency_before(i) or after != "word" or self.low(j + 1) in UNIT_STOP:
                    return value * SCALES[nxt], j + 1
            return value, j
        if t.kind != "word":
            return None
        words: list[str] = []
        j = i
        best: tuple[float, int] | None = None
        while j < len(self.toks) and self.toks[j].kind == "word":
            w = self.toks[j].lower
            parts = w.split("-")
            if not all(p in NUMBER_WORDS or (p in ("a", "an") and j == i) or (p == "and" and words) for p in parts):
                break
            words.append(w)
            parsed = parse_words(" ".join(words))
            if parsed is not None and words[-1] not in ("a", "an", "and"):
                best = (parsed, j + 1)
            j += 1
        return best

    def _currency_before(self, i: int) -> str | None:
        prev = self.low(i - 1)
        if prev in CURRENCIES and not (self.toks[i].spaced and prev not in ("usd", "eur", "gbp")):
            return CURRENCIES[prev]
        return None

    # -- scope -----------------------------------------------------------------------------
    def out_of_scope(self, i: int, j: int, value: float, has_unit_word: bool) -> bool:
        t = self.toks[i]
        prev, nxt = self.low(i - 1), self.low(j)
        if nxt.rstrip(".") in TIME_UNITS or (nxt in ("-", "–") and self.low(j + 1) in TIME_UNITS):
            return True  # durations, ages, clock times
        if prev in MONTHS or nxt in MONTHS or (prev == "." and self.low(i - 2) in MONTHS):
            return True  # dates
        if prev in ("aged", "age", "ages", "#", "no", "number", "/", ":") or nxt in ("/", ":", "th", "st", "nd", "rd"):
            return True
        if not has_unit_word and (prev in CALL_WORDS or (prev == "or" and self.kind(i - 2) == "num"
                                                          and self.low(i - 3) in CALL_WORDS)):
            return True  # "call 911 or 112", "dial 999": a number to call, not a count
        if t.kind == "num" and j == i + 1 and j < len(self.toks) and self.toks[j].kind == "word" \
                and not self.toks[j].spaced and nxt not in SCALES and nxt not in ("percent", "pct"):
            return True  # "1970s", "707s", "5th": a decade, a model, an ordinal
        if nxt in ("-", "–") and not self.toks[j].spaced and (j + 1 >= len(self.toks) or self.toks[j + 1].spaced):
            return True  # "18- to 24-year-old"
        if t.kind == "num":
            bare = "," not in t.text and "." not in t.text and j == i + 1
            if bare and 1000 <= value <= 2100 and not self._currency_before(i) and not has_unit_word:
                return True  # a year
            prev_tok = self.toks[i - 1] if i > 0 else None
            if (bare and prev_tok is not None and prev_tok.kind == "word" and prev_tok.text[:1].isupper()
                    and prev not in NAME_PREFIX_STOP and prev not in BOUNDS_BEFORE and not has_unit_word
                    and prev.rstrip(".") not in MONTHS):
                return True  # Boeing 707, Article 5, Resolution 2231
            if (bare and prev_tok is not None and prev_tok.kind == "word" and prev_tok.text.isupper()
                    and len(prev_tok.text) >= 2 and prev_tok.lower not in CURRENCY_WORDS and value < 1000):
                return True  # "WESH 2 news", "BBC 4", "COVID 19": a number in a broadcaster's or a code's name
            if nxt in (".", ")") and all(tok.kind == "sym" for tok in self.toks[:i]):
                return True  # list numbering: "1. Preamble", "**2. Towards …**", "(3)"
            if nxt in ("-", "–") and self.kind(j + 1) == "num" and self.low(j + 2) in ("-", "–"):
                return True  # phone numbers
            if prev in ("-", "–") and self.kind(i - 2) == "num" and self.low(i - 3) in ("-", "–"):
                return True
            if (prev == "," and nxt in (",", "―", "—", "–", ")") and value < 120 and bare and i >= 2
                    and self.toks[i - 2].text[:1].isupper()):
                return True  # "Tom Young, 30, of ...", "Crutcher, 40 ― a father" (an age)
            if prev in ("is", "was") and self.low(i - 2) == "who" and value < 120 and bare and not has_unit_word:
                return True  # "Donald Trump, who is 70" (an age)
            if prev == "." and self.low(i - 2) in ("no", "nos", "number", "vol", "art"):
                return True  # "mine No. 2"
        if t.lower == "one" and j == i + 1:
            if prev == "but":
                return False
            if nxt in PRONOUN_ONE_NEXT or prev in PRONOUN_ONE_PREV or self.kind(j) != "word":
                return True
        if prev == "the" and t.lower == "two" and j == i + 1:
            return True  # "the two leaders": a definite description, not a count
        if t.kind == "word" and t.text[:1].isupper() and i > 0 and self.toks[i - 1].kind == "word" and (
                self.toks[i - 1].text[:1].isupper() or (prev == "of" and self.toks[i - 2].text[:1].isupper())):
            return True  # "Ground Zero", "Air Force One", "the Group of Seven": a name
        if t.kind == "word" and t.text[:1].isupper() and i > 0 and j < len(self.toks) \
                and (self.toks[i - 1].kind == "word" or self.toks[i - 1].text in "“\"‘'") \
                and self.toks[j].kind == "word" and self.toks[j].text[:1].isupper() and not self.toks[j].text.isupper():
            return True  # "the “Seven Indispensable Pillars”": a number word in a capitalised name
        return False

    # -- bounds and units -------------------------------------------------------------------
    def bound_before(self, i: int) -> tuple[str | None, int]:
        """The bound phrase ending just before token i ("up to", "more than"), skipping one "the"."""
        for skip in (0, 1):
            end = i - skip
            if skip and self.low(end) not in ("the", "a"):
                break
            for n in range(BOUND_MAX_WORDS, 0, -1):
                if end - n < 0:
                    continue
                words = [self.toks[k].lower for k in range(end - n, end)]
                phrase = " ".join(words)
                if phrase in BOUNDS_BEFORE:
                    return BOUNDS_BEFORE[phrase], end - n
        return None, i

    def bound_after(self, j: int) -> tuple[str | None, int]:
        for n in (2, 1):
            phrase = " ".join(self.low(k) for k in range(j, j + n))
            if phrase in BOUNDS_AFTER:
                return BOUNDS_AFTER[phrase], j + n
        return None, j

    def unit_after(self, j: int) -> tuple[str, int, int]:
        """The counted noun phrase after the number: (unit, first token, end token)."""
        k = j
        if self.low(k) == "of" and self.low(k + 1) in ("its", "their", "the", "his", "her", "our", "these", "those"):
            if self.kind(k + 2) == "word" and self.low(k + 2) not in NUMBER_WORDS:
                k += 2
        while self.low(k) in ("more", "most", "additional", "new", "other", "further", "extra") and self.kind(k + 1) == "word":
            if self.low(k + 1) in UNIT_STOP and self.low(k) != "most":
                break
            k += 1
        start = k
        words: list[str] = []
        while k < len(self.toks) and len(words) < 5:
            tok = self.toks[k]
            if tok.kind != "word" or (tok.lower in UNIT_STOP and tok.lower != "times"):
                break
            if tok.lower in NUMBER_WORDS or tok.lower.endswith("ly") or tok.lower.rstrip(".") in MONTHS:
                break
            if words and tok.lower.endswith("ed") and not tok.text[:1].isupper():
                break
            if tok.lower.endswith("ing") and (self.kind(k + 1) != "word" or self.low(k + 1) in UNIT_STOP):
                break
            words.append(tok.text)
            k += 1
            if "." in tok.text and self.low(k) == "." and not self.toks[k].spaced:
                words[-1] += "."  # "U.S. forces": an abbreviation keeps its full stop
                k += 1
            if tok.lower == "times" or (_is_head(tok.lower) and not (
                    tok.lower in IRREGULAR_HEADS and self.kind(k) == "word" and _is_head(self.low(k)))):
                break
        if not words:
            return "", start, start
        if not _is_head(words[-1].lower()) and self.low(k) in (",", "and", "or"):
            head = self._coordinated_head(k)  # "1 million grenade, mortar, and artillery rounds"
            if head is not None:
                words = [self.text[self.toks[start].start:self.toks[head].end]]
                k = head + 1
        if not any(_is_head(w.lower()) or w.lower() == "times" for w in words) and len(words) > 2:
            words, k = words[:1], start + 1
        return " ".join(words).lower() if not words[0][:1].isupper() else " ".join(words), start, k

    def _coordinated_head(self, k: int) -> int | None:
        """The plural head that coordinated modifiers share: the index of "rounds" in ", mortar, and artillery rounds"."""
        for x in range(k, min(k + 8, len(self.toks))):
            tok = self.toks[x]
            if tok.kind == "num" or tok.lower in NUMBER_WORDS:
                return None  # "six Orthodox, four Protestants": a new number, a new phrase
            if tok.kind == "word" and _is_head(tok.lower) and tok.lower not in UNIT_STOP and not (
                    tok.lower in IRREGULAR_HEADS and self.kind(x + 1) == "word" and _is_head(self.low(x + 1))):
                return x
            if not (tok.text == "," or tok.lower in ("and", "or") or (tok.kind == "word" and tok.lower not in UNIT_STOP)):
                return None
        return None

    def unit_before(self, i: int) -> tuple[str, int, int]:
        """For "the likely voter sample is 651": the noun phrase before a copula."""
        k = i - 1
        if self.low(k) not in ("is", "was", "are", "were", "totaled", "totalled", "reached", "stood", "at"):
            return "", i, i
        if self.low(k) == "at" and self.low(k - 1) == "stood":
            k -= 1
        end = k
        words: list[str] = []
        k -= 1
        while k >= 0 and self.toks[k].kind == "word" and self.toks[k].lower not in UNIT_STOP and len(words) < 4:
            words.insert(0, self.toks[k].text)
            k -= 1
        return (" ".join(words).lower(), k + 1, end) if words else ("", i, i)


def _special(sc: _Scanner, i: int) -> tuple[float, str, str, int] | None:
    """Vague plurals, fractions and ratios at token i: (value, bound, unit-hint, end index)."""
    w = sc.low(i)
    nxt = sc.low(i + 1)
    # tens of thousands, hundreds of millions
    if w in ("tens", "hundreds") and nxt == "of" and sc.low(i + 2) in VAGUE and VAGUE[sc.low(i + 2)] >= 1000:
        end = i + 3
        return {"tens": 10, "hundreds": 100}[w] * VAGUE[sc.low(i + 2)], "at_least", "", end + (sc.low(end) == "of")
    if w in VAGUE and sc.low(i - 1) not in ("tens", "hundreds") and sc.kind(i - 1) != "num":
        if w in ("scores",) and nxt != "of":
            return None
        return float(VAGUE[w]), "at_least", "", i + 1 + (nxt == "of")
    if w in ("several", "a few", "few") and nxt in MULTIPLIERS and nxt != "dozen" or (w == "several" and nxt == "dozen"):
        return float(MULTIPLIERS[nxt]), "at_least", "", i + 2
    # fractions: "half of", "a third", "two-thirds of"
    two = f"{w} {nxt}"
    if two in FRACTIONS or (w in FRACTIONS and " " not in w):
        frac_text, end = (two, i + 2) if two in FRACTIONS else (w, i + 1)
        after = sc.low(end)
        if sc.low(i - 1) in ("first", "second", "last", "latter", "other") or after.rstrip(".") in TIME_UNITS:
            return None
        if after in ("of", "the", "its", "their", "his", "her", "our", "", ".", ",", ";", "from", "to", "in", "since", "by", "over", "and"):
            if after == "of" and sc.kind(end + 1) == "num":
                return None  # "half of 1 percent": read by the caller as a scaled number
            if sc.low(end + 1).rstrip(".") in TIME_UNITS or sc.low(end + 2).rstrip(".") in TIME_UNITS:
                return None
            return round(FRACTIONS[frac_text] * 100, 2), "exact", "percent", end
        if after in ("a", "an"):
            return None  # "half a percentage point": handled as a scaled number
        return None
    return None


def find_quantities(text: str, start: int = 0, end: int | None = None, toks: list[Tok] | None = None) -> list[Found]:
    """Every in-scope quantity in ``text[start:end]`` (usually one sentence); offsets into ``text``.

    ``toks``, when given, are ``tokenize(text, start, end)`` already computed by the caller."""
    if toks is None:
        toks = tokenize(text, start, end)
    sc = _Scanner(text, toks)
    found: list[Found] = []
    i = 0
    last_unit = ""
    while i < len(toks):
        t = toks[i]
        if t.kind != "num" and (t.kind != "word" or t.lower.split("-", 1)[0] not in STARTERS):
            i += 1
            continue
        factor = 1.0
        first = i
        special = _special(sc, i) if t.kind == "word" else None
        if special is None and t.kind == "word":
            frac_key = t.lower if t.lower in FRACTIONS else f"{t.lower} {sc.low(i + 1)}"
            frac = FRACTIONS.get(frac_key)
            if frac:
                k = i + len(frac_key.split())
                if sc.low(k) in ("a", "an") and sc.kind(k + 1) == "word" and sc.low(k + 1) not in NUMBER_WORDS:
                    f = _finish(sc, first, k, frac, k + 1, "exact", found, last_unit)  # "half a percentage point"
                    if f:
                        found.append(f)
                        last_unit = f.unit or last_unit
                    i = k + 1
                    continue
                if sc.low(k) == "of" and sc.kind(k + 1) == "num":
                    factor, i = frac, k + 1  # "half of 1 percent"
        if special is not None:
            value, bound, unit_hint, j = special
            f = _finish(sc, first, first, value, j, bound, found, last_unit, unit_hint=unit_hint)
            if f:
                found.append(f)
                last_unit = f.unit or last_unit
            i = max(j, i + 1)
            continue
        core = sc.read_core(i)
        if core is None:
            i += 1
            continue
        value, j = core
        # ratios: "eight of 10 voters", "nine in 10", "eight out of 10"
        ratio_at = j + 1 if sc.low(j) in ("of", "in") else j + 2 if (sc.low(j), sc.low(j + 1)) == ("out", "of") else 0
        if ratio_at and sc.kind(ratio_at) in ("num", "word"):
            base = sc.read_core(ratio_at)
            if base and base[0] in RATIO_BASES and value <= base[0] and sc.low(ratio_at) not in ("a", "an"):
                f = _finish(sc, first, i, round(value / base[0] * 100, 2), base[1], "exact", found, last_unit,
                            unit_hint="percent")
                if f:
                    found.append(f)
                    last_unit = f.unit
                i = base[1]
                continue
        f = _finish(sc, first, i, value * factor, j, "exact", found, last_unit)
        if f:
            found.append(f)
            last_unit = f.unit or last_unit
            i = max(j, _token_index_after(toks, f.end, j))
        elif sc.low(j) in ("to", "-", "–", "and", "through") and sc.kind(j + 1) == "num":
            i = j + 2  # the partner of an out-of-scope number ("Sept. 19 to 22", "from 2001 to 2014")
        else:
            i = j if j > i else i + 1
    return found


def _token_index_after(toks: list[Tok], offset: int, default: int) -> int:
    for k, t in enumerate(toks):
        if t.start >= offset:
            return k
    return len(toks) if toks and toks[-1].end <= offset else default


def _percent_word(sc: _Scanner, j: int) -> tuple[str, int] | None:
    """The share unit written at token j ("percent", "per cent", "%", "percentage points") and the token
    after it; the longest phrase of the lexicon wins."""
    for phrase in PERCENT_PHRASES:
        n = len(phrase.split())
        if " ".join(sc.low(x) for x in range(j, j + n)) == phrase:
            return PERCENT_WORDS[phrase], j + n
    return None


def _finish(sc: _Scanner, first: int, i: int, value: float, j: int, bound: str, found: list[Found],
            last_unit: str, unit_hint: str = "") -> Found | None:
    """Scope check, currency, percent, range, bound and unit for a number read at tokens [i, j)."""
    toks = sc.toks
    currency = sc._currency_before(i)
    num_start_idx = i - 1 if currency else i
    if currency and sc.low(i - 2) == "us" and sc.low(i - 1) == "$":
        num_start_idx = i - 2
    unit = unit_hint
    k = j
    # percent words right after the number
    percent = _percent_word(sc, j)
    if percent is not None:
        unit, k = percent
    has_unit_word = bool(unit) or bool(currency) or (
        sc.kind(j) == "word" and _is_head(sc.low(j)) and sc.low(j).rstrip(".") not in MONTHS)
    if sc.out_of_scope(i, j, value, has_unit_word):
        return None
    # ranges: "10,000 to 12,000", "between 5 and 7 billion", "10-12"
    low = high = None
    joiner = sc.low(k)
    between = sc.low(min(first, num_start_idx) - 1) == "between"  # "between 5 and 7", "between US$300 and 400"
    second_at = k + 2 if currency and sc.low(k + 1) == sc.low(i - 1) else k + 1  # "$10,000 to $20,000"
    if (joiner in ("to", "-", "–") or (joiner == "and" and between)) and k == j and sc.kind(second_at) in ("num", "word"):
        second = sc.read_core(second_at)
        if second and (joiner != "-" or not sc.toks[k].spaced):
            hi_value, hj = second
            if hi_value > value:
                scale = next((WORD_SCALES[sc.low(x)] for x in range(k + 1, hj) if sc.low(x) in WORD_SCALES), 1)
                lo_value = value * scale if scale > 1 and value * scale <= hi_value and value < hi_value / scale * 1.0001 else value
                low, high, value, bound, k = lo_value, hi_value, lo_value, "range", hj
                percent = _percent_word(sc, k)
                if percent is not None:
                    unit, k = percent
    # bounds
    start_idx = min(first, num_start_idx)
    if bound != "range":
        before, b_idx = sc.bound_before(start_idx)
        if before:
            bound = before if bound == "exact" else bound
            start_idx = b_idx
        after, a_idx = sc.bound_after(k)
        if after and bound in ("exact",):
            bound, k = after, a_idx
    if between and bound == "range":
        start_idx -= 1
    # units
    unit_start = unit_end = -1
    if currency:
        unit = currency
    if not unit:
        u, us, ue = sc.unit_after(k)
        if u and u.lower() in CURRENCY_WORDS:
            u = CURRENCY_WORDS[u.lower()]
        if not u:
            u, us, ue = sc.unit_before(start_idx)
        if not u and sc.low(i - 1) == "to" and last_unit and found:
            u = last_unit  # "leads 46 percent to 44"
        unit = u
        if u and ue > us:
            unit_start, unit_end = toks[us].start, toks[ue - 1].end
            if ue > k and us >= k:
                k = ue
    if not unit and not currency and sc.low(start_idx - 1) in ("the", "any", "this", "that", "each", "a") \
            and toks[i].kind == "num" and "," not in toks[i].text:
        return None  # "the 707 was a freighter": a bare number after a determiner names a model
    start_char = toks[start_idx].start
    end_char = toks[k - 1].end if k > 0 else toks[j - 1].end
    return Found(value=value, bound=bound, unit=unit, start=start_char, end=max(end_char, toks[j - 1].end),
                 number_start=toks[num_start_idx].start, number_end=toks[j - 1].end, low=low, high=high,
                 unit_start=unit_start, unit_end=unit_end)
