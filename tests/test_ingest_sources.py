"""Every source kind, read into articles: files, URLs, feeds, WARC archives, folders, JSON Lines, stdin.

Pages are the recorded news pages in ../shared/html, served by the real server in test_ingest_fetch.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from test_ingest_fetch import (  # noqa: F401 - fixtures
    ENGLISH_PAGES, FOREIGN_PAGES, FRENCH, INDEX_PAGE, RUSSIAN, base, fetcher, legacy_page, readability,
    rss_feed, server,
)

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.language import language_warning
from claimgraph.ingest.pages import extract_page
from claimgraph.ingest.run import reason_group
from claimgraph.ingest.sniff import sniff
from claimgraph.ingest.sources import read_sources

Result = IngestedArticle | IngestProblem


def read(fetcher: Fetcher, *sources: str, stdin: bytes | None = None) -> list[Result]:
    return list(read_sources(sources, fetcher, stdin=io.BytesIO(stdin) if stdin is not None else None))


def page(readability: Path, name: str) -> bytes:
    return (readability / name / "source.html").read_bytes()


def warc_bytes(pages: dict[str, bytes], *, gzipped: bool) -> bytes:
    """A WARC archive with one HTTP response record a page (and a request record, to be ignored)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for url, data in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        for record in (writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")),
                       writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=headers)):
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload to a temporary file and leaves it open
    return out.getvalue()


@pytest.fixture
def three_pages(readability: Path) -> dict[str, bytes]:
    return {f"https://example.org/{name}": page(readability, name) for name in ("cnn", "bbc-1", "wapo-1")}


def test_text_and_markdown_files(tmp_path: Path, fetcher: Fetcher) -> None:
    text = "The ministry said 4,000 people were evacuated on Monday, and officials said 12 bridges were closed.\n" * 3
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.md").write_text("# Floods\n\n" + text)
    a, b = read(fetcher, str(tmp_path / "a.txt"), str(tmp_path / "b.md"))
    assert a == IngestedArticle(str(tmp_path / "a.txt"), text, language="en")
    assert isinstance(b, IngestedArticle) and b.text.startswith("# Floods")


def test_html_file_gives_text_and_metadata(readability: Path, fetcher: Fetcher) -> None:
    [article] = read(fetcher, str(readability / "cnn" / "source.html"))
    assert isinstance(article, IngestedArticle)
    assert article.title == "The 'birth lottery' and economic mobility"
    assert (article.outlet, article.author, article.published, article.language) == (
        "CNNMoney", "Ahiza Garcia", "2016-02-01", "en")
    assert article.url == "http://money.cnn.com/2016/02/01/news/economy/poverty-inequality-united-states/index.html"
    assert "poverty" in article.text and "<p>" not in article.text


def test_url_source(fetcher: Fetcher, base: str) -> None:
    [article] = read(fetcher, f"{base}/page/bbc-1")
    assert isinstance(article, IngestedArticle) and article.origin == f"{base}/page/bbc-1"
    assert article.title == "Obama admits US gun laws are his 'biggest frustration'" and article.outlet == "BBC News"


def test_feed_file_fetches_links_uses_content_when_link_fails_and_reports_broken_entry(
        tmp_path: Path, fetcher: Fetcher, base: str) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_bytes(rss_feed(base))
    cnn, sudan, floods, broken = read(fetcher, str(feed))
    assert isinstance(cnn, IngestedArticle) and cnn.origin == f"{feed}#entry-1" and cnn.outlet == "CNNMoney"
    assert isinstance(sudan, IngestedArticle) and sudan.title == "United States to Lift Sudan Sanctions"
    assert isinstance(floods, IngestedArticle)  # its link is a 404; the entry's own content is read
    assert floods.title == "Floods" and floods.published == "2016-02-02" and floods.outlet == "Test Wire"
    assert "4,000 people were evacuated" in floods.text
    assert broken == IngestProblem(f"{feed}#entry-4", "feed entry has neither a link nor content; skipped")


def test_feed_entry_whose_link_has_no_article_falls_back_to_its_content(
        tmp_path: Path, fetcher: Fetcher, base: str) -> None:
    english = "<p>The ministry said 4,000 people were evacuated from the district on Monday.</p>" * 8
    feed = tmp_path / "wire.xml"
    feed.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Test Wire</title>
<item><title>Floods</title><link>{base}/index</link>
<content:encoded><![CDATA[<html><body><article>{english}</article></body></html>]]></content:encoded></item>
<item><title>Front page only</title><link>{base}/index</link></item>
</channel></rss>""")
    floods, front = read(fetcher, str(feed))
    assert isinstance(floods, IngestedArticle) and floods.title == "Floods" and floods.outlet == "Test Wire"
    assert "4,000 people were evacuated" in floods.text
    assert isinstance(front, IngestProblem) and front.skipped and front.origin == f"{feed}#entry-2"
    assert "no article text found" in front.reason


def test_feed_url_atom(fetcher: Fetcher, base: str) -> None:
    whales, halibut = read(fetcher, f"{base}/feed.atom")
    assert isinstance(whales, IngestedArticle) and whales.origin == f"{base}/feed.atom#entry-1"
    assert whales.title is not None and whales.title.startswith("'What is the sea telling us?'")
    assert isinstance(halibut, IngestedArticle) and halibut.outlet == "The Seattle Times"


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_warc_archive_gives_every_html_response(tmp_path: Path, fetcher: Fetcher, three_pages: dict[str, bytes],
                                               gzipped: bool) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    archive.write_bytes(warc_bytes(three_pages, gzipped=gzipped))
    articles = read(fetcher, str(archive))
    assert all(isinstance(a, IngestedArticle) for a in articles)
    assert [a.origin.split("@")[0] for a in articles] == [str(archive)] * 3
    assert [a.title for a in articles if isinstance(a, IngestedArticle)] == [
        "The 'birth lottery' and economic mobility", "Obama admits US gun laws are his 'biggest frustration'",
        "Attack stokes instability fears in North Africa"]


def test_truncated_warc_keeps_records_read_and_reports(tmp_path: Path, fetcher: Fetcher,
                                                       three_pages: dict[str, bytes]) -> None:
    data = warc_bytes(three_pages, gzipped=True)
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(data[: len(data) * 2 // 3])
    *articles, problem = read(fetcher, str(archive))
    assert [type(a) for a in articles] == [IngestedArticle] * (len(articles)) and 1 <= len(articles) <= 2
    assert isinstance(problem, IngestProblem) and problem.origin == str(archive) and not problem.skipped
    assert "truncated or damaged" in problem.reason and "the records before it were read" in problem.reason


def test_folder_is_read_by_content_not_extension(tmp_path: Path, fetcher: Fetcher, readability: Path, base: str,
                                                 three_pages: dict[str, bytes], png_bytes: bytes) -> None:
    folder = tmp_path / "dump"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "page.txt").write_bytes(page(readability, "telegraph"))          # HTML saved as .txt
    (folder / "feed").write_bytes(_atom_without_links())  # a feed without an extension
    (folder / "sub" / "archive.bin").write_bytes(warc_bytes(three_pages, gzipped=True))
    (folder / "sub" / "notes.html").write_text("The ministry said 4,000 people were evacuated on Monday.\n" * 5)
    (folder / "sub" / "deeper" / "records.data").write_text(json.dumps({"text": "Officials said 12 bridges closed. " * 5}) + "\n")
    (folder / "sub" / "deeper" / "photo.jpg").write_bytes(png_bytes)
    (folder / ".hidden.html").write_bytes(page(readability, "cnn"))
    results = read(fetcher, str(folder))
    origins = [re.sub(r"@\d+$", "@N", r.origin.removeprefix(str(folder) + "/")) for r in results]
    assert origins == ["feed#entry-1", "page.txt", "sub/archive.bin@N", "sub/archive.bin@N", "sub/archive.bin@N",
                       "sub/notes.html", "sub/deeper/photo.jpg", "sub/deeper/records.data@N"]
    by_origin = dict(zip(origins, results, strict=True))
    assert all(isinstance(by_origin[o], IngestedArticle) for o in origins if o != "sub/deeper/photo.jpg")
    assert isinstance(by_origin["page.txt"], IngestedArticle) and by_origin["page.txt"].outlet == "The Telegraph"
    photo = by_origin["sub/deeper/photo.jpg"]
    assert isinstance(photo, IngestProblem) and photo.skipped and "a PNG image" in photo.reason
    assert isinstance(by_origin["sub/notes.html"], IngestedArticle)  # text despite its .html name
    assert isinstance(by_origin["feed#entry-1"], IngestedArticle)


def _atom_without_links() -> bytes:
    body = "".join("<p>The ministry said 4,000 people were evacuated, officials said on Monday night.</p>" for _ in range(8))
    return f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Local</title><id>urn:x</id>
<entry><title>Evacuation</title><id>urn:e</id><updated>2020-05-01T00:00:00Z</updated>
<content type="html"><![CDATA[<article>{body}</article>]]></content></entry></feed>""".encode()


def test_jsonl_with_text_html_and_bad_lines(tmp_path: Path, fetcher: Fetcher, readability: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": "Officials said 12 bridges closed. " * 5, "title": "Bridges", "url": "https://x.org/a",
                    "date": "2021-03-04T10:00:00Z", "site": "X News", "author": "A. Writer", "language": "en"}),
        json.dumps({"html": page(readability, "cnn").decode(), "outlet": "CNN"}),
        "{not json",
        json.dumps({"title": "nothing to read"}),
    ]
    dump.write_text("\n".join(lines) + "\n")
    text, html, bad, empty = read(fetcher, str(dump))
    assert text == IngestedArticle(f"{dump}@0", "Officials said 12 bridges closed. " * 5, title="Bridges", outlet="X News",
                                   author="A. Writer", published="2021-03-04", url="https://x.org/a", language="en")
    assert isinstance(html, IngestedArticle) and html.outlet == "CNN" and html.title is not None and "birth lottery" in html.title
    bad_offset = sum(len(line.encode()) + 1 for line in lines[:2])  # records are named by their line's byte offset
    assert isinstance(bad, IngestProblem) and bad.origin == f"{dump}@{bad_offset}" and "not a JSON object" in bad.reason
    assert isinstance(empty, IngestProblem) and "neither a 'text' nor an 'html'" in empty.reason


@pytest.mark.parametrize("kind", ["html", "text", "warc.gz"])
def test_standard_input_is_sniffed(fetcher: Fetcher, readability: Path, three_pages: dict[str, bytes], kind: str) -> None:
    data = {"html": page(readability, "aclu"), "text": b"Officials said 12 bridges closed. " * 5,
            "warc.gz": warc_bytes(three_pages, gzipped=True)}[kind]
    results = read(fetcher, "-", stdin=data)
    assert results and all(isinstance(r, IngestedArticle) and r.origin.startswith("-") for r in results)
    assert len(results) == (3 if kind == "warc.gz" else 1)


def test_legacy_encodings_without_charset(fetcher: Fetcher, base: str) -> None:
    russian, french = read(fetcher, f"{base}/cp1251", f"{base}/latin1")
    assert isinstance(russian, IngestedArticle) and RUSSIAN.strip() in russian.text
    assert isinstance(french, IngestedArticle) and "jusqu'à 100 000 soldats" in french.text and "déclaré" in french.text
    assert language_warning(russian) is not None and language_warning(french) is not None


def test_bad_sources_are_reported_and_the_run_goes_on(tmp_path: Path, base: str) -> None:
    with Fetcher(timeout=0.3, retries=1, backoff=0.01, allow_private_addresses=True) as fetcher:
        results = read(fetcher, f"{base}/missing", f"{base}/flaky", f"{base}/slow", f"{base}/huge", f"{base}/report.pdf",
                       f"{base}/index", str(tmp_path / "nowhere.html"), f"{base}/page/cnn")
    reasons = [r.reason if isinstance(r, IngestProblem) else "article" for r in results]
    assert reasons[0] == "HTTP 404 Not Found; check the URL"
    assert reasons[1] == "article"  # 500, then 200 on the retry
    assert reasons[2].startswith("timed out")
    assert reasons[3] == "response over 10 MB; skipped"
    assert reasons[4].startswith("content type 'application/pdf' is not HTML")
    assert reasons[5].startswith("no article text found")
    assert reasons[6].startswith("no such file or folder")
    assert reasons[7] == "article"
    assert [r.origin for r in results][:6] == [f"{base}/{p}" for p in ("missing", "flaky", "slow", "huge", "report.pdf", "index")]


def test_malformed_html_still_gives_the_article(readability: Path) -> None:
    data = page(readability, "nytimes-1")
    mangled = data.replace(b"</p>", b"</p></div></span><<>>&", 5)[: len(data) * 3 // 4] + b"<div><p <<>>& unclosed"
    article = extract_page(mangled, "mangled.html")
    assert isinstance(article, IngestedArticle) and "Sudan" in article.text


def test_index_page_is_skipped() -> None:
    problem = extract_page(INDEX_PAGE, "front.html")
    assert isinstance(problem, IngestProblem) and problem.skipped and problem.reason.startswith("no article text found")


@pytest.mark.parametrize(("head", "kind"), [
    (b"<!DOCTYPE html><html>", "html"), (b"\xef\xbb\xbf  <html lang=en>", "html"),
    (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"), (b"<?xml version='1.0'?><feed xmlns='x'>", "feed"),
    (b"WARC/1.1\r\n", "warc"), (gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo"), "warc"),
    (b'{"text": "x"}\n', "jsonl"), (b'{\n  "title": "pretty-printed JSON"\n}\n', "binary"), (b"%PDF-1.7", "binary"), (gzip.compress(b"hello"), "binary"),
    (b"Plain words.", "text"), (b"<3 is a heart", "text"),
])
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_reasons_are_grouped_without_their_particulars() -> None:
    assert reason_group("not a JSON object (Extra data: line 1 column 10 (char 9)); each line must be one") == (
        "not a JSON object")
    assert reason_group("content type 'application/pdf' is not HTML, a feed or text; skipped") == (
        "content type '…' is not HTML, a feed or text")


def test_small_pages_are_held_to_the_size_limit_like_texts(tmp_path: Path) -> None:
    page = tmp_path / "small.html"
    page.write_text("<html><head><title>Floods</title></head><body><p>" + "Officials said 4 roads closed. " * 40
                    + "</p></body></html>")
    with Fetcher(max_bytes=500) as small:
        [found] = read(small, str(page))
    assert isinstance(found, IngestProblem) and found.skipped and "over" in found.reason


def test_a_named_pipe_is_refused_and_its_page_read_from_standard_input(tmp_path: Path, readability: Path,
                                                                       fetcher: Fetcher) -> None:
    """A named pipe given as a source is never opened (nothing may ever write to it: the run would wait for
    ever); the message says to pipe it to standard input, where a page is read whole."""
    import os

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    [refused] = read(fetcher, str(fifo))
    assert isinstance(refused, IngestProblem) and not refused.skipped and refused.origin == str(fifo)
    assert refused.reason.startswith("a named pipe (FIFO), not a file: not opened") and "claimgraph ingest -" in refused.reason
    data = page(readability, "cnn")
    assert len(data) > 8192
    [found] = list(read_sources(["-"], fetcher, stdin=io.BytesIO(data), defer_pages=True))
    article = found.extract() if not isinstance(found, (IngestedArticle, IngestProblem)) else found
    assert isinstance(article, IngestedArticle) and article.title == "The 'birth lottery' and economic mobility"


def test_a_folder_index_gives_its_files_their_metadata(tmp_path: Path, readability: Path, fetcher: Fetcher) -> None:
    """A folder of texts with an index.jsonl of their metadata (as ../shared/corpus is laid out): the
    files are read with it, the index is not read as articles; a page's own metadata comes first."""
    text = "The ministry said 4,000 people were evacuated on Monday, and officials said 12 bridges closed.\n" * 3
    (tmp_path / "floods.txt").write_text(text)
    (tmp_path / "cnn.html").write_bytes(page(readability, "cnn"))
    (tmp_path / "other.txt").write_text(text.replace("4,000", "5,000"))
    (tmp_path / "index.jsonl").write_text(
        json.dumps({"id": "floods", "title": "Floods", "outlet": "Wire", "published": "2024-11"}) + "\n"
        + json.dumps({"id": "cnn.html", "title": "Not the page's title", "author": None, "url": "https://x.org/c"})
        + "\n" + json.dumps({"id": "gone", "title": "No such file"}) + "\n")
    for defer in (False, True):
        found = list(read_sources([str(tmp_path)], fetcher, defer_pages=defer))
        articles = {Path(a.origin).name: a for a in (f.extract() if not isinstance(f, (IngestedArticle, IngestProblem))
                                                    else f for f in found)}
        assert set(articles) == {"floods.txt", "cnn.html", "other.txt"}
        floods, cnn, other = articles["floods.txt"], articles["cnn.html"], articles["other.txt"]
        assert isinstance(floods, IngestedArticle) and (floods.title, floods.outlet, floods.published) == (
            "Floods", "Wire", "2024-11")
        assert isinstance(cnn, IngestedArticle) and cnn.title == "The 'birth lottery' and economic mobility"
        assert isinstance(other, IngestedArticle) and other.title is None


def test_an_index_with_text_is_read_as_articles(tmp_path: Path, fetcher: Fetcher) -> None:
    text = "The ministry said 4,000 people were evacuated on Monday, and officials said 12 bridges closed. " * 3
    (tmp_path / "index.jsonl").write_text(json.dumps({"id": "a", "text": text, "title": "A"}) + "\n")
    [article] = read(fetcher, str(tmp_path))
    assert isinstance(article, IngestedArticle) and article.title == "A" and article.origin == "a"
