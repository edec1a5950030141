"""Inputs → tasks: every file found under the inputs (local paths or fsspec URLs), split into tasks
of about ``task_bytes`` each.

A large JSON Lines file or WARC archive is split by byte range (a task reads the records that *start*
in its range, so each record belongs to exactly one task); a compressed JSON Lines file cannot be
entered in the middle and is one task; small files of any kind are grouped, several to a task.
A task's id is derived from its input and range only, so a retried or resumed task writes the same
files again instead of new ones.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem
from fsspec.utils import infer_compression

from claimgraph.batch import BatchError
from claimgraph.ingest import DEFAULT_MAX_BYTES
from claimgraph.ingest.records import metadata_for, read_index
from claimgraph.ingest.sniff import SNIFF_BYTES, sniff
from claimgraph.ingest.sources import INDEX_NAMES

# Bytes of input a task reads. 16 MB is about 2,400 plain-text articles (6.7 kB each in the corpus), some
# 12 s of extraction on one core: long enough that a task's Parquet files (up to three a month its
# articles span; 0.45 s for the 55 months of the corpus) cost little beside it (benchmarks/bench_batch.py:
# 8 MB tasks spent 6% of their time writing), short enough that a killed worker loses little. HTML in
# WARC archives is ~10x bigger per article and slower to read, so tasks come out similar in time.
DEFAULT_TASK_BYTES = 16_000_000
# Small files (pages, texts) grouped into one task: at most this many, whatever their size.
FILES_PER_TASK = 200
Kind = Literal["jsonl", "warc", "compressed-jsonl", "files"]
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Task:
    """A unit of work: the records of ``url`` starting in bytes [start, end), or whole ``files``."""

    id: str
    kind: Kind
    url: str = ""                  # for "files" the first file's
    start: int = 0
    end: int | None = None         # None: to the end of the file
    files: tuple[str, ...] = field(default=())
    index: int = 0                 # its place in the plan: the high half of its rows' ids
    meta: dict[str, dict[str, str]] = field(default_factory=dict)  # file → what its folder's index says of it

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
        return cls(**{**data, "files": tuple(data.get("files", ()))})


def plan(inputs: list[str], task_bytes: int = DEFAULT_TASK_BYTES) -> list[Task]:
    """The tasks for ``inputs``, in input order; a missing input or an unusable URL raises ``BatchError``."""
    tasks: list[Task] = []
    small: list[tuple[str, int]] = []
    files = list(_files(inputs))
    indexes, meta = _indexes(files)
    for url, size in files:
        if url in indexes:
            continue  # a folder's metadata index: read for its files, not as articles
        # Heads are read only where they decide the split: a folder of many small pages costs a listing.
        kind = _kind(url) if size > task_bytes or infer_compression(url) else "other"
        if kind in ("jsonl", "warc") and size > task_bytes:
            tasks.extend(_split(url, kind, size, task_bytes))
        elif kind == "compressed-jsonl":
            tasks.append(Task(task_id(url, 0, None), kind, url))
        else:
            small.append((url, size))
    for group in _groups(small, task_bytes):
        tasks.append(Task(task_id("\n".join(group), 0, None), "files", group[0], files=group,
                          meta={url: meta[url] for url in group if url in meta}))
    return [replace(task, index=i) for i, task in enumerate(tasks)]


def _indexes(files: list[tuple[str, int]]) -> tuple[set[str], dict[str, dict[str, str]]]:
    """The folders' metadata indexes among the files (as `claimgraph ingest` reads them: records.read_index),
    and what they say of each file they name, by the file's URL."""
    indexes: set[str] = set()
    meta: dict[str, dict[str, str]] = {}
    by_folder: dict[str, list[str]] = {}
    for url, _ in files:
        by_folder.setdefault(url.rsplit("/", 1)[0], []).append(url)
    for url, size in files:
        folder, name = url.rsplit("/", 1) if "/" in url else ("", url)
        if name not in INDEX_NAMES or size > DEFAULT_MAX_BYTES:
            continue
        try:
            with fsspec.open(url, "rb") as fp:
                found = read_index(fp.read().splitlines())
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


def _groups(files: list[tuple[str, int]], task_bytes: int) -> Iterator[tuple[str, ...]]:
    """Small files in order, grouped up to ``task_bytes`` (and ``FILES_PER_TASK`` files) a group."""
    group: list[str] = []
    size = 0
    for url, length in files:
        if group and (size + length > task_bytes or len(group) == FILES_PER_TASK):
            yield tuple(group)
            group, size = [], 0
        group.append(url)
        size += length
    if group:
        yield tuple(group)


def task_id(url: str, start: int, end: int | None) -> str:
    """Readable and deterministic: the input's name, then a hash of input and range."""
    digest = hashlib.sha1(f"{url}\0{start}\0{end}".encode()).hexdigest()[:16]
    name = _SAFE.sub("_", os.path.basename(url.splitlines()[0].rstrip("/")))[:40]
    return f"{name}-{digest}"


def _split(url: str, kind: Kind, size: int, task_bytes: int) -> Iterator[Task]:
    for start in range(0, size, task_bytes):
        end = start + task_bytes if start + task_bytes < size else None
        yield Task(task_id(url, start, end), kind, url, start, end)


def _kind(url: str) -> Kind | Literal["other"]:
    kind = sniff(_head(url, None), url)
    if kind in ("warc", "jsonl"):
        return kind
    if infer_compression(url) and sniff(_head(url, "infer"), url) == "jsonl":
        return "compressed-jsonl"
    return "other"


def _head(url: str, compression: str | None) -> bytes:
    try:
        with fsspec.open(url, "rb", compression=compression) as fp:
            return bytes(fp.read(SNIFF_BYTES))
    except (OSError, EOFError, ValueError):
        return b""  # unreadable or a damaged stream: read as a file in its task, which reports it


def _files(inputs: list[str]) -> Iterator[tuple[str, int]]:
    """Every file under the inputs (folders recursively, hidden names skipped): its URL and size."""
    for source in inputs:
        try:
            fs, path = url_to_fs(source)
        except (ImportError, ValueError) as exc:
            raise BatchError(f"{source}: cannot read this kind of URL ({exc}); install the fsspec backend "
                             "it names (s3fs for s3://, gcsfs for gs://, aiohttp for http://)") from exc
        if not fs.exists(path):
            raise BatchError(f"{source}: no such file or folder; give a path or an fsspec URL (s3://…, gs://…)")
        found = fs.find(path, detail=True) if fs.isdir(path) else {path: fs.info(path)}
        for name in sorted(found):
            if any(part.startswith(".") for part in name[len(path):].split("/") if part):
                continue
            url = name if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(name)
            yield url, int(found[name].get("size") or 0)
