"""Speed and memory of text → claims, against quantulum3 on the same articles, on one core.

    python benchmarks/bench_extract.py [--corpus DIR] [--rounds 3] [--batch-size 16] [--strict]

Each side runs in its own subprocess pinned to one CPU, so peak memory (ru_maxrss) is that
side's alone and one cannot warm the other's caches. A side loads its pipeline (timed apart),
warms up on the first articles, then times full passes over the corpus; the best pass counts.
Results go to benchmarks/results/extract.json; targets from the issue are printed PASS/FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, ROOT, articles, benchmark_paths, git_commit

# Targets for extraction on one core since the default pipeline parses (the whole command's, which
# bench_cli.py measures with start-up included; the warm library must meet them too).
TARGET_ARTICLES_PER_S = 40.0
TARGET_RATIO_VS_QUANTULUM = 8.0
TARGET_PEAK_MB = 500.0
WARMUP_ARTICLES = 20


def pin_one_core() -> int | None:
    """Pin this process to one CPU (the lowest it may use); None where the OS has no affinity call."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def peak_mb() -> float:
    """This process's peak resident memory in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def ours(batch_size: int) -> tuple[Callable[[list[Any]], int], str]:
    from claimgraph.core import Extractor

    extractor = Extractor()

    def run(batch: list[Any]) -> int:
        return sum(len(doc.claims) for doc in extractor.pipe(batch, batch_size=batch_size))

    return run, "claimgraph"


def quantulum(batch_size: int) -> tuple[Callable[[list[Any]], int], str]:
    warnings.simplefilter("ignore")  # it warns once that its optional unit classifier is not installed
    from quantulum3 import parser

    parser.parse("about 5 km")  # its unit tables load on first use: count that as loading

    def run(batch: list[Any]) -> int:
        return sum(len(parser.parse(article.text)) for article in batch)

    return run, "quantulum3"


SIDES = {"claimgraph": ours, "quantulum3": quantulum}


def worker(side: str, paths: list[Path], rounds: int, batch_size: int) -> dict[str, Any]:
    """Measure one side in this process; returns its figures."""
    cpu = pin_one_core()
    batch = list(articles(paths))
    words = sum(len(a.text.split()) for a in batch)
    started = time.perf_counter()
    run, name = SIDES[side](batch_size)
    load_s = time.perf_counter() - started
    run(batch[:WARMUP_ARTICLES])
    passes, found = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        found = run(batch)
        passes.append(time.perf_counter() - started)
    best = min(passes)
    return {
        "side": name, "cpu": cpu, "articles": len(batch), "words": words, "found": found,
        "load_s": load_s, "passes_s": passes, "best_s": best,
        "articles_per_s": len(batch) / best if best else float("inf"),
        "words_per_s": words / best if best else float("inf"),
        "peak_mb": peak_mb(),
    }


def measure(side: str, corpus: str, rounds: int, batch_size: int) -> dict[str, Any]:
    """Run one side in a fresh subprocess and read back its JSON figures."""
    command = [sys.executable, __file__, "--worker", side, "--rounds", str(rounds),
               "--batch-size", str(batch_size), "--corpus", corpus]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {side} benchmark failed (exit {done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cpu_model() -> str | None:
    """The CPU's model name where /proc/cpuinfo tells it (platform.processor() is often empty on Linux)."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), None)


def verdicts(our: dict[str, Any], ratio: float | None) -> list[tuple[str, str, bool | None]]:
    return [
        (f"≥ {TARGET_ARTICLES_PER_S:.0f} articles/s on one core", f"{our['articles_per_s']:.1f}",
         our["articles_per_s"] >= TARGET_ARTICLES_PER_S),
        (f"≥ {TARGET_RATIO_VS_QUANTULUM:.0f}× quantulum3 throughput", "n/a" if ratio is None else f"{ratio:.1f}×",
         None if ratio is None else ratio >= TARGET_RATIO_VS_QUANTULUM),
        (f"peak memory < {TARGET_PEAK_MB:.0f} MB", f"{our['peak_mb']:.0f} MB", our["peak_mb"] < TARGET_PEAK_MB),
    ]


def report(corpus: str, sides: list[dict[str, Any]], ratio: float | None,
           checks: list[tuple[str, str, bool | None]]) -> None:
    print(f"corpus: {corpus}  ({sides[0]['articles']} articles, {sides[0]['words']} words; "
          f"one core: cpu {sides[0]['cpu']})")
    print(f"{'side':<12} {'load s':>8} {'articles/s':>11} {'words/s':>10} {'peak MB':>8} {'found':>7}")
    for s in sides:
        print(f"{s['side']:<12} {s['load_s']:>8.2f} {s['articles_per_s']:>11.1f} {s['words_per_s']:>10.0f} "
              f"{s['peak_mb']:>8.0f} {s['found']:>7}")
    if ratio is not None:
        print(f"throughput ratio claimgraph / quantulum3: {ratio:.1f}×")
    for target, measured, ok in checks:
        print(f"{'SKIP' if ok is None else 'PASS' if ok else 'FAIL'}  {target}: {measured}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="folder of .txt articles (default: ../shared/corpus, else the bundled samples)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over the corpus; the best counts")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--no-quantulum", action="store_true", help="skip the quantulum3 comparison")
    ap.add_argument("--out", type=Path, default=RESULTS / "extract.json")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--worker", choices=sorted(SIDES), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.corpus:
        corpus, paths = args.corpus, sorted(Path(args.corpus).glob("*.txt"))
    else:
        corpus, paths = benchmark_paths()
    if not paths:
        raise SystemExit(f"no .txt articles in {corpus}")
    if args.worker:
        print(json.dumps(worker(args.worker, paths, args.rounds, args.batch_size)))
        return

    folder = str(paths[0].parent)
    our = measure("claimgraph", folder, args.rounds, args.batch_size)
    sides = [our]
    ratio = None
    if not args.no_quantulum:
        theirs = measure("quantulum3", folder, 1, args.batch_size)  # one pass: it is the slow side
        sides.append(theirs)
        ratio = our["articles_per_s"] / theirs["articles_per_s"] if theirs["articles_per_s"] else None
    checks = verdicts(our, ratio)
    report(corpus, sides, ratio, checks)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "corpus": corpus, "commit": git_commit(), "python": platform.python_version(),
        "machine": platform.machine(), "cpu_model": cpu_model(),
        "batch_size": args.batch_size, "rounds": args.rounds, "sides": sides, "ratio_vs_quantulum3": ratio,
        "targets": [{"target": t, "measured": m, "pass": ok} for t, m, ok in checks],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if args.strict and any(ok is False for _, _, ok in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
