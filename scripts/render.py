"""Turn the page plan into Markdown files for MkDocs, as `{docs path: text}`.

Rendering is pure: it reads nothing from disk but its own templates, so the writer can
compare bytes and touch only what changed. Notices are raw HTML with escaped text, because
admonition titles in Markdown cannot hold every character an editor may type.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from pathlib import Path

from . import note_titles, schema
from .corpus import page_path
from .features import Feature, ReadServices, RenderServices
from .markup import format_day, front_matter, jinja_env, language_name
from .outdated.notice import outdated_notice
from .plan import PlannedPage, Status
from .render_cache import RenderCache
from .urls import relative_url, url_of

TEMPLATES = Path(__file__).parent / "templates"

_env = jinja_env(TEMPLATES)


class Renderer:
    """Renders the planned pages and every feature's pages of one build (`render_all`)."""

    def __init__(self, inputs: ReadServices, plan: list[PlannedPage], features: list[Feature],
                 cache: RenderCache | None = None):
        self.project = inputs.project
        self.corpus = inputs.corpus
        self.cats = inputs.catalogs
        self.plan = tuple(plan)
        self.features = tuple(features)
        self.default = inputs.project.default_language
        # The feature that renders the documents of a section itself (`document_sections`).
        self._owners = {section: feature for feature in self.features
                        for section in getattr(feature, "document_sections", ())}
        self._shown = {(p.lang, p.path): p for p in self.plan}
        # Generic document pages whose inputs did not change come from here (render_cache.py).
        self.cache = cache
        if cache is not None:
            cache.start(self.corpus, self.plan)
        # What features may use while rendering (features.RenderServices); never changed.
        self.services = RenderServices(
            project=self.project, corpus=self.corpus, catalogs=self.cats, plan=self.plan,
            shown=self.shown, document_page=self.document, notices=self.notices,
            see_also=self.see_also,
        )

    def render_all(self) -> dict[str, str | bytes]:
        """Every file of docs/: `{language folder/path: text or bytes}`."""
        files: dict[str, str | bytes] = {f"{p.lang}/{p.path}": self.document_page(p) for p in self.plan}
        for feature in self.features:
            for lang in self.project.codes:
                for path, data in self.feature_pages(feature, lang).items():
                    files[f"{lang}/{path}"] = data
        note_titles.give_titles(files, self.cats)  # `!!! warning`: titled in its language
        return files

    def document_page(self, page: PlannedPage) -> str:
        """A feature may render the documents of its own section; others get the generic
        page. From the cache when the page's inputs did not change: a generic page's
        (`page_key`), or those of the feature that renders the page's section
        (`document_key`: the page's and the sections its `render_reads` declares)."""
        if self.cache is None:
            return self._document_page(page)
        assert page.doc is not None
        owner = self._owners.get(page.doc.section)
        key = (self.cache.page_key(page, self.corpus) if owner is None else
               self.cache.document_key(page, self.corpus, owner.name, getattr(owner, "render_reads", None)))
        return self.cache.page(key, lambda: self._document_page(page))

    def _document_page(self, page: PlannedPage) -> str:
        for feature in self.features:
            text = feature.render_document(self.services, page)
            if text is not None:
                return text
        return self.document(page)

    def feature_pages(self, feature: Feature, lang: str) -> dict[str, str | bytes]:
        """A feature's own pages in `lang`, from the cache when nothing they are rendered
        from changed (render_cache.RenderCache.feature_key, `render_reads`)."""
        if self.cache is None:
            return feature.render(self.services, lang)
        key = self.cache.feature_key(feature.name, lang, getattr(feature, "render_reads", None))
        return self.cache.feature_pages(key, lambda: feature.render(self.services, lang))

    def shown(self, lang: str, path: str) -> PlannedPage:
        """The planned page at `path` in `lang` (a translation, or the original as fallback)."""
        return self._shown[(lang, path)]

    def see_also(self, page: PlannedPage) -> list[dict]:
        """Every feature's "See also" links for `page`, in the order of `FEATURES`."""
        return [item for feature in self.features for item in feature.see_also(self.services, page)]

    # -- helpers shared by the templates -------------------------------------------------
    def _context(self, page: PlannedPage, **extra: object) -> dict:
        lang = page.lang
        return {
            "page": page,
            "lang": lang,
            "t": lambda key, **params: self.cats.t(key, lang, **params),
            "language_name": lambda code: language_name(code, lang),
            **extra,
        }

    def _link(self, page: PlannedPage, target_path: str) -> str:
        """A Markdown link from `page` to another page of the same language (MkDocs checks it)."""
        return posixpath.relpath(target_path, posixpath.dirname(page.path) or ".")

    def _item(self, page: PlannedPage, section: str, slug: str) -> dict:
        shown = self._shown[(page.lang, page_path(section, slug))]
        assert shown.doc is not None
        return {
            "title": shown.doc.title,
            "summary": shown.doc.summary,
            "lang": shown.doc.lang,
            "link": self._link(page, shown.path),
        }

    def notices(self, page: PlannedPage, path: str) -> str:
        """The notices above a document: not yet translated / outdated / awaiting legal review.

        Features rendering their own pages of a document (e.g. a module's trainer edition at
        another `path`) call this too, so every page shows the same notices.
        """
        doc, original = page.doc, page.original
        assert doc is not None and original is not None
        reviewed = doc.meta.get("reviewed")
        day = format_day(reviewed, page.lang) if isinstance(reviewed, dt.date) else None
        reviewable = schema.field(doc.section, "legal_review") is not None
        approved = doc.meta.get("legal_review", "pending") == "approved"
        # The reviewer's role is written in the shown file's language; marked when it differs.
        reviewer = doc.meta.get("reviewed_by") if approved else None
        reviewed_text = ""
        if isinstance(reviewer, str) and reviewer.strip():
            role = html.escape(reviewer.strip())
            if doc.lang != page.lang:
                role = f'<span lang="{doc.lang}">{role}</span>'
            reviewed_text = html.escape(self.cats.t("legal_reviewed", page.lang, reviewer="\x00",
                                                    date=day or "")).replace("\x00", role)
        original_url = relative_url(url_of(page.lang, path, self.default),
                                    url_of(original.lang, path, self.default))
        # Which sections of the original changed since the translation was stamped (issue 13).
        changed, critical = outdated_notice(
            self.project.content_dir, doc, original,
            lambda key, **params: self.cats.t(key, page.lang, **params), page.lang,
            original_url) if page.status is Status.OUTDATED else ("", False)
        return _env.get_template("notices.md.j2").render(
            self._context(
                page,
                awaiting_review=reviewable and not approved,
                reviewer=bool(reviewed_text), reviewed_text=reviewed_text,
                reviewed=day, original_url=original_url,
                changed=changed, critical=critical,
            )
        )

    # -- page kinds -----------------------------------------------------------------------
    def document(self, page: PlannedPage) -> str:
        doc = page.doc
        assert doc is not None
        # A guide links to the templates and training modules it names (SPEC §3).
        related = [self._item(page, section, slug)
                   for section in ("templates", "training")
                   for slug in (self.corpus.shared(doc, section, []) or [])]
        related += self.see_also(page)
        meta: dict = {}
        for feature in self.features:
            page_meta = getattr(feature, "page_meta", None)
            meta |= page_meta(self.services, page) if page_meta else {}
        return _env.get_template("document.md.j2").render(
            self._context(
                page,
                front_matter=front_matter(title=doc.title, description=doc.summary, **meta),
                notices=self.notices(page, page.path),
                related=related,
            )
        )


def render_site(inputs: ReadServices, plan: list[PlannedPage], features: list[Feature],
                cache: RenderCache | None = None) -> dict[str, str | bytes]:
    """Every file of docs/ ({language-relative path: text or bytes}) for the planned pages
    and the features' own pages; generic document pages from `cache` when their
    fingerprint is in it."""
    return Renderer(inputs, plan, features, cache).render_all()

