"""Quality gate on the dev gold and PolNeAR dev (after trafilatura's tests/eval_gate.py).

Every figure in eval_baseline.json's "floors" must be met; the issue's "targets" are
printed beside the measured figures (``pytest -s tests/test_quality_gate.py`` shows them).
Extraction and scoring are benchmarks/score_dev.py's, so the gate, the README's Quality
table and ``make score`` measure the same thing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import load_script

from claimgraph.core import Extractor

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
METRICS = sorted(BASELINE["floors"])


score_dev = load_script("claimgraph_score_dev", ROOT / "benchmarks" / "score_dev.py")
MISSING = score_dev.missing_data()
needs_shared = pytest.mark.skipif(MISSING is not None, reason=f"quality gate skipped: {MISSING}")


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result: dict[str, Any] = score_dev.evaluate(Extractor(), tmp_path_factory.mktemp("quality"))
    print("\n" + score_dev.report(result))
    print(f"{'metric':<16} {'measured':>8} {'floor':>6} {'target':>6}")
    for name in METRICS:
        print(f"{name:<16} {result['metrics'][name]:>8.3f} {BASELINE['floors'][name]:>6.2f} "
              f"{BASELINE['targets'][name]:>6.2f}")
    return result


def test_baseline_names_the_same_metrics_as_the_scorer() -> None:
    """Floors and targets cover the same figures, each a score between 0 and 1."""
    assert set(BASELINE["targets"]) == set(BASELINE["floors"])
    assert all(0.0 <= value <= 1.0 for value in [*BASELINE["targets"].values(), *BASELINE["floors"].values()])


@needs_shared
def test_every_metric_is_measured(measured: dict[str, Any]) -> None:
    assert set(measured["metrics"]) == set(METRICS)


@needs_shared
@pytest.mark.parametrize("metric", METRICS)
def test_metric_meets_its_floor(measured: dict[str, Any], metric: str) -> None:
    got, floor = measured["metrics"][metric], BASELINE["floors"][metric]
    assert got >= floor, (
        f"{metric} fell to {got:.3f}, below its floor {floor:.3f} in tests/eval_baseline.json; "
        "run `python benchmarks/score_dev.py --verbose` to list the misses"
    )
