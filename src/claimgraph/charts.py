"""A measure's timeline as a chart (PNG or SVG) with matplotlib, an optional extra.

Values over time, one panel a measure: a range is a vertical bar from low to high, a lower or
upper bound an open marker with an arrow pointing the way the value may go, an approximate figure
a faded marker; the marker's shape says the modality and its colour the original (innermost)
source. Drawn on a bare ``Figure`` (the Agg canvas): no pyplot, no global backend switched.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from claimgraph.track import TimelineEntry

CHART_FORMATS = ("png", "svg")
MISSING = ("charts need matplotlib, which is not installed; install it with `pip install 'claimgraph[charts]'` "
           "or choose --format table, jsonl or csv")
MODALITY_MARKERS = {"fact": "o", "expected": "s", "possible": "D", "negated": "X"}
# Colours for the most frequent original sources (matplotlib's tab10, colour-blind tolerant); the
# rest share one grey, so a legend stays readable in a report.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
OTHER_COLOUR = "#7f7f7f"
# A panel switches to a log value axis when its largest value is more than this many times its
# smallest positive one (a "10,000" and a "100,000 troops" then both stay legible).
LOG_RATIO = 100
MAX_PANELS = 6
PANEL_HEIGHT = 4.2  # inches; with 11 inches of width and 150 dpi a panel is about 1650 x 630 pixels
DPI = 150
ARROW_POINTS = 16  # the length of an at-least / at-most arrow, in points
# Claims of one day are set this share of the panel's date span apart (at least 3 hours), side by side.
DODGE = 0.006
CAPTION_CHARS = 170
POINT_GID = "claim"  # the group id of each claim's marker in SVG (the web chart numbers them)
# The years a chart places a claim in; a stored date outside them (9999-12-31 from a bad feed) is
# drawn as undated: the axis's padding and date ticks would run past what a date can hold (year 9999),
# and one such point would squeeze every real one into a sliver. History and forecasts stay inside.
CHART_YEARS = (1000, 2999)


class ChartError(Exception):
    """A chart that cannot be drawn (matplotlib missing, an unknown format)."""


@dataclass(frozen=True, slots=True)
class ChartPanel:
    """One measure to draw: its name, a line of provenance under it, and its timeline."""

    name: str
    caption: str
    entries: Sequence[TimelineEntry]


def chartable(entry: TimelineEntry) -> bool:
    """Whether a claim has a date a chart can place (else it is counted among the undated)."""
    return entry.date is not None and CHART_YEARS[0] <= entry.date.year <= CHART_YEARS[1]


def original(entry: TimelineEntry) -> str:
    """Who a claim goes back to: its innermost source, else its outlet speaking in its own voice."""
    if entry.sources:
        return entry.sources[0]
    return f"{entry.outlet} (own reporting)" if entry.outlet else "the article itself"


def compact(value: float) -> str:
    """A tick label: 1.5bn, 250m, 12,000, 0.5."""
    size = abs(value)
    for factor, suffix in ((1e9, "bn"), (1e6, "m")):
        if size >= factor:
            return f"{value / factor:,.3g}{suffix}"
    return f"{value:,.0f}" if size >= 10 or float(value).is_integer() else f"{value:.3g}"


def write_chart(panels: Sequence[ChartPanel], out: BinaryIO, fmt: str) -> int:
    """Draw the panels (at most ``MAX_PANELS``) into ``out`` as PNG or SVG; returns the panels drawn."""
    if fmt not in CHART_FORMATS:
        raise ChartError(f"unknown chart format {fmt!r}; use png or svg")
    try:
        from matplotlib import rc_context
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ChartError(MISSING) from exc
    shown = list(panels)[:MAX_PANELS]
    if not shown:
        raise ChartError("nothing to draw: no measure has claims")
    with rc_context({"svg.fonttype": "none", "font.size": 10}):  # SVG text stays text (searchable, editable)
        figure = Figure(figsize=(11, PANEL_HEIGHT * len(shown)), layout="constrained")
        axes = figure.subplots(len(shown), 1, squeeze=False)[:, 0]
        legends = [legend for ax, panel in zip(axes, shown) for legend in _draw(ax, panel)]
        # "tight": the legends stand outside the axes, right of them, and must be in the picture
        figure.savefig(out, format=fmt, dpi=DPI, bbox_inches="tight", pad_inches=0.15, bbox_extra_artists=legends,
                       metadata={"Date": None} if fmt == "svg" else None)
    return len(shown)


def _draw(ax: Any, panel: ChartPanel) -> list[Any]:
    """One measure's panel; returns its legends (they stand outside the axes)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    dated = [e for e in panel.entries if chartable(e)]
    counts = Counter(original(e) for e in dated)
    colours = {name: PALETTE[i] for i, (name, _) in enumerate(counts.most_common(len(PALETTE)))}
    undated = len(panel.entries) - len(dated)
    caption = panel.caption if len(panel.caption) <= CAPTION_CHARS else panel.caption[:CAPTION_CHARS - 1] + "…"
    caption += f"; {undated} undated claim{'s' * (undated != 1)} not shown" if undated else ""
    ax.set_title(f"{panel.name}\n", fontsize=12, fontweight="bold", loc="left")
    ax.text(0, 1.02, caption, transform=ax.transAxes, fontsize=9, color="#444444")
    if not dated:
        ax.text(0.5, 0.5, "no dated claims", transform=ax.transAxes, ha="center", va="center")
        return []
    # Each claim's marker is an artist of its own (the web chart gives each an id, a tooltip and a
    # link); range bars and bound arrows are drawn together, a collection or line per colour.
    arrows: dict[tuple[str, str], list[tuple[float, float]]] = {}  # (bound, colour) → points
    bars: dict[str, list[tuple[float, float, float]]] = {}  # colour → (x, low, high)
    extent: list[tuple[float, float]] = []
    for entry, x in zip(dated, _dodged([e.date for e in dated if e.date is not None])):
        colour = colours.get(original(entry), OTHER_COLOUR)
        ax.add_artist(_point(entry, x, colour))
        extent.append((x, entry.value))
        if entry.bound == "range" and entry.low is not None and entry.high is not None:
            bars.setdefault(colour, []).append((x, entry.low, entry.high))
            extent += [(x, entry.low), (x, entry.high)]
        if entry.bound in ("at_least", "at_most"):
            arrows.setdefault((entry.bound, colour), []).append((x, entry.value))
    for colour, spans in bars.items():
        ax.vlines([x for x, _, _ in spans], [low for _, low, _ in spans], [high for _, _, high in spans],
                  colors=colour, linewidth=3, alpha=0.55)
    for (bound, colour), at in arrows.items():
        _arrows(ax, at, bound, colour)
    ax.update_datalim(extent)  # the markers were added as plain artists: their extent, once
    ax.autoscale_view()
    values = [v for e in dated for v in (e.value, e.low, e.high) if v is not None and v > 0]
    if values and max(values) > LOG_RATIO * min(values):
        ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: compact(v)))
    if ax.get_yscale() == "linear":
        top = ax.get_ylim()[1] * 1.08
        ax.set_ylim(bottom=-0.02 * top, top=top)  # a zero (a denial's "no troops") stays whole on the axis
    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    _pad_dates(ax, [e.date for e in dated if e.date is not None])
    units = Counter(e.unit for e in dated if e.unit)
    ax.set_ylabel(units.most_common(1)[0][0] if units else "value")
    dated_by = {e.dated_by for e in dated}
    ax.set_xlabel("date (" + " / ".join(sorted({"claim": "the claim's own time", "published": "publication"}[d]
                                               for d in dated_by if d in ("claim", "published"))) + ")")
    ax.grid(True, color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    sources = [Line2D([], [], marker="o", linestyle="", color=colour, label=_short(name))
               for name, colour in colours.items()]
    if len(counts) > len(colours):
        sources.append(Line2D([], [], marker="o", linestyle="", color=OTHER_COLOUR,
                              label=f"{len(counts) - len(colours)} other sources"))
    first = ax.legend(handles=sources, title="original source", loc="upper left", bbox_to_anchor=(1.01, 1.0),
                      fontsize=8, title_fontsize=9, frameon=False)
    ax.add_artist(first)
    present = {e.modality for e in dated}
    bounds = {e.bound for e in dated}
    shapes = [Line2D([], [], marker=MODALITY_MARKERS[m], linestyle="", color="#333333", label=m)
              for m in MODALITY_MARKERS if m in present]
    if bounds & {"at_least", "at_most"}:
        shapes.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color="#333333",
                             label="open: at least ↑ / at most ↓"))
    if "range" in bounds:
        shapes.append(Line2D([], [], marker="|", markersize=14, linestyle="", color="#333333", label="bar: range"))
    if "approx" in bounds:
        shapes.append(Line2D([], [], marker="o", linestyle="", color="#333333", alpha=0.45, label="faded: approx."))
    second = ax.legend(handles=shapes, title="modality and bound", loc="lower left", bbox_to_anchor=(1.01, 0.0),
                       fontsize=8, title_fontsize=9, frameon=False)
    return [first, second]


def _dodged(dates: list[dt.date]) -> list[float]:
    """Each date as a matplotlib date number, claims of one day spread side by side so none hides another."""
    from matplotlib.dates import date2num

    span = max((max(dates) - min(dates)).days, 1)
    step = max(span * DODGE, 0.12)
    seen: Counter[dt.date] = Counter()
    total = Counter(dates)
    out = []
    for day in dates:
        out.append(float(date2num(day)) + (seen[day] - (total[day] - 1) / 2) * step)
        seen[day] += 1
    return out


def _point(entry: TimelineEntry, x: float, colour: str) -> Any:
    """One claim's marker: a Line2D made directly (``ax.plot`` parses its arguments at a cost that
    dominated the drawing of large charts)."""
    from matplotlib.lines import Line2D

    open_marker = entry.bound in ("at_least", "at_most")
    return Line2D([x], [entry.value], marker=MODALITY_MARKERS.get(entry.modality, "o"), linestyle="", markersize=8,
                  color=colour, markerfacecolor="white" if open_marker else colour, markeredgewidth=1.6,
                  alpha=0.45 if entry.bound == "approx" else 0.95, zorder=3, gid=POINT_GID)


def _arrows(ax: Any, points: list[tuple[float, float]], bound: str, colour: str) -> None:
    """Arrows from open markers, up for "at least", down for "at most": a shaft and a head a fixed
    number of points from each marker, drawn as two offset marker lines for all of them at once."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    sign = 1 if bound == "at_least" else -1
    xs, ys = [x for x, _ in points], [y for _, y in points]
    gap = 5  # points between the marker's centre and the shaft
    shaft = offset_copy(ax.transData, fig=ax.figure, y=sign * (gap + ARROW_POINTS) / 2, units="points")
    head = offset_copy(ax.transData, fig=ax.figure, y=sign * ARROW_POINTS, units="points")
    for marker, size, transform in (("|", ARROW_POINTS - gap, shaft), ("^" if sign > 0 else "v", 6, head)):
        ax.add_artist(Line2D(xs, ys, marker=marker, markersize=size, linestyle="", color=colour,
                             markeredgewidth=1.4, transform=transform, zorder=2))


def _pad_dates(ax: Any, dates: list[dt.date]) -> None:
    """A few days either side, so that points at the edges are not cut in half (and one date has a span)."""
    first, last = min(dates), max(dates)
    pad = max(dt.timedelta(days=3), (last - first) * 0.04)
    ax.set_xlim(first - pad, last + pad)


def _short(name: str, width: int = 32) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"
