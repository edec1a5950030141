"""``claimgraph extract`` end to end: in-process with CliRunner, and the installed entry point as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import spacy
from click.testing import CliRunner, Result

from claimgraph import __version__
from claimgraph.cli import main
from claimgraph.models import BOUNDS, MODALITIES, SOURCE_KINDS
from claimgraph.reading import decode

CLAIM_KEYS = {"doc", "text", "start", "end", "quantity", "subject", "modality", "sources", "cue", "time"}
QUANTITY_KEYS = {"value", "low", "high", "bound", "unit", "start", "end"}
SOURCE_KEYS = {"name", "mention", "kind", "start", "end"}

TABLE_ONLY = "Country\tTroops\tYear\n" + "".join(f"Region {i}\t{i * 1000:,}\t{2000 + i}\n" for i in range(40))
UNBALANCED_QUOTES = ('"North Korea sent 10,000 troops, the minister said.\n\n'
                     "He added: “we expect more than 15,000 by spring.\n\n"
                     "Officials said” 3,000 were wounded \" and ' 12 were killed.\n")
ODD_TEXTS = {
    "table.txt": TABLE_ONLY,
    "list.txt": "".join(f"- {i} tanks\n" for i in range(200)),
    "quotes.txt": UNBALANCED_QUOTES,
    "numbers.txt": "1 2 3 4 5\n100,000\n\n\n%%%\n",
    "one-long-word.txt": "x" * 150_000,  # over the chunk size with no place to cut but anywhere
}


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def contract_claims(jsonl: str, texts: dict[str, str]) -> list[dict[str, Any]]:
    """Parse JSON Lines output and check each object against FORMAT.md; ``texts``: each doc's decoded text."""
    claims = [json.loads(line) for line in jsonl.splitlines()]
    for claim in claims:
        assert CLAIM_KEYS <= claim.keys(), claim
        assert claim["text"] == texts[claim["doc"]][claim["start"]:claim["end"]], claim
        assert claim["modality"] in MODALITIES
        if claim["quantity"] is not None:
            assert QUANTITY_KEYS <= claim["quantity"].keys() and claim["quantity"]["bound"] in BOUNDS
        for source in claim["sources"]:
            assert SOURCE_KEYS <= source.keys() and source["kind"] in SOURCE_KINDS
        for part, keys in (("subject", {"name", "start", "end"}), ("cue", {"text", "start", "end"}),
                           ("time", {"text", "value", "start", "end"})):
            assert claim[part] is None or keys <= claim[part].keys()
    return claims


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"claimgraph, version {__version__}\n"


def test_extract_one_file_writes_contract_json_lines(corpus_dir: Path, seed_text: str) -> None:
    path = str(corpus_dir / "seed-nk-troops.txt")
    result = invoke("extract", path, "--published", "2024-11")
    assert (result.exit_code, result.stderr) == (0, "")
    assert {c["doc"] for c in contract_claims(result.stdout, {path: seed_text})} <= {path}


def test_dash_reads_standard_input(seed_text: str) -> None:
    result = invoke("extract", "-", stdin=seed_text.encode())
    assert (result.exit_code, result.stderr) == (0, "")
    assert {c["doc"] for c in contract_claims(result.stdout, {"-": seed_text})} <= {"-"}


def test_json_format_is_one_array_of_the_same_claims(corpus_dir: Path) -> None:
    paths = [str(p) for p in sorted(corpus_dir.glob("*.txt"))[:5]]
    lines = invoke("extract", *paths)
    array = invoke("extract", "--format", "json", *paths)
    assert (lines.exit_code, array.exit_code) == (0, 0)
    assert json.loads(array.stdout) == [json.loads(line) for line in lines.stdout.splitlines()]
    assert array.stderr == lines.stderr == f"5 files, {len(lines.stdout.splitlines())} claims, 0 failed\n"


def test_table_format_titles_each_document(corpus_dir: Path) -> None:
    path = str(corpus_dir / "seed-nk-troops.txt")
    result = invoke("extract", "--format", "table", path, "-", stdin=b"Officials said 5,000 troops left.")
    assert result.exit_code == 0
    assert path in result.stdout and "modality" in result.stdout and "sources" in result.stdout


def test_odd_texts_do_not_crash(tmp_path: Path) -> None:
    paths = {}
    for name, text in ODD_TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths[str(tmp_path / name)] = text
    for fmt in ("jsonl", "table"):
        result = invoke("extract", "--format", fmt, *paths)
        assert result.exit_code == 0, result.stderr
        assert re.fullmatch(rf"{len(paths)} files, \d+ claims, 0 failed", result.stderr.splitlines()[-1])
        assert "does not look like English" not in result.stderr
    contract_claims(invoke("extract", *paths).stdout, paths)


def test_a_text_over_spacy_max_length_is_split_and_claims_keep_whole_file_offsets(
        tmp_path: Path, corpus_dir: Path) -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt")))
    assert len(text) > spacy.blank("en").max_length
    path = tmp_path / "all-articles.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke("extract", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    contract_claims(result.stdout, {str(path): text})


def test_a_missing_file_fails_but_the_others_are_done(tmp_path: Path, seed_text: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(seed_text, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    alone, batch = invoke("extract", str(good)), invoke("extract", str(missing), str(good))
    assert batch.exit_code == 1
    assert batch.stdout == alone.stdout
    assert batch.stderr.splitlines() == [
        f"{missing}: cannot read the file: No such file or directory; skipped",
        f"2 files, {len(alone.stdout.splitlines())} claims, 1 failed",
    ]


def test_a_users_spacy_pipeline_can_be_plugged_in(tmp_path: Path, seed_text: str) -> None:
    spacy.blank("en").to_disk(tmp_path / "pipeline")
    result = invoke("extract", "--model", str(tmp_path / "pipeline"), "-", stdin=seed_text.encode())
    assert result.exit_code == 0, result.output
    contract_claims(result.stdout, {"-": seed_text})


@pytest.mark.parametrize(("args", "message"), [
    (["--model", "xx_no_such_pipeline_sm"],
     ("spaCy pipeline 'xx_no_such_pipeline_sm' is not installed; install it with "
      "`python -m spacy download xx_no_such_pipeline_sm` or omit --model to use the built-in pipeline")),
    (["--published", "5 Nov 2024"], "'5 Nov 2024' is not an ISO 8601 date"),
    (["--format", "csv"], "'csv' is not one of"),
])
def test_usage_errors_exit_2_and_say_how_to_fix_them(args: list[str], message: str) -> None:
    result = invoke("extract", *args, "-", stdin=b"Officials said 5,000 troops left.")
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_extract_needs_a_file() -> None:
    assert invoke("extract").exit_code == 2


def test_installed_entry_point_runs_a_mixed_batch(tmp_path: Path, corpus_dir: Path, seed_text: str,
                                                  foreign_texts: dict[str, str], png_bytes: bytes) -> None:
    """One bad file does not stop a batch: every message names its file, good files' claims all come out."""
    entry_point = Path(sys.executable).parent / "claimgraph"
    assert entry_point.is_file(), f"{entry_point} is missing: install the project (pip install -e .)"
    corpus = b"\n\n".join(p.read_bytes() for p in sorted(corpus_dir.glob("*.txt")))
    inputs: dict[str, bytes] = {
        str(corpus_dir / "seed-nk-troops.txt"): seed_text.encode(),
        "empty.txt": b"",
        "image.png": png_bytes,
        "cp1252.txt": seed_text.encode("cp1252"),
        "huge.txt": corpus * (50_000_000 // len(corpus) + 1),  # 50 MB of real news text
        "table.txt": TABLE_ONLY.encode(),
        "quotes.txt": UNBALANCED_QUOTES.encode(),
        "fr.txt": foreign_texts["fr"].encode(),
        "de.txt": foreign_texts["de"].encode(),
    }
    for name, data in inputs.items():
        if not Path(name).is_absolute():
            (tmp_path / name).write_bytes(data)
    bad = {"empty.txt", "image.png", "huge.txt"}
    good = [name for name in inputs if name not in bad]

    started = time.perf_counter()
    run = subprocess.run([str(entry_point), "extract", *inputs], cwd=tmp_path, capture_output=True,
                         timeout=120, check=False)
    seconds = time.perf_counter() - started
    stdout, stderr = run.stdout.decode("utf-8"), run.stderr.decode("utf-8").splitlines()

    assert run.returncode == 1, stderr
    assert seconds < 20, f"the batch took {seconds:.1f} s"
    assert stderr[-1] == f"{len(inputs)} files, {len(stdout.splitlines())} claims, {len(bad)} failed"
    assert all(line.startswith(tuple(f"{name}: " for name in inputs)) for line in stderr[:-1]), stderr
    assert sorted(line.split(": ")[0] for line in stderr if line.endswith("; skipped")) == sorted(bad)
    assert "empty.txt: file is empty; skipped" in stderr
    assert any(line.startswith("image.png: looks binary") for line in stderr)
    assert any(line.startswith("huge.txt: file is too large") for line in stderr)
    assert any(line.startswith("cp1252.txt: not valid UTF-8; decoded as windows-1252") for line in stderr)
    for name in ("fr.txt", "de.txt"):
        assert any(line.startswith(f"{name}: text does not look like English") for line in stderr)

    texts = {name: decode(inputs[name], name).text for name in good}
    contract_claims(stdout, texts)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        assert invoke("extract", *good).stdout == stdout  # the same claims as a batch of only the good files


def test_extract_reads_an_html_pages_main_text_not_its_markup(tmp_path: Path) -> None:
    """A saved news page: claims come from its main text as `ingest` reads it (trafilatura), never from
    its CSS and scripts; a warning says the offsets are into that text."""
    page = tmp_path / "page.html"
    body = "".join(f"<p>Officials said {n} people were evacuated from district {chr(65 + n % 20)} on Monday, "
                   "and rescue teams said the roads would stay closed for the week.</p>" for n in range(10, 40))
    style = "".join(f".c{n} {{ width: {n}px; margin: {n * 2}px; }}" for n in range(600))
    page.write_text(f"<!doctype html><html><head><title>Floods</title><style>{style}</style></head>"
                    f"<body><article><h1>Floods force thousands from homes</h1>{body}</article></body></html>",
                    encoding="utf-8")
    result = invoke("extract", str(page))
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    values = {c["quantity"]["value"] for c in claims if c["quantity"]}
    assert values >= set(range(10, 40)) and not values & {600, 599, 1198}
    assert "main text" in result.stderr


def test_entities_counts_in_plain_english(tmp_path: Path) -> None:
    from claimgraph.store import Store

    from web_server import build_store

    build_store(tmp_path / "s.db", hostile=False)
    with Store(tmp_path / "s.db", create=False) as store:
        count = len(list(store.entities()))
    result = invoke("entities", "--db", str(tmp_path / "s.db"))
    assert f"{count} entities" in result.output and "entitys" not in result.output
