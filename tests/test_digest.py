"""The build's decisions (scripts/digest.py): what is rebuilt, and why, from fingerprints of
its inputs. No MkDocs build: docs/ and site/ are written by hand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts import digest
from scripts.project import Project

from .conftest import settings_only

LANGS = ("tg", "ru", "en", "uz")
FIGURES = "period,region,dimension,category,count\n2020,tj,total,cases,165\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = settings_only(tmp_path / "project").root
    write(root, "content/guides/x.ru.md", "original\n")
    write(root, "content/guides/x.en.md", "translation\n")
    write(root, "aggregates/cases.csv", "period,region,dimension,category,count\n")
    for lang in LANGS:
        write(root, f"docs/{lang}/index.md", f"home {lang}\n")
        write(root, f"docs/{lang}/guides/x.md", f"guide {lang}\n")
        write(root, f"docs/{lang}/statistics/cases/2020.md", f"figures {lang}\n")
    return Project(root)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {lang for lang in after if before[lang] != after[lang]}


def everything(project: Project) -> dict[str, str]:
    files = digest.source_inventory(project)
    for entries in digest.inventories(project).values():
        files.update(entries)
    return files


def test_the_languages_read_the_project_s_language_list(project: Project) -> None:
    assert tuple(digest.input_digests(project)) == LANGS == project.codes


def test_an_edit_to_one_language_s_pages_changes_only_that_language(project: Project) -> None:
    before = digest.input_digests(project)
    write(project.root, "docs/en/guides/x.md", "guide en, edited\n")
    assert changed(before, digest.input_digests(project)) == {"en"}


@pytest.mark.parametrize("edit", [
    "mkdocs.yml",               # settings
    "overrides/main.html",      # the theme
    "docs/ru/guides/new.md",    # a new page: every language switcher links to it
    "docs/extra.js",            # a file outside the language folders: all read it
])
def test_an_edit_every_language_reads_changes_every_language(project: Project, edit: str) -> None:
    before = digest.input_digests(project)
    path = project.root / edit
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("# changed\n")
    assert changed(before, digest.input_digests(project)) == set(LANGS)


def test_the_build_date_and_settings_are_inputs(project: Project, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    before = digest.input_digests(project, "site_url=")
    assert digest.input_digests(project, "site_url=") == before  # the same inputs, the same digests
    assert changed(before, digest.input_digests(project, "site_url=https://example.org/")) == set(LANGS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert changed(before, digest.input_digests(project, "site_url=")) == set(LANGS)


def test_the_sources_of_docs_are_content_aggregates_and_settings_not_docs(project: Project) -> None:
    before = digest.source_digest(project)
    write(project.root, "docs/en/guides/x.md", "a hand edit of generated docs/\n")
    assert digest.source_digest(project) == before
    write(project.root, "aggregates/cases.csv", FIGURES)
    assert digest.source_digest(project) != before


def test_a_language_is_kept_only_when_its_digest_and_its_pages_are_there(project: Project) -> None:
    site = project.root / "site"
    for folder in ("", "ru/", "en/"):  # no uz/index.html
        write(site, f"{folder}index.html", "<html></html>\n")
    digests = digest.input_digests(project)
    digest.store(site, digests, digest.source_digest(project), everything(project))
    assert digest.Record.read(project, site).unchanged(project, site, digests) == {"tg", "ru", "en"}
    write(project.root, "docs/ru/index.md", "home ru, edited\n")
    assert digest.Record.read(project, site).unchanged(
        project, site, digest.input_digests(project)) == {"tg", "en"}
    # A site not built by kb, or a digest file damaged: nothing is kept.
    (site / digest.DIGEST_FILE).write_text("{not json", encoding="ascii")
    assert digest.Record.read(project, site) == digest.Record()
    assert digest.Record.read(project, site).unchanged(project, site, digests) == set()


def test_a_language_whose_files_in_site_changed_since_its_build_is_not_kept(project: Project) -> None:
    site = project.root / "site"
    for folder in ("", "ru/", "en/", "uz/"):
        write(site, f"{folder}index.html", "<html></html>\n")
    digests = digest.input_digests(project)
    digest.store(site, digests, digest.source_digest(project), everything(project), project)
    record = digest.Record.read(project, site)
    assert record.tampered == frozenset()
    assert record.unchanged(project, site, digests) == set(project.codes)
    write(site, "ru/guides/x/index.html", "<html>added by hand</html>\n")
    record = digest.Record.read(project, site)
    assert record.tampered == {"ru"}
    assert record.unchanged(project, site, digests) == set(project.codes) - {"ru"}
    # kb serve does not compare them (only it writes its preview).
    assert digest.Record.read(project, site, outputs=False).tampered == frozenset()
    (site / "ru/guides/x/index.html").unlink()
    (site / "index.html").write_text("<html>edited</html>\n", encoding="utf-8")
    assert digest.Record.read(project, site).tampered == {"tg"}


def test_the_inventory_is_stored_with_the_digests(project: Project) -> None:
    site = project.root / "site"
    site.mkdir()
    files = everything(project)
    digests = digest.input_digests(project)
    digest.store(site, digests, "abc", files)
    record = digest.Record.read(project, site)
    assert record.digests == {**digests, digest.SOURCES: "abc"}
    assert record.files == files
    assert "content/guides/x.en.md" in files and "docs/uz/guides/x.md" in files
    assert files["package mkdocs"] == "1.6.1"


def explain(project: Project, lang: str, before: dict[str, str]) -> list[str]:
    return digest.explain(lang, project.codes, before, everything(project))


def test_why_a_translation_edit_rebuilds_its_language(project: Project) -> None:
    before = everything(project)
    write(project.root, "content/guides/x.en.md", "translation, edited\n")
    write(project.root, "docs/en/guides/x.md", "guide en, edited\n")
    assert explain(project, "en", before) == ["content/guides/x.en.md changed"]


def test_why_an_original_edit_rebuilds_the_languages_that_show_it(project: Project) -> None:
    before = everything(project)
    write(project.root, "content/guides/x.ru.md", "original, edited\n")
    for lang in ("tg", "ru", "uz"):  # the original and the fallbacks; en is a translation
        write(project.root, f"docs/{lang}/guides/x.md", f"guide {lang}, edited\n")
    for lang in ("tg", "ru", "uz"):
        assert explain(project, lang, before) == ["content/guides/x.ru.md changed"]


def test_why_new_figures_rebuild_the_statistics(project: Project) -> None:
    before = everything(project)
    write(project.root, "aggregates/cases.csv", FIGURES)
    write(project.root, "aggregates/vocabulary.yml", "dimensions: {}\n")
    write(project.root, "docs/tg/statistics/cases/2020.md", "figures tg, new\n")
    # The page is named after the dataset, so only the dataset's file is named.
    assert explain(project, "tg", before) == ["aggregates/cases.csv changed"]


def test_why_a_hand_edit_of_docs_or_a_shared_input_rebuilds(project: Project) -> None:
    before = everything(project)
    write(project.root, "docs/ru/index.md", "edited by hand\n")
    assert explain(project, "ru", before) == ["docs/ru/index.md changed"]
    before = everything(project)
    write(project.root, "overrides/main.html", "{# new #}\n")
    write(project.root, "docs/en/guides/y.md", "a new guide\n")
    assert explain(project, "tg", before) == ["docs/en/guides/y.md added", "overrides/main.html changed"]


def test_why_names_package_upgrades_and_settings(project: Project, monkeypatch) -> None:
    before = everything(project)
    before["package mkdocs"] = "1.6.0"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert explain(project, "uz", before) == ["package mkdocs 1.6.0 -> 1.6.1", "SOURCE_DATE_EPOCH changed"]


def test_why_is_short_and_says_when_there_is_no_record(project: Project) -> None:
    assert explain(project, "tg", {}) == ["no record of the previous build"]
    before = everything(project)
    for i in range(6):
        write(project.root, f"overrides/partials/p{i}.html", "x\n")
    assert explain(project, "tg", before) == [f"overrides/partials/p{i}.html added" for i in range(3)] + \
        ["and 3 more"]


def test_a_change_of_code_is_named_before_the_pages_it_changed(project: Project) -> None:
    before = everything(project)
    before["scripts/render.py"] = "0" * 64  # the code docs/ was generated with, and site/ built
    for lang in LANGS:
        write(project.root, f"docs/{lang}/index.md", f"home {lang}, rendered otherwise\n")
    assert explain(project, "tg", before) == ["scripts/render.py changed", "docs/tg/index.md changed"]


def test_the_sources_hold_what_features_declare_as_inputs(project: Project) -> None:
    """The core imports no feature: the templates feature declares the browser library it
    copies into docs/ (`inputs`, features.py), so a new version changes the sources."""
    import hashlib

    from scripts.appeals.assets import find_library, search_roots

    library = find_library(search_roots(project.root))
    assert library is not None  # node_modules/ of the checkout (make installs it)
    assert digest.source_inventory(project)["library docx"] == hashlib.sha256(library.code).hexdigest()


@pytest.fixture
def new_process(monkeypatch: pytest.MonkeyPatch):
    """Forget the hashes this process knows, as a new kb build starts knowing nothing."""
    def forget() -> None:
        monkeypatch.setattr(digest, "_HASHED", {})
    forget()
    return forget


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files digest.py opens from now on (to hash them)."""
    seen: list[str] = []

    def spy(path, *args, **kwargs):
        seen.append(str(path))
        return open(path, *args, **kwargs)
    monkeypatch.setattr(digest, "open", spy, raising=False)
    return seen


def test_an_unchanged_file_is_hashed_once_across_builds(project: Project, new_process,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The sources' files whose status (size, times, inode) is what the last build saw are
    not read again; a hand edit that keeps size and modification time still is (its change
    time moved), and the inventory is the same as without the kept hashes."""
    monkeypatch.setattr(digest, "RACY", 0)  # these files were all written just now
    state = project.root / ".cache/read/hashed.json"
    with digest.hashes_kept(state, project.root):
        first = digest.source_inventory(project)
    new_process()
    opened = _opened(monkeypatch)
    with digest.hashes_kept(state, project.root):
        assert digest.source_inventory(project) == first
    assert [path for path in opened if path.startswith(str(project.root))] == []

    page = project.root / "content/guides/x.en.md"
    before = page.stat()
    page.write_text("translatioN\n", encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    new_process()
    with digest.hashes_kept(state, project.root):
        after = digest.source_inventory(project)
    assert [path for path in opened if path.startswith(str(project.root))] == [str(page)]
    assert after["content/guides/x.en.md"] != first["content/guides/x.en.md"]
    new_process()
    assert digest.source_inventory(project) == after  # without kept hashes: the same


def test_a_file_changed_just_before_it_was_hashed_is_not_kept(project: Project, new_process) -> None:
    """Two writes within one tick of the file system's clock, of the same size, have the
    same status: a file changed within `RACY` of its hashing is hashed again next time."""
    page = project.root / "content/guides/x.en.md"
    page.write_text("translation\n", encoding="utf-8")
    digest.source_inventory(project)
    assert str(page) not in digest._HASHED
    old = project.root / "aggregates/cases.csv"
    os.utime(old, ns=(0, 0))  # its change time is now: still not kept
    digest.source_inventory(project)
    assert str(old) not in digest._HASHED


def test_a_broken_or_unwritable_hashes_file_is_nothing_kept(project: Project, new_process,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "RACY", 0)
    first = digest.source_inventory(project)
    state = project.root / ".cache/read/hashed.json"
    for broken in ("{", '{"x": [1]}', "[]", '{"%s": [1, 2, 3, 4, "not the hash"]}'):
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(broken % str(project.root / "content/guides/x.ru.md") if "%s" in broken
                         else broken, encoding="utf-8")
        new_process()
        with digest.hashes_kept(state, project.root):
            assert digest.source_inventory(project) == first
    (project.root / ".cache").rename(project.root / ".cache-moved")
    (project.root / ".cache").write_text("a file", encoding="utf-8")
    with digest.hashes_kept(state, project.root):
        assert digest.source_inventory(project) == first
