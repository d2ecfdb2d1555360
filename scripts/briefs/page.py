"""The Markdown of a brief's page and of the briefs index.

A brief's page is the core document page (notices, fallback, "See also") around this body:

1. who it is for and where its figures come from (dataset, periods, publication date);
2. the illustrative-figures note of the dataset, when any figure shown is made up, saying
   that such figures carry a `*`;
3. the editor's text, its placeholders filled with the published figures (`figures.py`);
4. "The figures": the statistics feature's own section (chart, table, summary, definition
   and source) of each dimension the brief declares, for its latest period, and the trend
   of the totals when it declares several years; then links to the statistics pages.

Parts 1, 2 and 4 are in the reader's language; the text in its own (a fallback page shows
the original's text, marked with its language by the document template): they are marked
with the reader's language when it differs. Every word of content and catalogs is escaped.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from ..catalogs import Catalogs
from ..markup import format_day
from ..statistics import charts, markup
from ..statistics.formatting import listing, period_label, shown
from ..statistics.model import COUNTRY, TOTAL, Period
from ..statistics.pages import Pages, anchor, dataset_path, download_path, period_path
from ..statistics.publication import Figure, Publication
from ..text import md_text
from .checks import Declared
from .figures import ILLUSTRATIVE

SECTION = "briefs"
INDEX = "briefs/index.md"


def _link(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


@dataclass
class BriefPage:
    """One brief's body in one reader language."""

    pub: Publication
    declared: Declared
    audience: list[str]
    path: str  # the page's docs path, e.g. briefs/health-care.md
    lang: str  # the reader's language
    text_lang: str  # the language of the text shown (the original's on a fallback page)
    default: str
    cats: Catalogs

    def t(self, key: str, **params: object) -> str:
        return self.cats.t(key, self.lang, **params)

    @property
    def pages(self) -> Pages:
        return Pages(self.pub, self.lang, self.default, self.cats)

    @property
    def latest(self) -> str:
        """The brief's latest period, the one ending last (a full year before its second
        half): its charts show this one."""
        def end(code: str) -> tuple:
            period = Period.parse(code)
            assert period is not None  # checked: a published period
            return (period.end, period.is_year)
        return max((p for p in self.pub.periods if p in self.declared.periods), key=end)

    @property
    def years(self) -> list[str]:
        return [p for p in self.pub.periods if p in self.declared.periods and "-" not in p]

    def chart_figures(self) -> list[Figure | None]:
        """Every figure the charts of the page show."""
        found: list[Figure | None] = []
        for dimension in self.declared.dimensions:
            periods = self.years if self._trend(dimension) else [self.latest]
            found += [self.pub.figure(p, COUNTRY, dimension, c) for p in periods
                      for c in self.pub.categories(dimension, p)]
        return found

    def _trend(self, dimension: str) -> bool:
        return dimension == TOTAL and len(self.years) > 1 and \
            len(self.pub.categories(TOTAL)) <= len(charts.COLOURS)

    # -- parts ------------------------------------------------------------------------
    def _in_reader_language(self, markdown: str, css: str) -> str:
        lang = f' lang="{self.lang}"' if self.lang != self.text_lang else ""
        return f'<div class="{css}"{lang} markdown="block">\n\n{markdown.strip()}\n\n</div>'

    def head(self, shown_figures: list[Figure]) -> str:
        audience = listing([self.t(f"brief_audience_{code}") for code in self.audience], self.lang)
        periods = listing([period_label(p, self.lang, self.cats) for p in self.pub.periods
                           if p in self.declared.periods], self.lang)
        published = self.pub.meta.get("published")
        lines = [markup.paragraph(self.t("brief_for", audience=audience), "kb-brief-audience"),
                 markup.paragraph(self.t("brief_figures_from", dataset=self.pages.title,
                                         periods=periods), "kb-brief-source")]
        if published:
            lines.append(markup.paragraph(self.t("stat_published",
                                                 date=format_day(published, self.lang)),
                                          "kb-brief-date"))
        made_up = [f for f in [*shown_figures, *self.chart_figures()]
                   if f is not None and self.pub.illustrative(f.key)]
        note, note_lang = self.pages.text("illustrative")
        if made_up and note:
            lines.append(markup.note("warning", self.t("stat_illustrative_title"),
                                     f"{note} {self.t('brief_illustrative_mark', mark=ILLUSTRATIVE)}",
                                     note_lang if note_lang != self.lang else None))
        return self._in_reader_language("\n".join(lines), "kb-brief-head")

    def figures(self) -> str:
        level = "###"
        parts = [f"## {md_text(self.t('brief_figures_title'))} {{ #brief-figures }}", "",
                 self.pages.legend(), ""]
        charts = []
        for dimension in self.declared.dimensions:
            if self._trend(dimension):
                section = self.trend_section()
            else:
                section = self.pages.dimension_section(self.latest, dimension).replace("## ", f"{level} ", 1)
            charts.append(f'<div class="kb-brief-chart" markdown="block">\n\n{section.strip()}\n\n</div>')
        parts += ['<div class="kb-brief-charts" markdown="block">', "", *charts, "", "</div>", "",
                  self.pages.meta_paragraph(), ""]
        name = self.pub.name
        links = [(self.t("brief_all_figures", period=period_label(self.latest, self.lang, self.cats)),
                  period_path(name, self.latest)),
                 (self.pages.title, dataset_path(name)),
                 (self.t("stat_download_csv"), download_path(name, "csv"))]
        parts += [f"- [{md_text(label)}]({_link(self.path, target)})" for label, target in links]
        return self._in_reader_language("\n".join(parts), "kb-brief-figures")

    def trend_section(self) -> str:
        pub, lang, years = self.pub, self.lang, self.years
        totals = pub.categories(TOTAL)
        label = pub.vocabulary[TOTAL]["label"].get(lang, TOTAL)
        grid = [[pub.figure(y, COUNTRY, TOTAL, c) for y in years] for c in totals]
        names = [self.cats.label(TOTAL, c, lang) for c in totals]
        series = tuple(tuple(f.value if f else None for f in row) for row in grid)
        words = {f"S{s}": n for s, n in enumerate(names)}
        words |= {f"P{p}": period_label(y, lang, self.cats) for p, y in enumerate(years)}
        words |= {f"V{s * len(years) + p}": shown(f, lang) for s, row in enumerate(grid)
                  for p, f in enumerate(row)}
        cells = [f for row in grid for f in row]
        title = self.pages.marked(f"{self.t('stat_trend')}: {label}, {self.pages.title}", cells)
        head = [self.t("stat_category"), *(period_label(y, lang, self.cats) for y in years)]
        rows = [(n, [shown(f, lang) for f in row]) for n, row in zip(names, grid, strict=True)]
        return "\n".join([
            f"### {md_text(self.t('stat_trend'))} {{ #{anchor(TOTAL)}-trend }}", "",
            self.pages.chart(charts.trend(series, names), words, "chart-brief-trend", title,
                             self.pages.sample(cells)), "",
            markup.table(title, head, rows), "",
            self.pages.meta_paragraph(), ""])

    def body(self, text: str, shown_figures: list[Figure]) -> str:
        """The page's body: head, the filled text, the figures."""
        return "\n\n".join([self.head(shown_figures), text.strip(), self.figures()]) + "\n"


def index_markdown(front: str, t: Callable[[str], str], groups: list[tuple[str, list[dict]]]) -> str:
    """The briefs index: an introduction, then the briefs grouped by audience, each item
    `{"title", "summary", "lang", "link"}` (`lang`: of the text shown, marked when another)."""
    lines = [f"---\n{front}---\n", md_text(t("briefs_intro")), ""]
    if not groups:
        lines += [md_text(t("briefs_none")), ""]
    for label, items in groups:
        lines += [f"## {md_text(label)}", ""]
        for item in items:
            mark = f'{{ lang="{item["lang"]}" }}' if item.get("marked") else ""
            lines.append(f"- [{md_text(item['title'])}]({item['link']}){mark}: {md_text(item['summary'])}")
        lines.append("")
    return "\n".join(lines)
