"""The whole command, as a user runs it: `claimgraph extract --format jsonl` over the corpus ten times
over (3,300 files), pinned to one core, start-up included; quantulum3 in the same run; the library's
warm rate beside it, and the CLI's overhead over the library.

    python benchmarks/bench_cli.py [--copies 10] [--strict]

The copies are the corpus's files under new names in a temporary folder (so nothing is cached by
name). The command runs in a child process pinned to one CPU with ``taskset``-style affinity; its time
includes Python's start-up, imports and loading the pipeline, and is judged in CPU seconds (user +
system, what it takes on a quiet core: on a shared machine the wall clock also counts other programs'
turns), with the wall-clock rate reported beside it; its peak memory is the child's ``ru_maxrss``. quantulum3 parses one pass of the corpus in a child pinned the same way (it is ~40x
slower: ten passes would take most of an hour), and its articles/s is compared with the command's.
The library's warm rate is ``Extractor.pipe`` over the same 3,300 texts (read beforehand) in a child,
its pipeline loaded and warmed beforehand. Results go to benchmarks/results/cli.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, ROOT, benchmark_paths, git_commit

# The extraction issue's bars for the whole command on one core.
TARGET_ARTICLES_PER_S = 40.0
TARGET_RATIO_VS_QUANTULUM = 8.0
TARGET_PEAK_MB = 500.0
CPU = 0

LIBRARY = """
import json, sys, time
from pathlib import Path
from claimgraph.core import Article, Extractor
paths = [Path(p) for p in json.load(sys.stdin)]
texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
extractor = Extractor()
list(extractor.pipe([Article(i, t) for i, t in texts[:20]]))
start, cpu = time.perf_counter(), time.process_time()
claims = sum(len(d.claims) for d in extractor.pipe(Article(i, t) for i, t in texts))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "claims": claims}))
"""

QUANTULUM = """
import json, sys, time, warnings
from pathlib import Path
warnings.simplefilter("ignore")
from quantulum3 import parser
texts = [Path(p).read_text(encoding="utf-8") for p in json.load(sys.stdin)]
parser.parse(texts[0])
start, cpu = time.perf_counter(), time.process_time()
found = sum(len(parser.parse(t)) for t in texts)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "quantities": found}))
"""


def pinned() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {CPU})


def child(command: list[str], stdin: str = "", stdout: Any = subprocess.PIPE) -> tuple[float, float, float, str]:
    """Run a command pinned to one CPU: its wall seconds, its CPU seconds (user + system: what it costs on a
    quiet core, whatever else shares the machine), its peak MB and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, input=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          preexec_fn=pinned, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024, \
        done.stdout if isinstance(done.stdout, str) else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=10, help="passes over the corpus in the one command")
    ap.add_argument("--no-quantulum", action="store_true")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a bar is missed")
    args = ap.parse_args()
    _, corpus = benchmark_paths()
    claimgraph = Path(sys.executable).parent / "claimgraph"
    with tempfile.TemporaryDirectory(prefix="claimgraph-cli-bench-") as tmp:
        files = []
        for copy in range(args.copies):
            for path in corpus:
                target = Path(tmp) / f"{copy:02d}-{path.name}"
                shutil.copyfile(path, target)
                files.append(str(target))
        words = sum(len(Path(f).read_text(encoding="utf-8").split()) for f in files)
        with open(os.devnull, "w") as sink:
            seconds, cpu, peak, _ = child([str(claimgraph), "extract", "--format", "jsonl", *files], stdout=sink)
        _, _, _, out = child([sys.executable, "-c", LIBRARY], json.dumps(files))
        library = json.loads(out)
        quantulum = None
        if not args.no_quantulum:
            _, _, q_peak, q_out = child([sys.executable, "-c", QUANTULUM], json.dumps([str(p) for p in corpus]))
            quantulum = {**json.loads(q_out), "articles_per_s": len(corpus) / json.loads(q_out)["cpu_seconds"],
                         "peak_mb": q_peak}
    rate = len(files) / cpu  # on a quiet core; the wall-clock rate is reported beside it
    library_rate = len(files) / library["cpu_seconds"]
    result: dict[str, Any] = {
        "commit": git_commit(), "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "files": len(files), "words": words, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(rate, 1), "articles_per_wall_s": round(len(files) / seconds, 1),
        "words_per_s": round(words / cpu), "peak_mb": round(peak, 1),
        "library_articles_per_s": round(library_rate, 1),
        "cli_overhead": round(library_rate / rate - 1, 3),
        "quantulum3": quantulum, "ratio_vs_quantulum": round(rate / quantulum["articles_per_s"], 1) if quantulum else None,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cli.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    bars = [("articles/s", rate >= TARGET_ARTICLES_PER_S, f"{rate:.1f} (bar {TARGET_ARTICLES_PER_S:.0f})"),
            ("peak MB", peak < TARGET_PEAK_MB, f"{peak:.0f} (bar < {TARGET_PEAK_MB:.0f})")]
    if quantulum:
        ratio = result["ratio_vs_quantulum"]
        bars.append(("vs quantulum3", ratio >= TARGET_RATIO_VS_QUANTULUM, f"{ratio}x (bar {TARGET_RATIO_VS_QUANTULUM:.0f}x)"))
    print(f"claimgraph extract: {len(files)} files in {cpu:.1f} CPU s ({seconds:.1f} s wall) on one core, start-up included; "
          f"library warm {library_rate:.1f} articles/s; CLI overhead {result['cli_overhead']:+.1%}")
    for name, ok, text in bars:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {text}")
    print(f"wrote {(RESULTS / 'cli.json').relative_to(ROOT)}")
    return 1 if args.strict and not all(ok for _, ok, _ in bars) else 0


if __name__ == "__main__":
    sys.exit(main())
