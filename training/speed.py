"""Measure a saved pipeline's speed (words/s over the news corpus) and peak memory, on one core.

Run as a script so the figures are the pipeline's own process: ``taskset -c 0 python training/speed.py MODEL``
prints one JSON object. Words are whitespace-separated words of the texts, as benchmarks/bench_extract.py
counts them. ``--unit sentences`` pipes the articles' sentences (claimgraph's own segmenter) one Doc each,
as the extraction will parse them, instead of whole articles.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

# One thread for BLAS, as the speed requirement is for one core (set before numpy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402  (after the thread settings)
from spacy.language import Language  # noqa: E402
from thinc.api import use_ops  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# The batch size the extraction pipes with is of this order; the brief asks for ~64.
BATCH_SIZE = 64
# Articles are read whole but bounded: the longest corpus article is far below this.
MAX_ARTICLE_BYTES = 2_000_000


def read_texts(corpus: Path) -> list[str]:
    """The corpus articles' texts, in name order."""
    texts = []
    for path in sorted(corpus.glob("*.txt")):
        with path.open("rb") as handle:
            texts.append(handle.read(MAX_ARTICLE_BYTES).decode("utf-8", errors="replace"))
    if not texts:
        raise FileNotFoundError(f"no .txt articles in {corpus}: pass --corpus")
    return texts


def load(model: str, blis: bool = False) -> Language:
    """The pipeline, its layers on numpy's BLAS (OpenBLAS) unless ``blis``.

    thinc multiplies matrices with BLIS by default, whose build falls back to its generic kernels on CPUs
    it does not know (this machine's AMD EPYC): OpenBLAS does the same products 2-3x faster here. Layers
    keep the ops they were created with, so ``use_ops`` around the load is enough and changes nothing else.
    """
    with use_ops("numpy", use_blis=blis):
        return spacy.load(model)


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM rather than getrusage's ru_maxrss: Linux carries ru_maxrss over an exec, so a script started by a
    big parent (build_pipeline.py after scoring) would report the parent's peak.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def sentences(texts: list[str]) -> list[str]:
    """Every sentence, headline and bullet of the texts, as claimgraph's segmenter cuts them."""
    from claimgraph.core.segment import segment

    return [text[s.start:s.end] for text in texts for s in segment(text) if s.kind != "chrome"]


def measure(model: str, corpus: Path, rounds: int = 3, batch_size: int = BATCH_SIZE,
            blis: bool = False, unit: str = "articles") -> dict[str, Any]:
    """Load the pipeline, warm it up, then time ``rounds`` passes over the corpus; the best pass counts."""
    start = time.perf_counter()
    nlp = load(model, blis)
    load_s = time.perf_counter() - start
    texts = read_texts(corpus)
    if unit == "sentences":
        texts = sentences(texts)
    words = sum(len(text.split()) for text in texts)
    for _ in nlp.pipe(texts[: max(20, len(texts) // 20)], batch_size=batch_size):  # warm-up: caches, pages
        pass
    passes, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        passes.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(passes)
    return {"unit": unit, "texts": len(texts), "words": words, "load_s": round(load_s, 3),
            "passes_s": [round(p, 3) for p in passes], "words_per_s": round(words / best),
            "words_per_cpu_s": round(words / min(cpu)), "batch_size": batch_size, "blis": blis,
            "peak_mb": peak_mb(),
            "cpus": len(os.sched_getaffinity(0))}


def main() -> int:
    """Print the measurement of one pipeline as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", help="a saved pipeline folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a folder of .txt articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--blis", action="store_true", help="multiply with BLIS, thinc's default")
    parser.add_argument("--unit", choices=("articles", "sentences"), default="articles")
    args = parser.parse_args()
    json.dump(measure(args.model, args.corpus, args.rounds, args.batch_size, args.blis, args.unit), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
