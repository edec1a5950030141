"""Folders → their files, recursively and in name order, each with what the folder's metadata index
says of it; and opening a file only when it is a regular one.

Nothing but regular files is opened: a named pipe would block the run until something writes to it
(for ever, in a folder nobody writes to), a device may never end. Those, sockets, unreadable folders,
broken links and links to folders are reported by name and skipped; the files after them are read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from claimgraph.ingest import IngestProblem
from claimgraph.ingest.formats import INDEX_NAMES
from claimgraph.ingest.records import metadata_for, read_index

_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class NotAFile(OSError):
    """A path that is no regular file (a named pipe, a device, a socket): it is not read."""


@dataclass(frozen=True, slots=True)
class FolderFile:
    """A regular file found in a folder, with what the folder's index says of it."""

    path: str
    meta: dict[str, str] | None = None
    size: int = 0


def what_it_is(mode: int) -> str:
    """A file that is no regular file, described: "a named pipe (FIFO)", "a socket"…"""
    return next((name for test, name in _SPECIAL if test(mode)), "not a regular file")


def open_regular(path: str) -> BinaryIO:
    """``path`` open for reading, refused (``NotAFile``) unless it is a regular file. Opened without
    blocking, then checked: a named pipe put in a file's place after a look at it still never blocks."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotAFile(f"{what_it_is(mode)}, not a file: not opened")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def folder_files(folder: str, max_bytes: int) -> Iterator[FolderFile | IngestProblem]:
    """Every regular file under ``folder`` (hidden names skipped), and a problem for everything else met."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((entry for entry in scan if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield IngestProblem(folder, f"cannot read the folder ({exc.strerror or exc}); skipped with what is in it")
        return
    files: list[tuple[os.DirEntry[str], int] | IngestProblem] = []
    subfolders = []
    for entry in entries:
        try:
            info = entry.stat()  # the link's target, for a link
            mode = info.st_mode
        except OSError as exc:
            reason = "a broken link" if entry.is_symlink() else f"cannot read it ({exc.strerror or exc})"
            files.append(IngestProblem(entry.path, f"{reason}; skipped"))
            continue
        if stat.S_ISDIR(mode) and entry.is_symlink():
            files.append(IngestProblem(entry.path, "a link to a folder: not followed (give the folder itself)",
                                       skipped=True))
        elif stat.S_ISDIR(mode):
            subfolders.append(entry.path)
        elif stat.S_ISREG(mode):
            files.append((entry, info.st_size))
        else:
            files.append(IngestProblem(entry.path, f"{what_it_is(mode)}, not a file: not opened", skipped=True))
    index_name, index = _folder_index(folder, [f[0].name for f in files if isinstance(f, tuple)], max_bytes)
    for found in files:
        if isinstance(found, IngestProblem):
            yield found
        elif found[0].name != index_name:
            yield FolderFile(found[0].path, metadata_for(index, found[0].name), found[1])
    for subfolder in subfolders:
        yield from folder_files(subfolder, max_bytes)


def _folder_index(folder: str, names: list[str], max_bytes: int) -> tuple[str | None, dict[str, dict[str, str]]]:
    """The folder's metadata index (``index.jsonl`` or ``metadata.jsonl`` without text: records.read_index)
    by file name, or none."""
    for name in INDEX_NAMES:
        if name in names:
            try:
                with open_regular(os.path.join(folder, name)) as fp:
                    data = fp.read(max_bytes + 1)
            except OSError:
                continue  # reported when it is read as a source
            found = read_index(data.splitlines()) if len(data) <= max_bytes else None
            if found is not None:
                return name, found
    return None, {}
