"""The store in the terminal (rich): tables of claims, sources and entities, and an article with its
claims marked (coloured by modality, numbers bold, sources underlined, each claim numbered)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimgraph.models import Claim, StoredClaim

TABLE_TEXT_CHARS = 80
MODALITY_STYLES = {"fact": "green", "expected": "cyan", "possible": "yellow", "negated": "red"}
NUMBER_STYLE = "bold"
SOURCE_STYLE = "underline"


def console(out: TextIO) -> Console:
    return Console(file=out, width=None if out.isatty() else 140, highlight=False)


def claims_table(records: Iterable[StoredClaim], out: TextIO) -> int:
    """value, bound, unit, subject, modality, chain, date, outlet, text: one row a claim."""
    table = Table()
    for column in ("value", "bound", "unit", "subject", "modality", "chain (innermost first)", "date", "outlet",
                   "text"):
        table.add_column(column, overflow="fold")
    count = 0
    for record in records:
        table.add_row(*_claim_cells(record))
        count += 1
    table.caption = f"{count} claim{'' if count == 1 else 's'}"
    console(out).print(table)
    return count


def _claim_cells(record: StoredClaim) -> tuple[str, ...]:
    q = record.quantity
    value = "" if q is None else f"{number(q.low)}–{number(q.high)}" if q.bound == "range" else number(q.value)
    subject = record.subject.name if record.subject else ""
    text = record.text
    if len(text) > TABLE_TEXT_CHARS:
        text = text[:TABLE_TEXT_CHARS - 1] + "…"
    return (value, q.bound if q else "", q.unit if q else "", subject, record.modality, chain(record),
            claim_date(record), record.outlet or "", text)


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def chain(record: Claim) -> str:
    return " ← ".join(source.name for source in record.sources)


def claim_date(record: StoredClaim) -> str:
    """The claim's time value when it has one, else its document's publication date."""
    if record.time and record.time.value:
        return record.time.value
    return (record.published or "")[:10]


def rows_table(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO,
               nouns: tuple[str, str]) -> int:
    """A plain table of dict rows (sources, entities), its caption counting them (``nouns``: one, many)."""
    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold", justify="right" if column in _COUNTS else "left")
    count = 0
    for row in rows:
        table.add_row(*(str(row[c]) if row[c] is not None else "" for c in columns))
        count += 1
    table.caption = f"{count} {nouns[0] if count == 1 else nouns[1]}"
    console(out).print(table)
    return count


_COUNTS = frozenset(("claims", "documents", "reports", "mentions"))


def marked_text(text: str, claims: Iterable[Claim]) -> Text:
    """The article with each claim coloured by modality, its number bold, its sources underlined and
    a marker [n] after it (n: its place in the list below the text)."""
    marked = Text(text)
    markers: dict[int, list[int]] = defaultdict(list)
    for n, claim in enumerate(claims, 1):
        marked.stylize(MODALITY_STYLES[claim.modality], claim.start, claim.end)
        if claim.quantity:
            marked.stylize(NUMBER_STYLE, claim.quantity.start, claim.quantity.end)
        for source in claim.sources:
            marked.stylize(SOURCE_STYLE, source.start, source.end)
        markers[claim.end].append(n)
    positions = sorted(markers)
    pieces = marked.divide(positions)
    out = Text()
    for piece, position in zip(pieces, [0, *positions]):
        if position in markers:
            out.append(f"[{','.join(map(str, markers[position]))}]", style="dim")
        out.append_text(piece)
    return out


def show_document(record: dict[str, Any], out: TextIO) -> None:
    """An article (as ``Store.document`` gives it): its metadata, its text with claims marked, a legend
    and each claim's chain."""
    con = console(out)
    heading = record["title"] or record["origin"]
    con.print(Text(heading, style="bold"))
    details = [record["outlet"], record["published"], record["url"] or record["origin"]]
    con.print(Text(" · ".join(d for d in details if d), style="dim"))
    if record["syndicated_with"]:
        con.print(Text(f"syndicated copy of article {record['syndicated_with']}", style="dim"))
    con.print()
    con.print(marked_text(record["text"], record["claims"]))
    con.print()
    legend = Text("legend: ")
    for modality, style in MODALITY_STYLES.items():
        legend.append(modality, style=style).append("  ")
    legend.append("number", style=NUMBER_STYLE).append("  ").append("source", style=SOURCE_STYLE)
    con.print(legend)
    for n, claim in enumerate(record["claims"], 1):
        line = Text(f"[{n}] ", style="dim")
        line.append(claim.modality, style=MODALITY_STYLES[claim.modality])
        for cell in _claim_cells(claim)[:4]:
            if cell:
                line.append(f" {cell}")
        line.append(f" — chain: {chain(claim) or '(the article itself)'}")
        con.print(line)
    if not record["claims"]:
        con.print(Text("no claims", style="dim"))
