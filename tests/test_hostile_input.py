"""Hostile input, as an attacker's report found it, on real files: decompression bombs (a WARC record and a
JSON Lines line of 3 GB inflated, memory checked in a subprocess), charsets that are no text encodings,
named pipes and unreadable folders, upper-case URL schemes, impossible dates, a JSON Lines file whose
first line is not UTF-8, and a batch whose bad input is grouped with good ones, then resumed.

Articles are real corpus articles (../shared/corpus). Nothing here goes on the network: URLs are given
to a fake fetcher that records what it is asked for.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import socket
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.batch.plan import plan
from claimgraph.batch.reading import read_task
from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.dates import checked_date
from claimgraph.ingest.fetch import Fetched
from claimgraph.ingest.pages import extract_page
from claimgraph.ingest.sources import read_sources
from claimgraph.ingest.warc import read_warc

MB = 1 << 20
BOMB_MB = 3072  # 3 GB inflated
PEAK_LIMIT_MB = 500
# 64 bytes a repeat: matches at distance 64 inflate fast (a run of one byte, distance 1, is copied byte by
# byte: ten times slower), and a 3 GB record still compresses to under 10 MB.
FILLER = b"<p>The ministry said 4,000 people were evacuated on Monday.</p>\n"
LINE_FILLER = FILLER.replace(b"\n", b" ")
Result = IngestedArticle | IngestProblem


# Files the attacker would send


def gzip_bomb(prefix: bytes, filler: bytes, count: int, suffix: bytes) -> bytes:
    """One gzip member of ``prefix``, ``count`` times ``filler`` and ``suffix``, built without compressing
    gigabytes: after a full flush no match reaches back, so the filler's compressed form is repeated."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    unit = deflate.compress(filler) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(suffix) + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(filler, crc)
    size = len(prefix) + len(filler) * count + len(suffix)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + unit * count + tail
            + struct.pack("<II", zlib.crc32(suffix, crc), size & 0xFFFFFFFF))


def sentence(text: str) -> str:
    """The first words of an article's longest paragraph: found in a page made of it when it is read right."""
    return " ".join(max(text.split("\n"), key=len).split()[:8])


def html_page(text: str, *, title: str = "Report", head: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>\n"
            f"{paragraphs}</article></body></html>").encode()


def warc_response(url: str, body: bytes, *, gzipped: bool = True,
                  headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=StatusAndHeaders("200 OK", list(headers), protocol="HTTP/1.1"))
    writer.write_record(record)
    record.raw_stream.close()  # warcio spools the payload to a temporary file and leaves it open
    return out.getvalue()


def bomb_record(url: str, megabytes: int) -> bytes:
    """A gzipped WARC response record whose HTML body inflates to ``megabytes`` MB."""
    opening, closing = b"<html><body><article>", b"</article></body></html>"
    body = len(opening) + MB * megabytes + len(closing)
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body}\r\n\r\n".encode()
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:5e1ec7ed-0000-4000-8000-000000000001>\r\n"
            f"WARC-Date: 2024-11-05T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + body}\r\n\r\n").encode()
    return gzip_bomb(warc + http + opening, FILLER * (MB // len(FILLER)), megabytes, closing + b"\r\n\r\n")


def jsonl_bomb(records: list[dict[str, Any]], megabytes: int) -> bytes:
    """A .jsonl.gz: a good record, a line of ``megabytes`` MB, the other good records (gzip members in a row)."""
    first, *rest = (json.dumps(r).encode() + b"\n" for r in records)
    line = gzip_bomb(b'{"text": "', LINE_FILLER * (MB // len(LINE_FILLER)), megabytes, b'"}\n')
    return gzip.compress(first) + line + gzip.compress(b"".join(rest))


@pytest.fixture(scope="session")
def corpus_articles(corpus_dir: Path) -> list[dict[str, Any]]:
    """Corpus articles with their metadata, longest first (pages well over the sniffing head)."""
    index = [json.loads(line) for line in (corpus_dir / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [{**row, "text": (corpus_dir / f"{row['id']}.txt").read_text(encoding="utf-8")} for row in index]
    return sorted(rows, key=lambda row: (-len(row["text"]), row["id"]))


@pytest.fixture(scope="session")
def bombs(corpus_articles: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder: a .warc.gz with a 3 GB record between two pages, a .jsonl.gz with a 3 GB line between records."""
    folder = tmp_path_factory.mktemp("bombs")
    a, b, c, d = corpus_articles[10:14]
    (folder / "crawl.warc.gz").write_bytes(
        warc_response("https://news.example/a", html_page(a["text"], title=a["title"]))
        + bomb_record("https://news.example/bomb", BOMB_MB)
        + warc_response("https://news.example/b", html_page(b["text"], title=b["title"])))
    (folder / "dump.jsonl.gz").write_bytes(jsonl_bomb([{"id": c["id"], "text": c["text"]},
                                                       {"id": d["id"], "text": d["text"]}], BOMB_MB))
    return folder


def run_python(script: str, *args: str) -> dict[str, Any]:
    """Run ``script`` in a fresh interpreter; its last line of output is JSON."""
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# This process's own peak memory: VmHWM starts anew at exec, while ru_maxrss keeps the high-water mark of
# the forked image (a pytest process of 600 MB would show through in its children).
PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

INGEST_SCRIPT = """
import json, resource, sys
""" + PEAK + """
from claimgraph.core import Extractor
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.run import ingest
from claimgraph.store import Store
reports = []
with Store(sys.argv[2]) as store, Fetcher() as fetcher:
    summary = ingest([sys.argv[1]], store, Extractor(), fetcher, report=reports.append, workers=1)
    names = [row[0] for row in store.conn.execute("SELECT name FROM documents ORDER BY id")]
print(json.dumps({"peak_mb": peak_mb(), "new": summary.new,
                  "names": names, "reports": reports, "line": summary.line()}))
"""

BATCH_SCRIPT = """
import json, resource, sys
""" + PEAK + """
from claimgraph.batch.plan import plan
from claimgraph.batch.reading import read_task
found = [(type(item).__name__, item.origin, getattr(item, "reason", "")) for task in plan([sys.argv[1]])
         for item in read_task(task)]
print(json.dumps({"peak_mb": peak_mb(), "found": found}))
"""


# 3. Decompression bombs


def test_ingest_reads_around_bombs_in_bounded_memory(bombs: Path, corpus_articles: list[dict[str, Any]],
                                                     tmp_path: Path) -> None:
    """The 3 GB record and the 3 GB line are skipped with the cap named; the pages and records before and
    after them are stored; the whole run (pipeline loaded) peaks under 500 MB."""
    result = run_python(INGEST_SCRIPT, str(bombs), str(tmp_path / "claims.db"))
    assert result["peak_mb"] < PEAK_LIMIT_MB, result
    a, b, c, d = corpus_articles[10:14]
    warc = str(bombs / "crawl.warc.gz")
    assert result["new"] == 4, result["line"]
    assert [n.split("@")[0] for n in result["names"]] == [warc, warc, c["id"], d["id"]]
    skipped = [line for line in result["reports"] if "(cap --max-bytes): skipped" in line]
    assert len(skipped) == 2, result["reports"]
    assert skipped[0].startswith(f"{warc}@") and "a record of more than 10 MB decompressed" in skipped[0]
    line_offset = len(json.dumps({"id": c["id"], "text": c["text"]}).encode()) + 1
    assert skipped[1] == f"{bombs / 'dump.jsonl.gz'}@{line_offset}: a line of more than 10 MB (cap --max-bytes): skipped"


def test_batch_reads_around_bombs_in_bounded_memory(bombs: Path, corpus_articles: list[dict[str, Any]]) -> None:
    result = run_python(BATCH_SCRIPT, str(bombs))
    assert result["peak_mb"] < PEAK_LIMIT_MB, result
    kinds = [kind for kind, _, _ in result["found"]]
    assert kinds == ["IngestedArticle", "IngestProblem", "IngestedArticle"] * 2, result["found"]
    assert all("(cap --max-bytes): skipped" in reason for kind, _, reason in result["found"] if kind == "IngestProblem")


def test_a_gzip_encoded_chunked_body_that_inflates_past_the_cap_is_skipped(corpus_articles: list[dict[str, Any]]) -> None:
    """warcio would read a whole chunk and inflate it at once; a page in chunks is still read."""
    article = corpus_articles[0]
    page = gzip.compress(html_page(article["text"]))
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(page[i:i + 1000]), page[i:i + 1000]) for i in range(0, len(page), 1000))
    bomb = gzip_bomb(b"<html><body>", FILLER * (MB // len(FILLER)), 64, b"</body></html>")
    encoded = (("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip"))
    data = (warc_response("https://news.example/bomb", b"%x\r\n%s\r\n0\r\n\r\n" % (len(bomb), bomb), headers=encoded)
            + warc_response("https://news.example/page", chunked + b"0\r\n\r\n", headers=encoded))
    bombed, page_record = read_warc(io.BytesIO(data), "crawl.warc.gz", max_bytes=1_000_000)
    assert isinstance(bombed, IngestProblem) and bombed.skipped and "more than 1 MB decompressed" in bombed.reason
    assert not isinstance(page_record, IngestProblem) and page_record.data == html_page(article["text"])


def test_a_record_whose_headers_pass_the_cap_ends_the_archive_with_a_problem(corpus_articles: list[dict[str, Any]]) -> None:
    article = corpus_articles[0]
    good = warc_response("https://news.example/a", html_page(article["text"]), gzipped=False)
    huge = warc_response("https://news.example/b", b"<p>x</p>", gzipped=False,
                         headers=(("Content-Type", "text/html"), ("X-Padding", "x" * (2 * MB))))
    first, problem = read_warc(io.BytesIO(good + huge), "crawl.warc")
    assert not isinstance(first, IngestProblem)
    assert isinstance(problem, IngestProblem) and "header lines pass 1 MB (the cap)" in problem.reason
    assert "after 1 HTML record(s)" in problem.reason


@pytest.mark.parametrize("compression", ["gzip", "bz2", "xz"])
def test_compressed_json_lines_are_read_by_ingest_as_by_batch(tmp_path: Path, corpus_articles: list[dict[str, Any]],
                                                             compression: str) -> None:
    records = [{"id": row["id"], "text": row["text"], "published": "2022-03-01"} for row in corpus_articles[:3]]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    packed = {"gzip": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[compression](data)
    path = tmp_path / f"dump.jsonl.{compression}"
    path.write_bytes(packed)
    ingested = list(read_sources([str(path)], FakeFetcher()))
    batched = [item for task in plan([str(path)]) for item in read_task(task)]
    assert [a.origin for a in ingested] == [a.origin for a in batched] == [r["id"] for r in records]
    assert all(isinstance(a, IngestedArticle) and a.published == "2022-03-01" for a in ingested)


# 4. Charsets that are no text encodings


@dataclass
class FakeFetcher:
    """What ``read_sources`` needs of a Fetcher, answering from ``pages`` and noting every URL asked for."""

    pages: dict[str, Fetched] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    max_bytes: int = 10_000_000
    concurrency: int = 2

    def fetch(self, url: str) -> Fetched | IngestProblem:
        self.asked.append(url)
        return self.pages.get(url) or IngestProblem(url, "HTTP 404 Not Found; check the URL")


NOT_TEXT_ENCODINGS = ["hex", "rot13", "base64", "zlib", "bz2", "uu", "quopri", "idna", "undefined", "no-such-charset"]


@pytest.mark.parametrize("charset", NOT_TEXT_ENCODINGS)
def test_a_meta_charset_that_is_no_text_encoding_falls_back_to_detection(corpus_articles: list[dict[str, Any]],
                                                                        charset: str) -> None:
    article = corpus_articles[0]
    page = html_page(article["text"], title=article["title"], head=f'<meta charset="{charset}">')
    found = extract_page(page, "page.html")
    assert isinstance(found, IngestedArticle) and sentence(article["text"]) in found.text


@pytest.mark.parametrize("charset", ["hex", "rot13", "zlib"])
def test_warc_and_http_headers_charsets_that_are_no_text_encodings(tmp_path: Path, corpus_articles: list[dict[str, Any]],
                                                                  charset: str) -> None:
    first, second = corpus_articles[:2]
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_response("https://news.example/a", html_page(first["text"]),
                                      headers=(("Content-Type", f"text/html; charset={charset}"),)))
    url = "https://news.example/b"
    fetcher = FakeFetcher({url: Fetched(url, html_page(second["text"]), "text/html", charset)})
    from_archive, fetched = read_sources([str(archive), url], fetcher)
    assert isinstance(from_archive, IngestedArticle) and sentence(first["text"]) in from_archive.text
    assert isinstance(fetched, IngestedArticle) and sentence(second["text"]) in fetched.text


def test_a_feed_declaring_a_codec_that_is_no_text_encoding(tmp_path: Path, corpus_articles: list[dict[str, Any]]) -> None:
    text = corpus_articles[0]["text"]
    body = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0" encoding="hex"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title><item>
<title>One</title><content:encoded><![CDATA[<html><body><article>{body}</article></body></html>]]></content:encoded>
</item></channel></rss>""", encoding="utf-8")
    [article] = read_sources([str(feed)], FakeFetcher())
    assert isinstance(article, IngestedArticle) and article.outlet == "Wire" and sentence(text) in article.text


def test_eight_good_files_and_a_page_declaring_hex_all_reach_the_store(tmp_path: Path,
                                                                      corpus_articles: list[dict[str, Any]]) -> None:
    """The report: 8 good files and one such page stored 0 documents. Now all 9, through worker processes."""
    from claimgraph.core import Extractor
    from claimgraph.ingest.fetch import Fetcher
    from claimgraph.ingest.run import ingest
    from claimgraph.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for row in corpus_articles[20:28]:
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    bad = corpus_articles[0]
    (folder / "hex.html").write_bytes(html_page(bad["text"], title=bad["title"], head='<meta charset="hex">'))
    reports: list[str] = []
    with Store(tmp_path / "claims.db") as store, Fetcher() as fetcher:
        summary = ingest([str(folder)], store, Extractor(), fetcher, report=reports.append, workers=2)
        stored = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert (summary.new, stored, sum(summary.failed.values())) == (9, 9, 0), (summary.line(), reports)


# 6. Named pipes, sockets, unreadable folders


def run_with_deadline(target: Any, seconds: float = 30) -> Any:
    """``target()``'s result, failing (not hanging) when it does not return in time."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(target()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"did not finish in {seconds} s (blocked on a named pipe?)"
    return out[0]


@pytest.fixture
def folder_with_specials(tmp_path: Path, corpus_articles: list[dict[str, Any]]) -> Iterator[Path]:
    """Texts around a named pipe nobody writes to and a listening socket."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(corpus_articles[0]["text"], encoding="utf-8")
    os.mkfifo(folder / "b-pipe")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "c-socket"))
    (folder / "d.txt").write_text(corpus_articles[1]["text"], encoding="utf-8")
    yield folder
    listener.close()


def test_pipes_and_sockets_in_a_folder_are_reported_never_opened(folder_with_specials: Path) -> None:
    folder = folder_with_specials
    results = run_with_deadline(lambda: list(read_sources([str(folder)], FakeFetcher())))
    assert [Path(r.origin).name for r in results] == ["a.txt", "b-pipe", "c-socket", "d.txt"]
    pipe, sock = results[1:3]
    assert isinstance(pipe, IngestProblem) and pipe.skipped and pipe.reason.startswith("a named pipe (FIFO), not a file")
    assert isinstance(sock, IngestProblem) and sock.skipped and sock.reason.startswith("a socket, not a file")
    problems: list[IngestProblem] = []
    tasks = run_with_deadline(lambda: plan([str(folder)], problems=problems))
    assert [Path(p.origin).name for p in problems] == ["b-pipe", "c-socket"]
    items = run_with_deadline(lambda: [item for task in tasks for item in read_task(task)])
    assert [Path(i.origin).name for i in items] == ["a.txt", "d.txt"]


def test_a_named_pipe_given_as_an_input_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    [refused] = run_with_deadline(lambda: list(read_sources([str(fifo)], FakeFetcher())))
    assert isinstance(refused, IngestProblem) and not refused.skipped
    assert "a named pipe (FIFO), not a file: not opened" in refused.reason and "claimgraph ingest -" in refused.reason
    problems: list[IngestProblem] = []
    assert run_with_deadline(lambda: plan([str(fifo)], problems=problems)) == []
    assert [(p.origin, p.reason) for p in problems] == [(str(fifo), "a named pipe (FIFO), not a file: not opened")]


def test_an_unreadable_folder_is_reported_by_name(tmp_path: Path, corpus_articles: list[dict[str, Any]],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 denies the listing, except to root (tests may run as root): there it is simulated."""
    folder = tmp_path / "in"
    locked = folder / "b-locked"
    locked.mkdir(parents=True)
    (locked / "hidden-from-us.txt").write_text(corpus_articles[2]["text"], encoding="utf-8")
    (folder / "a.txt").write_text(corpus_articles[0]["text"], encoding="utf-8")
    (folder / "c").mkdir()
    (folder / "c" / "d.txt").write_text(corpus_articles[1]["text"], encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads it anyway: the listing is refused the way the kernel would
        real_scandir = os.scandir

        def scandir(path: Any = ".") -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        results = list(read_sources([str(folder)], FakeFetcher()))
        problems: list[IngestProblem] = []
        tasks = plan([str(folder)], problems=problems)
    finally:
        locked.chmod(0o755)
    assert [Path(r.origin).name for r in results] == ["a.txt", "b-locked", "d.txt"]
    assert results[1] == IngestProblem(str(locked), "cannot read the folder (Permission denied); skipped with what is in it")
    assert problems == [results[1]] and [Path(f).name for t in tasks for f in t.files] == ["a.txt", "d.txt"]


# 7. Upper-case URL schemes


def test_upper_and_mixed_case_schemes_are_urls(tmp_path: Path, corpus_articles: list[dict[str, Any]]) -> None:
    text = corpus_articles[0]["text"]
    feed_url, page_url = "HTTP://news.example/feed.xml", "Https://news.example/story"
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Story</title>'
            f"<link>{page_url}</link></item></channel></rss>").encode()
    fetcher = FakeFetcher({feed_url: Fetched(feed_url.lower(), feed, "application/rss+xml", None),
                           page_url: Fetched(page_url, html_page(text), "text/html", "utf-8")})
    [article] = read_sources([feed_url], fetcher)
    assert fetcher.asked == [feed_url, page_url]
    assert isinstance(article, IngestedArticle) and article.origin == f"{feed_url}#entry-1"
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    [task] = plan([f"FILE://{path}"])  # batch: fsspec knows its protocols in lower case only
    assert [item.origin for item in read_task(task)] == [str(path)]


# 9. Dates


@pytest.mark.parametrize(("raw", "value", "why"), [
    ("2024-11-05", "2024-11-05", None), ("2022-02-12 12:52:51-05:00", "2022-02-12", None),
    ("2021-03-04T10:00:00Z", "2021-03-04", None), ("2024-11", "2024-11", None), ("1851", "1851", None),
    ("2024-02-29", "2024-02-29", None), (None, None, None),
    ("2024-13-45", None, "no real date"), ("0000-00-00", None, "no real date"), ("2023-02-29", None, "no real date"),
    ("2024-13", None, "no real date"), ("9999-12-31", None, "out of range"), ("1492-10-12", None, "out of range"),
    ("March 4, 2021", None, "not an ISO date"), ("20241105", None, "not an ISO date"),
])
def test_dates_are_checked_where_they_come_in(raw: str | None, value: str | None, why: str | None) -> None:
    found, note = checked_date(raw, today=date(2025, 6, 1))
    assert found == value
    if why is None:
        assert note is None
    else:
        assert note is not None and why in note and note.endswith(": ignored"), note


def test_impossible_dates_are_stored_unknown_with_a_note_and_partitioned_unknown(
        tmp_path: Path, corpus_articles: list[dict[str, Any]]) -> None:
    from claimgraph.batch.worker import run_task

    dates = ["2024-13-45", "0000-00-00", "9999-12-31", "2016-09-12"]
    records = [{"id": row["id"], "text": row["text"], "published": when} for row, when in zip(corpus_articles, dates)]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    articles = list(read_sources([str(dump)], FakeFetcher()))
    assert [a.published for a in articles if isinstance(a, IngestedArticle)] == [None, None, None, "2016-09-12"]
    assert all(len(a.notes) == 1 and "ignored" in a.notes[0] for a in articles[:3] if isinstance(a, IngestedArticle))
    [task] = plan([str(dump)])
    result = run_task(task, str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == ["month=2016-09", "month=unknown"]
    assert [origin for origin, _ in result.notes] == [r["id"] for r in records[:3]]


# 10. JSON Lines whose first line is not UTF-8


def test_json_lines_whose_first_line_is_not_utf8(tmp_path: Path, corpus_articles: list[dict[str, Any]]) -> None:
    bad = json.dumps({"id": "latin-1", "text": "Caf\u00e9 owners said 40 shops closed."}, ensure_ascii=False)
    good = [{"id": row["id"], "text": row["text"]} for row in corpus_articles[:3]]
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(bad.encode("latin-1") + b"\n" + "".join(json.dumps(r) + "\n" for r in good).encode())
    for items in (list(read_sources([str(dump)], FakeFetcher())), [i for t in plan([str(dump)]) for i in read_task(t)]):
        problem, *articles = items
        assert isinstance(problem, IngestProblem) and problem.origin == f"{dump}@0"
        assert problem.reason.startswith(f"not UTF-8 (byte {bad.index('é')} of the line") and not problem.skipped
        assert [a.origin for a in articles] == [r["id"] for r in good]


# Batch: a bad input never takes the others' records with it; --resume completes


def test_a_file_that_fails_midway_keeps_its_records_and_its_group(tmp_path: Path, corpus_articles: list[dict[str, Any]],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader failing on a record (a parser bug, hostile bytes) in one file of a group: the records before it
    and the group's other files are written; the failure is reported with the file's name."""
    from claimgraph.batch.worker import run_task
    from claimgraph.ingest import records as records_module

    folder = tmp_path / "in"
    folder.mkdir()
    rows = corpus_articles[30:36]
    (folder / "a.txt").write_text(rows[0]["text"], encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows[1:4]))
    (folder / "c.txt").write_text(rows[4]["text"], encoding="utf-8")
    real = records_module.read_record

    def failing(line: bytes, origin: str) -> Result:
        if rows[2]["id"].encode() in line:
            raise RuntimeError("a parser gave up")
        return real(line, origin)

    monkeypatch.setattr(records_module, "read_record", failing)
    [task] = plan([str(folder)])
    result = run_task(task, str(tmp_path / "out"))
    names = [d["name"] for p in (tmp_path / "out" / "documents").glob("*/*.parquet") for d in pq.read_table(p).to_pylist()]
    assert sorted(names) == sorted([str(folder / "a.txt"), rows[1]["id"], str(folder / "c.txt")])
    assert [(origin, skipped) for origin, _, skipped in result.problems] == [(str(folder / "b.jsonl"), False)]
    assert "reading stopped after 1 item(s) (RuntimeError: a parser gave up)" in result.problems[0][1]


def test_resume_splits_a_failed_group_and_gives_up_a_file_that_fails_again(
        tmp_path: Path, corpus_articles: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A task that failed (as when a file kills its worker) is noted; --resume runs its files one a task,
    and gives up the file that fails again, reporting it: the batch completes with every good article."""
    from distributed import Client, LocalCluster

    from claimgraph.batch import worker
    from claimgraph.batch.driver import batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name, row in zip(("a.txt", "b.txt", "poison.txt", "d.txt"), corpus_articles[40:44]):
        (folder / name).write_text(row["text"], encoding="utf-8")
    real = worker.read_task

    def killing(task: Any) -> Iterator[Result]:
        if any(f.endswith("poison.txt") for f in task.files):
            raise MemoryError("the worker died")
        return real(task)

    monkeypatch.setattr(worker, "read_task", killing)
    out, reports = str(tmp_path / "out"), []
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        def run(resume: bool) -> Any:
            return batch([str(folder)], out, scheduler=client.scheduler.address, resume=resume, report=reports.append)

        first = run(False)
        assert (first.tasks, first.unfinished, first.articles) == (1, 1, 0)
        second = run(True)
        assert (second.tasks, second.unfinished, second.articles) == (4, 1, 3), second.line()  # one task a file
        third = run(True)
        assert (third.tasks, third.unfinished, third.articles) == (4, 0, 3), third.line()
    assert dict(third.failed) == {"the task failed in 2 runs": 1}
    failures = [line.split(": the task failed")[0] for line in reports if ": the task failed" in line]
    assert failures == [f"{folder / 'a.txt'} and 3 more file(s)", str(folder / "poison.txt")]  # not run a third time
