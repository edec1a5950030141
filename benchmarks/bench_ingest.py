"""HTML pages → claims in the store: articles per second on 2 cores, against plain
``trafilatura.extract`` on the same pages (one core) as the ratio.

    python benchmarks/bench_ingest.py [--rounds 3] [--strict]

The pages: the recorded news pages in ../shared/html/readability, plus every corpus article
wrapped as a plain news page (headline, byline, paragraphs), for volume.

Design (2 cores): the page stage — decoding, trafilatura with metadata, the language check,
i.e. ``claimgraph.ingest.pages.extract_page`` — runs in one worker process and streams
``IngestedArticle``s, in order, to the main process, which does what ``claimgraph ingest`` does
next: ``store.known``, ``Extractor.pipe``, ``store.add`` into a fresh SQLite file. The two stages
overlap, so the wall time is about the slower stage plus the hand-over. The baseline is
``trafilatura.extract`` alone on one core; the target is a wall time at most 1.5 × it (the store
and our extraction add no more than 50%). Also timed, on one core each: the page stage alone,
extraction alone, and the whole run in one process.
Results go to benchmarks/results/ingest.json.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import CORPUS, RESULTS, SHARED, git_commit

from claimgraph.core import Article, Extractor
from claimgraph.ingest import IngestedArticle
from claimgraph.ingest.pages import extract_page
from claimgraph.store import Store

TARGET_RATIO = 1.5          # the issue: store + extraction add at most 50% to trafilatura's time
WORKER_CHUNK = 8            # pages a worker task: enough to amortise pickling, small enough to stream
READABILITY = SHARED / "html" / "readability"


def pages() -> list[tuple[str, bytes]]:
    found = [(p.parent.name, p.read_bytes()) for p in sorted(READABILITY.glob("*/source.html"))]
    for path in sorted(CORPUS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines[1:])
        page = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(lines[0])}</title>"
                f"<meta property=\"og:site_name\" content=\"Corpus News\"></head><body><header><nav><a href=\"/\">Home</a>"
                f"</nav></header><article><h1>{html.escape(lines[0])}</h1>{body}</article><footer>© Corpus News</footer>"
                "</body></html>")
        found.append((path.stem, page.encode("utf-8")))
    return found


def _page_stage(item: tuple[str, bytes]) -> IngestedArticle | None:
    result = extract_page(item[1], item[0])
    return result if isinstance(result, IngestedArticle) else None


def _articles(items: Iterator[IngestedArticle | None]) -> Iterator[IngestedArticle]:
    return (a for a in items if a is not None)


def store_stage(articles: Iterator[IngestedArticle], extractor: Extractor, db: Path) -> dict[str, int]:
    """What `claimgraph ingest` does after reading: known → extract → add, one article at a time."""
    counts = {"new": 0, "duplicate": 0, "updated": 0, "claims": 0}
    waiting: list[IngestedArticle] = []
    with Store(db) as store:
        def fresh() -> Iterator[Article]:
            for article in articles:
                if store.known(article.url, article.text) is not None:
                    counts["duplicate"] += 1
                    continue
                waiting.append(article)
                yield Article(article.origin, article.text, article.published, article.outlet, article.title)

        for document in extractor.pipe(fresh(), batch_size=4):
            counts[store.add(waiting.pop(0), document).status] += 1
            counts["claims"] += len(document.claims)
    return counts


def timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def run(items: list[tuple[str, bytes]], extractor: Extractor, rounds: int) -> dict[str, Any]:
    import trafilatura

    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for _ in range(rounds):
        t, _ = timed(lambda: [trafilatura.extract(data) for _, data in items])
        best["trafilatura_1core_s"] = min(best.get("trafilatura_1core_s", t), t)
        t, read = timed(lambda: [a for a in map(_page_stage, items) if a is not None])
        best["page_stage_1core_s"] = min(best.get("page_stage_1core_s", t), t)
        t, _ = timed(lambda: list(extractor.pipe(Article(a.origin, a.text) for a in read)))
        best["extraction_1core_s"] = min(best.get("extraction_1core_s", t), t)
        with tempfile.TemporaryDirectory() as tmp:
            t, _ = timed(store_stage, _articles(map(_page_stage, items)), extractor, Path(tmp) / "one.db")
            best["ingest_1core_s"] = min(best.get("ingest_1core_s", t), t)
        with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(max_workers=1) as pool:
            pool.submit(len, "warm the worker").result()
            t, counts = timed(lambda: store_stage(_articles(pool.map(_page_stage, items, chunksize=WORKER_CHUNK)),
                                                  extractor, Path(tmp) / "two.db"))
            best["ingest_2cores_s"] = min(best.get("ingest_2cores_s", t), t)
    stored = counts["new"] + counts["duplicate"] + counts["updated"]
    ratio = best["ingest_2cores_s"] / best["trafilatura_1core_s"]
    return {
        "pages": len(items), "recorded_pages": sum(1 for name, _ in items if (READABILITY / name).is_dir()),
        "articles_stored": counts["new"], "articles_read": stored, "claims": counts["claims"], "rounds": rounds,
        **{k: round(v, 3) for k, v in best.items()},
        "trafilatura_pages_per_s": round(len(items) / best["trafilatura_1core_s"], 1),
        "ingest_2cores_articles_per_s": round(stored / best["ingest_2cores_s"], 1),
        "ingest_1core_articles_per_s": round(stored / best["ingest_1core_s"], 1),
        "ratio_vs_trafilatura": round(ratio, 3), "target_ratio": TARGET_RATIO, "pass": ratio <= TARGET_RATIO,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    if not READABILITY.is_dir() or not CORPUS.is_dir():
        print(f"the shared pages and corpus are not at {SHARED}; nothing to measure", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore", DeprecationWarning)
    extractor = Extractor()
    extractor.extract("Warm-up: officials said 3 people were hurt.")
    everything = pages()
    recorded = [item for item in everything if (READABILITY / item[0]).is_dir()]
    sets = {"all pages": run(everything, extractor, args.rounds),
            "recorded pages only": run(recorded, extractor, args.rounds)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(
        {"commit": git_commit(), "python": platform.python_version(), "machine": platform.machine(), **sets},
        indent=2) + "\n", encoding="utf-8")
    for name, result in sets.items():
        print(f"[{name}]")
        report(result)
    return 1 if args.strict and not sets["all pages"]["pass"] else 0


def report(result: dict[str, Any]) -> None:
    print(f"{result['pages']} pages ({result['recorded_pages']} recorded, the rest corpus articles as pages), "
          f"{result['articles_stored']} articles stored, {result['claims']} claims")
    for key in ("trafilatura_1core_s", "page_stage_1core_s", "extraction_1core_s", "ingest_1core_s", "ingest_2cores_s"):
        print(f"  {key:<22} {result[key]:7.3f} s")
    print(f"  trafilatura.extract     {result['trafilatura_pages_per_s']:7.1f} pages/s (1 core)")
    print(f"  claimgraph ingest       {result['ingest_2cores_articles_per_s']:7.1f} articles/s (2 cores), "
          f"{result['ingest_1core_articles_per_s']:.1f} (1 core)")
    verdict = "PASS" if result["pass"] else "FAIL"
    print(f"  ratio to trafilatura    {result['ratio_vs_trafilatura']:7.3f} (target ≤ {TARGET_RATIO}) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
