"""Two builds of the same input give the same bytes; a build with nothing changed does nothing.

The second build runs in another folder, from copies with other file times, "on another
day" (MkDocs' build clock moved a year on), so that any path, file time, build date or
unstable ordering that leaks into site/ shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts import digest
from scripts.build import build_site
from scripts.cli import main
from scripts.project import Project
from scripts.translations import stamp

from .conftest import MiniProject

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow


def small_site(mini: MiniProject) -> None:
    mini.page("about", "ru", title="О нас")
    mini.guide("police-detention", "tg")
    mini.guide("free-legal-aid", "ru", body="## Steps\n\n[Detention](police-detention.md)\n")


def tree(root: Path) -> dict[str, bytes]:
    """Every file of `root`; of `.build-digest`, the fingerprints of the inputs only (not the
    state of site/'s files, `digest.OUTPUT`: their inodes and times differ from build to build)."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    if digest.DIGEST_FILE in files:
        recorded = json.loads(files[digest.DIGEST_FILE])
        recorded.pop(digest.OUTPUT, None)
        files[digest.DIGEST_FILE] = json.dumps(recorded, sort_keys=True).encode("ascii")
    return files


def test_two_builds_of_the_same_input_are_byte_identical(mini: MiniProject, tmp_path: Path,
                                                         monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the first build: today
    small_site(mini)
    build_site(mini.project)
    other = tmp_path / "elsewhere" / "project"
    for name in ("mkdocs.yml", "scripts", "overrides", "content", "aggregates"):
        source = mini.root / name
        if source.is_dir():
            shutil.copytree(source, other / name, copy_function=shutil.copy)  # new file times
        else:
            other.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, other / name)
    # MkDocs takes its build date from SOURCE_DATE_EPOCH when set, and so do the language
    # workers (processes of their own, which inherit the environment).
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(later.timestamp())))
    build_site(Project(other))

    # Not .build-digest: it records the inputs, and SOURCE_DATE_EPOCH is one of them.
    first, second = tree(mini.root / "site"), tree(other / "site")
    del first[".build-digest"], second[".build-digest"]
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # The site root's 404 page is in the default language (Tajik), not the last one built.
    assert '<html lang="tg"' in first["404.html"].decode()
    assert '<html lang="ru"' in first["ru/404.html"].decode()
    assert any("search" in name and name.endswith(".json") for name in first)  # the search index(es)


def kb(mini: MiniProject, *args: str):
    return CliRunner().invoke(main, ["--root", str(mini.root), "build", *args])


def test_a_build_with_nothing_changed_does_no_work(mini: MiniProject) -> None:
    small_site(mini)
    first = kb(mini)
    assert first.exit_code == 0 and "site/ built in" in first.output, first.output
    index = mini.root / "site" / "index.html"
    before = index.stat()

    again = kb(mini)
    assert again.exit_code == 0, again.output
    assert "docs/: up to date" in again.output and "nothing to do" in again.output
    assert index.stat().st_ino == before.st_ino and index.stat().st_mtime_ns == before.st_mtime_ns

    # A hand edit to docs/ (generated, never to be edited) is undone, and site/ stays.
    generated = mini.root / "docs" / "tg" / "index.md"
    good = generated.read_bytes()
    generated.write_text("edited by hand\n", encoding="utf-8")
    undone = kb(mini)
    assert "docs/: 1 written" in undone.output and "nothing to do" in undone.output, undone.output
    assert generated.read_bytes() == good

    # A change outside docs/ (the theme) is an input too: site/ is rebuilt.
    css = mini.root / "overrides/assets/stylesheets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.changed-marker { color: red }\n",
                   encoding="utf-8")
    rebuilt = kb(mini)
    assert "site/ built in" in rebuilt.output, rebuilt.output
    # site.css is part of the one joined stylesheet (scripts/page_assets.py).
    joined = (mini.root / "site/assets/stylesheets").glob("react.*.css")
    assert any(".changed-marker" in path.read_text(encoding="utf-8") for path in joined)
    assert "nothing to do" in kb(mini).output

    # A site/ that was not built by kb (no digest) is rebuilt; so is one built with --force.
    (mini.root / "site" / ".build-digest").unlink()
    assert "site/ built in" in kb(mini).output
    assert "site/ built in" in kb(mini, "--force").output


def test_an_edit_in_one_language_rebuilds_only_that_language(mini: MiniProject) -> None:
    small_site(mini)
    # An English translation: editing it changes English pages only (an original's text would
    # also be in the other languages' fallback pages, and a Russian translation in Uzbek ones:
    # mkdocs.yml's fallback order).
    guide = mini.guide("police-detention", "en", extra="translated_from: {lang: tg}\n")
    stamp(mini.project, guide)
    assert kb(mini).exit_code == 0
    site = mini.root / "site"
    tajik = (site / "index.html").stat()
    guide.write_text(guide.read_text(encoding="utf-8").replace("## Steps", "## Шаги по порядку"),
                     encoding="utf-8")

    edited = kb(mini)
    assert edited.exit_code == 0, edited.output
    assert "(built: en; unchanged, kept: tg, ru, uz)" in edited.output, edited.output
    # ... and says why: the file the editor changed.
    assert "  en: content/guides/police-detention.en.md changed\n" in edited.output, edited.output
    assert "en: " in edited.output and "tg: " not in edited.output  # progress of en only
    assert "Шаги по порядку" in (site / "en/guides/police-detention/index.html").read_text(encoding="utf-8")
    # The kept languages are the previous files themselves (hard links), not rebuilt copies.
    assert (site / "index.html").stat().st_ino == tajik.st_ino

    # And the result is exactly what a full build gives.
    partial = tree(site)
    assert "site/ built in" in kb(mini, "--force").output
    full = tree(site)
    assert sorted(partial) == sorted(full)
    assert [name for name in full if partial[name] != full[name]] == []
