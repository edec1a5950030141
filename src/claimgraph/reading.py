"""The reading edge: bytes in, text fit for the extraction pipeline out, or an error naming the input.

Parsers take bytes or open binary files; only ``read_path`` touches the file system. Offsets
in the output are into the decoded text (for valid UTF-8: the file decoded as UTF-8, as the
output contract says; a byte-order mark is kept as U+FEFF so offsets match the scorer's).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO, TypeVar

from claimgraph.models import Claim, Mention, Quantity, Source, Span, TimeRef

# The most a file, a page or a record may be, for `extract` here and for `ingest` (its --max-bytes
# default) and `batch` through claimgraph.ingest.formats, the input formats' registry, which takes it
# from this module (the lowest layer that reads files). A news page is a few hundred kB at most (the
# largest recorded page in shared/html is 1.2 MB, the corpus's largest text 34 kB); 10 MB leaves room
# for inline images and scripts and is a dump of hundreds of articles, better split than read as one.
MAX_INPUT_BYTES = 10_000_000
# Longer texts are fed to the pipeline in chunks this long at most: spaCy warns that its
# parser and NER need about 1 GB of temporary memory per 100,000 characters.
CHUNK_CHARS = 100_000
# How much of a file's head is looked at to tell what it is, for every sniff (binary bytes here; kinds,
# compressions and declared charsets in claimgraph.ingest): git's binary check reads 8,000 bytes, the
# HTML standard looks for <meta charset> in the first 1,024; an XML declaration, a doctype and leading
# comments fit in either.
SNIFF_BYTES = 8192
# Text files have almost no C0 control bytes besides \t \n \r \f \v and ESC; binary formats
# without NUL bytes in their head still have many. 10% is far from both.
MAX_CONTROL_SHARE = 0.10
_CONTROL_BYTES = bytes(sorted(set(range(32)) - set(b"\t\n\r\f\v\x1b")))
# Share of letters that are Cyrillic-range bytes (0xC0-0xFF) in undecodable text. Measured on
# the news paragraphs in tests/conftest.py: Russian in windows-1251 1.0; French and German in
# windows-1252 below 0.03 (accented letters are a few per cent of Latin text). Halfway between.
CYRILLIC_SHARE = 0.5
# Language sniffing: share of words (on prose lines of 6+ words) that are these English function
# words. Measured: every English article in shared/corpus is above 0.20; the French and German
# paragraphs in tests/conftest.py are below 0.05. English letters are almost all ASCII (corpus: >0.99).
ENGLISH_WORDS = frozenset((
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "on", "it", "with", "as", "was", "by",
    "at", "from", "he", "said", "be", "are", "this", "have", "has", "not", "but", "an", "his", "they", "were",
))
MIN_ENGLISH_SHARE = 0.08
MIN_ASCII_LETTER_SHARE = 0.8
LANGUAGE_SAMPLE_CHARS = 50_000
MIN_WORDS_TO_JUDGE = 30
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CYRILLIC_RANGE = bytes(range(0xC0, 0x100))
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LEGACY_NAMES = {"cp1252": "windows-1252", "cp1251": "windows-1251", "latin-1": "ISO-8859-1"}


class InputError(ValueError):
    """An input that cannot be read as text. The message names the input and says what to do."""


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded input: its text, the encoding it was read with, and what its reader should know."""

    name: str
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_path(path: str | os.PathLike[str]) -> Text:
    """Read a file by its path (the thin path-taking wrapper around ``read_file``)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fp:
            return read_file(fp, name)
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file: {exc.strerror or exc}") from exc


def read_file(fp: BinaryIO, name: str, *, max_bytes: int = MAX_INPUT_BYTES) -> Text:
    """Read an open binary file; refuse one over ``max_bytes`` without reading it all."""
    data = fp.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{name}: file is too large (over {max_bytes / 1e6:g} MB); "
                         "split it into one file per article")
    return decode(data, name)


def decode(data: bytes, name: str, *, language: bool = True) -> Text:
    """Turn a file's bytes into text, refusing empty and binary input and reporting fallbacks (and,
    with ``language``, text that does not look like English)."""
    if not data:
        raise InputError(f"{name}: file is empty")
    if reason := binary_reason(data):
        raise InputError(f"{name}: looks binary ({reason}); claimgraph reads plain text files"
                         + (" (UTF-16 text needs a byte-order mark, or save it as UTF-8)"
                            if "NUL" in reason else ""))
    try:
        text, encoding, note = _decode_text(data)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
                         f"({exc.reason}); save it as UTF-8") from exc
    if not text.strip().lstrip("\ufeff"):
        raise InputError(f"{name}: file is empty (only white space)")
    warnings = [f"{name}: {note}"] if note else []
    if language and (reason := foreign_language_reason(text)):
        warnings.append(f"{name}: text does not look like English ({reason}); claims may be missing")
    return Text(name, text, encoding, tuple(warnings))


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks like a binary file (NUL bytes, many control bytes), or None."""
    if data.startswith(_UTF16_BOMS):
        return None  # UTF-16 with a byte-order mark: NUL bytes are expected.
    if b"\x00" in data:
        return "it contains NUL bytes"
    head = data[:SNIFF_BYTES]
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > MAX_CONTROL_SHARE * len(head):
        return f"{control / len(head):.0%} of its first bytes are control characters"
    return None


def _decode_text(data: bytes) -> tuple[str, str, str | None]:
    """Decode: UTF-16 by its byte-order mark, UTF-8, else a legacy encoding. Returns a note on fallbacks."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), "utf-16", "not valid UTF-8; decoded as UTF-16 (byte-order mark)"
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        error = exc
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if error.reason == "unexpected end of data" and error.end == len(data):
        return text, "utf-8", ("ends inside a UTF-8 character (is the file truncated?); "
                               "its last bytes were replaced with U+FFFD")
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    if valid_non_ascii > replaced:
        return text, "utf-8", f"not valid UTF-8; {replaced} bad byte sequence(s) replaced with U+FFFD"
    for encoding in (_legacy_encoding(data), "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, (f"not valid UTF-8; decoded as {_LEGACY_NAMES[encoding]}; "
                                "offsets are into the decoded text")
    raise AssertionError("latin-1 decodes any bytes")


def _legacy_encoding(data: bytes) -> str:
    """windows-1251 when most letters are Cyrillic-range bytes, else windows-1252."""
    high = len(data) - len(data.translate(None, _CYRILLIC_RANGE))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return "cp1251" if high > CYRILLIC_SHARE * (high + ascii_letters) else "cp1252"


def foreign_language_reason(text: str) -> str | None:
    """Why ``text`` does not look like English, or None (also when there is too little to judge)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    letters = "".join(_WORD.findall(sample))
    if len(letters) >= 5 * MIN_WORDS_TO_JUDGE:
        ascii_share = len(letters.encode("ascii", errors="ignore")) / len(letters)
        if ascii_share < MIN_ASCII_LETTER_SHARE:
            return f"only {ascii_share:.0%} of its letters are ASCII"
    prose = [w for line in sample.splitlines() if len(ws := _WORD.findall(line)) >= 6 for w in ws]
    if len(prose) >= MIN_WORDS_TO_JUDGE:
        share = sum(w.lower() in ENGLISH_WORDS for w in prose) / len(prose)
        if share < MIN_ENGLISH_SHARE:
            return f"only {share:.0%} of its words are common English words"
    return None


def split_text(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into ``(offset, chunk)`` pieces of at most ``limit`` characters that cover it exactly.

    Cuts fall after a blank line where the second half of a window has one, else after a line
    break, else after a space; a text without any is cut hard.
    """
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = next((i + len(sep) for sep in ("\n\n", "\r\n\r\n", "\n", " ")
                    if (i := text.rfind(sep, start + limit // 2, end)) != -1), end)
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


_Spanned = TypeVar("_Spanned", Quantity, Mention, Source, Span, TimeRef)


def _moved(span: _Spanned, offset: int) -> _Spanned:
    return replace(span, start=span.start + offset, end=span.end + offset)


def shift_claim(claim: Claim, offset: int, doc: str) -> Claim:
    """The claim of a chunk as a claim of the whole text: every offset moved by ``offset``, ``doc`` set."""
    return replace(
        claim, doc=doc, start=claim.start + offset, end=claim.end + offset,
        quantity=claim.quantity and _moved(claim.quantity, offset),
        subject=claim.subject and _moved(claim.subject, offset),
        sources=tuple(_moved(source, offset) for source in claim.sources),
        cue=claim.cue and _moved(claim.cue, offset), time=claim.time and _moved(claim.time, offset),
    )
