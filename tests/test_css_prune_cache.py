"""The pruned stylesheet kept between builds (scripts/css_prune.py `pruned`, issue 18.5).

Pruning Material's stylesheet parses it whole (tinycss2, cssselect2): about 0.3 s of every
language's build, and most of what `kb serve`'s kept MkDocs did for an edit of one page. The
result depends on the stylesheet and on the words of the vocabulary a selector or a custom
property can name, so it is kept under those:

- the key: an edit that adds words no rule names (a page's text in a `<meta>` description, a
  new link) finds the stylesheet pruned before; a word a rule names makes a new key;
- the result is the one `prune` gives for the whole vocabulary (Material's real stylesheet,
  escaped names);
- the files: read by a later process, at most `KEEP_ON_DISK` of them; `kb build --force`
  prunes again whatever they hold.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scripts import css_prune, page_assets
from scripts.build import build_site
from scripts.project import Project
from scripts.write import read_cache_file, write_cache_file

from .conftest import REPO, MiniProject
from .test_css_prune import sheet_of, whole_stylesheet

POISON = "/*not pruned by this build*/"


@pytest.fixture(autouse=True)
def _no_memory() -> None:
    """Each test starts as a new process does: nothing pruned in memory."""
    css_prune._pruned.clear()


def test_the_words_no_rule_names_do_not_change_the_result() -> None:
    material_css, own = whole_stylesheet(Project(REPO))
    css = material_css.decode("utf-8")
    named = sorted(css_prune.looked_up(css))
    rng = random.Random(18)
    # Words no rule of the stylesheet names: text words, other cases of names it has.
    noise = {"Зиндон", "sentence", "MD-TYPESET", "Md-Nav", "zqxv-1", "DIV"} - set(named)
    assert noise == {"Зиндон", "sentence", "MD-TYPESET", "Md-Nav", "zqxv-1", "DIV"}
    for _ in range(3):
        vocabulary = set(rng.sample(named, len(named) // 2))
        assert css_prune.prune(css, vocabulary | noise, own.decode("utf-8")) == \
            css_prune.prune(css, vocabulary, own.decode("utf-8"))


def test_the_stylesheet_parsed_once_a_process_prunes_as_parsed_each_time() -> None:
    """Material's stylesheet is parsed once a process (`_rules`) and pruned for each
    language's words: pruning for some words must leave the parsed rules as they were, so
    that the next words get what a stylesheet parsed for them alone gives."""
    material_css, own = whole_stylesheet(Project(REPO))
    css, also_read = material_css.decode("utf-8"), own.decode("utf-8")
    named = sorted(css_prune.looked_up(css))
    rng = random.Random(5)
    vocabularies = [set(rng.sample(named, len(named) * share // 10)) for share in (2, 5, 8)]
    alone = []
    for vocabulary in vocabularies:
        css_prune._rules.cache_clear()
        alone.append(css_prune.prune(css, vocabulary, also_read))
    assert len(set(alone)) == 3  # the words make a difference
    css_prune._rules.cache_clear()
    for _ in range(2):
        for vocabulary, expected in zip(vocabularies, alone, strict=True):
            assert css_prune.prune(css, vocabulary, also_read) == expected
    assert css_prune._rules.cache_info().hits >= 5


def test_escaped_names_count_as_the_names_they_stand_for() -> None:
    css = r".\31 0{top:0}.a\-b{left:0}.\62 c{right:0}.x{bottom:0}"
    assert {"10", "a-b", "bc"} <= css_prune.looked_up(css)
    for vocabulary in ({"10"}, {"a-b", "bc"}, {"x", "10", "bc"}):
        css_prune._pruned.clear()
        assert css_prune.pruned(css, vocabulary) == css_prune.prune(css, vocabulary)
    assert css_prune.prune(css, {"10"}) == r".\31 0{top:0}"  # not dropped as unknown


def test_later_processes_read_the_file_and_a_named_word_makes_a_new_one(tmp_path: Path) -> None:
    css = ".a{top:0}.b{left:0}.c .d{right:0}"
    first = css_prune.pruned(css, {"a", "text"}, folder=tmp_path)
    assert first == ".a{top:0}"
    [stored] = tmp_path.glob("*.css")
    assert read_cache_file(stored) == first.encode()
    write_cache_file(stored, (first + POISON).encode())  # to tell a read from pruning again
    css_prune._pruned.clear()  # a new process
    assert css_prune.pruned(css, {"a", "other", "words"}, folder=tmp_path) == first + POISON
    # Changed since it was written (by hand, a disk error): not read, pruned again.
    stored.write_bytes(stored.read_bytes().replace(POISON.encode(), b""))
    css_prune._pruned.clear()
    assert css_prune.pruned(css, {"a", "other", "words"}, folder=tmp_path) == first
    write_cache_file(stored, (first + POISON).encode())
    # A word a rule names: pruned again, a second file.
    assert css_prune.pruned(css, {"a", "b"}, folder=tmp_path) == ".a{top:0}.b{left:0}"
    assert len(list(tmp_path.glob("*.css"))) == 2
    # A fresh build prunes again and stores what it found.
    css_prune._pruned.clear()
    assert css_prune.pruned(css, {"a"}, folder=tmp_path, read=False) == first
    assert read_cache_file(stored) == first.encode()


def test_a_file_another_build_removed_is_pruned_again(tmp_path: Path) -> None:
    """The languages' builds run side by side, and each trims the folder: a file found a
    moment ago may be gone when it is read."""
    assert css_prune._stored(tmp_path / "gone.css") is None
    css = ".a{top:0}.b{left:0}"
    css_prune.pruned(css, {"a"}, folder=tmp_path)
    css_prune._pruned.clear()
    for path in tmp_path.glob("*.css"):
        path.unlink()
    assert css_prune.pruned(css, {"a"}, folder=tmp_path) == ".a{top:0}"


def test_the_folder_keeps_the_newest_only(tmp_path: Path) -> None:
    css = "".join(f".w{i}{{top:{i}px}}" for i in range(20))
    for i in range(css_prune.KEEP_ON_DISK + 4):
        css_prune.pruned(css, {f"w{i}"}, folder=tmp_path)
    assert len(list(tmp_path.glob("*.css"))) == css_prune.KEEP_ON_DISK
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_builds_read_the_cache_and_force_prunes_again(mini: MiniProject) -> None:
    mini.linked_guides()
    build_site(mini.project)
    site = mini.root / "site"
    # One per language whose words differ, maybe pruned to the same rules.
    english = sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8")
    stored = list((mini.root / ".cache" / "css-prune").glob("*.css"))
    assert 1 <= len(stored) <= len(mini.project.codes)
    assert any(english.startswith((read_cache_file(path) or b"").decode()) for path in stored)
    for path in stored:  # as another build would have written them
        write_cache_file(path, (read_cache_file(path) or b"") + POISON.encode())

    # An edit of English text only: English is built again, its stylesheet from the file.
    guide = mini.root / "content/guides/free-legal-aid.en.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nZqxv words.\n", encoding="utf-8")
    assert build_site(mini.project).built == ("en",)
    assert POISON in sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8")

    # --force builds as a fresh clone would: pruned again, and the file is right again.
    build_site(mini.project, force=True)
    sheets = {sheet_of(site, f"{lang}guides/free-legal-aid/index.html").resolve()
              for lang in ("", "en/")}
    assert all(POISON not in sheet.read_text(encoding="utf-8") for sheet in sheets)
    assert all(POISON not in path.read_text(encoding="utf-8") for path in stored)


@pytest.mark.slow
def test_the_words_of_each_page_are_kept_between_builds(mini: MiniProject) -> None:
    """Each language's build keeps the words of its pages' tags that the stylesheet names,
    by the digest of each page (page_assets.WORDS_CACHE): an edit's build reads the words of
    its unchanged pages from there, not from their HTML, and gets the stylesheet a build
    reading every page gets; `--force` reads every page."""
    mini.linked_guides()
    build_site(mini.project)
    site = mini.root / "site"
    kept = mini.root / page_assets.WORDS_CACHE / "en.json"
    first = json.loads(read_cache_file(kept) or b"{}")
    pages = len(list((site / "en").rglob("*.html")))  # its pages, 404 page, offline page
    assert len(first["entries"]) == pages
    english = sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8")

    def edit(words: str) -> None:
        guide = mini.root / "content/guides/free-legal-aid.en.md"
        guide.write_text(guide.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        assert build_site(mini.project).built == ("en",)

    # The first edit's build reads a page whose PDF's size the last pass filled in (after
    # the words were taken) as a new one; the next edit's, only the edited page.
    edit("Zqxv words.")
    assert sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8") == english
    after_first = len(json.loads(read_cache_file(kept) or b"{}")["entries"])
    assert pages + 1 <= after_first <= pages + 2
    edit("Zqxv other words.")
    assert sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8") == english
    assert len(json.loads(read_cache_file(kept) or b"{}")["entries"]) == after_first + 1

    # Every page's words as nothing (written as a build would: the checksum holds): the
    # next build's stylesheet keeps only what the edited page and the scripts name.
    emptied = json.loads(read_cache_file(kept) or b"{}")
    emptied["entries"] = {key: [age, "0"] for key, (age, _) in emptied["entries"].items()}
    write_cache_file(kept, json.dumps(emptied).encode())
    css_prune._pruned.clear()
    edit("More words.")
    poor = sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8")
    assert len(poor) < len(english)
    # A fresh build reads every page again, and the file is right again.
    build_site(mini.project, force=True)
    assert sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8") == english
    css_prune._pruned.clear()
    edit("Last words.")
    assert sheet_of(site, "en/guides/free-legal-aid/index.html").read_text(encoding="utf-8") == english
