"""Measures at store scale: grouping 100,000 generated claim records, then a timeline and the
changes of the largest measure; the target (issue 4, item 7) is under 1 s for the three together.

    python benchmarks/bench_measures.py [--claims 100000] [--rounds 3] [--seed 4] [--strict]

The records are shaped as ``Store.claims()`` yields them and drawn with a realistic skew: 300
subjects (people, countries, organisations; Zipf-like, so a few dominate), 40 units mapping to
about two dozen concepts, sentences from 30 clause templates carrying a dozen predicate
families, every bound and modality, dates over two years, a quarter of claims with a time
expression and a fifth relayed through a two-link source chain. A fresh ``Reader`` is built each
round (its caches cold): grouping includes reading every claim's clause.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import RESULTS, git_commit

from claimgraph.models import Mention, Quantity, Source, StoredClaim, TimeRef
from claimgraph.track import changes, group, timeline

TARGET_SECONDS = 1.0

SUBJECT_STEMS = ["North Korea", "Russia", "Ukraine", "United States", "China", "Israel", "Germany", "France",
                 "Hamas", "NATO", "the Pentagon", "Donald Trump", "Hillary Clinton", "Olaf Scholz", "Joe Biden"]
UNITS = ["troops", "soldiers", "servicemen", "dollars", "people", "civilians", "percent", "points", "rounds",
         "artillery shells", "tanks", "Stinger missiles", "Javelin anti-armor systems", "howitzers", "drones",
         "refugees", "children", "countries", "companies", "barrels", "kilometers", "miles", "voters",
         "respondents", "helmets", "rifles", "pistols", "machine guns", "grenade launchers", "missiles",
         "rockets", "euros", "rubles", "vessels", "sanctions", "executives", "homes", "jobs", "cases", "doses"]
TEMPLATES = [
    "{s} has sent {n} {u} to the front, officials said on Tuesday.",
    "{s} could send up to {n} {u} if cooperation continues to develop, according to sources.",
    "At least {n} {u} were killed in the attack on the city, {s} said.",
    "{s} pledged {n} {u} in new assistance for the coming year.",
    "The package from {s} includes {n} {u} and other equipment.",
    "{s} delivered more than {n} {u} last month, the ministry said.",
    "More than {n} {u} were injured, according to {s}.",
    "{s} leads by {n} {u} in the latest poll of likely voters.",
    "Some {n} {u} have fled their homes since the fighting began, {s} said.",
    "{s} raised {n} {u} from donors in the third quarter.",
    "{s} spent {n} {u} on the programme last year, the report showed.",
    "- {n} {u};",
    "{s} denied that it had deployed {n} {u} near the border.",
    "The poll found that {n} {u} support {s} in a four-way race.",
    "{s} said {n} {u} agreed with the decision, the survey showed.",
    "Officials estimate that about {n} {u} remain in the region controlled by {s}.",
    "{s} is expected to provide roughly {n} {u} by the end of the year.",
    "Nearly {n} {u} were displaced by the floods, {s} said.",
    "{s} sanctioned {n} {u} linked to the network.",
    "According to {s}, {n} {u} have been supplied so far.",
    "{s} will commit {n} {u} to the mission, the minister announced.",
    "The death toll rose to {n} {u}, {s} reported.",
    "{s} has stationed {n} {u} on the peninsula.",
    "{s} gave {n} {u} to the relief effort.",
    "In total, {n} {u} were counted by {s} in the census.",
    "{s} shipped {n} {u} over the summer.",
    "A survey of {n} {u} by {s} has a margin of error of 3 points.",
    "{s} approved {n} {u} for the reconstruction fund.",
    "{s} hospitalized {n} {u} after the outbreak.",
    "{s} disbursed {n} {u} in grants.",
]
BOUNDS = ["exact", "approx", "at_least", "at_most", "range"]
MODALITIES = ["fact", "fact", "fact", "expected", "possible", "negated"]
OUTLETS = ["Reuters", "Bloomberg", "Associated Press", "BBC", "Kyiv Independent", "Politico", "The Guardian"]


def subjects(count: int) -> list[str]:
    names = list(SUBJECT_STEMS)
    i = 0
    while len(names) < count:
        names.append(f"{SUBJECT_STEMS[i % len(SUBJECT_STEMS)].split()[-1]} Region {i}")
        i += 1
    return names


def generate(count: int, seed: int) -> list[StoredClaim]:
    """``count`` stored claims as the store gives them, with skewed subjects and realistic text."""
    rng = random.Random(seed)
    names = subjects(300)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    out = []
    for i in range(count):
        subject = rng.choices(names, weights)[0]
        unit, template = rng.choice(UNITS), rng.choice(TEMPLATES)
        value = rng.choice([1, 5, 10, 40, 100, 800, 1000, 10000, 15000, 100000]) * rng.choice([1, 1, 1.1, 2, 3])
        number = f"{value:,.0f}"
        text = template.format(s=subject, n=number, u=unit)
        q_start = text.index(number)
        bound = rng.choice(BOUNDS)
        day = f"20{rng.choice(['23', '24'])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc = i // 8  # eight claims an article
        chain = [Source(subject, subject, "government", 0, len(subject))]
        if rng.random() < 0.2:
            chain.append(Source(rng.choice(OUTLETS), "x", "outlet", 0, 1))
        out.append(StoredClaim(
            f"doc-{doc}", text, 1000, 1000 + len(text), rng.choice(MODALITIES),  # type: ignore[arg-type]
            Quantity(value, bound, unit, 1000 + q_start, 1000 + q_start + len(number),  # type: ignore[arg-type]
                     value if bound == "range" else None, value * 2 if bound == "range" else None),
            Mention(subject, 1000, 1000 + len(subject)), tuple(chain),
            time=TimeRef("last month", day[:7], 0, 1) if rng.random() < 0.25 else None,
            doc_id=doc, title=f"Article {doc}", outlet=rng.choice(OUTLETS), published=day,
            url=f"https://news.example/{doc}", syndicated_with=doc - 1 if doc % 10 == 9 else None))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    records = generate(args.claims, args.seed)
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        measures = group(records)
        t1 = time.perf_counter()
        largest = measures[0]
        line = timeline(largest.claims)
        t2 = time.perf_counter()
        found = changes(largest.claims)
        t3 = time.perf_counter()
        for name, seconds in (("group", t1 - t0), ("timeline", t2 - t1), ("changes", t3 - t2), ("total", t3 - t0)):
            best[name] = min(best.get(name, float("inf")), seconds)
    result = {
        "claims": args.claims, "measures": len(measures), "largest_measure": largest.name,
        "largest_claims": len(largest.claims), "timeline_entries": len(line), "changes": len(found),
        "seconds": {k: round(v, 4) for k, v in best.items()}, "target_seconds": TARGET_SECONDS,
        "pass": best["total"] < TARGET_SECONDS, "python": platform.python_version(), "commit": git_commit(),
    }
    print(json.dumps(result, indent=1))
    print(f"{'PASS' if result['pass'] else 'FAIL'}: group + timeline + changes of the largest measure in "
          f"{best['total']:.3f} s for {args.claims:,} claims (target < {TARGET_SECONDS} s)")
    (RESULTS / "measures.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 1 if args.strict and not result["pass"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
