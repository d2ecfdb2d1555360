"""The inventory of docs/ taken from what the build just wrote (digest.inventories with `docs`,
incremental.nav_inventory with `docs`) is the one read from disk, and a language's navigation
entry is taken from the previous build only when nothing it is computed from changed
(incremental.kept_nav). No MkDocs build: docs/ is written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import digest, incremental
from scripts.project import Project
from scripts.write import sync_tree

from .conftest import settings_only

LANGS = ("tg", "ru", "en", "uz")


def _docs() -> dict[str, str | bytes]:
    docs: dict[str, str | bytes] = {"README.txt": "outside the language folders\n"}
    for lang in LANGS:
        docs[f"{lang}/index.md"] = f"---\ntitle: Home {lang}\n---\n# Home\n"
        docs[f"{lang}/guides/x.md"] = f"---\ntitle: X {lang}\nnav_order: 2\n---\n## Step {{#step}}\n"
        docs[f"{lang}/guides/x-y.md"] = '<p id="a">y</p>\n'
        docs[f"{lang}/guides/x.pdf"] = b"%PDF-1.7 \xff\x00"
    return docs


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return settings_only(tmp_path / "project")


def test_the_inventory_from_memory_is_the_one_read_from_disk(project: Project) -> None:
    docs = _docs()
    sync_tree(project.docs_dir, docs)
    assert digest.inventories(project, "x", docs) == digest.inventories(project, "x")
    for lang in LANGS:
        assert incremental.nav_inventory(project, lang, docs) == incremental.nav_inventory(project, lang)


def _inventory(project: Project, docs: dict[str, str | bytes]) -> dict[str, str]:
    files = {"scripts/incremental.py": "code"}
    for entries in digest.inventories(project, "", docs).values():
        files.update(entries)
    for lang in LANGS:
        files.update(incremental.nav_inventory(project, lang, docs))
    return files


@pytest.mark.parametrize("edit", ["page", "new page", "removed page", "code", "no record"])
def test_the_previous_navigation_is_kept_only_when_its_inputs_match(project: Project, edit: str) -> None:
    docs = _docs()
    before = _inventory(project, docs)
    after = dict(before)
    nav = incremental.NAV.format(lang="en")
    assert incremental.kept_nav("en", before, after) == {nav: before[nav]}
    # A download or another language's page is not part of English's navigation.
    after["docs/en/guides/x.pdf"] = after["docs/ru/guides/x.md"] = "changed"
    assert incremental.kept_nav("en", before, after) == {nav: before[nav]}
    if edit == "page":
        after["docs/en/guides/x.md"] = "changed"
    elif edit == "new page":
        after["docs/en/guides/z.md"] = "new"
    elif edit == "removed page":
        del after["docs/en/guides/x-y.md"]
    elif edit == "code":
        after["scripts/incremental.py"] = "changed"
    else:
        del before[nav]
    assert incremental.kept_nav("en", before, after) is None


@pytest.mark.parametrize("changed", [
    {"en/guides/x.pdf": b"%PDF-1.7 laid out again"},  # a PDF laid out meanwhile
    {"ru/guides/new.pdf": b"%PDF new", "tg/guides/x.pdf": b"%PDF tg"},  # a new one, another
    {"shared.txt": b"outside the language folders"},  # read by every language
    {"uz/guides/x.md": "---\ntitle: Changed\n---\n"},  # text, as pages are held
])
def test_the_inventory_with_a_few_files_changed_is_the_one_taken_again(
        project: Project, changed: dict[str, str | bytes]) -> None:
    docs = _docs()
    before = digest.inventories(project, "x", docs)
    after = digest.with_files(project, before, changed)
    assert after == digest.inventories(project, "x", {**docs, **changed})
    assert before == digest.inventories(project, "x", docs)  # new dicts: the first is kept


@pytest.mark.parametrize("edit, kept", [
    ("body", True),  # a sentence of the text: the same titles and headings
    ("heading", False),
    ("title", False),
    ("anchor", False),  # an explicit id in HTML
    ("by hand", False),  # docs/ is not what the previous build wrote: not trusted
    ("many", False),  # more pages changed than are worth reading again
])
def test_a_page_edited_without_touching_its_outline_keeps_the_navigation(
        project: Project, edit: str, kept: bool) -> None:
    """With docs/ still holding the previous build's files, a changed page whose outline (titles,
    headings, ids) is the same keeps the language's navigation entry, which then equals the one
    computed again; any other change, or a docs/ file not the one hashed, computes it."""
    docs = _docs()
    for n in range(incremental.OUTLINES_COMPARED + 1):
        docs[f"en/guides/p{n}.md"] = f"---\ntitle: P{n}\n---\n## Part {n}\n\nText.\n"
    sync_tree(project.docs_dir, docs)
    before = _inventory(project, docs)
    new = dict(docs)
    x = "en/guides/x.md"
    if edit == "body":
        new[x] = str(docs[x]) + "\nA sentence more.\n"
    elif edit == "heading":
        new[x] = str(docs[x]).replace("## Step", "## Steps")
    elif edit == "title":
        new[x] = str(docs[x]).replace("title: X en", "title: Y en")
    elif edit == "anchor":
        new["en/guides/x-y.md"] = '<p id="b">y</p>\n'
    elif edit == "by hand":
        (project.docs_dir / x).write_text("---\ntitle: X en\n---\n## Other\n", encoding="utf-8")
        new[x] = str(docs[x]) + "\nA sentence more.\n"
    else:
        for n in range(incremental.OUTLINES_COMPARED + 1):
            new[f"en/guides/p{n}.md"] = str(docs[f"en/guides/p{n}.md"]) + "More.\n"
    after = _inventory(project, new)
    nav = incremental.NAV.format(lang="en")
    assert incremental.kept_nav("en", before, after) is None  # without docs/ to compare with
    got = incremental.kept_nav("en", before, after, project, new)
    if kept:
        assert got == {nav: before[nav]} == incremental.nav_inventory(project, "en", new)
    else:
        assert got is None
        if edit in ("heading", "title", "anchor"):  # (the other two: the same navigation)
            assert incremental.nav_inventory(project, "en", new)[nav] != before[nav]
