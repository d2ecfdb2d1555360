"""The statistics pages of one language, as Markdown with inline SVG and HTML tables.

- `statistics/index.md`: the overview (headline counts per period, the trend, what is
  counted and why it matters, how people are protected);
- `statistics/<dataset>/index.md`: a dataset, its periods and downloads;
- `statistics/<dataset>/<period>/index.md`: a section per dimension;
- `statistics/<dataset>/<period>/regions.md`: the same by region;
- `statistics/<dataset>/dictionary.md`: columns, codes and markers of the downloads.

Every section has a chart, the same figures as a table, a summary, the definition and the
source, all drawn from the publication.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..catalogs import Catalogs
from ..markup import format_day, front_matter, md_text
from . import charts, markup
from .downloads import column_meanings
from .formatting import listing, local, percent, period_label, shown
from .model import COUNTRY, TOTAL
from .publication import Publication
from .summary import dimension_summary, region_short, region_summary, trend_summary

OVERVIEW = "statistics/index.md"


def dataset_path(name: str) -> str:
    return f"statistics/{name}/index.md"


def period_path(name: str, period: str) -> str:
    return f"statistics/{name}/{period}/index.md"


def region_path(name: str, period: str) -> str:
    return f"statistics/{name}/{period}/regions.md"


def dictionary_path(name: str) -> str:
    return f"statistics/{name}/dictionary.md"


def download_path(name: str, kind: str) -> str:
    return f"statistics/{name}.{kind}"


def link(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def has_regions(pub: Publication, period: str) -> bool:
    return any(r != COUNTRY for r in pub.regions(period))


def paths(pub: Publication) -> list[str]:
    found = [dataset_path(pub.name), dictionary_path(pub.name)]
    for period in pub.periods:
        found.append(period_path(pub.name, period))
        if has_regions(pub, period):
            found.append(region_path(pub.name, period))
    return found


@dataclass
class Pages:
    """The pages of one dataset in one language."""

    pub: Publication
    lang: str
    default: str
    cats: Catalogs

    def t(self, key: str, **params: object) -> str:
        return self.cats.t(key, self.lang, **params)

    def text(self, field: str) -> tuple[str, str]:
        return local(self.pub.meta.get(field), self.lang, self.default)

    @property
    def title(self) -> str:
        return self.text("title")[0]

    def period(self, code: str) -> str:
        return period_label(code, self.lang, self.cats)

    # -- pieces -----------------------------------------------------------------------
    def head(self, title: str, description: str) -> str:
        parts = [f"---\n{front_matter(title=title, description=description)}---\n"]
        note, note_lang = self.text("illustrative")
        if note:
            parts.append(markup.note("warning", self.t("stat_illustrative_title"), note,
                                     note_lang if note_lang != self.lang else None) + "\n")
        return "\n".join(parts)

    def meta_paragraph(self, extra: str = "") -> str:
        untranslated = self.t("stat_not_translated")
        definition = markup.texts_in(*self.text("definition"), self.lang, untranslated)
        source = markup.texts_in(*self.text("source"), self.lang, untranslated)
        extra_html = f" {markup.escape(extra)}" if extra else ""
        return (f'<p class="kb-stat-meta"><strong>{markup.escape(self.t("stat_definition"))}:</strong> '
                f"{definition}{extra_html} <strong>{markup.escape(self.t('stat_source'))}:</strong> "
                f"{source}.</p>")

    def dimension_note(self, dimension: str) -> str:
        dim = self.pub.vocabulary[dimension]
        if dimension == TOTAL or not dim.get("splits"):
            return ""
        return self.t("stat_exclusive_note" if dim.get("exclusive") else "stat_overlap_note")

    def sample(self, figures) -> str:
        """"illustrative figures" when any of `figures` is made up (sample data), else ""."""
        made_up = any(f is not None and self.pub.illustrative(f.key) for f in figures)
        return self.t("stat_illustrative_mark") if made_up else ""

    def marked(self, title: str, figures) -> str:
        """A table's or chart's title, saying so when it shows illustrative figures."""
        sample = self.sample(figures)
        return f"{title} ({sample})" if sample else title

    def chart(self, template: charts.Template, words: dict[str, str], chart_id: str, title: str,
              caption: str = "") -> str:
        desc = self.t("stat_chart_desc", title=title)
        svg = charts.localize(template, words, chart_id, title, desc)
        # Wider than a phone (a region chart with many columns): it scrolls in its own region.
        return markup.figure(svg, caption,
                             scroll_label=title if charts.natural_width(svg) > charts.WIDTH else None)

    def legend(self) -> str:
        return markup.paragraph(self.t("stat_legend"), "kb-stat-legend")

    def downloads(self, source: str) -> str:
        name = self.pub.name
        items = [(self.t("stat_download_csv"), download_path(name, "csv")),
                 (self.t("stat_download_json"), download_path(name, "json")),
                 (self.t("stat_dictionary"), dictionary_path(name))]
        lines = [f"## {md_text(self.t('stat_downloads'))} {{ #downloads }}", "",
                 md_text(self.t("stat_downloads_note")), ""]
        lines += [f"- [{md_text(label)}]({link(source, target)})" for label, target in items]
        return "\n".join(lines) + "\n"

    # -- pages --------------------------------------------------------------------------
    def dataset_page(self) -> str:
        source = dataset_path(self.pub.name)
        published = self.pub.meta.get("published")
        lines = [self.head(self.title, self.t("stat_dataset_summary")), self.meta_paragraph(), ""]
        if published:
            lines += [markup.paragraph(self.t("stat_published", date=format_day(published, self.lang)),
                                       "kb-stat-published"), ""]
        lines += [f"## {md_text(self.t('stat_periods'))} {{ #periods }}", ""]
        for code in self.pub.periods:
            item = f"- [{md_text(self.period(code))}]({link(source, period_path(self.pub.name, code))})"
            if has_regions(self.pub, code):
                item += (f" · [{md_text(self.t('stat_by_region'))}]"
                         f"({link(source, region_path(self.pub.name, code))})")
            lines.append(item)
        lines += ["", self.legend(), "", self.downloads(source)]
        return "\n".join(lines)

    def period_page(self, code: str) -> str:
        source = period_path(self.pub.name, code)
        when = self.period(code)
        lines = [self.head(self.t("stat_period_title", dataset=self.title, period=when),
                           self.t("stat_period_summary", period=when)),
                 self.meta_paragraph(), ""]
        if has_regions(self.pub, code):
            regions = link(source, region_path(self.pub.name, code))
            lines += [f"[{md_text(self.t('stat_by_region'))}]({regions})"]
        lines += ["", self.legend(), ""]
        for dimension in self.pub.dimensions(code, COUNTRY):
            lines.append(self.dimension_section(code, dimension))
        lines.append(self.downloads(source))
        return "\n".join(lines)

    def dimension_section(self, period: str, dimension: str) -> str:
        pub, lang = self.pub, self.lang
        label = pub.vocabulary[dimension]["label"].get(lang, dimension)
        codes = pub.categories(dimension, period)
        figures = [pub.figure(period, COUNTRY, dimension, c) for c in codes]
        names = [self.cats.label(dimension, c, lang) for c in codes]
        values = tuple(f.value if f else None for f in figures)
        words = {f"L{i}": n for i, n in enumerate(names)}
        words |= {f"V{i}": shown(f, lang) for i, f in enumerate(figures)}
        title = self.marked(f"{label}: {self.title}, {self.period(period)}", figures)
        splits = pub.vocabulary[dimension].get("splits")
        head = [self.t("stat_category"), self.t("stat_count")] + ([self.t("stat_share")] if splits else [])
        rows = [(n, [shown(f, lang)] + ([percent(pub.share(f), lang) if f else ""] if splits else []))
                for n, f in zip(names, figures, strict=True)]
        parts = [f"## {md_text(label)} {{ #{anchor(dimension)} }}", "",
                 self.chart(charts.bars(values, names), words, chart_id(period, dimension), title,
                            self.sample(figures)), "",
                 markup.table(title, head, rows), ""]
        if splits:
            total = self.cats.label(TOTAL, splits, lang)
            parts += [markup.paragraph(self.t("stat_share_note", total=total,
                                            minimum=pub.rules.percent_min_denominator), "kb-stat-note"), ""]
        summary = dimension_summary(pub, period, COUNTRY, dimension, lang, self.cats)
        parts += [markup.paragraph(summary, "kb-stat-summary"), "",
                  self.meta_paragraph(self.dimension_note(dimension)), ""]
        return "\n".join(parts)

    def region_page(self, code: str) -> str:
        source = region_path(self.pub.name, code)
        when = self.period(code)
        lines = [self.head(self.t("stat_region_title", dataset=self.title, period=when),
                           self.t("stat_region_summary", period=when)),
                 "", self.meta_paragraph(), "",
                 f"[{md_text(self.t('stat_by_dimension'))}]"
                 f"({link(source, period_path(self.pub.name, code))})",
                 "", self.legend(), ""]
        regional = {k.dimension for k in self.pub.figures if k.period == code and k.region != COUNTRY}
        for dimension in self.pub.dimensions(code):
            if dimension in regional:
                lines.append(self.region_section(code, dimension))
        lines.append(self.downloads(source))
        return "\n".join(lines)

    def region_section(self, period: str, dimension: str) -> str:
        pub, lang = self.pub, self.lang
        label = pub.vocabulary[dimension]["label"].get(lang, dimension)
        regions = pub.regions(period)
        codes = pub.categories(dimension, period)
        grid = [[pub.figure(period, r, dimension, c) for r in regions] for c in codes]
        names = [self.cats.label(dimension, c, lang) for c in codes]
        columns = [region_short(r, lang, self.cats) for r in regions]
        words = {f"L{i}": n for i, n in enumerate(names)} | {f"C{i}": c for i, c in enumerate(columns)}
        words |= {f"V{i * len(regions) + j}": shown(f, lang) for i, row in enumerate(grid)
                  for j, f in enumerate(row)}
        values = tuple(tuple(f.value if f else None for f in row) for row in grid)
        cells = [f for row in grid for f in row]
        title = self.marked(f"{label}: {self.title}, {self.period(period)}, {self.t('stat_by_region')}",
                            cells)
        rows = [(n, [shown(f, lang) for f in row]) for n, row in zip(names, grid, strict=True)]
        parts = [f"## {md_text(label)} {{ #{anchor(dimension)} }}", "",
                 self.chart(charts.grid(values, names, columns), words,
                            chart_id(period, dimension, "regions"), title, self.sample(cells)), "",
                 markup.table(title, [self.t("stat_category"), *columns], rows, "kb-stat-matrix",
                              scroll=True), "",
                 markup.paragraph(region_summary(pub, period, dimension, lang, self.cats), "kb-stat-summary"),
                 "", self.meta_paragraph(self.dimension_note(dimension)), ""]
        return "\n".join(parts)

    def dictionary_page(self) -> str:
        pub, lang, t = self.pub, self.lang, self.t
        lines = [self.head(f"{t('stat_dictionary')}: {self.title}",
                           t("stat_dictionary_summary", dataset=self.title)), self.meta_paragraph(), ""]
        # One row per column: its name, then its meaning in one cell.
        meanings = [(column, [meaning]) for column, meaning in column_meanings(lang, self.cats).items()]
        lines += [f"## {md_text(t('stat_columns'))} {{ #columns }}", "",
                  markup.table(t("stat_columns"), [t("stat_column"), t("stat_meaning")], meanings),
                  "", self.legend(), "",
                  f"## {md_text(t('stat_file_format'))} {{ #format }}", "",
                  markup.paragraph(t("stat_file_format_text"), "kb-stat-format"), ""]
        for dimension in ["region", *pub.dimensions()]:
            dim = pub.vocabulary[dimension]
            label = dim["label"].get(lang, dimension)
            codes = pub.categories(dimension) if dimension != "region" else pub.regions()
            note = self.dimension_note(dimension)
            lines += [f"## {md_text(label)} (`{dimension}`) {{ #{anchor(dimension)} }}", ""]
            if note:
                lines += [md_text(note), ""]
            lines += [markup.table(label, [t("stat_code"), t("stat_label")],
                                 [(c, [self.cats.label(dimension, c, lang)]) for c in codes]), ""]
        return "\n".join(lines)


def overview(pubs: list[Publication], lang: str, default: str, cats: Catalogs) -> str:
    t = lambda key, **p: cats.t(key, lang, **p)  # noqa: E731
    lines = [f"---\n{front_matter(title=t('stat_title'), description=t('stat_summary'))}---\n",
             md_text(t("stat_intro")), "", md_text(t("stat_why")), ""]
    if not pubs:
        lines += [md_text(t("stat_no_data")), ""]
    for pub in pubs:
        pages = Pages(pub, lang, default, cats)
        lines.append(f"## [{md_text(pages.title)}]({link(OVERVIEW, dataset_path(pub.name))}) "
                     f"{{ #{anchor(pub.name)} }}")
        lines.append("")
        note, note_lang = pages.text("illustrative")
        if note:
            lines += [markup.note("warning", t("stat_illustrative_title"), note,
                                note_lang if note_lang != lang else None), ""]
        lines += [pages.meta_paragraph(), ""]
        totals = pub.categories(TOTAL)
        head = [t("stat_period")] + [cats.label(TOTAL, c, lang) for c in totals]
        rows = [(pages.period(p), [shown(pub.figure(p, COUNTRY, TOTAL, c), lang) for c in totals])
                for p in pub.periods]
        headline = [pub.figure(p, COUNTRY, TOTAL, c) for p in pub.periods for c in totals]
        lines += [f"### {md_text(t('stat_headline'))} {{ #{anchor(pub.name)}-headline }}", "",
                  markup.table(pages.marked(f"{t('stat_headline')}: {pages.title}", headline),
                               head, rows, scroll=True), ""]
        real = [f for f in headline if f is not None and not pub.illustrative(f.key)]
        if real and pages.sample(headline):
            items = [cats.t("stat_sum_marked", lang, label=f"{cats.label(TOTAL, f.key.category, lang)}, "
                            f"{pages.period(f.key.period)}", shown=shown(f, lang)) for f in real]
            lines += [markup.paragraph(t("stat_real_figures", items=listing(items, lang)),
                                       "kb-stat-note"), ""]
        years = [p for p in pub.periods if "-" not in p]
        if years and totals:
            series = tuple(tuple(getattr(pub.figure(y, COUNTRY, TOTAL, c), "value", None) for y in years)
                           for c in totals)
            words = {f"S{s}": cats.label(TOTAL, c, lang) for s, c in enumerate(totals)}
            words |= {f"P{p}": pages.period(y) for p, y in enumerate(years)}
            words |= {f"V{s * len(years) + p}": shown(pub.figure(y, COUNTRY, TOTAL, c), lang)
                      for s, c in enumerate(totals) for p, y in enumerate(years)}
            trend = [pub.figure(y, COUNTRY, TOTAL, c) for c in totals for y in years]
            title = pages.marked(f"{t('stat_trend')}: {pages.title}", trend)
            lines += [f"### {md_text(t('stat_trend'))} {{ #{anchor(pub.name)}-trend }}", "",
                      pages.chart(charts.trend(series, [words[f"S{s}"] for s in range(len(totals))]), words,
                                  f"chart-{anchor(pub.name)}-trend", title, pages.sample(trend)), "",
                      markup.paragraph(trend_summary(pub, lang, cats), "kb-stat-summary"), ""]
        lines += [f"### {md_text(t('stat_periods'))} {{ #{anchor(pub.name)}-periods }}", ""]
        for code in pub.periods:
            item = f"- [{md_text(pages.period(code))}]({link(OVERVIEW, period_path(pub.name, code))})"
            if has_regions(pub, code):
                item += f" · [{md_text(t('stat_by_region'))}]({link(OVERVIEW, region_path(pub.name, code))})"
            lines.append(item)
        lines.append("")
        for key, target in (("stat_download_csv", download_path(pub.name, "csv")),
                            ("stat_download_json", download_path(pub.name, "json")),
                            ("stat_dictionary", dictionary_path(pub.name))):
            lines.append(f"- [{md_text(t(key))}]({link(OVERVIEW, target)})")
        lines.append("")
    lines += [f"## {md_text(t('stat_protection_title'))} {{ #protection }}", "",
              md_text(t("stat_protection")), "",
              markup.paragraph(t("stat_legend"), "kb-stat-legend"), ""]
    return "\n".join(lines)


def anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")


def chart_id(*parts: str) -> str:
    return "chart-" + "-".join(anchor(p) for p in parts)
