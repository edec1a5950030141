"""The bundled sample articles: present, faithful copies, licensed and attributed, and extractable."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimgraph import samples
from claimgraph.core import Article, Extractor

SHARED_CORPUS = Path(os.environ.get("CLAIMGRAPH_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "corpus"
PROVENANCE = samples.provenance()
OPEN_LICENCES = {"wikinews": "CC BY 2.5", "whitehouse": "public domain"}


def test_samples_are_bundled() -> None:
    assert len(samples.paths()) >= 6
    assert all(path.suffix == ".txt" and path.stat().st_size > 0 for path in samples.paths())


def test_only_openly_licensed_articles_are_bundled() -> None:
    """Never the publishers' PolNeAR texts (pn-*) or the seed article: they are copyrighted."""
    for path in samples.paths():
        assert path.stem.startswith(("wn-", "wh-")), f"{path.name} is not an openly licensed Wikinews/White House text"


def test_index_lists_every_sample_with_licence_and_url() -> None:
    index = samples.index()
    assert set(index) == {path.stem for path in samples.paths()}
    for sample_id, meta in index.items():
        assert OPEN_LICENCES[meta["collection"]] in meta["license"], sample_id
        assert meta["url"].startswith("https://"), sample_id
        assert meta["title"], sample_id


def test_provenance_attributes_every_sample() -> None:
    assert PROVENANCE.is_file()
    provenance = PROVENANCE.read_text(encoding="utf-8")
    for sample_id, meta in samples.index().items():
        assert f"`{sample_id}.txt`" in provenance
        assert meta["url"] in provenance, sample_id
        assert meta["license"] in provenance, sample_id
        if meta["collection"] == "wikinews":
            assert f"Wikinews, {meta['title']}, {meta['url']}" in provenance, sample_id


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason=f"the corpus is not at {SHARED_CORPUS}")
@pytest.mark.parametrize("path", samples.paths(), ids=lambda p: p.stem[:40])
def test_sample_is_byte_identical_to_the_corpus(path: Path) -> None:
    original = SHARED_CORPUS / path.name
    assert original.is_file(), f"{path.name} is not in the corpus"
    assert path.read_bytes() == original.read_bytes()


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason=f"the corpus is not at {SHARED_CORPUS}")
def test_index_lines_are_the_corpus_lines() -> None:
    corpus = {}
    for line in (SHARED_CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            corpus[row["id"]] = row
    for sample_id, meta in samples.index().items():
        assert meta == corpus[sample_id]


def test_extractor_runs_on_every_sample() -> None:
    """Claims come back for each article in order, with offsets that point at their own text."""
    index = samples.index()
    articles = [Article(p.stem, p.read_text(encoding="utf-8"), published=index[p.stem]["published"][:10],
                        outlet=index[p.stem]["outlet"], title=index[p.stem]["title"]) for p in samples.paths()]
    documents = list(Extractor().pipe(articles, batch_size=4))
    assert [d.id for d in documents] == [a.id for a in articles]
    for article, document in zip(articles, documents):
        for claim in document.claims:
            assert article.text[claim.start:claim.end] == claim.text
            json.dumps(claim.to_dict())


def test_the_samples_folder_holds_only_articles(tmp_path: Path) -> None:
    """Ingesting the folder stores each bundled article once, with its title from the folder's index, and
    nothing else (no provenance notes, no Python modules)."""
    from click.testing import CliRunner

    from claimgraph.cli import main
    from claimgraph.store import Store

    db = tmp_path / "samples.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), "--workers", "1", str(samples.folder())])
    assert result.exit_code == 0, result.output
    with Store(db, create=False) as store:
        stored = {row["title"] for row in store.conn.execute("SELECT title FROM documents")}
    assert stored == {meta["title"] for meta in samples.index().values()}
    assert {p.suffix for p in samples.folder().iterdir()} == {".txt", ".jsonl"}
