"""The guides index as a feature (see scripts/features.py): `guides/index.md` of every
language lists every guide by topic (content/topics.yml) and by key population
(aggregates/vocabulary.yml), each in the reader's language or shown as its fallback."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from ..corpus import page_path
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter, jinja_env
from ..plan import PlannedPage

SECTION = "guides"
PAGE = "guides/index.md"

_env = jinja_env(Path(__file__).parent)


class GuidesIndex:
    """The index page of the guides section; it reads nothing of its own."""

    name = "guides-index"
    render_reads = ()  # titles, summaries, topics (front matter)

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        """Nothing to read: the guides are the core's corpus."""

    def link_targets(self) -> set[str]:
        """The index is there in every language, with or without guides."""
        return {PAGE}

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        """`{"guides/index.md": Markdown}` for `lang`."""
        return {PAGE: index_page(ctx, lang)}

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        """Guides are shown with the generic document page."""
        return None

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        """No links of its own on document pages."""
        return []


def index_page(ctx: RenderServices, lang: str) -> str:
    """The Markdown of the guides index in `lang`: groups by topic, then by key population,
    in the catalogs' order; a group without guides is left out."""
    cats = ctx.catalogs
    slugs = ctx.corpus.slugs(SECTION)
    guides = {slug: _item(ctx, lang, slug) for slug in slugs}

    def grouped(field: str, labels: Callable[[str], str], order: list[str]) -> list[dict]:
        groups = []
        for code in order:
            # topics and populations are shared fields: the original's values count
            # (validated: every slug has one original)
            members = [guides[s] for s in slugs
                       if code in (ctx.corpus.original((SECTION, s)).meta.get(field)  # type: ignore[union-attr]
                                   or [])]
            if members:
                groups.append({"label": labels(code), "guides": members})
        return groups

    by_topic = grouped("topics", lambda c: cats.topics[c].get(lang) or c, list(cats.topics))
    by_population = grouped("populations", lambda c: cats.label("key_population", c, lang),
                            cats.codes("key_population"))
    return _env.get_template("index.md.j2").render(
        lang=lang,
        t=lambda key, **params: cats.t(key, lang, **params),
        front_matter=front_matter(title=cats.t("guides_title", lang),
                                  description=cats.t("guides_summary", lang)),
        guides=guides, by_topic=by_topic, by_population=by_population,
    )


def _item(ctx: RenderServices, lang: str, slug: str) -> dict:
    """A guide as the index lists it: title, summary, language shown, link from the index."""
    shown = ctx.shown(lang, page_path(SECTION, slug))
    assert shown.doc is not None
    return {
        "title": shown.doc.title,
        "summary": shown.doc.summary,
        "lang": shown.doc.lang,
        "link": posixpath.relpath(shown.path, posixpath.dirname(PAGE)),
    }
