"""Rebuild claimgraph's English pipeline from the UD treebanks, reproducibly: convert, train, package, measure.

    python training/build_pipeline.py            # the whole build (about 20 minutes on one core)
    python training/build_pipeline.py --reuse    # package and measure the last training run again

Steps: the gzipped CoNLL-U of UD English EWT and GUM (../shared/treebanks) become DocBins
(training/corpus/); training/config.cfg is trained with its fixed seed on one thread (training/runs/final/);
the best model gets the rule lemmatizer with tables from the training split and goes to the package folder
(src/claimgraph/data/pipeline/) with its licence; it is scored on the EWT and GUM test splits and timed on
the news corpus (training/speed.py on CPU 0); the figures go to benchmarks/results/parser.json.
"""

from __future__ import annotations

import os

# One thread for BLAS (training leaves the machine's other core free); set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import spacy  # noqa: E402
from spacy.cli.train import train  # noqa: E402

import convert  # noqa: E402
import evaluate  # noqa: E402
import lemma_tables  # noqa: E402
import package  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = REPO / "benchmarks" / "results" / "parser.json"


def _train(corpus: Path, run: Path) -> float:
    """Train training/config.cfg into ``run``; the seconds it took."""
    start = time.perf_counter()
    shutil.rmtree(run, ignore_errors=True)
    train(HERE / "config.cfg", run, overrides={"paths.train": str(corpus / "train.spacy"),
                                               "paths.dev": str(corpus / "dev.spacy")})
    return time.perf_counter() - start


def _speed(pipeline: Path) -> dict[str, Any]:
    """training/speed.py's measurements of the shipped pipeline (whole articles, then their sentences) on CPU 0
    when taskset is there, with the machine's load average beside them (others' work slows the wall clock)."""
    figures: dict[str, Any] = {}
    for unit in ("articles", "sentences"):
        command = [sys.executable, str(HERE / "speed.py"), str(pipeline), "--unit", unit, "--rounds", "5"]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures[unit] = {**json.loads(done.stdout), "load_average": round(os.getloadavg()[0], 2)}
    return figures


def _size_mb(folder: Path) -> float:
    """The folder's files' total size in MB."""
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 2)


def _widths(nlp: spacy.language.Language) -> dict[str, Any]:
    """The architecture settings that trade speed for accuracy, read from the trained config."""
    components = nlp.config["components"]
    tok2vec = components["tok2vec"]["model"]
    parser = components["parser"]["model"]
    return {"tok2vec_width": tok2vec["encode"]["width"], "tok2vec_depth": tok2vec["encode"]["depth"],
            "embed_rows": tok2vec["embed"]["rows"], "embed_attrs": tok2vec["embed"]["attrs"],
            "parser_hidden_width": parser["hidden_width"], "parser_maxout_pieces": parser["maxout_pieces"],
            "seed": nlp.config["system"]["seed"]}


def build(treebanks: Path, reuse: bool, measure_speed: bool) -> dict[str, Any]:
    """Run the build; return the figures written to parser.json."""
    corpus, run = HERE / "corpus", HERE / "runs" / "final"
    counts = convert.convert(treebanks, corpus)
    train_s = None if reuse else round(_train(corpus, run), 1)
    lookups = lemma_tables.build_lookups(evaluate.read_docbin(spacy.blank("en"), corpus / "train.spacy"))
    nlp = package.assemble(run / "model-best", lookups, {})
    accuracy = evaluate.score_all(nlp, corpus)
    nlp.meta["performance"] = {f"{split}_{key}": value for split, report in accuracy.items()
                               for key, value in report["raw_tokens"].items()}
    nlp.meta["claimgraph"] = {"treebanks": counts, "accuracy": accuracy, "widths": _widths(nlp)}
    package.write_package(nlp, package.PACKAGE_PIPELINE, treebanks / "ewt" / "LICENSE.txt")
    results: dict[str, Any] = {
        "pipeline": package.PIPELINE_NAME, "version": package.PIPELINE_VERSION, "spacy": spacy.__version__,
        "path": str(package.PACKAGE_PIPELINE.relative_to(REPO)), "components": nlp.pipe_names,
        "widths": _widths(nlp), "treebanks": counts, "train_s": train_s, "accuracy": accuracy,
        "size_mb": _size_mb(package.PACKAGE_PIPELINE),
    }
    if measure_speed:
        results["speed"] = _speed(package.PACKAGE_PIPELINE)
    return results


def main() -> int:
    """Build, then write benchmarks/results/parser.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--treebanks", type=Path, default=convert.TREEBANKS, help="the UD treebanks folder")
    parser.add_argument("--reuse", action="store_true", help="skip training: package training/runs/final")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = parser.parse_args()
    results = build(args.treebanks, args.reuse, not args.no_speed)
    if args.reuse and RESULTS.is_file():  # keep the training time of the run being reused
        results["train_s"] = json.loads(RESULTS.read_text(encoding="utf-8")).get("train_s")
    partial = RESULTS.with_suffix(".json.partial")
    partial.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    partial.replace(RESULTS)
    print(json.dumps({k: results[k] for k in ("accuracy", "size_mb", "train_s")}, indent=1))
    print(json.dumps(results.get("speed"), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
