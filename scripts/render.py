"""Turn the page plan into Markdown files for MkDocs, as `{docs path: text}`.

Rendering is pure: it reads nothing from disk but its own templates, so the writer can
compare bytes and touch only what changed. Notices are raw HTML with escaped text, because
admonition titles in Markdown cannot hold every character an editor may type.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Callable
from pathlib import Path

from . import schema
from .corpus import page_path
from .features import Context, Feature
from .markup import format_day, front_matter, jinja_env, language_name
from .plan import PlannedPage
from .urls import relative_url, url_of

TEMPLATES = Path(__file__).parent / "templates"

_env = jinja_env(TEMPLATES)


class Renderer:
    def __init__(self, ctx: Context, features: list[Feature]):
        self.ctx = ctx
        self.project = ctx.project
        self.corpus = ctx.corpus
        self.cats = ctx.catalogs
        self.plan = ctx.plan
        self.features = features
        self.default = ctx.project.default_language
        self._shown = {(p.lang, p.path): p for p in ctx.plan}

    def render_all(self) -> dict[str, str | bytes]:
        render: dict[str, Callable[[PlannedPage], str]] = {
            "document": self.document_page,
            "guides-index": self.guides_index,
            "organizations": self.organizations,
        }
        files: dict[str, str | bytes] = {f"{p.lang}/{p.path}": render[p.kind](p) for p in self.plan}
        for feature in self.features:
            for lang in self.project.codes:
                for path, data in feature.render(self.ctx, lang).items():
                    files[f"{lang}/{path}"] = data
        return files

    def document_page(self, page: PlannedPage) -> str:
        """A feature may render the documents of its own section; others get the generic page."""
        for feature in self.features:
            text = feature.render_document(self.ctx, page)
            if text is not None:
                return text
        return self.document(page)

    def shown(self, lang: str, path: str) -> PlannedPage:
        """The planned page at `path` in `lang` (a translation, or the original as fallback)."""
        return self._shown[(lang, path)]

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

    def notices(self, page: PlannedPage, path: str | None = None) -> str:
        """The notices above a document: not yet translated / outdated / awaiting legal review.

        Features rendering their own pages of a document (e.g. a module's trainer edition at
        another `path`) call this too, so every page shows the same notices.
        """
        doc, original = page.doc, page.original
        assert doc is not None and original is not None
        path = path or page.path
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
        return _env.get_template("notices.md.j2").render(
            self._context(
                page,
                awaiting_review=reviewable and not approved,
                reviewer=bool(reviewed_text), reviewed_text=reviewed_text,
                reviewed=day,
                original_url=relative_url(url_of(page.lang, path, self.default),
                                          url_of(original.lang, path, self.default)),
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
        meta: dict = {}
        for feature in self.features:
            related += feature.see_also(self.ctx, page)
            page_meta = getattr(feature, "page_meta", None)
            meta |= page_meta(self.ctx, page) if page_meta else {}
        return _env.get_template("document.md.j2").render(
            self._context(
                page,
                front_matter=front_matter(title=doc.title, description=doc.summary, **meta),
                notices=self.notices(page),
                related=related,
            )
        )

    def guides_index(self, page: PlannedPage) -> str:
        lang = page.lang
        slugs = self.corpus.slugs("guides")
        guides = {slug: self._item(page, "guides", slug) for slug in slugs}

        def grouped(field: str, labels: Callable[[str], str], order: list[str]) -> list[dict]:
            groups = []
            for code in order:
                # topics and populations are shared fields: the original's values count
                # (validated: every slug has one original)
                members = [guides[s] for s in slugs
                           if code in (self.corpus.original(("guides", s)).meta.get(field)  # type: ignore[union-attr]
                                       or [])]
                if members:
                    groups.append({"label": labels(code), "guides": members})
            return groups

        by_topic = grouped("topics", lambda c: self.cats.topics[c].get(lang) or c,
                           list(self.cats.topics))
        by_population = grouped("populations", lambda c: self.cats.label("key_population", c, lang),
                                self.cats.codes("key_population"))
        return _env.get_template("guides-index.md.j2").render(
            self._context(
                page,
                front_matter=front_matter(title=self.cats.t("guides_title", lang),
                                          description=self.cats.t("guides_summary", lang)),
                guides=guides, by_topic=by_topic, by_population=by_population,
            )
        )

    def organizations(self, page: PlannedPage) -> str:
        lang = page.lang

        def local(value: dict) -> str:
            return value.get(lang) or value.get(self.default) or next(iter(value.values()))

        regions = []
        for code in self.cats.codes("region"):
            orgs = [o for o in self.cats.organizations if o.get("region") == code]
            if not orgs:
                continue
            regions.append({
                "label": self.cats.label("region", code, lang),
                "organizations": [{
                    "name": local(o["name"]),
                    "city": local(o["city"]),
                    "populations": ", ".join(self.cats.label("key_population", c, lang)
                                             for c in o.get("populations", [])),
                    "services": ", ".join(self.cats.label("response", c, lang)
                                          for c in o.get("services", [])),
                    "contacts": [(self.cats.t(f"contact_{kind}", lang),
                                  local(v) if isinstance(v, dict) else str(v))
                                 for kind, v in (o.get("contacts") or {}).items()],
                } for o in orgs],
            })
        return _env.get_template("organizations.md.j2").render(
            self._context(
                page,
                front_matter=front_matter(title=self.cats.t("organizations_title", lang),
                                          description=self.cats.t("organizations_summary", lang)),
                regions=regions,
            )
        )


def render_site(ctx: Context, features: list[Feature]) -> dict[str, str | bytes]:
    """Every file of docs/ ({language-relative path: text or bytes}) for the planned pages
    and the features' own pages."""
    ctx.renderer = Renderer(ctx, features)
    return ctx.renderer.render_all()

