"""Write the README's Quality and Speed tables from benchmarks/results/*.json.

    python benchmarks/readme_figures.py [--check]

The tables sit between ``<!-- quality-table -->`` / ``<!-- speed-table -->`` markers and
their ``<!-- /... -->`` ends. A figure with no result file yet reads "to be measured", so
the README never shows a number nobody measured. ``--check`` exits 1 when the README is
not what the result files say.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, ROOT

README = ROOT / "README.md"
TBD = "to be measured"
TARGETS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))["targets"]


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def quality_table(result: dict[str, Any] | None) -> str:
    gold = result["gold"] if result else None
    pn = result["polnear"] if result else None

    def fig(value: float | None) -> str:
        return TBD if value is None else f"{value:.3f}"

    def prf(block: dict[str, Any] | None) -> list[str]:
        return [fig(block[k]) if block else TBD for k in ("precision", "recall", "f1")]

    fields = gold["fields"] if gold else {}
    rows = [
        "| set | measure | precision | recall | F1 | target F1 |",
        "|---|---|---|---|---|---|",
        f"| dev gold | quantified claims | {' | '.join(prf(gold and gold['quantity']))} | {TARGETS['quantity_f1']:.2f} |",
        (f"| dev gold | attributed statements | {' | '.join(prf(gold and gold['attribution']))} "
        f"| {TARGETS['attribution_f1']:.2f} |"),
        f"| PolNeAR dev | attributions (source + content overlap) | {' | '.join(prf(pn))} | {TARGETS['polnear_f1']:.2f} |",
        "",
        "| on matched quantities | bound | unit | subject | modality | source | chain |",
        "|---|---|---|---|---|---|---|",
        # a field figure is absent when no quantity matched: "n/a", not a measured zero
        "| measured | " + " | ".join((fig(fields[k]) if k in fields else "n/a") if gold else TBD
                                   for k in ("bound", "unit", "subject", "modality", "source", "chain")) + " |",
        "| target | " + " | ".join(f"{TARGETS[k]:.2f}" for k in ("bound", "unit", "subject", "modality", "source", "chain"))
        + " |",
    ]
    if result:
        rows += ["", (f"Measured on commit `{result.get('commit')}` ({gold['documents'] if gold else '?'} gold documents, "
                     f"{pn['documents'] if pn else '?'} PolNeAR documents).")]
    return "\n".join(rows)


def speed_table(result: dict[str, Any] | None) -> str:
    sides = {s["side"]: s for s in result["sides"]} if result else {}

    def cell(side: str, key: str, fmt: str) -> str:
        return format(sides[side][key], fmt) if side in sides else TBD

    rows = [
        "| | load s | articles/s | words/s | peak MB |",
        "|---|---|---|---|---|",
        *(f"| {side} | {cell(side, 'load_s', '.2f')} | {cell(side, 'articles_per_s', '.1f')} "
          f"| {cell(side, 'words_per_s', ',.0f')} | {cell(side, 'peak_mb', '.0f')} |"
          for side in ("claimgraph", "quantulum3")),
    ]
    ratio = result.get("ratio_vs_quantulum3") if result else None
    rows += ["", (f"Throughput ratio claimgraph / quantulum3: {TBD if ratio is None else f'{ratio:.1f}×'} "
                 "(targets: ≥ 40 articles/s on one core, ≥ 8× quantulum3, peak memory < 500 MB).")]
    if result:
        rows += [(f"Measured on commit `{result.get('commit')}`, {result['sides'][0]['articles']} articles "
                 f"({result['corpus']}), one core of {result.get('cpu_model') or result.get('machine')}, "
                 f"Python {result.get('python')}.")]
    return "\n".join(rows)


def rewrite(readme: str, marker: str, table: str) -> str:
    pattern = re.compile(rf"(<!-- {marker} -->\n).*?(<!-- /{marker} -->)", re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no <!-- {marker} --> ... <!-- /{marker} --> block")
    return pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), readme)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 when README.md differs from the results")
    args = ap.parse_args()
    before = README.read_text(encoding="utf-8")
    after = rewrite(before, "quality-table", quality_table(load("quality.json")))
    after = rewrite(after, "speed-table", speed_table(load("extract.json")))
    if args.check:
        raise SystemExit(0 if after == before else "README.md's tables are out of date: run make readme-figures")
    README.write_text(after, encoding="utf-8")
    print("README.md tables " + ("unchanged" if after == before else "updated"))


if __name__ == "__main__":
    main()
