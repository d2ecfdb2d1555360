"""Issue 14's PDFs tried as their readers and editors would (breakit14): promises of the
issue not pinned by `test_pdf.py`, checked on every PDF of the built sample with poppler,
and editors' inputs through the real pipeline.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path

import pytest

from scripts.build import generate

from .conftest import MiniProject
from .test_pdf import catalog, info, run, text_of

# Every download link of a PDF on a built page: its `download` name, address and words.
PDF_LINK = re.compile(r'<a download="([^"]*)" href="([^"]+\.pdf)" type="application/pdf">')
# The element holding a page's text when it is another language's (a fallback page).
TEXT_LANG = re.compile(r'<div [^>]*\blang="([a-z]{2})"')
HTML_LANG = re.compile(r'<html lang="([a-z]{2})"')


def pdf_links(site: Path) -> list[tuple[Path, str, Path]]:
    """(page, `download` name, PDF file) of every PDF download link of the built site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for name, href in PDF_LINK.findall(text):
            found.append((page, name, (page.parent / html_lib.unescape(href)).resolve()))
    return found


def test_every_pdfs_lang_is_the_language_of_the_text_its_page_shows(built_site: Path) -> None:
    # The Uzbek pages of templates, modules and briefs show the Russian text (fallback), in
    # a `<div lang="ru">`; their PDFs print that text, so /Lang says ru, not the page's uz.
    links = pdf_links(built_site)
    assert len({pdf for _, _, pdf in links}) == len(list(built_site.rglob("print/*.pdf")))
    fallbacks = 0
    for page, _, pdf in links:
        text = page.read_text(encoding="utf-8")
        page_lang = HTML_LANG.search(text)
        assert page_lang, page
        article = text[text.index("<article"):] if "<article" in text else text
        shown = TEXT_LANG.search(article)
        lang = shown[1] if shown else page_lang[1]
        fallbacks += lang != page_lang[1]
        langs = set(re.findall(rb"/Lang \(([a-z]{2})\)", catalog(pdf)))
        assert langs == {lang.encode()}, (page.relative_to(built_site), pdf.name, langs, lang)
    assert fallbacks >= 20  # the sample's Uzbek letters, handouts and briefs show Russian


def test_every_links_download_name_is_the_files_own_neutral_name(built_site: Path) -> None:
    # "Save as" keeps the `download` name: it must be the neutral file name, never a topic.
    links = pdf_links(built_site)
    assert links
    for page, name, pdf in links:
        assert name == pdf.name, (page.relative_to(built_site), name, pdf.name)
        assert pdf.is_file()


def test_no_pdf_names_an_author_a_tool_of_the_site_or_a_date(built_site: Path) -> None:
    # A date in a forwarded file says when it was made; an author or creator names who.
    for pdf in sorted(built_site.rglob("print/*.pdf")):
        meta = info(pdf)
        for key in ("Author", "Creator", "Keywords", "CreationDate", "ModDate"):
            assert key not in meta, (pdf.name, key, meta.get(key))
        assert re.fullmatch(r"WeasyPrint [\d.]+", meta["Producer"]), (pdf.name, meta["Producer"])
        xmp = run("pdfinfo", "-meta", str(pdf))
        for tag in ("dc:creator", "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate",
                    "xmp:CreatorTool", "pdf:Keywords"):
            assert tag not in xmp, (pdf.name, tag)


TITLE = 'Ҳуқуқ & <b>вазифа</b> "иқтибос" <script>alert(1)</script>'


def test_markup_in_a_title_is_printed_as_text_also_on_a_fallback_pdf(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The Tajik PDF prints the title itself; the English one (a fallback) prints the page's
    # own heading: both as typed, in the text and in the bookmarks, never as markup.
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.write("guides/markup.tg.md", f"""
        ---
        title: '{TITLE}'
        summary: "A summary."
        reviewed: 2026-11-01
        legal_review: pending
        topics: [police]
        ---

        ## Қадамҳо

        Матн &lt;i&gt;на курсив&lt;/i&gt;.
        """)
    files = generate(mini.project)
    pdfs = {path: value for path, value in files.items() if path.endswith(".pdf")}
    assert sorted(posixpath.dirname(p) for p in pdfs) == ["en/print", "ru/print", "tg/print", "uz/print"]
    for path, data in pdfs.items():
        assert isinstance(data, bytes)
        pdf = tmp_path / posixpath.basename(path)
        pdf.write_bytes(data)
        text = text_of(pdf)
        assert TITLE in text and "Матн <i>на курсив</i>." in text, (path, text[:300])
        outline = run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf))
        bookmarks = [html_lib.unescape(t) for t in re.findall(r'<item page="\d+">([^<]*)</item>', outline)]
        assert TITLE in bookmarks, (path, bookmarks)
