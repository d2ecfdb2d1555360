"""PDFs of guides, handouts, blank letters (issue 14) and evidence briefs (issue 17), read back
with poppler.

The sample site is built once (`built_site`); every PDF is opened with `pdfinfo`,
`pdftotext`, `pdffonts` and `pdftohtml -xml` (bookmarks), and its catalog is read from the
file's own (deflated) object streams for `/Lang` and the structure tree. Bad input and the
incremental build use small projects and the real pipeline.
"""

from __future__ import annotations

import html as html_lib
import io
import math
import os
import re
import subprocess
import tempfile
import time
import zlib
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from PIL import Image

from scripts import dist
from scripts.build import build_site, generate
from scripts.catalogs import read_catalogs
from scripts.cli import main
from scripts.content import read_document
from scripts.errors import BuildError, Problems
from scripts.pdf import html as pdf_html
from scripts.pdf import layout, step
from scripts.pdf.kinds import PrintContext, PrintDocument
from scripts.project import Project
from scripts.training import leaks

from .conftest import REPO, MiniProject

LANGS = ("tg", "ru", "en", "uz")
ROOTS = {"tg": "", "ru": "ru/", "en": "en/", "uz": "uz/"}
SPECIAL = set("ғқҳҷӣӯ")
XMP_NAMESPACES = (b"http://www.w3.org/", b"http://ns.adobe.com/", b"http://purl.org/",
                  b"http://www.aiim.org/")
A4 = "595.276 x 841.89 pts (A4)"
# "PDF, 24 KB" on the page, in every language.
SIZE = re.compile(r"\(PDF, (\d+) (?:KB|КБ)\)")
LINK = re.compile(r'<a download="([^"]+)" href="([^"]+)" type="application/pdf">([^<]*)</a> '
                  r"\(PDF, (\d+) (?:KB|КБ)\)")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def text_of(pdf: Path) -> str:
    """pdftotext's text, white space collapsed (lines are broken where the page is full)."""
    return " ".join(run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())


def info(pdf: Path) -> dict[str, str]:
    out = run("pdfinfo", "-enc", "UTF-8", str(pdf))
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def catalog(pdf: Path) -> bytes:
    """The PDF's objects, deflated streams (object streams) opened: where /Lang and
    /StructTreeRoot sit."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_of(site: Path, lang: str, path: str) -> str:
    return (site / ROOTS[lang] / path / "index.html").read_text(encoding="utf-8")


def links_on(site: Path, lang: str, path: str) -> list[tuple[Path, str, int]]:
    """(PDF file, link words, size said in KB) of every PDF download on a page."""
    page_dir = site / ROOTS[lang] / path
    return [((page_dir / href).resolve(), words, int(kb))
            for name, href, words, kb in LINK.findall(page_of(site, lang, path))]


def slugs(section: str) -> list[str]:
    return sorted({p.name.split(".")[0] for p in (REPO / "content" / section).glob("*.md")})


# -- every document, every language: a PDF linked with its size --------------------------------

def test_every_guide_handout_letter_and_brief_has_a_pdf_linked_with_its_size(built_site: Path) -> None:
    pages = [f"guides/{s}" for s in slugs("guides")] + [f"templates/{s}" for s in slugs("templates")]
    pages += [f"briefs/{s}" for s in slugs("briefs")]
    for slug in slugs("training"):
        pages += [f"training/{slug}", f"training/handouts/{slug}",
                  f"training/trainer/{slug}", f"training/trainer/handouts/{slug}"]
    seen: set[Path] = set()
    for lang in LANGS:
        for path in pages:
            links = links_on(built_site, lang, path)
            assert len(links) == 1, (lang, path, links)
            pdf, words, kb = links[0]
            assert pdf.is_file(), (lang, path, pdf)
            assert pdf.parent.name == "print" and pdf.name.endswith(f"-{lang}-{pdf.stem[-6:]}.pdf")
            assert kb == max(1, math.ceil(pdf.stat().st_size / 1024)), (lang, path)
            assert words.strip()
            seen.add(pdf)
    # Guides, letters and briefs: one each; modules: a participant and a trainer handout each.
    expected = len(LANGS) * (len(slugs("guides")) + len(slugs("templates")) + len(slugs("briefs"))
                             + 2 * len(slugs("training")))
    assert len(seen) == expected
    every = {p.resolve() for p in built_site.rglob("*.pdf")}
    assert every == seen  # no PDF nobody links


def test_the_size_is_said_in_the_pages_language(built_site: Path) -> None:
    assert "(PDF, " in page_of(built_site, "en", "guides/police-detention")
    assert re.search(r"\(PDF, \d+ KB\)", page_of(built_site, "en", "guides/police-detention"))
    for lang in ("tg", "ru", "uz"):
        assert re.search(r"\(PDF, \d+ КБ\)", page_of(built_site, lang, "guides/police-detention"))


# -- right for the reader ----------------------------------------------------------------------

def every_pdf(site: Path) -> list[Path]:
    return sorted(site.rglob("print/*.pdf"))


def test_every_pdf_is_a4_tagged_with_its_language_and_neutral_properties(built_site: Path) -> None:
    neutral = {"Роҳнамо", "Руководство", "Guide", "Қўлланма", "Маводи тақсимотӣ",
               "Раздаточный материал", "Handout", "Тарқатма материал", "Мактуб", "Письмо", "Letter", "Хат",
               "Маълумотнома", "Аналитическая записка", "Brief"}
    for pdf in every_pdf(built_site):
        meta = info(pdf)
        pages = int(meta["Pages"])
        assert pages >= 1
        sizes = run("pdfinfo", "-f", "1", "-l", str(pages), str(pdf))
        assert sizes.count(A4) == pages, pdf  # every page A4
        assert meta["Tagged"] == "yes", pdf
        assert meta["Title"] in neutral, (pdf, meta["Title"])  # the kind, never the topic
        assert meta["Subject"], pdf  # the legal-review status
        lang = pdf.stem.split("-")[-2]
        raw = catalog(pdf)
        # /Lang of the text: the document's language (an Uzbek fallback shows Russian).
        assert re.search(rb"/Lang \((tg|ru|en|uz)\)", raw), pdf
        assert b"/StructTreeRoot" in raw and b"/MarkInfo <</Marked true>>" in raw, pdf
        assert lang in LANGS


def test_lang_is_the_language_of_the_text(built_site: Path) -> None:
    (tg_guide, _, _), = links_on(built_site, "tg", "guides/police-detention")
    (en_guide, _, _), = links_on(built_site, "en", "guides/police-detention")
    assert b"/Lang (tg)" in catalog(tg_guide)
    assert b"/Lang (en)" in catalog(en_guide)


def test_structure_tree_and_bookmarks_come_from_the_headings(built_site: Path) -> None:
    (pdf, _, _), = links_on(built_site, "tg", "guides/police-detention")
    tree = run("pdfinfo", "-struct", str(pdf))
    assert tree.startswith("Document") and "H1" in tree and "H2" in tree and " P " in tree.replace("\n", " ")
    outline = run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf))
    titles = re.findall(r"<item page=\"\d+\">([^<]*)</item>", outline)
    assert titles[0] == "Боздошт аз ҷониби милитсия: ҳуқуқҳои шумо ва ҳуқуқ ба адвокат"
    assert "Чӣ рӯй медиҳад" in titles and "Ҳуқуқҳои шумо" in titles


def test_fonts_are_embedded_and_subset(built_site: Path) -> None:
    for pdf in every_pdf(built_site)[::7]:
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert (emb, sub, uni) == ("yes", "yes", "yes"), (pdf, row)
            assert re.fullmatch(r"[A-Z]{6}\+KB-(Sans|Serif)(-Bold)?(-Italic)?", name), (pdf, name)


def embedded_fonts(pdf: bytes) -> dict[str, float]:
    """{PostScript name: italic angle} of every TrueType font program embedded in `pdf`."""
    fonts = {}
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if data[:4] in (b"\x00\x01\x00\x00", b"true"):
            font = TTFont(io.BytesIO(data))
            fonts[str(font["name"].getDebugName(6))] = float(font["post"].italicAngle)
    return fonts


@pytest.mark.parametrize("style, family", [("document", "Sans"), ("letter", "Serif")])
def test_italic_text_prints_in_a_slanted_font(tmp_path: Path, style: str, family: str) -> None:
    # Debian's fonts-dejavu-extra: before it, `font-style: italic` printed upright (the
    # PDF still named the font "-Italic", so the embedded font program itself is checked).
    body = "<p>Матни оддӣ, <em>матни каҷ ғқҳҷӣӯ</em>, <strong><em>ғафсу каҷ</em></strong>.</p>"
    page = pdf_html.document("tg", "Роҳнамо", "", "Сарлавҳа", f'<div class="appeal-letter">{body}</div>',
                             style)
    result = layout.lay_out(page, style, layout.IMAGE_BASE, {})
    assert result.pdf is not None, result.problems
    (tmp_path / "italic.pdf").write_bytes(result.pdf)
    names = [row.split()[0] for row in run("pdffonts", str(tmp_path / "italic.pdf")).splitlines()[2:]]
    assert any(n.endswith(f"KB-{family}-Italic") for n in names), names
    assert any(n.endswith(f"KB-{family}-Bold-Italic") for n in names), names
    fonts = embedded_fonts(result.pdf)
    slanted = {"Sans": ("DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
               "Serif": ("DejaVuSerif-Italic", "DejaVuSerif-BoldItalic")}[family]
    for name in slanted:
        assert fonts.get(name, 0.0) < 0, fonts  # italic angle: slanted to the right
    assert "матни каҷ ғқҳҷӣӯ" in run("pdftotext", str(tmp_path / "italic.pdf"), "-")


def test_fonts_not_installed_are_a_problem_naming_the_package(mini: MiniProject, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for faces in layout.FONTS.values():
        for (_weight, slant), name in faces.items():
            if slant == "normal":  # fonts-dejavu-core only
                (fonts / name).write_bytes((layout.FONT_DIR / name).read_bytes())
    monkeypatch.setattr(layout, "FONT_DIR", fonts)
    report = problems_of(mini)
    assert "[pdf-fonts]" in report and "fonts-dejavu-extra" in report and "Oblique" in report
    assert "Traceback" not in report


def paragraphs_after(path: Path, heading: str, count: int) -> list[str]:
    body = path.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    return [" ".join(p.split()) for p in body.strip().split("\n\n")[:count]]


def test_tajik_and_uzbek_text_copies_out_exactly(built_site: Path) -> None:
    (tg_pdf, _, _), = links_on(built_site, "tg", "guides/police-detention")
    text = text_of(tg_pdf)
    expected = paragraphs_after(REPO / "content/guides/police-detention.tg.md", "Чӣ рӯй медиҳад", 2)
    assert set("".join(expected)) >= SPECIAL  # ғ қ ҳ ҷ ӣ ӯ, every one
    for paragraph in expected:
        assert paragraph in text
    assert "Одамони гурӯҳҳои калидии аҳолиро аксар вақт дар кӯча нигоҳ медоранд" in text
    (uz_pdf, _, _), = links_on(built_site, "uz", "guides/police-detention")
    uz = paragraphs_after(REPO / "content/guides/police-detention.uz.md", "Нима бўлади", 1)[0]
    assert "ў" in uz and uz in text_of(uz_pdf)


def test_title_and_legal_review_status_are_inside(built_site: Path) -> None:
    for lang, status in (("tg", "Дар интизори санҷиши ҳуқуқшинос"), ("ru", "Ожидает проверки юристом")):
        (pdf, _, _), = links_on(built_site, lang, "guides/police-detention")
        text = text_of(pdf)
        assert status in text and info(pdf)["Subject"] == status
    (pdf, _, _), = links_on(built_site, "tg", "guides/police-detention")
    assert text_of(pdf).startswith("Боздошт аз ҷониби милитсия: ҳуқуқҳои шумо ва ҳуқуқ ба адвокат")
    # Page numbers: "1 / 5" at the foot of every page.
    pages = int(info(pdf)["Pages"])
    text = text_of(pdf)
    assert all(re.search(rf"(^| ){n} ?/ ?{pages}( |$)", text) for n in range(1, pages + 1)), text[-200:]


# -- evidence briefs -------------------------------------------------------------------------------

def first_paragraph(site: Path, lang: str, path: str) -> str:
    """The words of the first paragraph after the page's first `<h2>` (a brief: its text,
    placeholders filled), tags and entities as a reader sees them."""
    page = page_of(site, lang, path)
    page = page[page.index("<article"):]
    paragraph = re.search(r"<h2[^>]*>.*?</h2>\s*<p>(.*?)</p>", page, re.S)
    assert paragraph, (lang, path)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", paragraph[1])).split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_brief_is_one_or_two_a4_pages_with_the_pages_figures(built_site: Path, lang: str) -> None:
    for slug in slugs("briefs"):
        (pdf, words, _), = links_on(built_site, lang, f"briefs/{slug}")
        assert pdf.name.startswith(f"brief-{lang}-"), pdf
        meta = info(pdf)
        pages = int(meta["Pages"])
        assert 1 <= pages <= 2, f"{slug} ({lang}): {pages} pages"
        assert run("pdfinfo", "-f", "1", "-l", str(pages), str(pdf)).count(A4) == pages
        text = text_of(pdf)
        # The text with its figures filled, exactly as the page shows it (a figure, a trend).
        paragraph = first_paragraph(built_site, lang, f"briefs/{slug}")
        assert re.search(r"\d+\*? ", paragraph), paragraph
        assert paragraph in text, (slug, lang, paragraph)
        # The charts' figures as text, the definition and source once; no site address or name.
        assert "REAct:" not in text and "http" not in text and "www." not in text
        assert meta["Subject"] and meta["Subject"] in text  # the legal-review status


def test_a_brief_pdf_shows_a_withheld_cells_marker_never_its_value(built_site: Path) -> None:
    (pdf, _, _), = links_on(built_site, "ru", "briefs/health-care-violations")
    text = text_of(pdf)
    assert "ГБАО <10*" in text and "ГБАО 4" not in text
    assert "Медицинские работники" in text and "Источник:" in text  # a chart; the source, last


# -- trainer text and safety -----------------------------------------------------------------------

def test_trainer_text_is_only_in_trainer_pdfs(built_site: Path) -> None:
    problems = Problems(REPO)
    project = Project(REPO)
    found_in_trainer = 0
    for slug in slugs("training"):
        docs = [read_document(p, project.content_dir, project.codes, problems)
                for p in sorted((REPO / "content/training").glob(f"{slug}.*.md"))]
        notes = [f.text for f in leaks.fragments(d for d in docs if d is not None)]
        assert notes, slug
        for lang in LANGS:
            (participant, _, _), = links_on(built_site, lang, f"training/handouts/{slug}")
            (trainer, _, _), = links_on(built_site, lang, f"training/trainer/handouts/{slug}")
            assert participant != trainer
            # Compared as the last check of the build compares: letters only (leaks.plain).
            text = leaks.plain(text_of(participant))
            for note in notes:
                assert note not in text, (slug, lang, note)
            trainer_text = leaks.plain(text_of(trainer))
            found_in_trainer += sum(note in trainer_text for note in notes)
    assert found_in_trainer > 0


def test_letters_and_properties_name_no_site(built_site: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    site_names = ["REAct", *re.findall(r'site_name: "([^"]+)"', config)]
    for pdf in every_pdf(built_site):
        raw = catalog(pdf)
        meta = info(pdf)
        for name in site_names:
            assert name not in meta["Title"] and name not in meta["Subject"]
        # Addresses: only the XML namespaces of the XMP metadata (PDF/UA asks for it).
        addresses = set(re.findall(rb"https?://[^\s\"'<>()]+", raw))
        assert all(a.startswith(XMP_NAMESPACES) for a in addresses), (pdf, addresses)
        if pdf.name.startswith("letter-"):
            text = text_of(pdf)
            for name in site_names:
                assert name not in text, (pdf, name)
            assert "________________ (" in text  # a labeled blank per field


def test_file_names_name_no_topic(built_site: Path) -> None:
    words = {w for s in slugs("guides") + slugs("templates") + slugs("training") for w in s.split("-")}
    words -= {"and", "of", "to"}
    for pdf in every_pdf(built_site):
        assert re.fullmatch(r"(guide|handout|notes|letter|brief)-(tg|ru|en|uz)-[0-9a-f]{6}\.pdf", pdf.name)


# -- small --------------------------------------------------------------------------------------------

def test_size_budgets(built_site: Path) -> None:
    sizes = {pdf: pdf.stat().st_size for pdf in every_pdf(built_site)}
    three_pages = [s for pdf, s in sizes.items() if info(pdf)["Pages"] == "3" and "guide-" in pdf.name]
    assert three_pages, "the sample has a three-page guide"
    assert max(three_pages) < 50 * 1024  # "well under 100 KB"
    assert max(sizes.values()) < 80 * 1024
    for lang in LANGS:
        assert sum(s for pdf, s in sizes.items() if f"-{lang}-" in pdf.name) < 1.5 * 1024 * 1024


def test_each_language_zip_lists_its_own_pdfs(built_site: Path) -> None:
    project = Project(built_site.parent)
    for lang in LANGS:
        names = dist.language_files(built_site, lang, project)
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert pdfs and all(f"-{lang}-" in n for n in pdfs), lang
        assert len(pdfs) == len([p for p in every_pdf(built_site) if f"-{lang}-" in p.name])


# -- incremental ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_pdf_is_made_again_only_when_its_source_changes(mini: MiniProject, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("one", "tg", body="## Қадамҳо\n\nМатни якум.\n")
    mini.guide("two", "tg", body="## Қадамҳо\n\nМатни дуюм.\n")
    build_site(mini.project)
    assert step.last.made == 8 and step.last.reused == 0  # two guides in four languages
    pdfs = sorted(mini.root.glob("docs/**/print/*.pdf"))
    assert len(pdfs) == 8
    before = {p: p.stat().st_mtime_ns for p in pdfs}
    site_before = {p: p.stat().st_ino for p in (mini.root / "site").rglob("*.pdf")}

    step.last = step.Stats()
    result = build_site(mini.project)  # nothing changed: nothing generated, no PDF written
    assert result.docs is None and not result.rebuilt and step.last.made == 0
    assert {p: p.stat().st_mtime_ns for p in pdfs} == before
    assert {p: p.stat().st_ino for p in (mini.root / "site").rglob("*.pdf")} == site_before

    mini.guide("one", "tg", body="## Қадамҳо\n\nМатни якум, нав.\n")
    build_site(mini.project)
    # Only guide one's four PDFs (Tajik, and the three fallbacks showing it) are laid out.
    assert step.last.made == 4 and step.last.reused == 4
    changed = {p for p in pdfs if p.stat().st_mtime_ns != before[p]}
    assert changed and all("guide" in p.name for p in changed)
    assert len(changed) == 4


def test_the_fingerprint_changes_with_the_print_styles(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    styles = tmp_path / "styles"
    styles.mkdir()
    for css in layout.STYLE_DIR.glob("*.css"):
        (styles / css.name).write_bytes(css.read_bytes())
    monkeypatch.setattr(layout, "STYLE_DIR", styles)
    layout.fingerprint_of_tools.cache_clear()
    first = layout.fingerprint_of_tools()
    (styles / "print.css").write_text((styles / "print.css").read_text() + "\nh2 { color: #111; }\n")
    layout.fingerprint_of_tools.cache_clear()
    assert layout.fingerprint_of_tools() != first
    layout.fingerprint_of_tools.cache_clear()


def test_the_fingerprint_names_the_text_libraries_weasyprint_lays_out_with(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs laid out before Debian's libharfbuzz-subset0 was installed (fontTools subsets the
    fonts) differ from those after: the cache must not hand out the former (a cache filled
    before `.ci/run` installed Chromium gave the golden test other PDFs)."""
    from weasyprint.text import ffi

    found = layout.text_libraries()
    assert (found["harfbuzz-subset"] != "missing") == (ffi.harfbuzz_subset is not None)
    assert ffi.harfbuzz.hb_version_atleast(*map(int, found["harfbuzz"].split(".")))
    assert not ffi.harfbuzz.hb_version_atleast(*map(int, found["harfbuzz"].split(".")[:2]), 1000)
    assert int(found["pango"].replace(".", "")) and ffi.pango.pango_version() == int(
        "{}{:02}{:02}".format(*map(int, found["pango"].split("."))))
    assert found["fonttools"] == metadata.version("fonttools")
    layout.fingerprint_of_tools.cache_clear()
    first = layout.fingerprint_of_tools()
    # The machine the other way round: without the subsetter, or (where it is missing) with
    # a library in its place.
    there = found["harfbuzz-subset"] != "missing"
    other = ("libno-such-library.so.0",) if there else ("libharfbuzz.so.0", "libharfbuzz.0.dylib")
    swapped = tuple((name, other if name == "harfbuzz-subset" else files, version)
                    for name, files, version in layout.TEXT_LIBRARIES)
    monkeypatch.setattr(layout, "TEXT_LIBRARIES", swapped)
    assert (layout.text_libraries()["harfbuzz-subset"] == "missing") == there
    layout.fingerprint_of_tools.cache_clear()
    try:
        assert layout.fingerprint_of_tools() != first
    finally:
        layout.fingerprint_of_tools.cache_clear()


class OneImage:
    """A kind printing one document that shows one image of the site (`tg/img/dot.png`)."""

    name = "one-image"

    def documents(self, ctx: PrintContext, files: dict[str, str | bytes]) -> list[PrintDocument]:
        return [PrintDocument(pdf="tg/print/test-tg-000000.pdf", links=(), source=Path("content/x.tg.md"),
                              lang="tg", title="Роҳнамо", subject="", heading="Расм",
                              text="---\ntitle: x\n---\n\n![Нуқта](img/dot.png)\n", base="tg/x.md")]


def png(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, "PNG")
    return out.getvalue()


def test_a_cached_pdf_is_found_without_print_html_and_its_images_count(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(step, "load_kinds", lambda: [OneImage()])
    # Print HTML is made in the worker processes (beside the language builds): each one made
    # is noted in a file, which the workers share.
    made_html = tmp_path / "made-html.txt"
    body = PrintDocument.body

    def noted(doc: PrintDocument) -> str:
        with made_html.open("a", encoding="utf-8") as note:
            note.write(doc.pdf + "\n")
        return body(doc)

    monkeypatch.setattr(PrintDocument, "body", noted)
    ctx = PrintContext(mini.project, read_catalogs(mini.root, mini.project.codes, Problems(mini.root)), ())

    def build(image: bytes | None) -> tuple[int, int, int]:
        made_html.write_text("", encoding="utf-8")
        files: dict[str, str | bytes] = {} if image is None else {"tg/img/dot.png": image}
        stats = step.add_pdfs(ctx, files)
        assert files["tg/print/test-tg-000000.pdf"][:5] == b"%PDF-"
        return stats.made, stats.reused, len(made_html.read_text(encoding="utf-8").split())

    assert build(png("red")) == (1, 0, 1)
    assert build(png("red")) == (0, 1, 0)  # from the cache, no print HTML made
    assert build(png("blue")) == (1, 0, 1)  # the image changed: laid out again
    assert build(png("red")) == (0, 1, 0)
    with pytest.raises(BuildError) as error:
        build(None)
    assert "img/dot.png" in str(error.value) and "missing" in str(error.value)


def test_pdfs_unused_for_keep_days_are_removed_from_the_cache_once_a_day(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("KB_PDF_CACHE", str(cache))
    mini.guide("one", "tg", body="## Қадамҳо\n\nМатни якум.\n")
    month = time.time() - (step.KEEP_DAYS + 1) * 86400

    def unused(name: str) -> Path:
        path = cache / name
        path.write_bytes(b"%PDF-old")
        os.utime(path, (month, month))
        return path

    generate(mini.project)
    used = sorted(cache.glob("*.pdf"))
    assert used and (cache / step.PRUNED).is_file()
    old = unused("0" * 64 + ".pdf")
    (cache / step.PRUNED).touch()
    generate(mini.project)
    assert old.is_file()  # pruned less than a day ago: not looked at
    yesterday = time.time() - 86401
    os.utime(cache / step.PRUNED, (yesterday, yesterday))
    generate(mini.project)
    assert not old.exists() and sorted(cache.glob("*.pdf")) == used


def test_a_cache_whose_stamp_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    # A shared cache the editor may not write to: pruning is skipped, the build goes on.
    cache = tmp_path / "cache"
    cache.mkdir()
    month = time.time() - (step.KEEP_DAYS + 1) * 86400
    old = cache / ("0" * 64 + ".pdf")
    old.write_bytes(b"%PDF-old")
    os.utime(old, (month, month))
    (cache / step.PRUNED).symlink_to(tmp_path / "no-such-folder" / "stamp")
    step._prune(cache)  # the stamp cannot be made: no OSError, nothing removed
    assert old.is_file()
    (cache / step.PRUNED).unlink()
    step._prune(cache)
    assert not old.exists() and (cache / step.PRUNED).is_file()


def test_laying_out_leaves_no_font_folder_behind(mini: MiniProject, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint copies the fonts into a temporary folder per FontConfiguration, removed
    # when it is collected; worker processes end without collecting (4.3 MB a document).
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    mini.guide("one", "tg", body="## Қадамҳо\n\nМатни якум.\n")
    generate(mini.project)
    assert step.last.made == 4  # in worker processes (four documents, several CPUs)
    assert not list(temp.glob("weasyprint-*"))


# -- bad input ------------------------------------------------------------------------------------

WIDE_TABLE = ("| " + " | ".join(f"Сутуни{i}дарозиномаҳдуд" for i in range(14)) + " |\n"
              + "|" + "---|" * 14 + "\n"
              + "| " + " | ".join("ҳуқуқҳоихудрабидонед" for _ in range(14)) + " |\n")


def problems_of(mini: MiniProject) -> str:
    with pytest.raises(BuildError) as error:
        generate(mini.project)
    return str(error.value)


def test_an_over_wide_table_is_a_problem_naming_the_content_file(mini: MiniProject, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    report = problems_of(mini)
    assert "content/guides/wide.tg.md" in report and "[pdf-layout]" in report
    assert "wider than the page" in report and "Traceback" not in report


def test_a_missing_image_is_a_problem_naming_the_content_file(mini: MiniProject, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("picture", "tg", body="## Расм\n\n![Нақша](nakhsha.png)\n")
    mini.guide("good", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    report = problems_of(mini)
    assert "content/guides/picture.tg.md" in report and "nakhsha.png" in report and "missing" in report
    assert "content/guides/good.tg.md" in report  # every problem at once


# MkDocs runs: the layouts go on beside the language builds, and the problem is found after.
@pytest.mark.slow
def test_kb_build_reports_a_layout_problem_without_a_traceback(mini: MiniProject, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    mini.guide("wide", "tg", body=f"## Ҷадвал\n\n{WIDE_TABLE}")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "build"])
    assert result.exit_code == 1
    assert "content/guides/wide.tg.md" in result.output and "Traceback" not in result.output
    assert not (mini.root / "site").exists()  # nothing published


def test_nothing_is_fetched_from_another_host() -> None:
    html = ('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><h1>T</h1>'
            '<img src="https://example.org/x.png" alt="x"></body></html>')
    result = layout.lay_out(html, "document", layout.IMAGE_BASE, {})
    assert result.pdf is None and any("another host" in p for p in result.problems)
