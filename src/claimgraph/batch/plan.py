"""Inputs → tasks: every file found under the inputs (local paths or fsspec URLs), split into tasks
of about ``task_bytes`` each.

A large JSON Lines file or WARC archive is split by byte range (a task reads the records that *start*
in its range, so each record belongs to exactly one task); a compressed JSON Lines file cannot be
entered in the middle and is one task; small files of any kind are grouped, several to a task. What a
file is, is judged by its content (``ingest.sniff``), as `claimgraph ingest` judges it. A task's id is
derived from its input and range only, so a retried or resumed task writes the same files again.
Local folders are walked as `ingest` walks them (``ingest.folders``): named pipes, devices and
unreadable folders are reported (in ``problems``), never opened.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem
from fsspec.utils import infer_compression

from claimgraph.batch import BatchError
from claimgraph.ingest import IngestProblem
from claimgraph.ingest.folders import FolderFile, folder_files, what_it_is
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES, FORMATS, INDEX_NAMES
from claimgraph.ingest.records import metadata_for, read_index
from claimgraph.ingest.sniff import Sniffed, identify_file

# Bytes of input a task reads. 16 MB is about 2,400 plain-text articles (6.7 kB each in the corpus), some
# 12 s of extraction on one core: long enough that a task's Parquet files (up to three a month its
# articles span; 0.45 s for the 55 months of the corpus) cost little beside it (benchmarks/bench_batch.py:
# 8 MB tasks spent 6% of their time writing), short enough that a killed worker loses little. HTML in
# WARC archives is ~10x bigger per article and slower to read, so tasks come out similar in time.
DEFAULT_TASK_BYTES = 16_000_000
# Small files (pages, texts) grouped into one task: at most this many, whatever their size.
FILES_PER_TASK = 200
#: "records": the records of one archive or JSON Lines file in a byte range (the whole of a compressed
#: one); "files": whole files. (Plans written before kept the format: "jsonl", "warc", "compressed-jsonl".)
TaskKind = Literal["records", "files"]
_OLD_KINDS = {"jsonl": "records", "warc": "records", "compressed-jsonl": "records"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?=://)")


@dataclass(frozen=True, slots=True)
class Task:
    """A unit of work: the records of ``url`` starting in bytes [start, end), or whole ``files``."""

    id: str
    kind: TaskKind
    url: str = ""                  # for "files" the first file's
    start: int = 0
    end: int | None = None         # None: to the end of the file
    files: tuple[str, ...] = field(default=())
    index: int = 0                 # its place in the plan: the high half of its rows' ids
    meta: dict[str, dict[str, str]] = field(default_factory=dict)  # file → what its folder's index says of it
    max_bytes: int = DEFAULT_MAX_BYTES  # the most a file read whole, a page or a record may be

    def describe(self) -> str:
        if self.kind == "files":
            more = f" and {len(self.files) - 1} more file(s)" if len(self.files) > 1 else ""
            return f"{self.files[0]}{more}"
        if self.end is None and self.start == 0:
            return self.url
        return f"{self.url} bytes {self.start}–{self.end if self.end is not None else 'end'}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "files": list(self.files)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Task:
        kind = _OLD_KINDS.get(data["kind"], data["kind"])
        return cls(**{**data, "kind": kind, "files": tuple(data.get("files", ()))})


@dataclass(frozen=True, slots=True)
class _Found:
    url: str
    size: int
    meta: dict[str, str] | None = None


def plan(inputs: list[str], task_bytes: int = DEFAULT_TASK_BYTES, max_bytes: int = DEFAULT_MAX_BYTES,
         problems: list[IngestProblem] | None = None) -> list[Task]:
    """The tasks for ``inputs``, in input order; what no task can read (a named pipe, an unreadable folder)
    goes to ``problems``. A missing input or an unusable URL raises ``BatchError``."""
    tasks: list[Task] = []
    small: list[_Found] = []
    for found in _files(inputs, max_bytes, problems if problems is not None else []):
        # Heads are read only where they decide the split: a folder of many small pages costs a listing.
        sniffed = _sniffed(found.url) if found.size > task_bytes or infer_compression(found.url) else None
        if sniffed is not None and FORMATS[sniffed.kind].streamed and sniffed.compression is not None:
            tasks.append(Task(task_id(found.url, 0, None), "records", found.url, max_bytes=max_bytes))
        elif sniffed is not None and FORMATS[sniffed.kind].splittable and found.size > task_bytes:
            tasks.extend(_split(found.url, found.size, task_bytes, max_bytes))
        else:
            small.append(found)
    for group in _groups(small, task_bytes):
        urls = tuple(f.url for f in group)
        tasks.append(Task(task_id("\n".join(urls), 0, None), "files", urls[0], files=urls, max_bytes=max_bytes,
                          meta={f.url: f.meta for f in group if f.meta}))
    return [replace(task, index=i) for i, task in enumerate(tasks)]


def _files(inputs: list[str], max_bytes: int, problems: list[IngestProblem]) -> Iterator[_Found]:
    """Every file under the inputs (folders recursively, hidden names skipped) with its size and what its
    folder's metadata index says of it; the indexes themselves are no inputs."""
    for source in inputs:
        source = _SCHEME.sub(lambda scheme: scheme.group().lower(), source, count=1)  # HTTP://, S3://: URLs too
        try:
            fs, path = url_to_fs(source)
        except (ImportError, ValueError) as exc:
            raise BatchError(f"{source}: cannot read this kind of URL ({exc}); install the fsspec backend "
                             "it names (s3fs for s3://, gcsfs for gs://, aiohttp for http://)") from exc
        if isinstance(fs, LocalFileSystem):
            yield from _local(source, path, max_bytes, problems)
            continue
        if not fs.exists(path):
            raise BatchError(f"{source}: no such file or folder; give a path or an fsspec URL (s3://…, gs://…)")
        found = fs.find(path, detail=True) if fs.isdir(path) else {path: fs.info(path)}
        urls = {fs.unstrip_protocol(name): int(info.get("size") or 0) for name, info in sorted(found.items())
                if not any(part.startswith(".") for part in name[len(path):].split("/") if part)}
        indexes, meta = _indexes(urls, max_bytes)
        yield from (_Found(url, size, meta.get(url)) for url, size in urls.items() if url not in indexes)


def _local(source: str, path: str, max_bytes: int, problems: list[IngestProblem]) -> Iterator[_Found]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BatchError(f"{source}: no such file or folder; give a path or an fsspec URL (s3://…, gs://…)") from None
    except OSError as exc:
        raise BatchError(f"{source}: cannot read it ({exc.strerror or exc})") from exc
    mode = info.st_mode
    if stat.S_ISREG(mode):
        yield _Found(path, info.st_size)
    elif not stat.S_ISDIR(mode):
        problems.append(IngestProblem(source, f"{what_it_is(mode)}, not a file: not opened"))
    for found in folder_files(path, max_bytes) if stat.S_ISDIR(mode) else ():
        if isinstance(found, FolderFile):
            yield _Found(found.path, found.size, found.meta)
        else:
            problems.append(found)


def _indexes(files: dict[str, int], max_bytes: int) -> tuple[set[str], dict[str, dict[str, str]]]:
    """The folders' metadata indexes among the files (as `claimgraph ingest` reads them: records.read_index),
    and what they say of each file they name, by the file's URL."""
    indexes: set[str] = set()
    meta: dict[str, dict[str, str]] = {}
    by_folder: dict[str, list[str]] = {}
    for url in files:
        by_folder.setdefault(url.rsplit("/", 1)[0], []).append(url)
    for url, size in files.items():
        folder, name = url.rsplit("/", 1) if "/" in url else ("", url)
        if name not in INDEX_NAMES or size > max_bytes:
            continue
        try:
            with fsspec.open(url, "rb") as fp:
                found = read_index(fp.read(max_bytes + 1).splitlines())
        except OSError:
            continue  # read as a file in its task, which reports it
        if found is None:
            continue
        indexes.add(url)
        for sibling in by_folder.get(folder, []):
            entry = metadata_for(found, sibling.rsplit("/", 1)[-1])
            if entry:
                meta[sibling] = entry
    return indexes, meta


def _groups(files: list[_Found], task_bytes: int) -> Iterator[list[_Found]]:
    """Small files in order, grouped up to ``task_bytes`` (and ``FILES_PER_TASK`` files) a group."""
    group: list[_Found] = []
    size = 0
    for found in files:
        if group and (size + found.size > task_bytes or len(group) == FILES_PER_TASK):
            yield group
            group, size = [], 0
        group.append(found)
        size += found.size
    if group:
        yield group


def task_id(url: str, start: int, end: int | None) -> str:
    """Readable and deterministic: the input's name, then a hash of input and range."""
    digest = hashlib.sha1(f"{url}\0{start}\0{end}".encode()).hexdigest()[:16]
    name = _SAFE.sub("_", os.path.basename(url.splitlines()[0].rstrip("/")))[:40]
    return f"{name}-{digest}"


def _split(url: str, size: int, task_bytes: int, max_bytes: int) -> Iterator[Task]:
    for start in range(0, size, task_bytes):
        end = start + task_bytes if start + task_bytes < size else None
        yield Task(task_id(url, start, end), "records", url, start, end, max_bytes=max_bytes)


def _sniffed(url: str) -> Sniffed | None:
    try:
        with fsspec.open(url, "rb") as fp:
            return identify_file(fp, url)
    except (OSError, EOFError, ValueError):
        return None  # unreadable or a damaged stream: read as a file in its task, which reports it
