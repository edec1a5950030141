"""Near-duplicate detection: MinHash signatures over word shingles, with LSH bands kept in SQLite.

The same wire story on several sites (a new headline, a sentence cut, an outlet's boilerplate
line, other quote marks) shares most of its word 5-grams; unrelated articles share almost none.
A signature estimates the Jaccard similarity of two articles' 5-gram sets; the bands find the
candidates to compare without scanning the store.

Measured on /work/shared/corpus (330 articles; tests/test_syndication.py re-measures it and pins
the floors): every article paired with a lightly edited copy of itself (a changed headline, a
sentence dropped, an outlet's boilerplate line added, quote marks changed, all four at once, the
last quarter cut: 1,980 positive pairs) against all 54,284 pairs of distinct articles (less one
real republication in the corpus, a White House compilation of quotes re-issued the next day with
more: Jaccard 0.67, linked as it should be). Exact Jaccard of the 5-gram sets: edited copies
>= 0.36 (the lowest: a 53-word article with all four edits; all others >= 0.42); unrelated pairs
<= 0.26 (two US-China joint statements sharing their preamble). With the signatures, bands and
``SIMILARITY_THRESHOLD`` = 0.4 as ``Store.add`` uses them: recall 1,979/1,980 = 0.9995 (the one
miss is that 53-word article, estimated 0.36), precision 1.0 (no unrelated pair linked; the
closest estimates 0.28). Signing an article takes about 1 ms.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# Word 5-grams: 3-grams made template texts (joint statements, readouts) look alike (0.32 for
# the closest unrelated pair against 0.26 with 5-grams) while edited copies kept >= 0.36.
SHINGLE_WORDS = 5
# 256 permutations: the estimate's standard error is sqrt(J(1-J)/256) <= 0.031, small against
# the gap between the closest unrelated pair (0.26) and the threshold.
PERMUTATIONS = 256
# 64 bands of 4 rows: a pair at J=0.5 shares a band with probability 1-(1-0.5^4)^64 > 0.98, at
# J=0.4 0.81, at J=0.1 0.006 (few wasted comparisons).
BAND_ROWS = 4
BANDS = PERMUTATIONS // BAND_ROWS
# Estimated Jaccard at or above which two articles are one story. Chosen on the figures above
# (module docstring): 0.4 keeps the closest unrelated corpus pair (0.26-0.28) out by 4 standard
# # errors, and every edited copy but the shortest article's four-edit copy (0.36) in. 0.3 would
# catch that one too but leaves template-like texts (joint statements, readouts) one noisy
# estimate from a false link; 0.5 loses nothing more here but heavier real-world edits.
SIMILARITY_THRESHOLD = 0.4
# Below this many shingles (about a 30-word text) a signature says little: no syndication
# link is made (the exact-text duplicate check still applies).
MIN_SHINGLES = 25

_WORD = re.compile(r"\w+")

Signature = npt.NDArray[np.uint32]


def _coefficients() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The hash functions' (a, b): fixed forever by a hash, as stored signatures must stay comparable.

    Multiply-shift hashing (Dietzfelbinger 1996): ``(a*x + b) mod 2^64``, top 32 bits, with odd
    64-bit ``a`` and 64-bit ``b``, is universal on 32-bit ``x``; numpy's uint64 arithmetic wraps
    modulo 2^64 as it needs to.
    """
    raw = b"".join(hashlib.blake2b(f"claimgraph-minhash-{i}".encode(), digest_size=8).digest()
                   for i in range(2 * PERMUTATIONS))
    values = np.frombuffer(raw, dtype="<u8")
    return values[:PERMUTATIONS] | np.uint64(1), values[PERMUTATIONS:]


_A, _B = _coefficients()


def shingles(text: str) -> set[str]:
    """The text's word 5-grams, after NFKC and case folding (punctuation and quote marks drop out)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> Signature | None:
    """The MinHash signature of a text, or None when it is too short to judge."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    blake2b = hashlib.blake2b  # the minimum below does not depend on the shingles' order
    raw = b"".join([blake2b(g.encode(), digest_size=4).digest() for g in grams])
    hashes = np.frombuffer(raw, dtype="<u4").astype(np.uint64)
    permuted = np.multiply.outer(_A, hashes)
    permuted += _B[:, None]  # in place: half the time of building new arrays
    return (permuted.min(axis=1) >> np.uint64(32)).astype(np.uint32)  # the shift keeps order: min first


def similarity(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def bands(sig: Signature) -> list[tuple[int, int]]:
    """(band, bucket) pairs: two texts sharing any of them are candidates (signed 64-bit buckets for SQLite)."""
    rows = sig.astype("<u4").reshape(BANDS, BAND_ROWS)
    return [(i, int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little", signed=True))
            for i, row in enumerate(rows)]


def to_blob(sig: Signature) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> Signature:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def is_same_story(a: Signature, b: Signature) -> bool:
    """Whether two signatures are similar enough to be one story (``SIMILARITY_THRESHOLD``)."""
    return similarity(a, b) >= SIMILARITY_THRESHOLD


def jaccard(a: Sequence[str] | set[str], b: Sequence[str] | set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (for measuring the estimate)."""
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x | y else 1.0
