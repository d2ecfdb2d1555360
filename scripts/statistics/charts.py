"""Static SVG charts, drawn at build time with Matplotlib, text kept as text.

A chart's geometry depends only on its numbers, never on its words: labels sit on their
own line above each bar, values are anchored at a bar's end, headers are centred. So each
chart is drawn once with placeholder words and the placeholders are then replaced by the
words of each language (XML-escaped), which makes the four languages cost one drawing and
keeps every build byte-identical. The SVG is then tidied to sit inline in a page: no XML
prolog, ids prefixed per chart, colours of text following the page (light or dark), and a
`<title>` and `<desc>` for screen readers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")
from matplotlib.colors import to_rgba  # noqa: E402 (the backend is chosen first)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

INK = "#010101"  # placeholder colour of text and lines, replaced by the page's text colour
MUTED = "#020202"  # the same, for withheld counts, shown lighter
COLOURS = ("#00897b", "#e64a19", "#5c6bc0")  # teal, deep orange, indigo: readable light and dark
WIDTH = 7.0  # inches; the SVG scales to the page width
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text as text
    "svg.hashsalt": "react-statistics",  # the same ids on every build
    "font.family": "sans-serif",
    "font.size": 10,
}


PLACEHOLDER = "QZQZ"  # written by Matplotlib as it is; no label contains it


class _Words:
    """The placeholders of one drawing, in the order they are drawn (Matplotlib draws texts
    in the order they were added). One placeholder string for all lets Matplotlib measure
    text once per style instead of once per label, which is most of a chart's cost."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __call__(self, kind: str, index: int) -> str:
        self.order.append(f"{kind}{index}")
        return PLACEHOLDER


Template = tuple[str, tuple[str, ...]]  # SVG with placeholders, and which word each one is


def bars(values: tuple[int | None, ...]) -> Template:
    """Horizontal bars, one per category: label above, value (or marker) after the bar."""
    return _cached("bars", values)


def trend(series: tuple[tuple[int | None, ...], ...]) -> Template:
    """Grouped vertical bars: one group per period, one bar per series."""
    return _cached("trend", series)


def grid(cells: tuple[tuple[int | None, ...], ...]) -> Template:
    """A table-like heat map: one row per category (label above), one column per region."""
    return _cached("grid", cells)


def localize(template: Template, words: dict[str, str], chart_id: str, title: str, desc: str) -> str:
    """The chart for one language: placeholders replaced, ids made unique, described."""
    svg, order = template
    parts = svg.split(PLACEHOLDER)
    assert len(parts) == len(order) + 1, "every placeholder is one word"
    svg = parts[0] + "".join(escape(words[key]) + part for key, part in zip(order, parts[1:], strict=True))
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{chart_id}-{m[1]}"', svg)
    svg = re.sub(r"(url\(#|xlink:href=\"#)([^)\"]+)", lambda m: f"{m[1]}{chart_id}-{m[2]}", svg)
    head = (f'<svg class="kb-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ')
    svg = svg.replace("<svg ", head, 1)
    described = (f'<title id="{chart_id}-title">{escape(title)}</title>\n'
                 f'<desc id="{chart_id}-desc">{escape(desc)}</desc>\n')
    return re.sub(r"(<svg [^>]*>\n)", lambda m: m[1] + described, svg, count=1)


@lru_cache(maxsize=512)
def _cached(kind: str, data: tuple) -> Template:
    draw: dict[str, Callable[[tuple, _Words], Figure]] = {"bars": _bars, "trend": _trend, "grid": _grid}
    words = _Words()
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # (rc names, checked at run time)
        figure = draw[kind](data, words)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return _tidy(out.getvalue()), tuple(words.order)


def _tidy(svg: str) -> str:
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    svg = re.sub(r'<svg [^>]*?(viewBox="[^"]+")[^>]*>', r'<svg \1>', svg, count=1)
    referenced = set(re.findall(r"(?:url\(#|xlink:href=\"#)([^)\"]+)", svg))
    svg = re.sub(r' id="([^"]+)"', lambda m: m[0] if m[1] in referenced else "", svg)
    svg = re.sub(r"font-family: [^;\"]*", "font-family: inherit", svg)
    svg = svg.replace(f"fill: {INK}", "fill: currentColor").replace(f"stroke: {INK}", "stroke: currentColor")
    svg = svg.replace(f"fill: {MUTED}", "fill: currentColor; fill-opacity: 0.7")
    svg = re.sub(r' transform="rotate\(-0 [^)]*\)"', "", svg)
    # The site's Content-Security-Policy blocks inline `style` attributes: SVG presentation
    # attributes say the same and are allowed.
    svg = re.sub(r' style="([^"]*)"', lambda m: "".join(
        f' {name.strip()}="{value.strip()}"' for name, _, value in
        (item.partition(":") for item in m[1].split(";") if item.strip())), svg)
    # Smaller pages: no clipping (everything is drawn inside the axes), coordinates to 0.01,
    # path data on one line, and no groups without attributes.
    svg = re.sub(r' clip-path="url\(#[^)]+\)"', "", svg)
    svg = re.sub(r"\s*<defs>\s*<clipPath .*?</clipPath>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r"(\d+\.\d\d)\d+", r"\1", svg)
    svg = re.sub(r'd="([^"]*)"', lambda m: 'd="' + " ".join(m[1].split()) + '"', svg)
    lines, bare = [], []
    for line in svg.splitlines():
        stripped = line.strip()
        if stripped.startswith("<g"):
            bare.append(stripped == "<g>")
            if bare[-1]:
                continue
        elif stripped == "</g>" and bare.pop():
            continue
        if stripped:
            lines.append(stripped)
    return "\n".join(lines) + "\n"


def _axes(height: float):
    figure = Figure(figsize=(WIDTH, height))
    axes = figure.add_axes((0.01, 0.0, 0.98, 1.0))
    axes.set_axis_off()
    return figure, axes


def _bars(values: tuple[int | None, ...], token: _Words) -> Figure:
    n = len(values)
    top = max([v for v in values if v] or [1])
    figure, axes = _axes(0.5 * n + 0.1)
    axes.set_xlim(0, top * 1.2)
    axes.set_ylim(n, -0.05)
    for i, value in enumerate(values):
        axes.text(0, i + 0.36, token("L", i), color=INK, va="baseline")
        if value:
            axes.add_patch(Rectangle((0, i + 0.45), value, 0.38, color=COLOURS[0], linewidth=0))
        axes.text((value or 0) + top * 0.01, i + 0.75, token("V", i), color=INK if value is not None
                  else MUTED, va="baseline", fontweight="bold" if value is not None else "normal")
    return figure


def _trend(series: tuple[tuple[int | None, ...], ...], token: _Words) -> Figure:
    periods, count = len(series[0]), len(series)
    top = max([v for s in series for v in s if v] or [1])
    figure, axes = _axes(3.2)
    axes.set_xlim(-0.1, periods)
    axes.set_ylim(-top * 0.16, top * 1.45)
    width = 0.8 / count
    for s, values in enumerate(series):
        axes.add_patch(Rectangle((0.05 + 0.3 * s * periods / max(count, 1), top * 1.36), periods * 0.02,
                                 top * 0.05, color=COLOURS[s], linewidth=0))
        axes.text(0.05 + 0.3 * s * periods / max(count, 1) + periods * 0.03, top * 1.36, token("S", s),
                  color=INK, va="baseline")
        for p, value in enumerate(values):
            x = p + 0.1 + s * width
            if value is not None:
                axes.add_patch(Rectangle((x, 0), width * 0.9, value, color=COLOURS[s], linewidth=0))
            axes.text(x + width * 0.45, (value or 0) + top * 0.03, token("V", s * periods + p),
                      color=INK if value is not None else MUTED, ha="center", va="bottom", fontsize=9)
    for p in range(periods):
        axes.text(p + 0.5, -top * 0.11, token("P", p), color=INK, ha="center", va="baseline")
    axes.plot([0, periods], [0, 0], color=INK, linewidth=0.8)
    return figure


def _grid(cells: tuple[tuple[int | None, ...], ...], token: _Words) -> Figure:
    rows, columns = len(cells), len(cells[0])
    top = max([v for row in cells for v in row if v] or [1])
    figure, axes = _axes(0.55 * rows + 0.45)
    axes.set_xlim(0, columns)
    axes.set_ylim(rows + 0.05, -0.8)
    for c in range(columns):
        axes.text(c + 0.5, -0.3, token("C", c), color=INK, ha="center", va="baseline", fontweight="bold")
    for r, row in enumerate(cells):
        axes.text(0.02, r + 0.3, token("L", r), color=INK, va="baseline")
        for c, value in enumerate(row):
            # A published count is shaded by its size; a withheld one is an empty dotted cell.
            shade = to_rgba(COLOURS[0], 0.12 + 0.6 * value / top) if value is not None else "none"
            axes.add_patch(Rectangle((c + 0.04, r + 0.4), 0.92, 0.55, facecolor=shade, edgecolor=INK,
                                     linewidth=0.4, linestyle="-" if value is not None else ":"))
            axes.text(c + 0.5, r + 0.8, token("V", r * columns + c),
                      color=INK if value is not None else MUTED, ha="center", va="baseline")
    return figure
