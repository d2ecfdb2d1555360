"""The site's own printable kinds: guides, training handouts (both editions), blank letters.

Each PDF is made from the page the site generates for it (in `files`, with the language
folder), so it shows exactly what that page shows: the notices (fallback, outdated,
legal-review status), the participant text without trainer notes, the blank letter with a
labeled blank per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..plan import PlannedPage, Status
from .html import page_html
from .kinds import PrintContext, PrintDocument, neutral_path


def _subject(ctx: PrintContext, page: PlannedPage) -> str:
    """The legal-review status, in the reader's language, for the PDF's properties."""
    assert page.doc is not None
    approved = page.doc.meta.get("legal_review") == "approved"
    return ctx.catalogs.t("legal_reviewed_title" if approved else "legal_review_title", page.lang)


def _text(files: Mapping[str, str | bytes], path: str) -> str | None:
    value = files.get(path)
    return value if isinstance(value, str) else None


def page_documents(ctx: PrintContext, files: Mapping[str, str | bytes], section: str, word: str,
                   download: str, title: str, *, extract: Callable[[str], str | None] | None = None,
                   titled: bool = True, style: str = "document",
                   to_html: Callable[[str], str] = page_html,
                   insert_link: Callable[[str, str], str] | None = None) -> list[PrintDocument]:
    """One PDF per planned page of `section` whose generated page is in `files`, linked from
    the top of that page (or where `insert_link` puts it).

    `word`: the file name's kind word (`kinds.neutral_path`); `download`, `title`: UI string
    keys of the link's words and of the PDF's neutral title; `extract`: the part of the
    page's Markdown to print (None: the page has nothing to print), default all of it;
    `titled`: print the document's title first (not on a fallback page, whose body has its
    own `<h1>`); `style`, `to_html`, `insert_link`: as `PrintDocument`'s.
    """
    out = []
    for page in ctx.plan:
        doc = page.doc
        if doc is None or doc.section != section:
            continue
        path = f"{page.lang}/{page.path}"
        markdown = _text(files, path)
        text = markdown if markdown is None or extract is None else extract(markdown)
        if text is None:
            continue
        out.append(PrintDocument(
            pdf=neutral_path(page.lang, word, f"{section}/{doc.slug}"),
            links=((path, ctx.catalogs.t(download, page.lang)),),
            source=doc.path, lang=doc.lang,
            title=ctx.catalogs.t(title, page.lang), subject=_subject(ctx, page),
            heading=doc.title if titled and page.status is not Status.FALLBACK else None,
            text=text, base=path, style=style, to_html=to_html, insert_link=insert_link))
    return out


class Guides:
    """Every guide in every language: the guide page's text."""

    name = "guides"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """One PDF per planned guide page."""
        return page_documents(ctx, files, "guides", "guide", "pdf_download_guide", "pdf_title_guide")


class Handouts:
    """Every module's handout, participant and trainer editions: the handout pages' text
    (trainer notes and the answer key only in the trainer edition)."""

    name = "handouts"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """Two PDFs per planned module page: the participant and the trainer handout."""
        out = []
        for page in ctx.plan:
            if page.doc is None or page.doc.section != "training":
                continue
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
            text=markdown, base=path)


_LETTER = re.compile(r'<div class="appeal-letter"[^>]*>.*?</div>', re.S)
# The blank Word file's line on a template page (appeals/page.py); the PDF's goes after it.
_BLANK_WORD = re.compile(r"^- \[[^\n]*\]\([^)\n]*-blank\.docx\)[^\n]*\n", re.M)


def _after_word_file(markdown: str, link: str) -> str:
    """The letter's download as a list item right after the blank Word file's."""
    match = _BLANK_WORD.search(markdown)
    if match is None:
        return markdown
    return markdown[:match.end()] + f"- {link}\n" + markdown[match.end():]


def _letter(markdown: str) -> str | None:
    """The blank letter's HTML of a template page, or None when it has none."""
    match = _LETTER.search(markdown)
    return match.group(0) if match else None


def as_html(html: str) -> str:
    """`html` as it is: the letter is HTML already."""
    return html


class Letters:
    """Every appeal template's blank letter, with a labeled blank per field, as the blank
    Word file. The letter names nothing of this site (it goes to an official)."""

    name = "letters"

    def documents(self, ctx: PrintContext, files: Mapping[str, str | bytes]) -> list[PrintDocument]:
        """One PDF per planned template page: its blank letter."""
        return page_documents(ctx, files, "templates", "letter", "pdf_download_letter",
                              "pdf_title_letter", extract=_letter, titled=False, style="letter",
                              to_html=as_html, insert_link=_after_word_file)
