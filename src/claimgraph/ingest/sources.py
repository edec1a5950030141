"""Sources → articles: expand each source (file, folder, URL, feed, archive, JSON Lines, stdin)
into articles or problems, in source order, fetching concurrently.

Local files are read lazily in the calling thread, by their content (``sniff``, ``readers``); a
folder's files as ``folders`` finds them (nothing but regular files is opened). Network work
(``jobs``) runs in two thread pools — one fetches the URLs given as sources (a feed among them
expands into its entries), the other fetches pages (entries' links) — each behind an ordered window
(``ordered``), so results keep source order while up to ``Fetcher.concurrency`` requests are in
flight. Whatever fails in reading one source is that source's problem; the run goes on.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import IO

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.folders import FolderFile, NotAFile, folder_files, open_regular, what_it_is
from claimgraph.ingest.formats import FORMATS, SNIFF_BYTES, is_web_url
from claimgraph.ingest.jobs import PageJob, RawPage, SourceJob, feed_steps, streamed
from claimgraph.ingest.ordered import in_order
from claimgraph.ingest.readers import guarded, not_read, too_large
from claimgraph.ingest.records import read_text, with_metadata
from claimgraph.ingest.sniff import Sniffed, identify_file

__all__ = ["RawPage", "read_sources"]

Result = IngestedArticle | IngestProblem
READABLE = "a page, feed, archive, JSON Lines or text"
Step = Result | RawPage | PageJob | SourceJob


def read_sources(sources: Iterable[str], fetcher: Fetcher, *, stdin: IO[bytes] | None = None,
                 defer_pages: bool = False) -> Iterator[Result | RawPage]:
    """Every article (or problem) in ``sources``, in order. ``-`` reads ``stdin``. With ``defer_pages``,
    HTML files and archived pages come as ``RawPage`` for the caller to extract."""
    steps = (step for source in sources for step in guarded(_expand(source, fetcher, stdin), source))
    expanded = _flatten(in_order(steps, SourceJob, partial(_run, fetcher=fetcher), fetcher.concurrency))
    for item in in_order(expanded, PageJob, partial(_run, fetcher=fetcher), fetcher.concurrency):
        if isinstance(item, RawPage):
            yield item if defer_pages else item.extract()
        elif isinstance(item, (IngestedArticle, IngestProblem)):
            yield item
        else:
            raise TypeError(f"a job was left unrun: {item!r}")


def _expand(source: str, fetcher: Fetcher, stdin: IO[bytes] | None) -> Iterator[Step]:
    if is_web_url(source):
        yield SourceJob(source)
    elif source == "-":
        if stdin is None:
            yield IngestProblem("-", "standard input is not available")
            return
        yield from _bytes(stdin.read(fetcher.max_bytes + 1), "-", fetcher.max_bytes)
    else:
        yield from _local(source, fetcher.max_bytes)


def _local(source: str, max_bytes: int) -> Iterator[Step]:
    """A path: a folder's files, a file, or a refusal (no such path; a pipe, a device: never opened)."""
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError:
        yield IngestProblem(source, "no such file or folder; give a path, an http(s) URL, or - for standard input")
        return
    except OSError as exc:
        yield IngestProblem(source, f"cannot read it: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(mode):
        for found in folder_files(source, max_bytes):
            if isinstance(found, FolderFile):
                yield from (_described(step, found.meta) if found.meta else step for step in _file(found.path, max_bytes))
            else:
                yield found
    elif stat.S_ISREG(mode):
        yield from _file(source, max_bytes)
    else:
        yield IngestProblem(source, f"{what_it_is(mode)}, not a file: not opened (it could keep the run waiting for "
                                    "ever); to read a stream, pipe it to standard input: … | claimgraph ingest -")


def _described(step: Step, meta: dict[str, str]) -> Step:
    """A file's article (or page, to be read later) with what the folder's index says of it."""
    if isinstance(step, IngestedArticle):
        return with_metadata(step, meta)
    if isinstance(step, RawPage):
        return replace(step, meta=meta)
    return step


def _file(path: str, max_bytes: int) -> Iterator[Step]:
    """A regular file's articles, by its content; whatever fails in reading it is its own problem."""
    yield from guarded(_read_file(path, max_bytes), path)


def _read_file(path: str, max_bytes: int) -> Iterator[Step]:
    try:
        with open_regular(path) as fp:
            sniffed = identify_file(fp, path)
            if FORMATS[sniffed.kind].streamed:
                yield from streamed(sniffed, fp, path, max_bytes)
                return
            size = os.fstat(fp.fileno()).st_size
            if size > max_bytes:
                yield too_large(path, max_bytes)
                return
            if sniffed.kind == "html" and size > SNIFF_BYTES:  # read where it is extracted
                yield RawPage(None, path, path=path, max_bytes=max_bytes)
                return
            data = fp.read(max_bytes + 1)
    except NotAFile as exc:
        yield IngestProblem(path, f"{exc} (it was replaced after it was found)", skipped=True)
        return
    except OSError as exc:
        yield IngestProblem(path, f"cannot read the file: {exc.strerror or exc}")
        return
    yield from _whole(sniffed, data, path, max_bytes)


def _bytes(data: bytes, origin: str, max_bytes: int) -> Iterator[Step]:
    """Bytes read whole (standard input), by their content."""
    if len(data) > max_bytes:
        yield too_large(origin, max_bytes)
        return
    sniffed = identify_file(io.BytesIO(data), origin)
    if FORMATS[sniffed.kind].streamed:
        yield from streamed(sniffed, io.BytesIO(data), origin, max_bytes)
    else:
        yield from _whole(sniffed, data, origin, max_bytes)


def _whole(sniffed: Sniffed, data: bytes, origin: str, max_bytes: int) -> Iterator[Step]:
    if len(data) > max_bytes:
        yield too_large(origin, max_bytes)
    elif sniffed.kind == "html":
        yield RawPage(data, origin)
    elif sniffed.kind == "feed":
        yield from feed_steps(data, origin)
    elif sniffed.kind == "binary":
        yield not_read(sniffed, origin, READABLE)
    else:
        yield read_text(data, origin)


def _run(job: PageJob | SourceJob, fetcher: Fetcher) -> object:
    """A job's result; a job that raised (a parser failing on what a server sent) gives its problem."""
    try:
        return job(fetcher)
    except Exception as exc:  # noqa: BLE001 - one hostile response fails its own source, not the run
        problem = IngestProblem(job.origin, f"reading failed ({type(exc).__name__}: {exc}); skipped")
        return [problem] if isinstance(job, SourceJob) else problem


def _flatten(items: Iterable[object]) -> Iterator[Step]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item  # type: ignore[misc]
