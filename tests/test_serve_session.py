"""`kb serve`'s kept MkDocs (scripts/serve_session.py): an edit that keeps the navigation is
rendered by the language's long-lived MkDocs worker, and the preview is then, byte for byte,
what a clean build of the same input makes.

The preview is built as `kb serve` builds it (`build_site(..., serving=True, session=...)`)
and compared with a clean build of a copy of the same project with the same settings (the
address and `serving`, which only lets the preview's pages run the live-reload script).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from scripts.build import BuildResult, build_site
from scripts.errors import BuildError
from scripts.project import Project
from scripts.serve_session import ServeSession, publish_order

from .conftest import MiniProject, copy_project

pytestmark = pytest.mark.slow

URL = "http://127.0.0.1:8000/"
KEPT = "(MkDocs kept running)"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".build-digest"}


def same_as_clean_build(project: Project, preview: Path, tmp_path: Path, name: str) -> None:
    """The preview equals a clean build of a copy of the project in its present state."""
    copy = tmp_path / f"copy-{name}"
    copy_project(project.root, copy)
    clean = copy / "clean"
    build_site(Project(copy), force=True, site_url=URL, site=clean, serving=True)
    served, full = tree(preview), tree(clean)
    assert sorted(served) == sorted(full), (set(served) ^ set(full))
    differ = [rel for rel in full if served[rel] != full[rel]]
    assert differ == [], (differ, [first_difference(served[rel], full[rel]) for rel in differ])


def search_files(folder: Path) -> dict[Path, tuple[int, bytes]]:
    """{search file: (inode, bytes)} under `folder`."""
    return {p: (p.stat().st_ino, p.read_bytes()) for p in folder.rglob("*.json")}


def modified(path: Path) -> int | None:
    """When the file at `path` was last written (ns), None when there is none."""
    return path.stat().st_mtime_ns if path.exists() else None


def first_difference(served: bytes, clean: bytes) -> str:
    """Where two versions of a file part: the served and the clean text around it."""
    at = next((i for i, (a, b) in enumerate(zip(served, clean, strict=False)) if a != b),
              min(len(served), len(clean)))
    return f"served {served[at - 80:at + 80]!r}\nclean  {clean[at - 80:at + 80]!r}"


def test_edits_rendered_by_the_kept_mkdocs_equal_a_clean_build(mini: MiniProject,
                                                               tmp_path: Path) -> None:
    mini.linked_guides()
    project = mini.project
    preview = mini.root / ".cache" / "serve" / "site"
    session = ServeSession(project)
    reloads: list[float] = []
    session.reload = lambda: reloads.append(1)

    def build():
        result = build_site(Project(mini.root), site_url=URL, site=preview, serving=True,
                            session=session)
        # The pages may be published before the edit's PDFs are laid out, and again after.
        page = preview / "en/guides/police-detention/index.html"
        assert "kb-pdf-size" not in page.read_text(encoding="utf-8")
        session.settle()
        return result

    try:
        first = build()
        assert first.built == project.codes and KEPT not in str(first.rendered)

        # A translation's edit: English only, its page in the worker while its PDF is laid
        # out beside it (the last pass puts the PDF into docs/ and the preview, its size
        # into the page).
        guide = mini.root / "content/guides/police-detention.en.md"
        pdfs_before = {p.name: p.read_bytes() for p in (preview / "en/print").glob("*.pdf")}
        search_before = search_files(preview / "en/search")
        hashes = mini.root / ".cache/read/hashed.json"
        hashes_before = modified(hashes)
        # (a text of this run only: its PDF is not in the PDF cache of earlier runs)
        docs_before = tree(project.docs_dir)
        guide.write_text(guide.read_text(encoding="utf-8").replace(
            "Text.", f"Text, edited {uuid.uuid4().hex[:8]}."), encoding="utf-8")
        result = build()
        assert result.built == ("en",) and result.rendered == {"en": f"1 changed file {KEPT}"}
        # The edit's file of docs/ was written first, the rest compared while the worker
        # rendered it; the counts are docs/'s (the PDF is written later, by the last pass).
        docs_after = tree(project.docs_dir)
        edited = [rel for rel, data in docs_after.items() if docs_before.get(rel) != data
                  and not rel.endswith(".pdf")]
        assert edited == ["en/guides/police-detention.md"]
        assert result.docs is not None and (result.docs.written, result.docs.removed) == (1, 0)
        assert result.docs.unchanged == len(docs_before) - 1
        pdfs_after = {p.name: p.read_bytes() for p in (preview / "en/print").glob("*.pdf")}
        assert sorted(pdfs_after) == sorted(pdfs_before)
        changed = [name for name in pdfs_after if pdfs_after[name] != pdfs_before[name]]
        assert len(changed) == 1 and (mini.project.docs_dir / "en/print" / changed[0]).read_bytes() \
            == pdfs_after[changed[0]]
        page = preview / "en/guides/police-detention/index.html"
        assert "Text, edited " in page.read_text(encoding="utf-8")
        same_as_clean_build(project, preview, tmp_path, "translation")
        # Only the search files whose bytes changed were written and published (the worker
        # once rewrote all of them, and each edit published them all again).
        search_after = search_files(preview / "en/search")
        kept = [p for p, found in search_after.items() if search_before.get(p) == found]
        replaced = [p for p, (inode, _) in search_after.items() if search_before.get(p, (0, b""))[0] != inode]
        assert kept and replaced
        assert all(search_before.get(p, (0, b""))[1] != search_after[p][1] for p in replaced)
        # The hashes of the inputs' files are kept when kb serve stops, not after each edit.
        assert modified(hashes) == hashes_before

        # An original's edit: its page in every language that shows it (en shows its own
        # translation, now marked outdated).
        original = mini.root / "content/guides/police-detention.tg.md"
        original.write_text(original.read_text(encoding="utf-8").replace("Матн.", "Матни нав."),
                            encoding="utf-8")
        result = build()
        assert set(result.built) == set(project.codes)
        assert all(KEPT in how for how in result.rendered.values()), result.rendered
        assert "Матни нав." in (preview / "ru/guides/police-detention/index.html").read_text(encoding="utf-8")
        same_as_clean_build(project, preview, tmp_path, "original")

        # An edit MkDocs rejects (a link to an anchor that is not there): one problem, the
        # preview as it was; the next good edit is rendered (the full way: the worker is cold).
        before = tree(preview)
        guide.write_text(guide.read_text(encoding="utf-8") + "\n[x](free-legal-aid.md#nowhere)\n",
                         encoding="utf-8")
        with pytest.raises(BuildError) as failed:
            build()
        assert "nowhere" in str(failed.value) and "police-detention.en.md" in str(failed.value)
        assert tree(preview) == before
        guide.write_text(guide.read_text(encoding="utf-8").replace("[x](free-legal-aid.md#nowhere)",
                                                                   "Fixed."), encoding="utf-8")
        result = build()
        assert result.built == ("en",) and KEPT not in result.rendered["en"]
        same_as_clean_build(project, preview, tmp_path, "fixed")

        # Warm again after that full build: the next edit is the worker's again.
        guide.write_text(guide.read_text(encoding="utf-8").replace("Fixed.", "Fixed again."),
                         encoding="utf-8")
        assert KEPT in build().rendered["en"]

        # A changed heading changes the navigation: every English page, the full way.
        guide.write_text(guide.read_text(encoding="utf-8").replace("## Steps", "## Stages"),
                         encoding="utf-8")
        result = build()
        assert result.rendered["en"].startswith("every page") and KEPT not in result.rendered["en"]
        same_as_clean_build(project, preview, tmp_path, "heading")
        session.close()
        assert str(guide) in hashes.read_text(encoding="utf-8", errors="replace")
        assert modified(hashes) != hashes_before
    finally:
        session.close()


def test_what_docs_holds_besides_an_edit_is_checked_before_its_pages_are_published(
        mini: MiniProject, tmp_path: Path) -> None:
    """While the worker renders an edit, the rest of docs/ is written (ServeSession.render's
    `meanwhile`). A file of docs/ changed by hand, which the worker may have read (another
    page's title), sends the edit the full way; a failure there publishes nothing and
    leaves the worker cold."""
    mini.linked_guides()
    project = mini.project
    preview = mini.root / ".cache" / "serve" / "site"
    session = ServeSession(project)

    def build() -> BuildResult:
        result = build_site(Project(mini.root), site_url=URL, site=preview, serving=True, session=session)
        session.settle()
        return result

    try:
        build()
        by_hand = project.docs_dir / "en/guides/free-legal-aid.md"
        generated = by_hand.read_bytes()
        by_hand.write_text("---\ntitle: Changed by hand\n---\n\nBy hand.\n", encoding="utf-8")
        source = mini.root / "content/guides/police-detention.en.md"
        source.write_text(source.read_text(encoding="utf-8").replace("Text.", "Text, edited."),
                          encoding="utf-8")
        result = build()
        assert result.built == ("en",) and KEPT not in result.rendered["en"]
        assert by_hand.read_bytes() == generated
        same_as_clean_build(project, preview, tmp_path, "by-hand")

        session.wait()  # warm again after that full build
        before = tree(preview)

        def failing() -> bool:
            raise OSError("docs/ is full")

        page = project.docs_dir / "en/guides/police-detention.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nNever published.\n", encoding="utf-8")
        assert session.ready(("en",))
        with pytest.raises(OSError, match="docs/ is full"):
            session.render(project, preview, {"en": ("en/guides/police-detention.md",)},
                           meanwhile=failing)
        assert tree(preview) == before
        assert not any(session.ready((lang,)) for lang in project.codes)
    finally:
        session.close()


def test_a_worker_never_keeps_what_was_not_published(mini: MiniProject, tmp_path: Path) -> None:
    """Found by a tester: a worker warmed up while a file of docs/ was changed by hand (its
    title), or one that rendered an edit another language's worker rejected, kept that in
    its state or folder, and a later edit it rendered published it. Such a worker is made
    cold: its next edit goes the full way and equals a clean build."""
    mini.linked_guides()
    project = mini.project
    preview = mini.root / ".cache" / "serve" / "site"
    session = ServeSession(project)
    guide = mini.root / "content/guides/police-detention.en.md"
    other = mini.root / "content/guides/free-legal-aid.en.md"

    def build() -> BuildResult:
        result = build_site(Project(mini.root), site_url=URL, site=preview, serving=True, session=session)
        session.settle()
        session.wait()
        return result

    def edit(path: Path, old: str, new: str) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    try:
        build()
        by_hand = project.docs_dir / "en/guides/free-legal-aid.md"
        generated = by_hand.read_text(encoding="utf-8")
        # 1. The warm-up reads a title changed by hand; a save that changes nothing puts
        # docs/ right (no build): English is cold, its next edit the full way.
        by_hand.write_text(generated.replace("title: Guide free-legal-aid en", "title: HAND"),
                           encoding="utf-8")
        session.warm(project, preview, ("en",), {"site_url": URL}, True)
        session.wait()
        assert build().built == () and by_hand.read_text(encoding="utf-8") == generated
        edit(guide, "Text.", "Text, one.")
        result = build()
        assert result.built == ("en",) and KEPT not in result.rendered["en"]
        same_as_clean_build(project, preview, tmp_path, "warmed-by-hand")
        # 2. The same, the hand edit put back by hand (the same bytes, a new status): the
        # next edit's comparison of docs/ finds it, and goes the full way.
        by_hand.write_text(generated.replace("title: Guide free-legal-aid en", "title: HAND"),
                           encoding="utf-8")
        session.warm(project, preview, ("en",), {"site_url": URL}, True)
        session.wait()
        by_hand.write_text(generated, encoding="utf-8")
        edit(guide, "Text, one.", "Text, two.")
        result = build()
        assert result.built == ("en",) and KEPT not in result.rendered["en"]
        same_as_clean_build(project, preview, tmp_path, "put-back-by-hand")
        edit(guide, "Text, two.", "Text, three.")
        assert KEPT in build().rendered["en"]  # warm again: an ordinary edit is the worker's
        # 3. An edit of two languages, one rejected: the other's worker rendered it too.
        # Undone (no build), then another page of that language edited.
        tajik = mini.root / "content/guides/free-legal-aid.tg.md"
        edit(guide, "Text, three.", "Text, REJECTED.")
        edit(tajik, "(police-detention.md#steps)", "(police-detention.md#nowhere)")
        with pytest.raises(BuildError, match="nowhere"):
            build()
        edit(guide, "Text, REJECTED.", "Text, three.")
        edit(tajik, "(police-detention.md#nowhere)", "(police-detention.md#steps)")
        assert build().built == ()
        edit(other, "[Detention]", "[Detention, again]")
        build()
        same_as_clean_build(project, preview, tmp_path, "rejected-elsewhere")
        assert "REJECTED" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                         for p in preview.rglob("*.json"))
    finally:
        session.close()


def test_a_file_of_docs_set_right_makes_cold_the_workers_that_may_have_read_it(mini: MiniProject) -> None:
    """A file of docs/ changed by hand and set right by a build that built nothing: the
    worker of its language is made cold, the others stay warm; a file outside every
    language's folder (which any language's MkDocs may read) makes every worker cold."""
    mini.linked_guides()
    project = mini.project
    preview = mini.root / ".cache" / "serve" / "site"
    session = ServeSession(project)
    codes = project.codes
    others = tuple(code for code in codes if code != "en")

    def build() -> BuildResult:
        result = build_site(Project(mini.root), site_url=URL, site=preview, serving=True, session=session)
        session.settle()
        session.wait()
        return result

    try:
        build()
        assert session.ready(codes)
        page = project.docs_dir / "en/guides/free-legal-aid.md"
        generated = page.read_text(encoding="utf-8")
        page.write_text(generated.replace("free-legal-aid", "HAND"), encoding="utf-8")
        assert build().built == () and page.read_text(encoding="utf-8") == generated
        assert not session.ready(("en",)) and session.ready(others)
        session.warm(project, preview, ("en",), {"site_url": URL}, True)
        session.wait()
        assert session.ready(codes)
        stray = project.docs_dir / "stray.md"
        stray.write_text("# By hand\n", encoding="utf-8")
        assert build().built == () and not stray.exists()
        assert not any(session.ready((code,)) for code in codes)
    finally:
        session.close()


def test_an_edit_that_changes_the_pruned_stylesheet_equals_a_clean_build(mini: MiniProject,
                                                                         tmp_path: Path) -> None:
    """A Tajik page (shown in every language) gets an admonition of a type no page had: the
    pruned stylesheet changes, and every language's worker points all its pages at the new
    one, its 404 pages too (found by a helper breaking kb serve: the worker's own 404.html
    and the copy of the merged site's `<lang>/404.html` it holds were both moved to
    `<lang>/404.html`, and the second move failed)."""
    mini.linked_guides()
    project = mini.project
    preview = mini.root / ".cache" / "serve" / "site"
    session = ServeSession(project)
    try:
        build_site(Project(mini.root), site_url=URL, site=preview, serving=True, session=session)
        sheet_before = sorted(p.name for p in preview.rglob("react.*.css"))
        about = mini.root / "content/pages/about.tg.md"
        about.write_text(about.read_text(encoding="utf-8").replace(
            "Text.", 'Text.\n\n!!! danger "Эҳтиёт"\n\n    Матн.\n'), encoding="utf-8")
        result = build_site(Project(mini.root), site_url=URL, site=preview, serving=True,
                            session=session)
        assert all(KEPT in how for how in result.rendered.values()), result.rendered
        assert sorted(p.name for p in preview.rglob("react.*.css")) != sheet_before
        same_as_clean_build(project, preview, tmp_path, "new-admonition")
    finally:
        session.close()


# A guide's text long enough that its PDF (some 25 pages) is laid out well after its page is
# rendered again (ten times as long at least): the edit is published before the layout ends.
LONG = "".join(f"\nParagraph {n}: the detained person may ask for a lawyer and for a copy of "
               f"the record, and may refuse to sign what they did not read. " * 3 + "\n"
               for n in range(1, 150))


def test_an_edit_is_published_before_its_pdf_is_laid_out_then_again(mini: MiniProject,
                                                                    tmp_path: Path) -> None:
    """An edit of an existing guide is published with the earlier PDF's size while its PDF
    is laid out, then again with the new PDF and its size (the browsers reloaded again), as
    a clean build makes it. A layout problem found after that (a table wider than the
    page) puts the preview back as it was, reports the problem and reloads the browsers."""
    from .test_pdf import WIDE_TABLE

    mini.linked_guides()
    preview = mini.root / ".cache" / "serve" / "site"
    page = preview / "en/guides/police-detention/index.html"
    session = ServeSession(mini.project)
    reported: list[str] = []
    reloads: list[int] = []
    session.report, session.reload = reported.append, lambda: reloads.append(1)

    def build() -> None:
        build_site(Project(mini.root), site_url=URL, site=preview, serving=True, session=session)

    try:
        build()
        pdfs = {p: p.read_bytes() for p in (preview / "en/print").glob("*.pdf")}
        guide = mini.root / "content/guides/police-detention.en.md"
        # (a text of this run only: its PDF is not in the PDF cache of earlier runs)
        guide.write_text(guide.read_text(encoding="utf-8") + LONG + f"\nRun {uuid.uuid4().hex[:8]}.\n",
                         encoding="utf-8")
        build()
        early = page.read_text(encoding="utf-8")
        assert "Paragraph 149" in early and "kb-pdf-size" not in early
        assert {p: p.read_bytes() for p in (preview / "en/print").glob("*.pdf")} == pdfs
        assert reloads == []
        session.settle()
        assert page.read_text(encoding="utf-8") != early and reloads == [1]  # the size changed
        same_as_clean_build(mini.project, preview, tmp_path, "long")

        before = tree(preview)
        guide.write_text(guide.read_text(encoding="utf-8") + f"\n{WIDE_TABLE}", encoding="utf-8")
        build()
        assert "Сутуни0" in page.read_text(encoding="utf-8")
        session.settle()
        assert len(reported) == 1 and "police-detention.en.md" in reported[0], reported
        assert "wider than the page" in reported[0] and "Traceback" not in reported[0]
        assert tree(preview) == before and reloads == [1, 1]
        assert not list(preview.parent.glob(".serve-*"))  # nothing left beside the preview
        # Fixed: built (the full way: the worker is cold), as a clean build makes it.
        guide.write_text(guide.read_text(encoding="utf-8").replace(WIDE_TABLE, "Fixed.\n"),
                         encoding="utf-8")
        build()
        session.settle()
        same_as_clean_build(mini.project, preview, tmp_path, "fixed")
    finally:
        session.close()


def test_an_edit_moves_what_pages_load_before_the_pages() -> None:
    written = ["en/guides/x/index.html", "en/assets/stylesheets/react.1a2b.css", "404.html",
               "en/search/d/0.json", "en/guides/x.pdf", "en/assets/javascripts/react.3c.js"]
    order = publish_order(written)
    assert sorted(order) == sorted(written)
    assert [path.endswith(".html") for path in order] == [False] * 4 + [True] * 2


def test_kb_serve_holds_weasyprint_for_the_pdf_workers_it_forks(mini: MiniProject) -> None:
    """Each build of kb serve forks the workers laying out an edit's PDFs from kb serve's
    process: WeasyPrint is imported there once, when the session starts (a new process here,
    so that nothing else of the tests imported it)."""
    script = ("import sys; from pathlib import Path; from scripts.project import Project; "
              "from scripts.serve_session import ServeSession; "
              "before = 'weasyprint' in sys.modules; ServeSession(Project(Path(sys.argv[1]))).close(); "
              "print(before, 'weasyprint' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", script, str(mini.root)], check=True, text=True,
                           capture_output=True, cwd=Path(__file__).parents[1]).stdout.split()
    assert found == ["False", "True"]
