"""The web explorer at store scale: every page type rendered through the ASGI app in process
(httpx's ASGITransport: routing, the store's queries, templates; no network) on a store of 100,000
generated claims. Target (issue 5, item 7): under 200 ms a page, server-side.

    python benchmarks/bench_web.py [--claims 100000] [--rounds 5] [--seed 4] [--db PATH] [--strict]

The store is bench_track_store's (bench_measures.generate's claims inserted in bulk). The measure
cache (and its changes) is filled first, as `ingest` leaves it. Each page's first request is reported
as "first" (it fills the explorer's caches: entity and source lists, kept until the store changes;
charts, kept until their measure changes; `serve` fills these and the three largest charts at
start); "best" is the fastest of the later rounds, the figure the target is for. Deep pages of
claims ("last page") are read with SQL OFFSET: the skipped rows are never built into records.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_measures import generate
from bench_track_store import fill
from evaldata import RESULTS, git_commit

from claimgraph.store import Store
from claimgraph.web import create_app

TARGET_SECONDS = 0.2


def pages(path: Path) -> dict[str, str]:
    """One URL of each page type, on the store's largest measure, entity and source."""
    with Store(path, create=False) as store:
        measure = store.measure_set().measures[0].id
        entity = store.resolved_entities()[0]["name"]
        source = next(iter(store.sources()))["name"]
        middle = store.counts()["documents"] // 2
        claims = store.counts()["claims"]
    return {
        "search (no filter)": "/", "search (last page)": f"/?offset={max(claims - 50, 0)}",
        "search (words, number)": "/?q=troops&has_number=1",
        "search (entity, modality, dates)": f"/?about={quote(entity)}&modality=fact&since=2024-01&until=2024-06",
        "article": f"/articles/{middle}", "measures": "/measures", "measure (largest)": f"/measures/{measure}",
        "measure chart SVG (largest)": f"/measures/{measure}/chart.svg", "entities": "/entities",
        "entity (most mentioned)": f"/entities/{quote(entity)}", "sources": "/sources",
        "source (most cited)": f"/sources/{quote(source)}", "changes": "/changes",
        "api claims": "/api/claims?limit=100", "api claims (last page)": f"/api/claims?limit=100&offset={max(claims - 100, 0)}",
        "api measure (largest)": f"/api/measures/{measure}",
    }


async def timed(path: Path, urls: dict[str, str], rounds: int) -> dict[str, dict[str, float]]:
    transport = httpx.ASGITransport(app=create_app(path))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1",
                                 headers={"accept": "text/html"}) as client:
        out: dict[str, dict[str, float]] = {}
        for name, url in urls.items():
            times = []
            for _ in range(rounds + 1):
                t0 = time.perf_counter()
                response = await client.get(url)
                times.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
            out[name] = {"first": round(times[0], 3), "best": round(min(times[1:]), 3), "bytes": len(response.content)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--db", type=Path, help="where to build the store (default: a temporary folder)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses the target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        if not path.exists():
            fill(path, generate(args.claims, args.seed))
        with Store(path, create=False) as store:
            store.measure_set()  # the regrouping `ingest` does after writing
        urls = pages(path)
        figures = asyncio.run(timed(path, urls, args.rounds))
    slow = [name for name, f in figures.items() if f["best"] >= TARGET_SECONDS]
    result = {"claims": args.claims, "pages": figures, "target_seconds": TARGET_SECONDS, "pass": not slow,
              "over_target": slow, "python": platform.python_version(), "commit": git_commit()}
    width = max(map(len, figures))
    for name, f in figures.items():
        print(f"{name:<{width}}  best {f['best'] * 1000:7.1f} ms  first {f['first'] * 1000:7.1f} ms  "
              f"{f['bytes'] / 1000:8.1f} kB")
    print(f"{'PASS' if not slow else 'FAIL'}: {len(figures) - len(slow)} of {len(figures)} pages under "
          f"{TARGET_SECONDS * 1000:.0f} ms (best of {args.rounds}) with {args.claims:,} claims"
          + (f"; over: {', '.join(slow)}" if slow else ""))
    (RESULTS / "web.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 1 if args.strict and slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
