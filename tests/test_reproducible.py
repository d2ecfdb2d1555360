"""Two builds of the same input give the same bytes; a build with nothing changed does nothing.

The second build runs in another folder, from copies with other file times, "on another
day" (MkDocs' build clock moved a year on), so that any path, file time, build date or
unstable ordering that leaks into site/ shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from scripts.build import build_site
from scripts.cli import main
from scripts.project import Project

from .conftest import MiniProject


def small_site(mini: MiniProject) -> None:
    mini.page("about", "ru", title="О нас")
    mini.guide("police-detention", "tg")
    mini.guide("free-legal-aid", "ru", body="## Steps\n\n[Detention](police-detention.md)\n")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(mini: MiniProject, tmp_path: Path,
                                                         monkeypatch) -> None:
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
    import mkdocs.utils

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(mkdocs.utils, "get_build_datetime", lambda: later)
    build_site(Project(other))

    first, second = tree(mini.root / "site"), tree(other / "site")
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
    assert "docs/: 0 written" in again.output and "nothing to do" in again.output
    assert index.stat().st_ino == before.st_ino and index.stat().st_mtime_ns == before.st_mtime_ns

    # A change outside docs/ (the theme) is an input too: site/ is rebuilt.
    css = mini.root / "overrides/assets/stylesheets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    rebuilt = kb(mini)
    assert "site/ built in" in rebuilt.output, rebuilt.output
    assert "/* changed */" in (mini.root / "site/assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert "nothing to do" in kb(mini).output

    # A site/ that was not built by kb (no digest) is rebuilt; so is one built with --force.
    (mini.root / "site" / ".build-digest").unlink()
    assert "site/ built in" in kb(mini).output
    assert "site/ built in" in kb(mini, "--force").output
