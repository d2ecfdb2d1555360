"""The last check of the built site keeps its results between builds (memo.FileStore, kb
build's `.cache/checked/site.json`): which trainer notes a page's text holds is searched
again only for texts, or notes, that changed, and the problems are those of a check
without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.build import CHECKED, build_site
from scripts.features import check_site
from scripts.memo import FileStore
from scripts.mkdocs_run import LanguageWorkers
from scripts.write import write_cache_file
from tests.samples import MODULE

SECRET = "The right answer is B: the police must let the client call a lawyer."
OTHER = "Ask the group which rights were respected before you read them the list."


def _site(root: Path) -> Path:
    """A built site's pages in every language, each holding both texts (no note yet)."""
    site = root / "site"
    for rel in ("guides/x/index.html", "en/guides/x/index.html", "ru/guides/x/index.html",
                "uz/guides/x/index.html", "uz/search/index.json"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"<p>{SECRET}</p><p>{OTHER}</p>" if rel.endswith(".html") else
                                f'{{"docs": [{{"text": "{SECRET} {OTHER}"}}]}}', encoding="utf-8")
    return site


def _note(mini, text: str) -> None:
    mini.write("training/first.en.md", MODULE.replace("## Part", f'!!! trainer "A"\n    {text}\n\n## Part'))


def _where(problems) -> list[str]:
    return sorted(p.message.split(" in ")[-1] for p in problems.items)


def test_kept_results_give_the_problems_of_a_check_without_them(mini, tmp_path: Path) -> None:
    site = _site(tmp_path)
    path = tmp_path / "checked.json"
    _note(mini, SECRET)
    first = FileStore.read(path, "code")
    assert _where(check_site(mini.project, site, kept=first)) == _where(check_site(mini.project, site))
    assert len(_where(check_site(mini.project, site))) == 5 and first.used
    first.write(path)

    # Nothing changed: every text's result comes from the file (nothing new is computed:
    # every entry used was read), in the worker processes too.
    with LanguageWorkers(mini.project) as workers:
        again = FileStore.read(path, "code")
        found = check_site(mini.project, site, None, workers.spread, again)
    assert _where(found) == _where(check_site(mini.project, site))
    assert again.used and set(again.used) <= set(again.entries)
    again.write(path)

    # Another note: the same unchanged texts are searched for it (the notes are in the key).
    _note(mini, OTHER)
    other = FileStore.read(path, "code")
    assert _where(check_site(mini.project, site, kept=other)) == _where(check_site(mini.project, site))
    assert len(_where(check_site(mini.project, site))) == 5
    assert not set(other.used) <= set(other.entries)

    # A page edited: found again where it still holds the note, not where it no longer does.
    other.write(path)
    (site / "en/guides/x/index.html").write_text("<p>Edited.</p>", encoding="utf-8")
    edited = FileStore.read(path, "code")
    assert _where(check_site(mini.project, site, kept=edited)) == _where(check_site(mini.project, site))
    assert "en/guides/x/index.html" not in _where(check_site(mini.project, site, kept=edited))


def test_the_file_is_of_one_code_and_keeps_what_recent_builds_used(tmp_path: Path) -> None:
    path = tmp_path / "checked.json"
    store = FileStore("code")
    store.keep("leaks", "a", [0])
    store.keep("leaks", "b", [])
    store.write(path)
    both = {FileStore.key("leaks", "a"), FileStore.key("leaks", "b")}
    assert FileStore.read(path, "code").entries.keys() == both
    assert FileStore.read(path, "other code").entries == {}  # a change of code: nothing kept
    # "b" is used by every build from now on, "a" by none: dropped after KEEP builds.
    for _ in range(FileStore.KEEP - 1):
        store = FileStore.read(path, "code")
        assert store.lookup("leaks", "b") == []
        store.write(path)
    assert FileStore.key("leaks", "a") in FileStore.read(path, "code").entries
    store = FileStore.read(path, "code")
    store.lookup("leaks", "b")
    store.write(path)
    assert FileStore.read(path, "code").entries.keys() == {FileStore.key("leaks", "b")}
    # Broken or unwritable: an empty cache, never a failed build.
    write_cache_file(path, b'{"scheme": "react-kb kept results 1", "code": "code", "entries": [1]')
    assert FileStore.read(path, "code").entries == {}
    (tmp_path / "file").write_text("", encoding="utf-8")
    FileStore("code").write(tmp_path / "file" / "checked.json")


def _tamper(path: Path, value: object) -> None:
    """Every kept result changed by hand (its checksum's line left as it was)."""
    head, body = path.read_bytes().split(b"\n", 1)
    data = json.loads(body)
    for entry in data["entries"].values():
        entry[1] = value
    path.write_bytes(head + b"\n" + json.dumps(data).encode())


@pytest.mark.parametrize("value", [5, []])
def test_a_kept_result_changed_by_hand_is_not_used(mini, tmp_path: Path, value: object) -> None:
    """Found by a fresh tester: a result of another type failed the build with a traceback,
    and "no note here" let every leak through. A file changed since it was written is not
    read (its checksum): the check finds what it finds without it."""
    site, path = _site(tmp_path), tmp_path / "checked.json"
    _note(mini, SECRET)
    first = FileStore.read(path, "code")
    expected = _where(check_site(mini.project, site, kept=first))
    assert expected
    first.write(path)
    _tamper(path, value)
    assert FileStore.read(path, "code").entries == {}
    assert _where(check_site(mini.project, site, kept=FileStore.read(path, "code"))) == expected


@pytest.mark.slow
def test_kb_build_keeps_the_site_checks(mini) -> None:
    """A real build writes the file, under its code's fingerprint."""
    _note(mini, SECRET)
    build_site(mini.project)
    from scripts import digest, render_cache
    code = render_cache.code_fingerprint(digest.source_inventory(mini.project))
    assert FileStore.read(mini.project.root / CHECKED, code).entries
