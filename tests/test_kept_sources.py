"""The meta of kept pages, kept between builds (scripts/kept_sources.py, issue 18.5): what a
partial build takes from the file is what MkDocs would have parsed, the file is read (a
poisoned entry shows), and `kb build --force` or another version reads none of it."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path

import pytest

from scripts import kept_sources
from scripts.boundary import mkdocs
from scripts.build import build_site
from scripts.kept_sources import KeptSources
from scripts.write import read_cache_file, write_cache_file

from .conftest import MiniProject

SOURCES = [
    "---\ntitle: Қадамҳо\nreviewed: 2026-11-01\nglossary:\n  terms:\n  - [hiv, ВИЧ]\n---\n\n# Body\n",
    "---\r\ntitle: CRLF\r\n---\r\nText\r\n",
    "---\ntitle: Empty body\n---\n",
    "title: MultiMarkdown\nother: value\n\nText after.\n",
    "No meta at all.\n",
    "---\n- a list, not a mapping\n---\nText\n",
    "---\ntitle: [broken\n---\nText\n",
    "",
]


@pytest.mark.parametrize("source", SOURCES)
def test_the_kept_meta_is_what_mkdocs_parses(tmp_path: Path, source: str) -> None:
    path = tmp_path / "en.pickle"
    first = KeptSources(path)
    assert first.parse(source) == mkdocs.front_matter(source)
    first.save()
    again = KeptSources(path)
    markdown, meta = again.parse(source)
    assert (markdown, meta) == mkdocs.front_matter(source)
    meta["title"] = "changed by a plugin"  # a meta of its own: the next page's is untouched
    assert again.parse(source) == mkdocs.front_matter(source)


def test_a_build_records_each_page_and_the_next_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "en.pickle"
    sources = {f"---\ntitle: Page {i}\nreviewed: 2026-11-0{i}\n---\nText {i}\n" for i in range(1, 6)}
    built = KeptSources(path)
    for source in sorted(sources):
        built.record(source, *mkdocs.front_matter(source))  # as MkDocs read them
    built.save()
    later = KeptSources(path)
    for source in sorted(sources):
        assert later.parse(source)[1]["reviewed"] == mkdocs.front_matter(source)[1]["reviewed"]
    assert later.taken == 5
    assert isinstance(later.parse(sorted(sources)[0])[1]["reviewed"], datetime.date)
    fresh = KeptSources(path, fresh=True)  # kb build --force reads no cache
    fresh.parse(sorted(sources)[0])
    assert fresh.taken == 0


def kept_file(path: Path, source: str) -> tuple[tuple[str, ...], dict]:
    """Keep `source`'s meta in the file `path`, as a build does; (versions, entries) of it."""
    kept = KeptSources(path)
    kept.parse(source)
    kept.save()
    versions, entries = pickle.loads(read_cache_file(path) or b"")
    return versions, entries


def test_a_file_of_other_versions_or_broken_is_an_empty_cache(tmp_path: Path) -> None:
    path = tmp_path / "en.pickle"
    source = "---\ntitle: A\n---\nText\n"
    versions, entries = kept_file(path, source)
    write_cache_file(path, pickle.dumps((("another MkDocs", *versions[1:]), entries)))
    other = KeptSources(path)
    other.parse(source)
    assert other.taken == 0
    path.write_bytes(b"not a cache file")
    broken = KeptSources(path)
    assert broken.parse(source) == mkdocs.front_matter(source) and broken.taken == 0
    write_cache_file(path, b"not a pickle")
    assert KeptSources(path).known == {}


@pytest.mark.slow
def test_a_partial_build_takes_the_kept_pages_meta_from_the_file(mini: MiniProject) -> None:
    """A whole build records every page's meta; the next edit's partial build takes the
    kept pages' from the file: a title poisoned there shows in the navigation of the page
    it renders (so the file is read), and `--force` reads none of it."""
    mini.linked_guides()
    build_site(mini.project)
    path = mini.root / kept_sources.FOLDER / "en.pickle"
    versions, entries = pickle.loads(read_cache_file(path) or b"")
    kept_page = (mini.root / "docs/en/guides/free-legal-aid.md").read_text(encoding="utf-8")
    digest = kept_sources._digest(kept_page)
    assert digest in entries, "the whole build recorded the page"
    start, meta = entries[digest]
    poisoned = {**pickle.loads(meta), "title": "Poisoned title"}
    entries[digest] = (start, pickle.dumps(poisoned))
    write_cache_file(path, pickle.dumps((versions, entries)))

    guide = mini.root / "content/guides/police-detention.en.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Text.", "Text, edited."), encoding="utf-8")
    result = build_site(mini.project)
    assert result.built == ("en",) and "changed file" in result.rendered["en"]
    rendered = (mini.root / "site/en/guides/police-detention/index.html").read_text(encoding="utf-8")
    assert "Poisoned title" in rendered

    build_site(mini.project, force=True)
    rendered = (mini.root / "site/en/guides/police-detention/index.html").read_text(encoding="utf-8")
    assert "Poisoned title" not in rendered


@pytest.mark.parametrize("damaged", [
    "not a pair", (1, 2, 3), (0, b"not a pickle"), (10_000, pickle.dumps({"title": "Far"})),
    (-1, pickle.dumps({"title": "Before"})), ("0", pickle.dumps({})), (0, pickle.dumps(["a list"])),
    (0, None),
])
def test_a_damaged_entry_is_parsed_again(tmp_path: Path, damaged: object) -> None:
    """An entry that is not what `record` keeps (a file made by hand, with a valid checksum:
    a fresh tester's) is no answer: the source is parsed, never a failed build."""
    path = tmp_path / "en.pickle"
    source = "---\ntitle: A\nreviewed: 2026-11-01\n---\nText\n"
    versions, entries = kept_file(path, source)
    write_cache_file(path, pickle.dumps((versions, {digest: damaged for digest in entries})))
    again = KeptSources(path)
    assert again.parse(source) == mkdocs.front_matter(source) and again.taken == 0
