"""Score the extractor on the dev gold and on PolNeAR dev, with the project's own scorers.

    python benchmarks/score_dev.py [--verbose]

Dev gold: every ../shared/eval/gold/<id>.json, on the article ../shared/corpus/<id>.txt
(doc id = <id>), scored by ../shared/eval/score.py. PolNeAR: every text annotated in
../shared/polnear/dev/attributions, read from ../shared/corpus/pn-<name>.txt (doc id =
pn-<name>, the rule polnear_score.py applies), scored by ../shared/eval/polnear_score.py.
Predictions go to out-dev.jsonl and out-polnear.jsonl; figures to
benchmarks/results/quality.json. The quality gate (tests/test_quality_gate.py) and the
README's Quality table use these same functions.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import (
    CORPUS,
    GOLD,
    POLNEAR_DEV,
    POLNEAR_SCORE_PY,
    RESULTS,
    ROOT,
    SCORE_PY,
    SHARED,
    articles,
    git_commit,
    write_jsonl,
)

from claimgraph.core import Extractor


def missing_data() -> str | None:
    """Why the evaluation can't run here, or None when the gold, PolNeAR and both scorers are present."""
    needed = [CORPUS, GOLD, POLNEAR_DEV / "attributions", SCORE_PY, POLNEAR_SCORE_PY]
    absent = [str(path) for path in needed if not path.exists()]
    if not absent:
        return None
    return (f"the evaluation data is not at {SHARED} (missing: {', '.join(absent)}); clone it beside the "
            "checkout as ../shared, or set CLAIMGRAPH_SHARED to its folder")


def gold_paths() -> list[Path]:
    """The dev-gold articles: one corpus text per gold file."""
    return [CORPUS / f"{gold.stem}.txt" for gold in sorted(GOLD.glob("*.json"))]


def polnear_paths() -> list[Path]:
    """The PolNeAR dev texts, one per annotated document (an .ann's name less its _xxxx annotator suffix)."""
    names = {re.sub(r"_[0-9a-f]{4}$", "", ann.stem) for ann in (POLNEAR_DEV / "attributions").glob("*.ann")}
    return [CORPUS / f"pn-{name}.txt" for name in sorted(names)]


def predict(extractor: Extractor, paths: list[Path], out: Path) -> int:
    """Extract from each article and write contract JSON Lines to ``out``; returns the claim count."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} article(s) missing from the corpus, e.g. {missing[0]}")
    with out.open("w", encoding="utf-8") as stream:
        return write_jsonl(extractor.pipe(articles(paths)), stream)


def score_gold(pred: Path, verbose: bool = False) -> dict[str, Any]:
    """score.py's ``score()`` on the dev gold, imported from its file (it is standard library only)."""
    spec = importlib.util.spec_from_file_location("claimgraph_eval_score", SCORE_PY)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the scorer at {SCORE_PY}")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with warnings.catch_warnings():
        # score.py opens the predictions without closing them; under pytest's "error" filter the
        # ResourceWarning at the file's release would fail the quality gate for a scorer's habit.
        warnings.simplefilter("ignore", ResourceWarning)
        result: dict[str, Any] = scorer.score(str(GOLD), str(CORPUS), str(pred), verbose)
    return result


def score_polnear(pred: Path) -> dict[str, Any]:
    """polnear_score.py has only a main(): run it with --json and read its one line."""
    done = subprocess.run([sys.executable, str(POLNEAR_SCORE_PY), "--polnear", str(POLNEAR_DEV),
                           "--pred", str(pred), "--json"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"polnear_score.py failed (exit {done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def metrics(gold: dict[str, Any], polnear: dict[str, Any]) -> dict[str, float]:
    """The figures the quality gate pins, flat and named as in tests/eval_baseline.json."""
    fields = gold["fields"]
    return {
        "quantity_f1": gold["quantity"]["f1"],
        "attribution_f1": gold["attribution"]["f1"],
        **{name: fields.get(name, 0.0) for name in ("bound", "unit", "subject", "modality", "source", "chain")},
        "polnear_f1": polnear["f1"],
    }


def evaluate(extractor: Extractor, out_dir: Path, verbose: bool = False) -> dict[str, Any]:
    """Extract, score both sets, and return {"gold", "polnear", "metrics"}."""
    dev, pn = out_dir / "out-dev.jsonl", out_dir / "out-polnear.jsonl"
    predict(extractor, gold_paths(), dev)
    predict(extractor, polnear_paths(), pn)
    gold, polnear = score_gold(dev, verbose), score_polnear(pn)
    return {"gold": gold, "polnear": polnear, "metrics": metrics(gold, polnear)}


def report(result: dict[str, Any]) -> str:
    gold, pn = result["gold"], result["polnear"]
    q, a = gold["quantity"], gold["attribution"]
    lines = [
        f"dev gold ({gold['documents']} documents)",
        (f"  quantities    P {q['precision']:.3f}  R {q['recall']:.3f}  F1 {q['f1']:.3f}"
        f"   (gold {q['gold']}, system {q['system']}, matched {q['matched']})"),
        (f"  attributions  P {a['precision']:.3f}  R {a['recall']:.3f}  F1 {a['f1']:.3f}"
        f"   (gold {a['gold']}, system {a['system']})"),
        "  on matched quantities: " + "  ".join(f"{k} {v:.3f}" for k, v in gold["fields"].items()),
        f"PolNeAR dev ({pn['documents']} documents)",
        (f"  attributions  P {pn['precision']:.3f}  R {pn['recall']:.3f}  F1 {pn['f1']:.3f}"
        f"   (gold {pn['gold']}, system {pn['system']})"),
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", type=Path, default=ROOT, help="where out-dev.jsonl and out-polnear.jsonl go")
    ap.add_argument("--results", type=Path, default=RESULTS / "quality.json")
    ap.add_argument("--verbose", action="store_true", help="list every missed and extra gold claim")
    args = ap.parse_args()
    reason = missing_data()
    if reason:
        raise SystemExit(reason)
    result = evaluate(Extractor(), args.out_dir, args.verbose)
    print(report(result))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({"commit": git_commit(), **result}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
