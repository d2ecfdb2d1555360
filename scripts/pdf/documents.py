"""The site's own printable kinds: guides, training handouts (both editions), blank letters.

Each PDF is made from the page the site generates for it (in `files`, with the language
folder), so it shows exactly what that page shows: the notices (fallback, outdated,
legal-review status), the participant text without trainer notes, the blank letter with a
labeled blank per field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..plan import PlannedPage, Status
from .html import page_html
from .kinds import PrintContext, PrintDocument, neutral_path


def _subject(ctx: PrintContext, page: PlannedPage) -> str:
    """The legal-review status, in the reader's language, for the PDF's properties."""
    assert page.doc is not None
    approved = page.doc.meta.get("legal_review") == "approved"
    return ctx.catalogs.t("legal_reviewed_title" if approved else "legal_review_title", page.lang)


def _pages(ctx: PrintContext, section: str) -> list[PlannedPage]:
    return [p for p in ctx.plan if p.doc.section == section]


def _text(files: Mapping[str, str | bytes], path: str) -> str | None:
    value = files.get(path)
    return value if isinstance(value, str) else None


class Guides:
    """Every guide in every language: the guide page's text."""

    name = "guides"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """One PDF per planned guide page."""
        out = []
        for page in _pages(ctx, "guides"):
            assert page.doc is not None
            path = f"{page.lang}/{page.path}"
            markdown = _text(files, path)
            if markdown is None:
                continue
            fallback = page.status is Status.FALLBACK  # the page's body has its own <h1>
            out.append(PrintDocument(
                pdf=neutral_path(page.lang, "guide", f"guides/{page.doc.slug}"),
                links=((path, ctx.catalogs.t("pdf_download_guide", page.lang)),),
                source=page.doc.path, lang=page.doc.lang,
                title=ctx.catalogs.t("pdf_title_guide", page.lang), subject=_subject(ctx, page),
                heading=None if fallback else page.doc.title, body=page_html(markdown), base=path))
        return out


class Handouts:
    """Every module's handout, participant and trainer editions: the handout pages' text
    (trainer notes and the answer key only in the trainer edition)."""

    name = "handouts"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """Two PDFs per planned module page: the participant and the trainer handout."""
        out = []
        for page in _pages(ctx, "training"):
            for for_trainer in (False, True):
                doc = self._edition(ctx, files, page, for_trainer)
                if doc is not None:
                    out.append(doc)
        return out

    @staticmethod
    def _edition(ctx: PrintContext, files: Mapping[str, str | bytes], page: PlannedPage,
                 for_trainer: bool) -> PrintDocument | None:
        assert page.doc is not None
        slug, lang = page.doc.slug, page.lang
        trainer = "trainer/" if for_trainer else ""
        path = f"{lang}/training/{trainer}handouts/{slug}.md"
        markdown = _text(files, path)
        if markdown is None:
            return None
        key = "pdf_download_trainer_handout" if for_trainer else "pdf_download_handout"
        words = ctx.catalogs.t(key, lang)
        heading = "training_handout_trainer_title" if for_trainer else "training_handout_title"
        edition = "trainer" if for_trainer else "participant"
        return PrintDocument(
            pdf=neutral_path(lang, "notes" if for_trainer else "handout", f"training/{slug}/{edition}"),
            links=((path, words), (f"{lang}/training/{trainer}{slug}.md", words)),
            source=page.doc.path, lang=page.doc.lang,
            title=ctx.catalogs.t("pdf_title_handout", lang), subject=_subject(ctx, page),
            heading=ctx.catalogs.t(heading, lang, title=page.doc.title),
            body=page_html(markdown), base=path)


_LETTER = re.compile(r'<div class="appeal-letter"[^>]*>.*?</div>', re.S)
# The blank Word file's line on a template page (appeals/page.py); the PDF's goes after it.
_BLANK_WORD = re.compile(r"^- \[[^\n]*\]\([^)\n]*-blank\.docx\)[^\n]*\n", re.M)


def _after_word_file(markdown: str, link: str) -> str:
    """The letter's download as a list item right after the blank Word file's."""
    match = _BLANK_WORD.search(markdown)
    if match is None:
        return markdown
    return markdown[:match.end()] + f"- {link}\n" + markdown[match.end():]


class Letters:
    """Every appeal template's blank letter, with a labeled blank per field, as the blank
    Word file. The letter names nothing of this site (it goes to an official)."""

    name = "letters"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """One PDF per planned template page: its blank letter."""
        out = []
        for page in _pages(ctx, "templates"):
            assert page.doc is not None
            path = f"{page.lang}/{page.path}"
            markdown = _text(files, path)
            letter = _LETTER.search(markdown) if markdown else None
            if letter is None:
                continue
            out.append(PrintDocument(
                pdf=neutral_path(page.lang, "letter", f"templates/{page.doc.slug}"),
                links=((path, ctx.catalogs.t("pdf_download_letter", page.lang)),),
                source=page.doc.path, lang=page.doc.lang,
                title=ctx.catalogs.t("pdf_title_letter", page.lang), subject=_subject(ctx, page),
                heading=None, body=letter.group(0), base=path, style="letter",
                insert_link=_after_word_file))
        return out
