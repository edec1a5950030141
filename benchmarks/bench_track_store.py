"""The tracking commands at store scale: a store of 100,000 generated claims, then `measures` and
`timeline` of the largest measure timed through the functions the commands call, and the installed
commands end to end (start-up and printing included): `measures`, `timeline` of the largest
measure and of the entity with the most claims, `changes --since` the last month; the target
(issue 4, item 7) is under 1 s for each with the measure cache warm. `changes` over the whole
store (tens of thousands of rows) is reported beside them.

    python benchmarks/bench_track_store.py [--claims 100000] [--rounds 3] [--seed 4] [--db PATH] [--strict]

The claims are bench_measures.generate's (Zipf-like subjects, realistic clauses, every bound and
modality, two years of dates, relayed chains, syndicated copies), inserted with SQL in bulk, eight
claims an article. The first `measures` regroups every claim and fills the cache (reported as
"cold"); later commands read the cache until a claim is written or removed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_measures import generate
from evaldata import RESULTS, git_commit

from claimgraph.models import StoredClaim
from claimgraph.store import Store, timelines, tracking
from claimgraph.track import independent_sources, timeline

TARGET_SECONDS = 1.0
CLAIMS_AN_ARTICLE = 8


def fill(path: Path, records: list[StoredClaim]) -> None:
    """Documents (one every ``CLAIMS_AN_ARTICLE`` claims), then their claims, inserted in bulk."""
    now = "2025-01-01T00:00:00+00:00"
    with Store(path) as store:
        conn = store.conn
        conn.execute("BEGIN")
        docs = []
        for record in records[::CLAIMS_AN_ARTICLE]:
            assert isinstance(record.doc_id, int) and record.url
            doc, url = record.doc_id + 1, record.url
            docs.append((doc, f"doc-{doc}", url, url, url, hashlib.sha256(url.encode()).hexdigest(),
                         record.title, record.outlet, record.published, "en", record.text, "bench",
                         CLAIMS_AN_ARTICLE, (record.syndicated_with + 1) if record.syndicated_with else None,
                         now, now))
        conn.executemany("INSERT INTO documents (id, name, origin, url, url_key, content_hash, title, outlet, "
                         "published, language, text, extractor_version, claim_count, syndicated_with, ingested_at, "
                         "extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        insert_claims(conn, records, [int(r.doc_id or 0) + 1 for r in records])
        conn.execute("COMMIT")


def insert_claims(conn: sqlite3.Connection, records: list[StoredClaim], documents: list[int]) -> None:
    """Entities, sources, claims, chains and subject mentions of ``records`` (claim i in stored document
    ``documents[i]``, after the claims before it there), inserted in bulk; the caller holds the transaction."""
    entities: dict[str, int] = {}
    sources: dict[tuple[str, str], int] = {}
    positions: dict[int, int] = {}
    claims, links, mentions = [], [], []
    for claim_id, (record, doc) in enumerate(zip(records, documents), 1):
        assert record.published and record.quantity and record.subject
        position = positions[doc] = positions.get(doc, -1) + 1
        subject = record.subject.name
        entity = entities.setdefault(subject, len(entities) + 1)
        q, time_ref = record.quantity, record.time
        day = (time_ref.value if time_ref else None) or record.published
        claims.append((claim_id, doc, position, record.text, record.start,
                       record.end, record.modality, q.value, q.low, q.high, q.bound, q.unit,
                       q.start, q.end, entity, record.subject.start, record.subject.end,
                       *((time_ref.text, time_ref.value, time_ref.start, time_ref.end) if time_ref else (None,) * 4),
                       day[:10] if len(day) >= 10 else f"{day}-01", day[:10] if len(day) >= 10 else f"{day}-28",
                       record.predicate))
        mentions.append((entity, doc, claim_id, "subject", subject, 0, len(subject)))
        for position, source in enumerate(record.sources):
            key = (source.name, source.kind)
            links.append((claim_id, position, sources.setdefault(key, len(sources) + 1), source.mention,
                          source.start, source.end))
    conn.executemany("INSERT INTO entities (id, name) VALUES (?, ?)", [(i, n) for n, i in entities.items()])
    conn.executemany("INSERT INTO sources (id, name, kind) VALUES (?, ?, ?)",
                     [(i, n, k) for (n, k), i in sources.items()])
    conn.executemany('INSERT INTO claims (id, document_id, position, text, start, "end", modality, quantity_value, '
                     "quantity_low, quantity_high, quantity_bound, quantity_unit, quantity_start, quantity_end, "
                     "subject_id, subject_start, subject_end, time_text, time_value, time_start, time_end, "
                     f"date_start, date_end, predicate) VALUES ({', '.join('?' * 24)})", claims)
    conn.executemany('INSERT INTO claim_sources (claim_id, position, source_id, mention, start, "end") '
                     "VALUES (?, ?, ?, ?, ?, ?)", links)
    conn.executemany('INSERT INTO mentions (entity_id, document_id, claim_id, role, text, start, "end") '
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", mentions)


def measures_command(path: Path) -> int:
    """What `claimgraph measures` does (table), output to memory."""
    with Store(path, create=False) as store:
        found = store.measure_set()
        rows = [found.summaries[m.id] for m in found.measures]
    return timelines.measures_table(rows, io.StringIO())


def timeline_command(path: Path, ref: str) -> int:
    """What `claimgraph timeline REF` does (table), output to memory."""
    with Store(path, create=False) as store:
        found = store.measure_set()
        _, chosen = tracking.select(found, ref, *store.entity_names(ref))
        shown = [(m, store.measure_records(found, m)) for m in chosen]
    out = io.StringIO()
    for measure, records in shown:
        timelines.timeline_table(measure.name, measure.id, timeline(records), independent_sources(records), out)
    return sum(len(records) for _, records in shown)


def command_seconds(path: Path, args: list[str], rounds: int) -> float:
    """The best wall time of the installed ``claimgraph ARGS --db PATH``, output discarded."""
    exe = shutil.which("claimgraph", path=str(Path(sys.executable).parent)) or "claimgraph"
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run([exe, *args, "--db", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def largest_entity(path: Path) -> tuple[str, int, str]:
    """The subject with the most quantified claims, how many, and the last month of the store (YYYY-MM)."""
    with Store(path, create=False) as store:
        name, count = store.conn.execute(
            "SELECT e.name, count(*) FROM claims AS c JOIN entities AS e ON e.id = c.subject_id "
            "WHERE c.quantity_bound IS NOT NULL GROUP BY e.id ORDER BY 2 DESC LIMIT 1").fetchone()
        last = store.conn.execute("SELECT max(published) FROM documents").fetchone()[0]
    return name, count, last[:7]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--db", type=Path, help="where to build the store (default: a temporary folder)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        fill(path, generate(args.claims, args.seed))
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        measures_command(path)  # regroups every claim and fills the cache
        cold = time.perf_counter() - t0
        with Store(path, create=False) as store:
            largest = store.measure_set().measures[0]
        best = {"measures": float("inf"), "timeline": float("inf")}
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            count = measures_command(path)
            t1 = time.perf_counter()
            entries = timeline_command(path, largest.id)
            t2 = time.perf_counter()
            best["measures"] = min(best["measures"], t1 - t0)
            best["timeline"] = min(best["timeline"], t2 - t1)
        entity, entity_claims, last_month = largest_entity(path)
        commands = {
            "command_measures": ["measures"], "command_timeline_measure": ["timeline", largest.id],
            "command_timeline_entity": ["timeline", entity], "command_changes_since": ["changes", "--since", last_month],
        }
        for key, command in commands.items():
            best[key] = command_seconds(path, command, args.rounds)
        changes_all = command_seconds(path, ["changes"], 1)
    result = {
        "claims": args.claims, "measures": count, "largest_measure": largest.name, "largest_claims": entries,
        "largest_entity": entity, "largest_entity_claims": entity_claims, "changes_since": last_month,
        "seconds": {"build_store": round(built, 2), "measures_cold_cache": round(cold, 3),
                    **{k: round(v, 3) for k, v in best.items()}, "command_changes_all": round(changes_all, 3)},
        "target_seconds": TARGET_SECONDS, "pass": max(best.values()) < TARGET_SECONDS,
        "python": platform.python_version(), "commit": git_commit(),
    }
    print(json.dumps(result, indent=1))
    print(f"{'PASS' if result['pass'] else 'FAIL'}: measures {best['measures']:.3f} s, timeline of the largest "
          f"measure ({entries:,} claims) {best['timeline']:.3f} s for {args.claims:,} stored claims "
          f"(target < {TARGET_SECONDS} s each; the first measures after a change regroups: {cold:.2f} s)")
    print(f"commands end to end: measures {best['command_measures']:.2f} s, timeline of the largest measure "
          f"{best['command_timeline_measure']:.2f} s, timeline of {entity} ({entity_claims:,} claims) "
          f"{best['command_timeline_entity']:.2f} s, changes --since {last_month} {best['command_changes_since']:.2f} s; "
          f"changes over the whole store {changes_all:.2f} s")
    (RESULTS / "track_store.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 1 if args.strict and not result["pass"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
