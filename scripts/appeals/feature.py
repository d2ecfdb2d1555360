"""The appeal-templates feature, as the pipeline sees it (see scripts/features.py).

- read: every template (fields, letter in the sandbox, same ids in every language), and the
  browser build of `docx` from node_modules/ when there is at least one template;
- render_document: the page of a template, through the core's document page
  (`RenderServices.document_page`) so that the
  fallback, outdated and legal-review notices and "See also" are the same as on a guide;
- render: the templates index, a blank Word file per template and language, and the library;
- see_also: a template's guides on its page, and the templates that name a guide on the guide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import posixpath

from ..content import Document
from ..corpus import page_path
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter, md_text
from ..plan import PlannedPage, Status
from ..project import Project
from .assets import Library, find_library, search_roots
from .letter import MARKER
from .page import MESSAGES, blank_name, index_markdown, page_body
from .reader import Template, read_templates

SECTION = "templates"
INDEX = "templates/index.md"


class AppealTemplates:
    name = "templates"
    # Its pages read the templates' text (the blank Word letters), not only their front matter.
    render_reads = ("templates",)
    document_sections = (SECTION,)  # a template's page: its form and letter
    # UI strings built at run time (features.py): the letter form's messages.
    ui_keys = {"templates_msg_": [f"templates_msg_{m}" for m in MESSAGES]}

    def __init__(self) -> None:
        self.templates: dict[tuple[str, str], Template] = {}
        self.library: Library | None = None

    # -- reading ---------------------------------------------------------------------------
    def read(self, ctx: ReadServices, problems: Problems) -> None:
        self.templates = read_templates(ctx.corpus, problems)
        if not ctx.corpus.slugs(SECTION):
            return
        self.library = find_library(search_roots(ctx.project.root))
        if self.library is None:
            problems.add(ctx.project.root / "package.json", "npm-missing",
                         "the browser library `docx` is not installed (node_modules/docx is missing); "
                         "template pages need it for the filled Word file",
                         "run `make site` (it runs `npm ci`), or `npm ci` in the project folder")

    def link_targets(self) -> set[str]:
        return {INDEX} if self.templates else set()

    @staticmethod
    def markdown_body(doc: Document) -> str | None:
        """A template's text above the letter's marker: the letter below it is checked by
        the sandbox (reader.py), not as Markdown."""
        if doc.section != SECTION:
            return None
        lines = doc.body.split("\n")
        marker = next((i for i, line in enumerate(lines) if line.strip() == MARKER), None)
        return doc.body if marker is None else "\n".join(lines[:marker])

    @staticmethod
    def inputs(project: Project) -> dict[str, str]:
        """The browser library docs/ gets a copy of: `{"library docx": SHA-256 hex}`, `-`
        when it is not installed (digest.py rebuilds when it changes)."""
        library = find_library(search_roots(project.root))
        return {"library docx": hashlib.sha256(library.code).hexdigest() if library else "-"}

    # -- rendering -------------------------------------------------------------------------
    def _template(self, page: PlannedPage) -> Template:
        assert page.doc is not None
        return self.templates[(page.doc.slug, page.doc.lang)]

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        if page.doc is None or page.doc.section != SECTION:
            return None
        assert self.library is not None
        template = self._template(page)
        body = page_body(template, lambda key: ctx.catalogs.t(key, page.lang), self.library.path,
                         nested=page.status is Status.FALLBACK)
        shown = dataclasses.replace(page, doc=dataclasses.replace(page.doc, body=body))
        return ctx.document_page(shown)

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        slugs = ctx.corpus.slugs(SECTION)
        if not slugs:
            return {}
        # Imported here: python-docx takes 0.1 s to import, and an edit's build takes these
        # pages from the render cache.
        from .docx_blank import blank_docx

        files: dict[str, str | bytes] = {}
        items = []
        for slug in slugs:
            shown = ctx.shown(lang, page_path(SECTION, slug))
            assert shown.doc is not None
            template = self._template(shown)
            items.append({"title": md_text(shown.doc.title), "summary": md_text(shown.doc.summary),
                          "lang": shown.doc.lang, "link": posixpath.basename(shown.path)})
            reviewed = shown.doc.meta.get("reviewed")
            day = reviewed if isinstance(reviewed, dt.date) else dt.date(2000, 1, 1)
            files[f"templates/{blank_name(slug)}"] = blank_docx(
                shown.doc.title, shown.doc.lang, template.letter, template.fields, day)
        t = lambda key: ctx.catalogs.t(key, lang)  # noqa: E731 - a one-line translator
        files[INDEX] = index_markdown(front_matter(title=t("templates_title"),
                                                   description=t("templates_summary")), t, lang, items)
        if lang == ctx.project.default_language and self.library is not None:
            files[self.library.path] = self.library.code
        return files

    # -- links between templates and guides ------------------------------------------------
    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        doc = page.doc
        if doc is None:
            return []
        if doc.section == SECTION:
            slugs = ctx.corpus.shared(doc, "guides", []) or []
            return [self._item(ctx, page, "guides", slug) for slug in slugs]
        if doc.section == "guides":
            named = ctx.corpus.shared(doc, "templates", []) or []  # the core lists these already
            return [self._item(ctx, page, SECTION, slug) for slug in ctx.corpus.slugs(SECTION)
                    if slug not in named and doc.slug in (self._guides_of(ctx, slug))]
        return []

    @staticmethod
    def _guides_of(ctx: RenderServices, slug: str) -> list[str]:
        original = ctx.corpus.original((SECTION, slug))
        return (original.meta.get("guides") or []) if original is not None else []

    @staticmethod
    def _item(ctx: RenderServices, page: PlannedPage, section: str, slug: str) -> dict:
        shown = ctx.shown(page.lang, page_path(section, slug))
        assert shown.doc is not None
        return {"title": shown.doc.title, "lang": shown.doc.lang,
                "link": posixpath.relpath(shown.path, posixpath.dirname(page.path) or ".")}
