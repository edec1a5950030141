"""The reading edge on real bytes: corpus articles re-encoded, truncated, empty, binary, too large."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest

from claimgraph.models import Claim, Mention, Quantity, Source, Span, TimeRef
from claimgraph.reading import (
    InputError,
    decode,
    foreign_language_reason,
    read_file,
    read_path,
    shift_claim,
    split_text,
)


def test_every_corpus_article_reads_as_utf8_without_warnings(corpus_dir: Path) -> None:
    """Also pins the language sniffing: no English article may be called foreign."""
    paths = sorted(corpus_dir.glob("*.txt"))
    assert paths
    for path in paths:
        text = read_path(path)
        assert (text.name, text.encoding, text.warnings) == (str(path), "utf-8", ())
        assert text.text == path.read_text(encoding="utf-8")


def test_utf8_byte_order_mark_is_kept_so_offsets_match_the_scorer(seed_text: str) -> None:
    text = decode(b"\xef\xbb\xbf" + seed_text.encode(), "bom.txt")
    assert (text.text, text.encoding, text.warnings) == ("\ufeff" + seed_text, "utf-8", ())


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark(seed_text: str, codec: str) -> None:
    data = seed_text.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff".encode(codec)) + data
    text = decode(data, "u16.txt")
    assert text.text == seed_text
    assert text.warnings == ("u16.txt: not valid UTF-8; decoded as UTF-16 (byte-order mark)",)


def test_utf16_byte_order_mark_on_broken_data_is_an_error() -> None:
    with pytest.raises(InputError, match=r"^odd\.txt: starts with a UTF-16 byte-order mark"):
        decode(b"\xff\xfeA", "odd.txt")


def test_windows_1252_article(seed_text: str) -> None:
    text = decode(seed_text.encode("cp1252"), "cp.txt")
    assert (text.text, text.encoding) == (seed_text, "cp1252")
    assert text.warnings[0].startswith("cp.txt: not valid UTF-8; decoded as windows-1252")


def test_windows_1252_french_is_not_taken_for_cyrillic(foreign_texts: dict[str, str]) -> None:
    text = decode(foreign_texts["fr"].encode("cp1252"), "fr.txt")
    assert (text.text, text.encoding) == (foreign_texts["fr"], "cp1252")


def test_windows_1251_russian_is_decoded_and_flagged_as_not_english(foreign_texts: dict[str, str]) -> None:
    text = decode(foreign_texts["ru"].encode("cp1251"), "ru.txt")
    assert (text.text, text.encoding) == (foreign_texts["ru"], "cp1251")
    assert text.warnings[0].startswith("ru.txt: not valid UTF-8; decoded as windows-1251")
    assert text.warnings[1].startswith("ru.txt: text does not look like English (")


def test_latin1_is_the_last_resort_for_bytes_windows_1252_leaves_undefined(seed_text: str) -> None:
    data = seed_text.encode("cp1252") + b" \x81"  # 0x81 has no character in windows-1252
    text = decode(data, "l1.txt")
    assert (text.text, text.encoding) == (data.decode("latin-1"), "latin-1")
    assert text.warnings[0].startswith("l1.txt: not valid UTF-8; decoded as ISO-8859-1")


def test_truncated_utf8_keeps_the_text_and_warns(seed_text: str) -> None:
    data = seed_text.encode()
    cut = data.rindex("’".encode()) + 2  # inside the three bytes of the last apostrophe
    text = decode(data[:cut], "cut.txt")
    assert text.encoding == "utf-8"
    assert text.text == data[:cut - 2].decode() + "\ufffd"
    assert text.warnings == (("cut.txt: ends inside a UTF-8 character (is the file truncated?); "
                              "its last bytes were replaced with U+FFFD"),)


def test_a_stray_byte_in_utf8_is_replaced_not_a_reason_for_windows_1252(seed_text: str) -> None:
    data = seed_text.encode().replace(b"Bloomberg", b"Bl\xf6omberg", 1)
    text = decode(data, "stray.txt")
    assert text.encoding == "utf-8"
    assert text.text == seed_text.replace("Bloomberg", "Bl\ufffdomberg", 1)  # curly quotes intact
    assert text.warnings == ("stray.txt: not valid UTF-8; 1 bad byte sequence(s) replaced with U+FFFD",)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty"),
    (b" \r\n\t\n", "file is empty (only white space)"),
])
def test_empty_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(caught.value) == f"{path}: {message}"


def test_binary_files_are_refused_by_name(seed_text: str, png_bytes: bytes) -> None:
    samples = {
        "image.png": png_bytes,
        "article.txt.gz": gzip.compress(seed_text.encode()),
        "control.bin": bytes(range(1, 32)) * 40,
    }
    for name, data in samples.items():
        with pytest.raises(InputError, match=rf"^{re.escape(name)}: looks binary \("):
            decode(data, name)


def test_a_file_over_the_limit_is_refused_without_reading_it_all() -> None:
    stream = io.BytesIO(b"a" * 1000)
    with pytest.raises(InputError, match=r"^big\.txt: file is too large .*split it into one file per article$"):
        read_file(stream, "big.txt", max_bytes=100)
    assert stream.tell() == 101


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_path_is_an_input_error_naming_it(tmp_path: Path, kind: str) -> None:
    path = tmp_path if kind == "directory" else tmp_path / "missing.txt"
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: cannot read the file: "):
        read_path(path)


def test_foreign_language_is_noticed(foreign_texts: dict[str, str]) -> None:
    for text in foreign_texts.values():
        assert foreign_language_reason(text)


def test_tables_lists_and_short_texts_are_not_judged_foreign() -> None:
    table = "\n".join(f"Region {i}\t{i * 1000} troops\t{i}%" for i in range(60))
    listing = "\n".join(f"- item {i}: casualties, wounded, missing" for i in range(60))
    for text in (table, listing, "Kyiv, Ukraine"):
        assert foreign_language_reason(text) is None


def test_split_text_covers_the_text_and_cuts_after_blank_lines(seed_text: str) -> None:
    text = "\n\n".join([seed_text] * 300)  # about 1.2 million characters: over spaCy's max_length
    chunks = list(split_text(text))
    assert len(chunks) > 10
    assert "".join(chunk for _, chunk in chunks) == text
    for offset, chunk in chunks:
        assert len(chunk) <= 100_000
        assert text[offset:offset + len(chunk)] == chunk
    assert all(chunk.endswith("\n\n") for _, chunk in chunks[:-1])


def test_split_text_cuts_hard_when_there_is_nowhere_better() -> None:
    assert [(o, len(c)) for o, c in split_text("x" * 250, limit=100)] == [(0, 100), (100, 100), (200, 50)]


def test_a_short_text_is_one_chunk(seed_text: str) -> None:
    assert list(split_text(seed_text)) == [(0, seed_text)]


def test_shift_claim_moves_every_offset_to_whole_text_offsets(seed_text: str) -> None:
    text = "\n\n".join([seed_text] * 3)
    offset, chunk = list(split_text(text, limit=5000))[1]
    assert offset > 0

    def span(phrase: str) -> tuple[int, int]:
        start = chunk.index(phrase)
        return start, start + len(phrase)

    sentence = chunk[chunk.index("North Korea could"):chunk.index("G20 countries.") + len("G20 countries.")]
    claim = Claim(
        doc="chunk", text=sentence, start=span(sentence)[0], end=span(sentence)[1], modality="possible",
        quantity=Quantity(100000, "at_most", "troops", *span("up to 100,000 troops"), high=100000),
        subject=Mention("North Korea", *span("North Korea could")),
        sources=(Source("Bloomberg", "Bloomberg", "outlet", *span("citing Bloomberg")),),
        cue=Span("according to", *span("according to")),
        time=TimeRef("Earlier this month", None, *span("Earlier this month")),
    )
    moved = shift_claim(claim, offset, "whole.txt")
    assert moved.doc == "whole.txt"
    assert text[moved.start:moved.end] == sentence
    assert moved.quantity and text[moved.quantity.start:moved.quantity.end] == "up to 100,000 troops"
    assert moved.subject and text[moved.subject.start:moved.subject.end] == "North Korea could"
    assert text[moved.sources[0].start:moved.sources[0].end] == "citing Bloomberg"
    assert moved.cue and text[moved.cue.start:moved.cue.end] == "according to"
    assert moved.time and text[moved.time.start:moved.time.end] == "Earlier this month"
