"""The PDF step beside the language builds (issue 14.4): the PDFs are laid out while MkDocs
builds the languages, and their sizes filled into the built pages last (scripts/pdf/sizes.py,
scripts/pdf/last_pass.py). Real builds of a small project: MkDocs, WeasyPrint, the files."""

from __future__ import annotations

import html as html_lib
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from scripts import digest
from scripts.build import build_site
from scripts.errors import BuildError
from scripts.pdf import layout, sizes
from scripts.project import Project

from .conftest import MiniProject, copy_project

pytestmark = pytest.mark.slow

# A download link and the size text after it, as a built page shows it.
LINK = re.compile(r'<a download="(?P<name>[^"]+\.pdf)" href="(?P<href>[^"]+)" type="application/pdf">'
                  r'[^<]*</a>\s*\((?P<text>[^()<]*)\)')


def two_guides(mini: MiniProject) -> None:
    mini.guide("one", "tg", body="## Қадамҳо\n\nМатни якум: ғ қ ҳ ҷ ӣ ӯ.\n")
    mini.guide("two", "ru", body="## Шаги\n\nТекст второй.\n")


def links(site: Path) -> list[tuple[Path, Path, str]]:
    """(page, the PDF it links, the size text after the link) of every download link of a PDF."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for match in LINK.finditer(page.read_text(encoding="utf-8")):
            href = match["href"]
            target = (page.parent / href).resolve()
            found.append((page, target, match["text"]))
    return found


def published_text(site: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml"}}


def test_the_pdfs_are_finished_after_the_language_builds_and_their_sizes_are_right(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))  # empty: every PDF laid out
    two_guides(mini)
    build_site(mini.project)
    site, docs = mini.root / "site", mini.project.docs_dir
    pdfs = sorted(site.rglob("print/*.pdf"))
    assert len(pdfs) == 8  # two guides in four languages (fallbacks print the original)
    # Real timestamps: every PDF reached docs/ and site/ after every language build ended
    # (before this change the step ran alone first, and MkDocs copied the PDFs before its
    # pages). A language build's last files are its search index (the react-safety plugin's
    # on_post_build); pages are written again later (sizes filled, one stylesheet shared).
    shards = [path for path in site.rglob("search/**/*") if path.is_file()]
    assert len({path.relative_to(site).parts[0] for path in shards}) == 4  # tg at the root, ru, en, uz
    newest_page = max(path.stat().st_mtime_ns for path in shards)
    for pdf in [*pdfs, *docs.rglob("print/*.pdf")]:
        assert pdf.stat().st_mtime_ns >= newest_page, pdf
    # Each page's size is its PDF's, in every language; the PDF in site/ is docs/'s.
    found = links(site)
    assert {target for _, target, _ in found} == {pdf.resolve() for pdf in pdfs}
    for page, target, text in found:
        kb = math.ceil(target.stat().st_size / 1024)
        assert re.fullmatch(rf"PDF, {kb} (KB|КБ|Кб|кб)", text), (page, text)
    for pdf in pdfs:
        rel = pdf.relative_to(site).as_posix()
        in_docs = rel if rel.split("/")[0] in {"ru", "en", "uz"} else f"tg/{rel}"
        assert pdf.read_bytes() == (docs / in_docs).read_bytes()
    # No placeholder in any published file: pages, search shards, offline lists.
    assert not [path for path, text in published_text(site).items() if sizes.CLASS in text]


def test_a_pdf_changed_by_the_print_styles_reaches_site_with_its_size(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    two_guides(mini)
    build_site(mini.project)
    site = mini.root / "site"
    before = {pdf.relative_to(site): pdf.read_bytes() for pdf in site.rglob("print/*.pdf")}
    # The print styles change (a larger type): every PDF's bytes change, no page's text does.
    styles = tmp_path / "styles"
    shutil.copytree(layout.STYLE_DIR, styles)
    with (styles / "print.css").open("a", encoding="utf-8") as css:
        css.write("\nbody { font-size: 24pt; }\n")
    monkeypatch.setattr(layout, "STYLE_DIR", styles)
    # The real print styles are code (scripts/pdf/), a source of docs/; these are outside it,
    # so the build is told its sources changed (docs/ is generated again, nothing else).
    record = json.loads((site / digest.DIGEST_FILE).read_text(encoding="ascii"))
    record[digest.SOURCES] = "changed"
    (site / digest.DIGEST_FILE).write_text(json.dumps(record), encoding="ascii")
    layout.style_sheet.cache_clear()
    layout.fingerprint_of_tools.cache_clear()
    try:
        result = build_site(mini.project)
    finally:
        layout.style_sheet.cache_clear()
        layout.fingerprint_of_tools.cache_clear()
    assert set(result.built) == {"tg", "ru", "en", "uz"}
    # Only the pages linking a PDF were rendered again (their placeholder's fingerprint changed).
    assert all(not why.startswith("every page") for why in result.rendered.values()), result.rendered
    after = {pdf.relative_to(site): pdf.read_bytes() for pdf in site.rglob("print/*.pdf")}
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in after)
    assert all(len(after[name]) > len(before[name]) for name in after)
    for page, target, text in links(site):
        assert re.fullmatch(rf"PDF, {math.ceil(target.stat().st_size / 1024)} \S+", text), (page, text)
    assert build_site(mini.project).built == ()  # nothing changed since: nothing built


def test_the_last_pass_writes_only_the_pdfs_laid_out_and_every_pdf_reaches_site(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit of one guide lays out its PDFs only; the others come from the cache into
    docs/ before MkDocs runs, so the last pass (`Pending.made`) leaves them alone, and yet
    every PDF of site/ is docs/'s, the edited one new: as a clean build's."""
    from scripts.pdf.step import Pending

    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    two_guides(mini)
    build_site(mini.project)
    site, docs = mini.root / "site", mini.project.docs_dir

    def docs_pdfs() -> dict[str, bytes]:
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.pdf")}

    before = docs_pdfs()
    made: list[set[str]] = []
    real = Pending.made

    def recorded(self: Pending) -> dict[str, bytes]:
        pdfs = real(self)
        made.append(set(pdfs))
        return pdfs

    monkeypatch.setattr(Pending, "made", recorded)
    guide = mini.root / "content/guides/two.ru.md"  # an original: its PDF in every language
    guide.write_text(guide.read_text(encoding="utf-8").replace("Текст второй", "Текст новый"),
                     encoding="utf-8")
    build_site(mini.project)
    after = docs_pdfs()
    changed = {rel for rel, pdf in after.items() if before.get(rel) != pdf}
    assert len(changed) == 4 and len(after) == 8  # guide two's in each language: no other
    assert made == [changed]
    for pdf in site.rglob("print/*.pdf"):
        rel = pdf.relative_to(site).as_posix()
        in_docs = rel if rel.split("/")[0] in {"ru", "en", "uz"} else f"tg/{rel}"
        assert pdf.read_bytes() == (docs / in_docs).read_bytes(), rel
    clean = tmp_path / "clean"
    copy_project(mini.root, clean)
    build_site(Project(clean), force=True)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("print/*.pdf")} == \
        {p.relative_to(clean / "site"): p.read_bytes() for p in (clean / "site").rglob("print/*.pdf")}


def test_a_later_build_of_the_same_process_takes_the_unchanged_pdfs_from_memory(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kb serve's next edit takes the PDFs its last build found or laid out from memory, not
    from the cache's files (here removed): only the edited guide's are laid out, the others
    are the same bytes. The characters the fonts lack are still found in a text that
    changed (`glyphs.suspect`'s answers are kept by text)."""
    from scripts.build import generate
    from scripts.pdf import step

    cache = tmp_path / "cache"
    monkeypatch.setenv("KB_PDF_CACHE", str(cache))
    two_guides(mini)
    first = {path: pdf for path, pdf in generate(mini.project).items() if path.endswith(".pdf")}
    assert step.last.made == 8
    shutil.rmtree(cache)  # a new process would lay every PDF out again
    guide = mini.root / "content/guides/two.ru.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Текст второй", "Текст новый"),
                     encoding="utf-8")
    second = {path: pdf for path, pdf in generate(mini.project).items() if path.endswith(".pdf")}
    assert (step.last.made, step.last.reused) == (4, 4)
    same = [path for path in second if second[path] == first.get(path)]
    assert len(same) == 4 and len(second) == 8
    guide.write_text(guide.read_text(encoding="utf-8").replace("Текст новый", "Текст 🚨"), encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        generate(mini.project)
    assert "pdf-glyphs" in str(failed.value) and "U+1F6A8" in str(failed.value)


def test_a_pdf_that_cannot_be_laid_out_fails_the_build_and_the_previous_site_survives(
        mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_PDF_CACHE", str(tmp_path / "cache"))
    two_guides(mini)
    build_site(mini.project)
    site = mini.root / "site"
    published = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    wide = ("| " + " | ".join(f"Сутуни{i}дарозиномаҳдуд" for i in range(14)) + " |\n"
            + "|" + "---|" * 14 + "\n"
            + "| " + " | ".join("ҳуқуқҳоихудрабидонед" for _ in range(14)) + " |\n")
    mini.guide("one", "tg", body=f"## Ҷадвал\n\n{wide}")
    with pytest.raises(BuildError) as error:
        build_site(mini.project)
    report = str(error.value)
    assert "content/guides/one.tg.md" in report and "[pdf-layout]" in report
    assert "wider than the page" in report and "Traceback" not in report
    assert "make the table narrower" in report and "files of the site" not in report
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == published
    assert not list(site.parent.glob(".site-build-*"))


def test_check_site_finds_a_placeholder_left_in_a_page_or_a_search_shard(tmp_path: Path) -> None:
    from scripts.errors import Problems

    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    holder = sizes.placeholder("tg/print/guide-tg-000000.pdf", "0" * 16, "PDF, {size} KB")
    (site / "index.html").write_text(f"<p>x {holder}</p>", encoding="utf-8")
    (site / "search" / "a.json").write_text('{"x": "' + holder.replace('"', '\\"') + '"}', encoding="utf-8")
    (site / "ok.html").write_text("<p>(PDF, 3 KB)</p>", encoding="utf-8")
    problems = Problems(tmp_path)
    sizes.check_site(site, problems)
    assert sorted(p.file for p in problems.items) == ["site/index.html", "site/search/a.json"]
    assert all(p.rule == "pdf-size" for p in problems.items)
    # Filled, the page is what it showed when the size was written into its Markdown.
    page = f"<p>x {holder}</p>"
    assert sizes.fill(page, lambda pdf: 24 * 1024 if pdf == "tg/print/guide-tg-000000.pdf" else None) \
        == "<p>x (PDF, 24 KB)</p>"
    assert sizes.fill(page, lambda pdf: None) == page


@pytest.mark.parametrize("text", ["PDF, {size} KB",
                                  "ПДФ, {size} КБ `c` [d](https://evil.invalid/) *a* _b_ | #e",
                                  '<b>{size}</b> &amp; R&D < 18 "q" \'s\''])
def test_a_size_text_with_markdown_or_markup_in_it_survives_python_markdown(text: str) -> None:
    """The placeholder is raw HTML in a page's Markdown; Python-Markdown's inline patterns (code
    spans, links, emphasis) run before raw HTML is kept, so a size text (a UI string) with
    such syntax broke the attribute and left the placeholder unfilled (found by
    tests/test_hostile_text.py). Rendered with the site's own extensions, then filled, the
    page shows the text as written."""
    holder = sizes.placeholder("tg/print/guide-tg-000000.pdf", "0" * 16, text)
    page = markdown.markdown(f"[Guide](../print/guide-tg-000000.pdf) {holder}\n",
                             extensions=["admonition", "attr_list", "md_in_html", "tables"])
    filled = sizes.fill(page, lambda pdf: 24 * 1024 if pdf == "tg/print/guide-tg-000000.pdf" else None)
    assert sizes.CLASS not in filled, filled
    shown = re.sub(r"<[^>]+>", "", filled)
    assert html_lib.unescape(shown).endswith("(" + text.replace("{size}", "24") + ")"), filled


def test_an_edit_with_one_pdf_to_lay_out_leaves_weasyprint_to_the_worker(mini: MiniProject,
                                                                         tmp_path: Path) -> None:
    """WeasyPrint takes most of a second to import: for an edit's one PDF, the worker process
    imports it while the build goes on; the build's own process never does (a kb build run
    as a new process, as an editor runs it, with a PDF cache of its own)."""
    from scripts.translations import stamp

    two_guides(mini)
    stamp(mini.project, mini.guide("one", "en", extra="translated_from: {lang: tg}\n",
                                   body="## Steps\n\nFirst text.\n"))
    env = {**os.environ, "KB_PDF_CACHE": str(tmp_path / "cache")}
    script = ("import sys; from pathlib import Path; from scripts.build import build_site; "
              "from scripts.project import Project; build_site(Project(Path(sys.argv[1]))); "
              "print('weasyprint' in sys.modules)")
    def run() -> str:
        return subprocess.run([sys.executable, "-c", script, str(mini.root)], check=True,
                              capture_output=True, text=True, env=env, cwd=Path(__file__).parents[1]).stdout

    assert run().strip() == "True"  # the first build lays out several PDFs per worker
    guide = mini.root / "content/guides/one.en.md"  # a translation: its one PDF changes
    guide.write_text(guide.read_text(encoding="utf-8").replace("First text", "New text"), encoding="utf-8")
    assert run().strip() == "False"  # laid out in a worker, the site built
    assert "New text" in (mini.root / "site/en/guides/one/index.html").read_text(encoding="utf-8")


def test_each_layout_cause_gets_its_own_fix(tmp_path: Path) -> None:
    """A missing image's problem says how to fix an image, not a table (a fresh tester read
    "make the table narrower" under a missing image); one per content file and cause."""
    from scripts.errors import Problems
    from scripts.pdf import layout_problems
    from scripts.pdf.kinds import PrintDocument

    def doc(pdf: str) -> PrintDocument:
        return PrintDocument(pdf=pdf, links=(), source=tmp_path / "content/guides/x.tg.md",
                             lang=pdf[:2], title="T", subject="S", heading=None, text="",
                             base="tg/guides/x.md")

    problems = Problems(tmp_path)
    layout_problems.report([
        (doc("tg/print/a.pdf"), ["the image `tg/guides/no.png` is missing (no such file of the site)",
                                 "page 2: something is 30 mm wider than the page"]),
        (doc("ru/print/a.pdf"), ["the image `ru/guides/no.png` is missing (no such file of the site)"]),
        (doc("en/print/a.pdf"), ["WeasyPrint could not lay it out: ValueError: x"])], problems)
    fixes = {p.message.split(",")[0]: p.fix for p in problems.items}
    assert len(problems.items) == 3
    assert "image's name" in fixes["the image `guides/no.png` is missing (no such file of the site)"]
    assert "narrower" in fixes["something is 30 mm wider than the page"]
    assert "report it" in fixes["WeasyPrint could not lay it out: ValueError: x"]
