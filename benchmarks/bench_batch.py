"""`claimgraph batch` scaling: articles per second with 1 and 2 Dask workers, against the in-process
pipeline on one core, on the corpus replicated to at least 20,000 articles.

    python benchmarks/bench_batch.py [--copies 61] [--files 8] [--task-mb 8]

Method. The corpus (330 articles with their index metadata) is written ``--copies`` times into
``--files`` JSON Lines files; copies are the same texts, with the copy number added to each id (the
extraction cost of a copy is its original's). Each side reads the same input:

- in process: ``Extractor.pipe`` (batch size 32) over every article, already in memory, pinned to one
  core; the pipeline's loading is timed apart;
- Dask: ``claimgraph.batch`` on a LocalCluster of 1, then 2 worker processes (one thread each), each
  run into a fresh output folder. The cluster's start and the workers' pipeline loading are timed apart
  (the pipeline is loaded on every worker before the clock starts); the run is planning the tasks,
  reading the JSON Lines, extraction, writing Parquet by month and the scheduler's round trips.

- the batch's own work without Dask: every task's ``run_task`` (read, extract, write Parquet) called in
  this process, pinned to one core, one task after another: it splits the overhead into what reading
  and writing cost and what Dask itself adds.

Overhead (judged): Dask's, the 1-worker run's time over the same tasks' time in this process, minus 1.
Reported beside it: the 1-worker run against bare extraction of texts already in memory (what the
batch's reading and writing add on top). Speed-up: the 2-worker rate over the 1-worker rate. Results go to benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import CORPUS, RESULTS, git_commit

from claimgraph.batch.driver import cluster, prepare, run, summary
from claimgraph.batch.plan import DEFAULT_TASK_BYTES
from claimgraph.batch.worker import BATCH_SIZE, extractor, run_task
from claimgraph.core import Article, Extractor

TARGET_SPEEDUP = 1.7        # the issue: 1 → 2 workers
TARGET_OVERHEAD = 0.10      # the issue: Dask's per-article overhead below 10% of the in-process time
# A GDELT-sized day: the "hundreds of thousands of articles"; we size for the upper end.
GDELT_DAY_ARTICLES = 500_000


def corpus_records() -> list[dict[str, Any]]:
    index = [json.loads(line) for line in (CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    return [{"id": row["id"], "title": row["title"], "outlet": row["outlet"], "url": row["url"],
             "published": row["published"], "text": (CORPUS / f"{row['id']}.txt").read_text(encoding="utf-8")}
            for row in index]


def write_inputs(folder: Path, records: list[dict[str, Any]], copies: int, files: int) -> list[dict[str, Any]]:
    """The replicated corpus in ``files`` JSON Lines files; the records written, in order."""
    written = [{**record, "id": f"{record['id']}#copy{k}", "url": f"{record['url']}#copy{k}" if record["url"] else None}
               for k in range(copies) for record in records]
    per_file = -(-len(written) // files)
    for i in range(files):
        with open(folder / f"part-{i:02d}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in written[i * per_file:(i + 1) * per_file])
    return written


def in_process(records: list[dict[str, Any]]) -> dict[str, Any]:
    """``Extractor.pipe`` over every record on one core (this process pinned to it for the run)."""
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:
        started = time.perf_counter()
        nlp = Extractor()
        loaded = time.perf_counter()
        articles = [Article(r["id"], r["text"], (r["published"] or "")[:10] or None, r["outlet"], r["title"])
                    for r in records]
        claims = sum(len(d.claims) for d in nlp.pipe(articles, batch_size=BATCH_SIZE))
        seconds = time.perf_counter() - loaded
    finally:
        os.sched_setaffinity(0, affinity)
    return {"load_s": round(loaded - started, 2), "seconds": round(seconds, 2), "claims": claims,
            "articles_per_s": round(len(records) / seconds, 1)}


def without_dask(inputs: list[str], out: Path, task_bytes: int) -> dict[str, Any]:
    """The batch's tasks run one after another in this process, on one core: the work without Dask."""
    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(affinity)})
    try:
        extractor(None)
        started = time.perf_counter()
        tasks, _ = prepare(inputs, str(out), task_bytes=task_bytes)
        articles = sum(run_task(task, str(out)).articles for task in tasks)
        seconds = time.perf_counter() - started
    finally:
        os.sched_setaffinity(0, affinity)
    return {"seconds": round(seconds, 2), "articles": articles, "articles_per_s": round(articles / seconds, 1)}


def on_dask(inputs: list[str], out: Path, workers: int, task_bytes: int) -> dict[str, Any]:
    started = time.perf_counter()
    with cluster(None, workers) as client:
        client.run(extractor, None)  # every worker's pipeline, loaded before the clock starts
        ready = time.perf_counter()
        tasks, _ = prepare(inputs, str(out), task_bytes=task_bytes)
        failed = run(tasks, str(out), client)
        seconds = time.perf_counter() - ready
    done = summary(str(out))
    assert not failed and not done.unfinished and not done.failed, done.line()
    parquet = sum(p.stat().st_size for p in out.rglob("*.parquet"))
    return {"workers": workers, "start_s": round(ready - started, 2), "seconds": round(seconds, 2),
            "tasks": len(tasks), "articles": done.articles, "claims": done.claims,
            "articles_per_s": round(done.articles / seconds, 1), "parquet_mb": round(parquet / 1e6, 1),
            "parquet_files": sum(1 for _ in out.rglob("*.parquet"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=61, help="times the corpus is replicated (61 → 20,130)")
    parser.add_argument("--files", type=int, default=8, help="JSON Lines files the copies are spread over")
    parser.add_argument("--task-mb", type=float, default=DEFAULT_TASK_BYTES / 1e6, help="input bytes a task reads (MB)")
    args = parser.parse_args()
    records = corpus_records()
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-batch-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        written = write_inputs(folder, records, args.copies, args.files)
        input_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"{len(written):,} articles ({len(records)} x {args.copies}) in {args.files} files, {input_mb:.0f} MB")
        base = in_process(written)
        print(f"in process, one core: {base['articles_per_s']} articles/s ({base['seconds']} s)")
        plain = without_dask([str(folder)], Path(tmp) / "out0", int(args.task_mb * 1e6))
        print(f"the batch's tasks in process, one core: {plain['articles_per_s']} articles/s ({plain['seconds']} s)")
        runs = []
        for workers in (1, 2):
            result = on_dask([str(folder)], Path(tmp) / f"out{workers}", workers, int(args.task_mb * 1e6))
            assert result["claims"] == base["claims"], "Dask and the in-process pipeline found the same claims"
            runs.append(result)
            print(f"dask, {workers} worker(s): {result['articles_per_s']} articles/s ({result['seconds']} s, "
                  f"{result['tasks']} tasks; cluster start and pipeline load {result['start_s']} s)")
    one, two = runs
    speedup = two["articles_per_s"] / one["articles_per_s"]
    per_article = (1 / one["articles_per_s"] - 1 / base["articles_per_s"]) * 1000
    overhead = one["seconds"] / base["seconds"] - 1
    tasks_overhead = plain["seconds"] / base["seconds"] - 1
    dask_overhead = one["seconds"] / plain["seconds"] - 1
    per_core = one["articles_per_s"]
    estimate = {"articles": GDELT_DAY_ARTICLES, "per_core_articles_per_s": per_core,
                "core_hours": round(GDELT_DAY_ARTICLES / per_core / 3600, 2),
                "cores_for_1_hour": -(-GDELT_DAY_ARTICLES // int(per_core * 3600)),
                "cores_to_keep_up": -(-GDELT_DAY_ARTICLES // int(per_core * 86400))}
    result = {"commit": git_commit(), "python": platform.python_version(), "cpu_count": os.cpu_count(),
              "load_average_after": os.getloadavg()[0],
              "articles": len(written), "copies": args.copies, "files": args.files, "input_mb": round(input_mb, 1),
              "task_mb": args.task_mb, "in_process": base, "tasks_in_process": plain, "dask": runs,
              "speedup": round(speedup, 2), "overhead_ms_per_article": round(per_article, 3),
              "overhead": round(overhead, 3), "overhead_reading_and_writing": round(tasks_overhead, 3),
              "overhead_dask_itself": round(dask_overhead, 3),
              "targets": {"speedup": TARGET_SPEEDUP, "overhead": TARGET_OVERHEAD},
              "met": {"speedup": speedup >= TARGET_SPEEDUP, "overhead": dask_overhead < TARGET_OVERHEAD},
              "gdelt_day": estimate}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "batch.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"speed-up 1 → 2 workers: {speedup:.2f}x (target {TARGET_SPEEDUP}x); Dask's overhead over the same "
          f"tasks in process {dask_overhead:.1%} (target < {TARGET_OVERHEAD:.0%}); against bare extraction "
          f"{overhead:.1%}, {per_article:.2f} ms an article, of which reading and writing {tasks_overhead:.1%}")
    print(f"a day of {GDELT_DAY_ARTICLES:,} articles: {estimate['core_hours']} core-hours; "
          f"{estimate['cores_for_1_hour']} cores to do it in an hour, {estimate['cores_to_keep_up']} to keep up")


if __name__ == "__main__":
    main()
