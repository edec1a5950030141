"""Measures, timelines and changes out of the store: terminal tables (rich) and flat rows for
JSON Lines and CSV."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO


from claimgraph.store.display import number
from claimgraph.track import Change, Independence, TimelineEntry

MEASURE_COLUMNS = ("id", "name", "claims", "articles", "independent", "first", "last")
TIMELINE_COLUMNS = ("claim_id", "measure_id", "story_id", "measure", "date", "dated_by", "value", "low", "high", "bound", "unit", "modality",
                    "chain", "outlet", "title", "url", "doc_id", "text")
TITLE_CHARS = 60


def value_text(entry: TimelineEntry) -> str:
    """The number with its bound: "≥ 10,000", "≤ 15,000", "~100", "10–20", "5"."""
    if entry.bound == "range" and entry.low is not None and entry.high is not None:
        return f"{number(entry.low)}–{number(entry.high)}"
    prefix = {"at_least": "≥ ", "at_most": "≤ ", "approx": "~"}.get(entry.bound, "")
    return prefix + number(entry.value)


def chain_text(entry: TimelineEntry) -> str:
    """The source chain, innermost (original) first; an article in its own voice says so."""
    return " ← ".join(entry.sources) if entry.sources else "(the article itself)"


def provenance(independence: Independence) -> str:
    """ "12 articles, 3 independent original sources (9 relays, 2 syndicated copies): A, B, C"."""
    n, m = independence.articles, independence.independent
    text = f"{n} article{'s' * (n != 1)}, {m} independent original source{'s' * (m != 1)}"
    extra = []
    if independence.relays:
        extra.append(f"{independence.relays} relay{'s' * (independence.relays != 1)}")
    if independence.copies:
        extra.append(f"{independence.copies} syndicated cop{'ies' if independence.copies != 1 else 'y'}")
    if extra:
        text += f" ({', '.join(extra)})"
    return f"{text}: {', '.join(independence.originals)}" if independence.originals else text


def plain_table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]], out: TextIO,
                caps: dict[str, int] | None = None, right: frozenset[str] = frozenset()) -> int:
    """Aligned columns of plain text, a cell longer than its column's cap cut with "…".

    Not rich: a rich table takes about 0.6 s a thousand rows, and a measure's timeline or the list of
    measures runs to thousands of rows in a large store (issue 4 wants these commands under 1 s).
    """
    body = [[" ".join(cell.split()) for cell in row] for row in rows]  # a cell's whitespace shown as one space
    for i, name in enumerate(header):
        cap = (caps or {}).get(name)
        if cap is not None:
            for row in body:
                if len(row[i]) > cap:
                    row[i] = row[i][:cap - 1] + "…"
    widths = [max(len(name), *map(len, column)) for name, column in zip(header, zip(*body))] if body else \
        [len(name) for name in header]
    line = "  ".join(f"{{:{'>' if name in right else '<'}{w}}}" for name, w in zip(header, widths)).format

    out.write(line(*header).rstrip() + "\n" + "  ".join("─" * w for w in widths) + "\n")
    out.writelines(line(*row).rstrip() + "\n" for row in body)
    return len(body)



def measures_table(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    header = ("id", "measure", "claims", "articles", "independent originals", "from", "to")
    count = plain_table(header, ((r["id"], r["name"], str(r["claims"]), str(r["articles"]), str(r["independent"]),
                                  r["first"] or "", r["last"] or "") for r in rows), out,
                        caps={"measure": 70}, right=frozenset(("claims", "articles", "independent originals")))
    out.write(f"{count} measure{'s' * (count != 1)}\n")
    return count


def timeline_table(name: str, ident: str, entries: list[TimelineEntry], independence: Independence,
                   out: TextIO) -> None:
    """One measure: its name and id, who stands behind it, then its claims in time order."""
    out.write(f"{name}  [{ident}]\n{provenance(independence)}\n\n")
    header = ("date", "dated by", "value", "unit", "modality", "chain (original first)", "outlet", "title")
    plain_table(header, ((e.date.isoformat() if e.date else "undated", e.dated_by, value_text(e), e.unit,
                          e.modality, chain_text(e), e.outlet or "", e.title or "") for e in entries), out,
                caps={"unit": 24, "chain (original first)": 48, "outlet": 24, "title": TITLE_CHARS})
    out.write("\n")


def timeline_row(measure_id: str, name: str, entry: TimelineEntry) -> dict[str, Any]:
    return {"claim_id": entry.claim_id, "measure_id": measure_id, "story_id": entry.story_id, "measure": name, "date": entry.date.isoformat() if entry.date else None,
            "dated_by": entry.dated_by, "value": entry.value, "low": entry.low, "high": entry.high,
            "bound": entry.bound, "unit": entry.unit, "modality": entry.modality,
            "chain": " ← ".join(entry.sources), "outlet": entry.outlet, "title": entry.title, "url": entry.url,
            "doc_id": entry.doc_id, "text": entry.text}


def _side(entry: TimelineEntry) -> str:
    when = entry.date.isoformat() if entry.date else "undated"
    where = f" · {entry.outlet}" if entry.outlet else ""
    return f"{when} {value_text(entry)} {entry.unit} {entry.modality} ({chain_text(entry)}{where})"


def changes_table(found: Iterable[tuple[str, Change]], out: TextIO) -> int:
    """Each flagged change: its measure, what kind, and both sides (earlier, then new) — plain aligned
    text, as `plain_table` explains: a large store flags tens of thousands of changes."""
    rows = ((name, change.label, _side(change.before), _side(change.after)) for name, change in found)
    count = plain_table(("measure", "change", "before", "after"), rows, out,
                        caps={"measure": 48, "before": 70, "after": 70})
    out.write(f"{count} change{'s' * (count != 1)}\n")
    return count
