"""The README, tested (datasette's ``test_docs``): every command it shows runs, so flags, defaults,
error codes and messages cannot drift from the program.

Each ``claimgraph …`` line of the README's shell blocks runs in bash, in order, in a sandbox folder that
holds the files the README names (``article.txt``, ``page.html``, ``feed.xml``, ``crawl.warc.gz``,
``dump.jsonl``, ``folder/``…, made from the bundled samples) with ``CLAIMGRAPH_DB`` set, and must exit 0.
What a sandbox cannot give is substituted, and only that: ``https://example.org/`` is a page server on
127.0.0.1 (so ``ingest`` gets ``--allow-private-addresses``), and the upper-case placeholders
``MEASURE_ID``, ``OTHER_MEASURE_ID``, ``CLAIM_ID``, ``OTHER_CLAIM_ID``, ``STORY_ID``, ``OTHER_STORY_ID`` are ids
from the store. Lines that need
a cluster, object storage or a foreground server (``s3://``, ``--scheduler``, ``serve``) are parsed by the
CLI (every option and argument checked) but not run; tests/test_batch_cluster.py and tests/test_web_serve.py
run those paths. Lines that read ``../shared`` run against it when it is there.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from pathlib import Path

import click
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from helpers import SHARED

from claimgraph import samples
from claimgraph.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
BIN = Path(sys.executable).parent
NOT_RUN = ("s3://", "--scheduler", "claimgraph serve")  # parsed, not run (see the module's docstring)


def shell_lines(text: str) -> list[str]:
    """The command lines of the README's indented shell blocks that run claimgraph, comments removed."""
    lines = []
    for block in re.findall(r"(?:^|\n\n)((?:    .*\n?)+)", text):
        for line in block.splitlines():
            command = line[4:].split("  #")[0].strip()
            if re.match(r"(cat .*\| )?claimgraph ", command):
                lines.append(command)
    return lines


COMMANDS = shell_lines(README.read_text(encoding="utf-8"))


def test_the_readme_shows_commands() -> None:
    shown = {shlex.split(c.split("| ")[-1])[1] for c in COMMANDS}
    assert {"extract", "ingest", "claims", "measures", "timeline", "batch", "load", "serve"} <= shown


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """The files of ``folder`` over HTTP on 127.0.0.1, in a thread; yields the base URL."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _html(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{title}</title><meta property='og:site_name' content='Wikinews'>"
            f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>")


def _warc(pages: dict[str, str]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages.items():
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(record)
        record.raw_stream.close()
    return out.getvalue()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder with every file the README's commands name, and the base URL of a page server."""
    root = tmp_path_factory.mktemp("readme")
    paths, index = samples.paths(), samples.index()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    first, *rest = paths
    shutil.copy(first, root / "article.txt")
    (root / "more").mkdir()
    for p in rest[:2]:
        shutil.copy(p, root / "more" / p.name)
    shutil.copytree(samples.folder(), root / "folder")
    pages = root / "pages"
    pages.mkdir()
    for stem in list(texts)[:3]:
        (pages / f"{stem[:20]}.html").write_text(_html(index[stem]["title"], texts[stem]), encoding="utf-8")
    page_names = sorted(p.name for p in pages.iterdir())
    shutil.copy(pages / page_names[0], root / "page.html")
    records = [{"text": texts[s], "title": index[s]["title"], "published": index[s]["published"],
                "outlet": index[s]["outlet"], "url": index[s]["url"]} for s in list(texts)[3:6]]
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    (root / "dump.jsonl").write_text(jsonl, encoding="utf-8")
    (root / "articles.jsonl").write_text(jsonl, encoding="utf-8")
    (root / "dumps").mkdir()
    (root / "dumps" / "part-1.jsonl").write_text(jsonl, encoding="utf-8")
    (root / "crawl").mkdir()
    with serve_folder(pages) as base:
        warc = _warc({f"{base}/{name}": (pages / name).read_text(encoding="utf-8") for name in page_names[1:]})
        (root / "crawl.warc.gz").write_bytes(warc)
        (root / "crawl" / "day-1.warc.gz").write_bytes(warc)
        items = "".join(f"<item><title>{name}</title><link>{base}/{name}</link></item>" for name in page_names)
        (root / "feed.xml").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>"
                                       f"{items}</channel></rss>", encoding="utf-8")
        yield root, base


def _ids(root: Path, env: dict[str, str]) -> dict[str, str]:
    """Ids from the sandbox's store for the README's placeholders."""
    def jsonl(*args: str) -> list[dict[str, object]]:
        out = subprocess.run([str(BIN / "claimgraph"), *args, "--format", "jsonl"], cwd=root, env=env,
                             capture_output=True, text=True, check=True).stdout
        return [json.loads(line) for line in out.splitlines()]

    measures = jsonl("measures")
    claims = [c for c in jsonl("claims") if c.get("quantity")]
    stories = jsonl("stories")
    return {"OTHER_STORY_ID": str(stories[1]["id"]), "STORY_ID": str(stories[0]["id"]),
            "OTHER_MEASURE_ID": str(measures[1]["id"]), "MEASURE_ID": str(measures[0]["id"]),
            "OTHER_CLAIM_ID": str(claims[1]["claim_id"]), "CLAIM_ID": str(claims[0]["claim_id"])}


def test_every_readme_command_runs(sandbox: tuple[Path, str]) -> None:
    root, base = sandbox
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "CLAIMGRAPH_DB": str(root / "claimgraph.db"),
           "COLUMNS": "120"}
    ids: dict[str, str] | None = None
    for command in COMMANDS:
        if any(marker in command for marker in NOT_RUN) or ("../shared" in command and not SHARED.is_dir()):
            continue
        line = command.replace("../shared", str(SHARED))
        line = line.replace("https://example.org/news/story", f"{base}/{sorted(os.listdir(root / 'pages'))[0]}")
        if "claimgraph ingest" in line:
            line = line.replace("claimgraph ingest", "claimgraph ingest --allow-private-addresses")
        if re.search(r"\b(OTHER_)?(MEASURE|CLAIM|STORY)_ID\b", line):
            ids = ids or _ids(root, env)
            for name, value in ids.items():
                line = line.replace(name, value)
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {line}"], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, f"README command failed: {command}\n{done.stderr[-2000:]}"


@pytest.mark.parametrize("command", [c for c in COMMANDS if any(m in c for m in NOT_RUN)])
def test_commands_not_run_here_still_parse(command: str) -> None:
    """Every option and argument of a README line that needs a cluster or a server is one the CLI takes."""
    args = shlex.split(command.split("| ")[-1])[1:]
    with main.make_context("claimgraph", list(args), resilient_parsing=False) as ctx:
        sub = main.get_command(ctx, args[0])
        assert isinstance(sub, click.Command), command
        sub.make_context(args[0], args[1:])


def test_every_option_the_readme_names_exists() -> None:
    """An option named anywhere in the README's prose or examples is one some command takes."""
    ours = "\n".join(line for line in README.read_text(encoding="utf-8").splitlines()
                     if not re.search(r"score\.py|dask worker|pip install", line))  # other programs' options
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", ours))
    assert named - set(_options()) - {"--help", "--version"} == set()


def _options() -> dict[str, click.Parameter]:
    """Every long option of every command, by name (the last command's where names repeat)."""
    taken: dict[str, click.Parameter] = {}

    def collect(command: click.Command) -> None:
        for param in command.params:
            taken.update((o, param) for o in param.opts if o.startswith("--"))
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                collect(sub)

    collect(main)
    return taken


def test_defaults_the_readme_states_are_the_programs() -> None:
    """"(`--task-size`, 8 MB by default…": a default written in the README is the option's default."""
    options = _options()
    stated = re.findall(r"`(--[a-z-]+)`, ([\d.,]+) ?[A-Za-z]* by\s+default", README.read_text(encoding="utf-8"))
    assert stated, "the README states no option default"
    for name, value in stated:
        assert float(value.replace(",", "")) == float(options[name].default), name  # type: ignore[arg-type]


def test_the_readme_lists_every_error_code() -> None:
    from claimgraph.web.errors import ERROR_CODES

    listed = re.search(r"<!-- error-codes -->(.*?)<!-- /error-codes -->", README.read_text(encoding="utf-8"), re.S)
    assert listed is not None
    assert set(re.findall(r"`([a-z_]+)`", listed.group(1))) == set(ERROR_CODES)
    for code, status in ERROR_CODES.items():
        assert re.search(rf"`{code}`[^(]*\({status}", listed.group(1)), code


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S))
def test_every_python_example_runs(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(block, "README.md", "exec"), {})  # noqa: S102  the README's own example
    assert capsys.readouterr().out.strip(), "the example prints what it found"


def test_the_corrupt_record_message_is_the_one_the_readme_shows(tmp_path: Path) -> None:
    """The README quotes `dump.jsonl@81920: not a JSON object …`: that is what a corrupt line gives."""
    quoted = re.search(r"`(dump\.jsonl@\d+: not a JSON object) …`", README.read_text(encoding="utf-8"))
    assert quoted is not None
    dump = tmp_path / "dump.jsonl"
    article = json.dumps({"text": samples.paths()[0].read_text(encoding="utf-8")})
    dump.write_text(f"{article}\n{{not json\n", encoding="utf-8")
    done = subprocess.run([str(BIN / "claimgraph"), "ingest", "--db", str(tmp_path / "s.db"), "dump.jsonl"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    pattern = re.escape(quoted.group(1)).replace("81920", r"\d+")
    assert done.returncode == 1 and re.search(pattern, done.stderr), done.stderr
