"""Stories at store scale: a store of 100,000 generated articles (Zipf-distributed words over two
years, each article one of 30,000 topics whose own rare words it repeats, so that stories form; one
generated claim each), built as bulk rows (``fill``), then the time ``stories.assign`` takes inside
``Store.add`` for ``--new`` new articles (median and 95th percentile; the whole add's median beside),
`claimgraph stories` through the function the command calls (output to memory) and end to end, and
the largest story's page through the explorer's app in process (best of ``--rounds``). Targets
(issue 12): assignment <= 5 ms median, `stories` < 1 s, a story page < 200 ms.

    python benchmarks/bench_stories.py [--articles 100000] [--new 200] [--rounds 5] [--seed 12] [--db PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, git_commit

from bench_measures import generate
from bench_track_store import insert_claims

from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import Store, stories
from claimgraph.track.events import story_name
from claimgraph.track.story_terms import story_terms

VOCABULARY = 40_000
TOPICS = 30_000
DAYS = 730


def _words(rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ra", "te", "vu", "so", "ne", "pi", "da", "gor", "lin", "tas", "mer", "vok"]
    found: set[str] = set()
    while len(found) < VOCABULARY:
        found.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(found)


def article(rng: random.Random, words: list[str], topic: int, n: int) -> tuple[str, str, str]:
    """(title, text, published) of one generated article of ``topic``."""
    own = [words[(topic * 7 + k) % VOCABULARY].capitalize() for k in range(5)]  # the topic's names
    common = rng.choices(words[:5000], weights=[1 / (r + 1) for r in range(5000)], k=150)
    title = " ".join([*rng.sample(own, 3), *common[:5]])
    text = f"{title}\n\n" + " ".join(common[5:] + rng.sample(own, 4)) + f". Article {n}."
    day = date(2023, 1, 1) + timedelta(days=(topic * 13) % DAYS + rng.randint(0, 6))
    return title, text, day.isoformat()


def fill(path: Path, count: int, rng: random.Random, words: list[str]) -> None:
    """``count`` articles and their stories stored as bulk rows, as ``stories.assign`` would leave them if
    each article had joined its topic's story: documents (each with one generated claim, the measure
    cache built after), stories named as ``assign`` names them, each article's terms, its postings under
    its ``POSTING_TERMS`` heaviest terms (weighed with the whole store's document frequencies) and the
    document frequencies themselves. Computing the terms is most of the time (about 1 ms an article)."""
    articles, terms, df = [], [], Counter()
    for n in range(count):
        topic = rng.randrange(TOPICS)
        title, text, published = article(rng, words, topic, n)
        found = story_terms(title, text)
        df.update(found.weights)
        articles.append((topic, title, text, published))
        terms.append(found)
        if n % 20_000 == 19_999:
            print(f"  {n + 1} articles' terms", file=sys.stderr)

    def idf(term: str) -> float:  # stories.Idf over the whole store
        return math.log((1 + count + stories.PRIOR_ARTICLES) / (1 + df[term]))

    first: dict[int, str] = {}
    docs, named, kept, postings = [], [], [], []
    for n, ((topic, title, text, published), found) in enumerate(zip(articles, terms)):
        url = f"https://news.test/{n}"
        if topic not in first:
            first[topic] = stories.story_id(url)
            named.append((first[topic], story_name(title, text), "2025-01-01T00:00:00+00:00"))
        docs.append((n + 1, f"doc-{n}", url, url, f"news.test/{n}", f"h{n}", title, f"Outlet {n % 40}", published,
                     text, first[topic]))
        kept.append((n + 1, published, json.dumps(found.weights), json.dumps(sorted(found.names))))
        postings.extend((term, published, n + 1) for term in found.postings(idf))
    claims = generate(count, rng.randrange(1 << 30))
    with Store(path) as store:
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents (id, name, origin, url, url_key, content_hash, title, outlet, published, "
                         "text, story_id, extractor_version, claim_count, ingested_at, extracted_at) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', 1, '', '')", docs)
        conn.executemany("INSERT INTO stories (id, name, created) VALUES (?, ?, ?)", named)
        conn.executemany("INSERT INTO story_terms (document_id, day, terms, names) VALUES (?, ?, ?, ?)", kept)
        conn.executemany("INSERT INTO story_postings (term, day, document_id) VALUES (?, ?, ?)", postings)
        conn.executemany("INSERT INTO story_df (term, df) VALUES (?, ?)", df.items())
        conn.execute("UPDATE store_state SET value = ? WHERE key = 'story_documents'", (count,))
        insert_claims(conn, claims, [n + 1 for n in range(count)])
        conn.execute("COMMIT")
        store.measure_set()  # the regrouping after the writes, as `ingest` does


def assign_times(path: Path, count: int, rng: random.Random, words: list[str]) -> tuple[list[float], list[float]]:
    """Seconds that ``stories.assign`` takes inside each of ``count`` calls of ``Store.add`` (a new generated
    article, no claims), and seconds of each whole ``Store.add``."""
    assigning, adding = [], []
    real = stories.assign

    def timed(*args: Any) -> str:
        t0 = time.perf_counter()
        found = real(*args)
        assigning.append(time.perf_counter() - t0)
        return found

    stories.assign = timed  # type: ignore[assignment]
    try:
        with Store(path) as store:
            for n in range(count):
                title, text, published = article(rng, words, rng.randrange(TOPICS), 10**7 + n)
                t0 = time.perf_counter()
                store.add(IngestedArticle(f"new-{n}", text, title=title, published=published),
                          Document(f"new-{n}", text, published=published, title=title))
                adding.append(time.perf_counter() - t0)
    finally:
        stories.assign = real  # type: ignore[assignment]
    return assigning, adding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = _words(rng)
    folder = Path(tempfile.mkdtemp())
    path = args.db or folder / "stories.db"
    built = None
    if not path.exists():
        t0 = time.perf_counter()
        fill(path, args.articles, rng, words)
        built = time.perf_counter() - t0
        print(f"filled {args.articles} articles in {built:.0f} s", file=sys.stderr)
    times, adds = assign_times(path, args.new, rng, words)
    with Store(path, readonly=True) as store:
        listing = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            found = store.stories()
            io.StringIO().write(json.dumps(found))
            listing.append(time.perf_counter() - t0)
        largest = max(found, key=lambda s: s["article_count"])
    exe = shutil.which("claimgraph", path=str(Path(sys.executable).parent)) or "claimgraph"
    command = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        subprocess.run([exe, "stories", "--db", str(path)], stdout=subprocess.DEVNULL, check=True)
        command.append(time.perf_counter() - t0)
    page = _page_seconds(path, largest["id"], args.rounds)
    result = {"commit": git_commit(), "articles": args.articles, "build_s": built and round(built), "stories": len(found),
              "largest_story_articles": largest["article_count"],
              "assign_ms_median": round(statistics.median(times) * 1000, 2),
              "assign_ms_p95": round(sorted(times)[int(0.95 * len(times))] * 1000, 2),
              "store_add_ms_median": round(statistics.median(adds) * 1000, 2),
              "stories_function_s": round(min(listing), 3), "stories_command_s": round(min(command), 3),
              "story_page_ms": round(page * 1000, 1)}
    print(json.dumps(result, indent=1))
    (RESULTS / "stories.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)


def _page_seconds(path: Path, ident: str, rounds: int) -> float:
    """The best time of the story's page through the app in process (httpx's ASGI transport)."""
    import asyncio

    import httpx

    from claimgraph.web import create_app

    async def run() -> float:
        transport = httpx.ASGITransport(app=create_app(path))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            best = float("inf")
            for _ in range(rounds):
                t0 = time.perf_counter()
                response = await client.get(f"/stories/{ident}")
                assert response.status_code == 200, response.text[:300]
                best = min(best, time.perf_counter() - t0)
            return best

    return asyncio.run(run())


if __name__ == "__main__":
    main()
