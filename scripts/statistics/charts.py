"""Static SVG charts, drawn at build time with Matplotlib, text kept as text.

Readable on a phone: a chart is drawn at its natural size for a 360 px wide phone (the page's
column is 328 px there) with 13 px text, and shown at that size (SVG `width`/`height`), never
scaled up on a wide screen; narrower screens scale it down a little. Long labels are not
shrunk but wrapped onto more lines (`wrap`), and the rows make room for them. A region chart
whose columns need more width than a phone has scrolls sideways in its own region.

A chart's geometry depends only on its numbers and on how many lines each label takes, never
on the words themselves: each chart is drawn once per shape with placeholder words and the
placeholders are then replaced by the words of each language (XML-escaped), which makes the
languages share drawings and keeps every build byte-identical. The SVG is then tidied to sit
inline in a page: no XML prolog, ids prefixed per chart, colours of text following the page
(light or dark), and a `<title>` and `<desc>` for screen readers.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..memo import persistent

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@lru_cache(maxsize=1)
def _matplotlib() -> Any:
    """Matplotlib with its SVG backend, imported when the first chart is drawn, not when this
    module is: every MkDocs worker imports the features (their `before_page` hooks) and draws
    no chart, and the import took 2.5 s of a worker's start on the busy machine."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.colors
    import matplotlib.figure
    import matplotlib.patches
    return matplotlib


def _rectangle(*args: Any, **kwargs: Any) -> Any:
    """Matplotlib's `Rectangle` patch (its arguments)."""
    return _matplotlib().patches.Rectangle(*args, **kwargs)


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    """Matplotlib's `to_rgba`: the colour with that opacity."""
    return _matplotlib().colors.to_rgba(colour, alpha)

INK = "#010101"  # placeholder colour of text and lines, replaced by the page's text colour
MUTED = "#020202"  # the same, for withheld counts, shown lighter
COLOURS = ("#00897b", "#e64a19", "#5c6bc0")  # teal, deep orange, indigo: readable light and dark
# Sizes in SVG units, which are CSS px at the natural size (Matplotlib: 72 units an inch).
WIDTH = 328  # the page's column on a 360 px phone
FONT = 13  # text size; at least 12 px on a 360 px phone (tests/test_statistics_site.py)
LINE = 16  # distance between two lines of a label
BAR = 14  # thickness of a bar
GAP = 10  # space after a bar, before the next label
MARGIN = 2
# Average advance of a letter, in ems, of the sans-serif fonts phones have (Roboto, Noto):
# used to decide where labels wrap and how wide a column must be, with room to spare.
LETTER = 0.6
BOLD_LETTER = 0.68
VALUE_CHARS = 6  # the longest value or marker after a bar ("12 345", "<10")
LABEL_CHARS = int((WIDTH - 2 * MARGIN) / (FONT * LETTER))  # letters on one line of a label
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text as text
    "svg.hashsalt": "react-statistics",  # the same ids on every build
    "font.family": "sans-serif",
    "font.size": FONT,
}


PLACEHOLDER = "QZQZ"  # written by Matplotlib as it is; no label contains it


def wrap(text: str, letters: int = LABEL_CHARS) -> list[str]:
    """The lines a label takes: whole words, at most `letters` letters a line (a longer
    word gets a line of its own)."""
    return textwrap.wrap(text, letters, break_long_words=False, break_on_hyphens=False) or [""]


class _Words:
    """The placeholders of one drawing, in the order they are drawn (Matplotlib draws texts
    in the order they were added). One placeholder string for all lets Matplotlib measure
    text once per style instead of once per label, which is most of a chart's cost.
    `kind` + index names a word; `.line` a line of a wrapped label."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __call__(self, kind: str, index: int, line: int | None = None) -> str:
        self.order.append(f"{kind}{index}" if line is None else f"{kind}{index}.{line}")
        return PLACEHOLDER


Template = tuple[str, tuple[str, ...]]  # SVG with placeholders, and which word each one is


def bars(values: tuple[int | None, ...], labels: list[str]) -> Template:
    """Horizontal bars, one per category: its label above (wrapped), the value (or marker)
    after the bar."""
    return _cached("bars", (values, _lines(labels)))


def trend(series: tuple[tuple[int | None, ...], ...], labels: list[str]) -> Template:
    """Grouped bars: a legend of the series (`labels`, wrapped), then one group per period
    (its label above), one bar per series."""
    return _cached("trend", (series, _lines(labels, LABEL_CHARS - 3)))


def grid(cells: tuple[tuple[int | None, ...], ...], labels: list[str], columns: list[str]) -> Template:
    """A table-like heat map: one row per category (label above, wrapped), one column per
    region (`columns`: short names, as wide as the longest needs)."""
    widest = max([len(c) for c in columns] + [VALUE_CHARS])
    # Rounded up to 16 units, so that languages whose names are about as long share a drawing.
    column = -(-(widest * FONT * BOLD_LETTER + 10) // 16) * 16
    return _cached("grid", (cells, _lines(labels), column))


def natural_width(svg: str) -> float:
    """The width a chart is drawn for, in CSS px."""
    found = re.search(r'<svg [^>]*?width="([\d.]+)"', svg)
    if found is None:
        raise ValueError("not a chart of charts.py: its <svg> has no width")
    return float(found[1])


def _lines(labels: list[str], letters: int = LABEL_CHARS) -> tuple[int, ...]:
    return tuple(len(wrap(label, letters)) for label in labels)


def localize(template: Template, words: dict[str, str], chart_id: str, title: str, desc: str) -> str:
    """The chart for one language: placeholders replaced, ids made unique, described."""
    svg, order = template
    parts = svg.split(PLACEHOLDER)
    assert len(parts) == len(order) + 1, "every placeholder is one word"
    svg = parts[0] + "".join(escape(_word(words, key)) + part
                             for key, part in zip(order, parts[1:], strict=True))
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{chart_id}-{m[1]}"', svg)
    svg = re.sub(r"(url\(#|xlink:href=\"#)([^)\"]+)", lambda m: f"{m[1]}{chart_id}-{m[2]}", svg)
    head = (f'<svg class="kb-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ')
    svg = svg.replace("<svg ", head, 1)
    described = (f'<title id="{chart_id}-title">{escape(title)}</title>\n'
                 f'<desc id="{chart_id}-desc">{escape(desc)}</desc>\n')
    return re.sub(r"(<svg [^>]*>\n)", lambda m: m[1] + described, svg, count=1)


def _word(words: dict[str, str], key: str) -> str:
    """The word a placeholder stands for: "L3" is words["L3"], "L3.1" its second line."""
    if "." not in key:
        return words[key]
    name, line = key.split(".")
    return wrap(words[name], LABEL_CHARS - 3 if name.startswith("S") else LABEL_CHARS)[int(line)]


@persistent("chart", dump=list, load=lambda found: (found[0], tuple(found[1])))
@lru_cache(maxsize=512)
def _cached(kind: str, data: tuple) -> Template:
    """The drawing of a chart of `kind` for `data` (numbers and line counts only, see the
    module's docstring). A pure function of its arguments and the code (Matplotlib's version
    among it): during a build it is kept in the render cache (scripts/memo.py), so a build
    whose aggregates/ give the same numbers draws nothing; other numbers or other code
    draw again."""
    draw: dict[str, Callable[[tuple, _Words], Figure]] = {"bars": _bars, "trend": _trend, "grid": _grid}
    words = _Words()
    with _matplotlib().rc_context(STYLE):  # rc names, checked at run time
        figure = draw[kind](data, words)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return _tidy(out.getvalue()), tuple(words.order)


def _tidy(svg: str) -> str:
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    # The natural size, in CSS px (Matplotlib writes pt, which are SVG units here).
    svg = re.sub(r'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"[^>]*?(viewBox="[^"]+")[^>]*>',
                 lambda m: f'<svg width="{float(m[1]):g}" height="{float(m[2]):g}" {m[3]}>', svg, count=1)
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


def _axes(width: float, height: float):
    """A figure of `width` x `height` units whose data coordinates are those units, y down.
    Bars are added with `add_artist`, not `add_patch`: the limits are fixed here, and
    updating them for every patch was a third of a chart's cost."""
    figure = _matplotlib().figure.Figure(figsize=(width / 72, height / 72))
    axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    axes.set_axis_off()
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)
    return figure, axes


def _label(axes, token: _Words, kind: str, index: int, lines: int, x: float, y: float,
           **style) -> float:
    """Draw a label's lines from `y` (top) down; the y below them."""
    for line in range(lines):
        y += LINE
        axes.text(x, y - 3, token(kind, index, line), color=INK, va="baseline", fontsize=FONT, **style)
    return y


def _bar_row(axes, token: _Words, index: int, value: int | None, top: int, y: float,
             colour: str, kind: str = "V") -> float:
    """A bar from the left edge, its value (or marker) after it; the y below it."""
    span = WIDTH - 2 * MARGIN - VALUE_CHARS * FONT * BOLD_LETTER
    length = span * (value or 0) / top
    if value:
        axes.add_artist(_rectangle((MARGIN, y + 2), length, BAR, color=colour, linewidth=0))
    axes.text(MARGIN + length + 4, y + 2 + BAR - 3, token(kind, index), fontsize=FONT,
              color=INK if value is not None else MUTED, va="baseline",
              fontweight="bold" if value is not None else "normal")
    return y + 2 + BAR + GAP


def _bars(data: tuple, token: _Words) -> Figure:
    values, lines = data
    top = max([v for v in values if v] or [1])
    height = MARGIN + sum(n * LINE + 2 + BAR + GAP for n in lines)
    figure, axes = _axes(WIDTH, height)
    y: float = MARGIN
    for i, (value, n) in enumerate(zip(values, lines, strict=True)):
        y = _label(axes, token, "L", i, n, MARGIN, y)
        y = _bar_row(axes, token, i, value, top, y, COLOURS[0])
    return figure


def _trend(data: tuple, token: _Words) -> Figure:
    series, lines = data
    periods, count = len(series[0]), len(series)
    top = max([v for s in series for v in s if v] or [1])
    legend = sum(n * LINE for n in lines) + GAP
    height = MARGIN + legend + periods * (LINE + count * (2 + BAR + GAP) + 4)
    figure, axes = _axes(WIDTH, height)
    y: float = MARGIN
    for s, n in enumerate(lines):  # the legend: a swatch, then the series' name
        axes.add_artist(_rectangle((MARGIN, y + LINE - 13), 12, 12, color=COLOURS[s], linewidth=0))
        y = _label(axes, token, "S", s, n, MARGIN + 18, y)
    y += GAP
    for p in range(periods):
        y += LINE
        axes.text(MARGIN, y - 3, token("P", p), color=INK, va="baseline", fontsize=FONT,
                  fontweight="bold")
        for s, values in enumerate(series):
            y = _bar_row(axes, token, s * periods + p, values[p], top, y, COLOURS[s])
        y += 4
    return figure


def _grid(data: tuple, token: _Words) -> Figure:
    cells, lines, column = data
    columns = len(cells[0])
    top = max([v for row in cells for v in row if v] or [1])
    width = max(WIDTH, columns * column + 2 * MARGIN)
    column = (width - 2 * MARGIN) / columns
    cell = 24
    height = MARGIN + LINE + 6 + sum(n * LINE + cell + GAP for n in lines)
    figure, axes = _axes(width, height)
    y: float = MARGIN + LINE
    for c in range(columns):
        axes.text(MARGIN + (c + 0.5) * column, y - 3, token("C", c), color=INK, ha="center",
                  va="baseline", fontsize=FONT, fontweight="bold")
    y += 6
    for r, (row, n) in enumerate(zip(cells, lines, strict=True)):
        y = _label(axes, token, "L", r, n, MARGIN, y)
        for c, value in enumerate(row):
            # A published count is shaded by its size; a withheld one is an empty dotted cell.
            shade = _rgba(COLOURS[0], 0.12 + 0.6 * value / top) if value is not None else "none"
            axes.add_artist(_rectangle((MARGIN + c * column + 2, y + 2), column - 4, cell - 4,
                                     facecolor=shade, edgecolor=INK, linewidth=0.6,
                                     linestyle="-" if value is not None else ":"))
            axes.text(MARGIN + (c + 0.5) * column, y + cell / 2 + FONT * 0.35, token("V", r * columns + c),
                      color=INK if value is not None else MUTED, ha="center", va="baseline",
                      fontsize=FONT)
        y += cell + GAP
    return figure
