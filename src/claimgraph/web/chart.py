"""A measure's timeline as an SVG for the browser: the chart of ``claimgraph.charts`` (one panel),
each point given an id, a tooltip (``<title>``: the claim, its value and its source chain) and a
link to its article at the claim. None when matplotlib is not installed (the page shows the table)."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from html import escape

from claimgraph.track import TimelineEntry

_DRAWING = threading.Lock()  # matplotlib's rc_context changes global settings: one chart at a time
TOOLTIP_CHARS = 300
_POINT = re.compile(r'<g id="point-(\d+)">')


def tooltip(entry: TimelineEntry) -> str:
    from claimgraph.store.timelines import chain_text, value_text

    when = entry.date.isoformat() if entry.date else "undated"
    text = entry.text if len(entry.text) <= TOOLTIP_CHARS else entry.text[:TOOLTIP_CHARS - 1] + "…"
    outlet = f" · {entry.outlet}" if entry.outlet else ""
    return f"{when} · {value_text(entry)} {entry.unit} · {entry.modality}\n{chain_text(entry)}{outlet}\n{text}"


def timeline_svg(name: str, caption: str, entries: list[TimelineEntry],
                 link: Callable[[TimelineEntry], str | None]) -> str | None:
    """The chart as SVG text, each dated point ``<g id="point-N">`` with a tooltip and a link."""
    try:
        from matplotlib import rc_context
        from matplotlib.figure import Figure
    except ImportError:
        return None
    from claimgraph.charts import DPI, PANEL_HEIGHT, POINT_GID, ChartPanel, _draw, chartable

    dated = [e for e in entries if chartable(e)]
    out = io.BytesIO()
    with _DRAWING, rc_context({"svg.fonttype": "none", "font.size": 10}):
        figure = Figure(figsize=(11, PANEL_HEIGHT), layout="constrained")
        ax = figure.subplots()
        legends = _draw(ax, ChartPanel(name, caption, entries))
        points = [line for line in ax.lines if line.get_gid() == POINT_GID]
        if len(points) == len(dated):  # one marker a dated claim, in order (charts._point)
            for n, (line, entry) in enumerate(zip(points, dated)):
                line.set_gid(f"point-{n}")
                line.set_url(link(entry))
        figure.savefig(out, format="svg", dpi=DPI, bbox_inches="tight", pad_inches=0.15,
                       bbox_extra_artists=legends, metadata={"Date": None})
    svg = out.getvalue().decode("utf-8")
    titles = [escape(tooltip(entry)) for entry in dated]
    return _POINT.sub(lambda m: f"{m.group(0)}<title>{titles[int(m.group(1))]}</title>", svg)
