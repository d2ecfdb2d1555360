"""The briefs feature, as the pipeline sees it (see scripts/features.py): thin glue.

- read: parse every brief's placeholders in the sandbox and check them, and its front
  matter, against the statistics feature's publications (which must have read first);
- render_document: a brief's page through the core's document page (notices, fallback,
  "See also"), its body from `page.BriefPage`;
- render: the briefs index of each language;
- see_also: the guides a brief refers to (the core lists its templates).
"""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

from ..content import Document
from ..corpus import page_path
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter
from ..plan import PlannedPage
from ..statistics.publication import Publication
from ..statistics.reader import dataset_names
from . import figures
from .checks import AUDIENCES, Data, Declared, check_front_matter, check_placeholder
from .page import INDEX, SECTION, BriefPage, index_markdown
from .placeholders import Placeholder, fill, parse


class Briefs:
    name = "briefs"
    render_reads = ()  # its index: titles, summaries, audiences (front matter)
    # A brief's page: its own text and the published figures it names (aggregates/).
    document_sections = (SECTION,)
    # UI strings built at run time (ui_strings.py checks they exist in every language).
    ui_keys = {"brief_audience_": [f"brief_audience_{a}" for a in AUDIENCES]}

    def __init__(self) -> None:
        self.placeholders: dict[Path, list[Placeholder]] = {}  # of the briefs without problems
        self.publications: dict[str, Publication] = {}

    # -- reading ---------------------------------------------------------------------------
    def read(self, ctx: ReadServices, problems: Problems) -> None:
        slugs = ctx.corpus.slugs(SECTION)
        if not slugs:
            return
        statistics = ctx.feature("statistics")
        self.publications = {p.name: p for p in getattr(statistics, "publications", [])}
        data = Data(self.publications, set(dataset_names(ctx.project.aggregates_dir)),
                    ctx.catalogs.vocabulary)
        known_guides = set(ctx.corpus.slugs("guides"))
        for slug in slugs:
            original = ctx.corpus.original((SECTION, slug))
            if original is None:
                continue  # reported by the core (no or two originals)
            declared = _declared(original)
            if declared is None:
                continue  # a field of the wrong type: reported by the reader
            for issue in check_front_matter(declared, _codes(original, "audience"),
                                            _codes(original, "guides"), known_guides, data):
                problems.add(original.path, issue.rule, issue.message, issue.fix, line=issue.line)
            for doc in ctx.corpus.by_key[(SECTION, slug)].values():
                self._read_body(doc, declared, data, problems)

    def _read_body(self, doc: Document, declared: Declared, data: Data, problems: Problems) -> None:
        found, issues = parse(doc.body)
        offset = doc.body_line - 1
        for issue in issues:
            problems.add(doc.path, issue.rule, issue.message, issue.fix, line=issue.line + offset)
        bad = [i for i in (check_placeholder(p, p.line + offset, declared, data) for p in found) if i]
        for issue in bad:
            problems.add(doc.path, issue.rule, issue.message, issue.fix, line=issue.line)
        if not issues and not bad and declared.dataset in self.publications:
            self.placeholders[doc.path] = found

    def link_targets(self) -> set[str]:
        return {INDEX} if self.placeholders else set()

    # -- rendering -------------------------------------------------------------------------
    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        doc = page.doc
        if doc is None or doc.section != SECTION or page.original is None:
            return None
        declared = _declared(page.original)
        assert declared is not None
        pub = self.publications[declared.dataset]
        shown = [f for ph in self.placeholders[doc.path] for f in figures.figures_of(ph, pub)]
        text = fill(doc.body, lambda ph: figures.text(ph, pub, doc.lang, ctx.catalogs))
        brief = BriefPage(pub, declared, _codes(page.original, "audience"), page.path, page.lang,
                          doc.lang, ctx.project.default_language, ctx.catalogs)
        body = brief.body(text, shown)
        return ctx.document_page(dataclasses.replace(page, doc=dataclasses.replace(doc, body=body)))

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        slugs = ctx.corpus.slugs(SECTION)
        if not slugs:
            return {}
        t = lambda key: ctx.catalogs.t(key, lang)  # noqa: E731 - a one-line translator
        groups = []
        for audience in AUDIENCES:
            items = []
            for slug in slugs:
                original = ctx.corpus.original((SECTION, slug))
                if original is None or audience not in _codes(original, "audience"):
                    continue
                shown = ctx.shown(lang, page_path(SECTION, slug))
                assert shown.doc is not None
                items.append({"title": shown.doc.title, "summary": shown.doc.summary,
                              "lang": shown.doc.lang, "marked": shown.doc.lang != lang,
                              "link": posixpath.basename(shown.path)})
            if items:
                groups.append((t(f"brief_audience_{audience}"), items))
        return {INDEX: index_markdown(front_matter(title=t("briefs_title"),
                                                   description=t("briefs_summary")), t, groups)}

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        doc = page.doc
        if doc is None or doc.section != SECTION:
            return []
        items = []
        for slug in ctx.corpus.shared(doc, "guides", []) or []:
            shown = ctx.shown(page.lang, page_path("guides", slug))
            assert shown.doc is not None
            items.append({"title": shown.doc.title, "lang": shown.doc.lang,
                          "link": posixpath.relpath(shown.path, posixpath.dirname(page.path))})
        return items


def _codes(doc: Document, name: str) -> list[str]:
    value = doc.meta.get(name)
    return [str(v) for v in value] if isinstance(value, list) else []


def _declared(original: Document) -> Declared | None:
    """The shared front matter a brief draws on, or None when a field has the wrong type."""
    dataset = original.meta.get("dataset")
    periods, dimensions = original.meta.get("periods"), original.meta.get("dimensions")
    if not isinstance(dataset, str) or not isinstance(periods, list) or not isinstance(dimensions, list):
        return None
    return Declared(dataset, [str(p) for p in periods], [str(d) for d in dimensions],
                    {name: original.line_of(name) for name in ("dataset", "periods", "dimensions",
                                                               "audience", "guides")})

