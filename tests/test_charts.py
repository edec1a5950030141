"""Timeline charts (claimgraph.charts): real PNG and SVG files from a measure's timeline, and the
install hint when matplotlib is missing."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import struct
import sys
import xml.etree.ElementTree as ET

import pytest

from claimgraph.charts import MISSING, ChartError, ChartPanel, compact, original, write_chart
from claimgraph.track import TimelineEntry

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None,
    reason="matplotlib is not installed (pip install 'claimgraph[charts]'; the test extra includes it)")

NAME = "North Korea — troops — sent to Russia"


def _entry(day: str | None, value: float, bound: str = "exact", modality: str = "fact",
           sources: tuple[str, ...] = (), low: float | None = None, high: float | None = None) -> TimelineEntry:
    date = dt.date.fromisoformat(day) if day else None
    return TimelineEntry(date, "published", value, low, high, bound, "troops", modality, sources, 1, "Title",
                         "Reuters", None, "text", ("u", 0, 1, value))


ENTRIES = [
    _entry("2024-10-20", 15_000, "at_most", "expected", ("Ukraine's ambassador",)),
    _entry("2024-11-05", 10_000, "at_least", "fact", ("Pentagon", "Reuters")),
    _entry("2024-11-05", 11_000, "approx", "fact", ("Pentagon",)),
    _entry("2024-11-20", 100_000, "at_most", "possible", ("Bloomberg",)),
    _entry("2024-11-25", 12_000, "range", "fact", (), low=11_000, high=13_000),
    _entry("2024-11-28", 0, "exact", "negated", ("Kremlin",)),
    _entry(None, 5, "exact"),
]


def _chart(fmt: str, panels: list[ChartPanel] | None = None) -> bytes:
    out = io.BytesIO()
    write_chart(panels or [ChartPanel(NAME, "6 articles, 4 independent original sources", ENTRIES)], out, fmt)
    return out.getvalue()


@needs_matplotlib
def test_png_is_a_real_image_of_report_size() -> None:
    data = _chart("png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1200 and 400 <= height <= 1200
    assert len(data) > 20_000


@needs_matplotlib
def test_svg_parses_and_names_the_measure_its_sources_and_unit() -> None:
    data = _chart("svg")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    text = data.decode("utf-8")
    for expected in (NAME, "Bloomberg", "Ukraine's ambassador", "troops", "1 undated claim not shown",
                     "open: at least ↑ / at most ↓", "bar: range"):
        assert expected.replace("'", "&#39;") in text or expected in text, expected


@needs_matplotlib
def test_several_measures_are_stacked_panels() -> None:
    one = struct.unpack(">II", _chart("png")[16:24])[1]
    panels = [ChartPanel(f"measure {i}", "", ENTRIES[:3]) for i in range(3)]
    three = struct.unpack(">II", _chart("png", panels)[16:24])[1]
    assert three > 2 * one


@needs_matplotlib
def test_a_measure_without_dated_claims_still_draws() -> None:
    assert _chart("png", [ChartPanel("undated", "", [_entry(None, 3)])])[:4] == b"\x89PNG"


def test_missing_matplotlib_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ChartError) as caught:
        _chart("png")
    assert str(caught.value) == MISSING and "pip install 'claimgraph[charts]'" in MISSING


def test_unknown_format_and_empty_input_are_errors() -> None:
    with pytest.raises(ChartError, match="use png or svg"):
        _chart("gif")


def test_tick_labels_and_original_sources() -> None:
    assert [compact(v) for v in (1.5e9, 2.5e8, 12_000, 0.5, 7)] == ["1.5bn", "250m", "12,000", "0.5", "7"]
    assert original(ENTRIES[1]) == "Pentagon"
    assert original(ENTRIES[4]) == "Reuters (own reporting)"
