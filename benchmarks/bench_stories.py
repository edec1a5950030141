"""Stories at store scale: a store of 100,000 generated articles (Zipf-distributed words over two
years, each article one of 30,000 topics whose own rare words it repeats, so that stories form), then
the time to assign a new article to a story as ``Store.add`` does (median and 95th percentile of
``--new`` articles, each in its own transaction), `claimgraph stories` through the function the
command calls (output to memory) and end to end, and a story's page through the explorer's app in
process (best of ``--rounds``). Targets (issue 12): assignment <= 5 ms median, `stories` < 1 s, a
story page < 200 ms.

    python benchmarks/bench_stories.py [--articles 100000] [--new 200] [--rounds 5] [--seed 12] [--db PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, git_commit

from claimgraph.store import Store, stories

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
    """``count`` articles stored in bulk, each assigned to its story as Store.add assigns it."""
    with Store(path) as store:
        conn = store.conn
        conn.execute("BEGIN")
        for n in range(count):
            title, text, published = article(rng, words, rng.randrange(TOPICS), n)
            doc_id = conn.execute(
                "INSERT INTO documents (name, origin, url, url_key, content_hash, title, outlet, published, text, "
                "extractor_version, claim_count, ingested_at, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "'bench', 0, '', '')", (f"doc-{n}", f"gen-{n}", f"https://news.test/{n}", f"news.test/{n}", f"h{n}",
                                        title, f"Outlet {n % 40}", published, text)).lastrowid
            assert doc_id is not None
            stories.assign(conn, doc_id, f"https://news.test/{n}", title, text, published)
            if n % 5000 == 4999:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                print(f"  {n + 1} articles", file=sys.stderr)
        conn.execute("COMMIT")


def assign_times(path: Path, count: int, rng: random.Random, words: list[str]) -> list[float]:
    """Seconds to assign each of ``count`` new articles (its own transaction, as Store.add)."""
    found = []
    with Store(path) as store:
        conn = store.conn
        for n in range(count):
            title, text, published = article(rng, words, rng.randrange(TOPICS), 10**7 + n)
            conn.execute("BEGIN IMMEDIATE")
            doc_id = conn.execute(
                "INSERT INTO documents (name, origin, content_hash, title, published, text, extractor_version, "
                "claim_count, ingested_at, extracted_at) VALUES (?, ?, ?, ?, ?, ?, 'bench', 0, '', '')",
                (f"new-{n}", f"new-{n}", f"n{n}", title, published, text)).lastrowid
            assert doc_id is not None
            t0 = time.perf_counter()
            stories.assign(conn, doc_id, f"new-{n}", title, text, published)
            found.append(time.perf_counter() - t0)
            conn.execute("COMMIT")
    return found


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
    if not path.exists():
        t0 = time.perf_counter()
        fill(path, args.articles, rng, words)
        print(f"filled {args.articles} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    times = assign_times(path, args.new, rng, words)
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
    result = {"commit": git_commit(), "articles": args.articles, "stories": len(found),
              "largest_story_articles": largest["article_count"],
              "assign_ms_median": round(statistics.median(times) * 1000, 2),
              "assign_ms_p95": round(sorted(times)[int(0.95 * len(times))] * 1000, 2),
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
