"""The writer touches only files whose bytes change, so `mkdocs serve` never loops."""

from __future__ import annotations

from pathlib import Path

from scripts.build import generate, write_docs
from scripts.write import sync_tree


def test_sync_tree_writes_only_changes_and_removes_stale(tmp_path: Path) -> None:
    stats = sync_tree(tmp_path, {"a.md": "A", "sub/b.md": "B"})
    assert (stats.written, stats.unchanged, stats.removed) == (2, 0, 0)
    mtime = (tmp_path / "a.md").stat().st_mtime_ns
    stats = sync_tree(tmp_path, {"a.md": "A", "sub/c.md": b"C"})
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert (tmp_path / "a.md").stat().st_mtime_ns == mtime
    assert not (tmp_path / "sub/b.md").exists() and (tmp_path / "sub/c.md").read_bytes() == b"C"
    sync_tree(tmp_path, {})
    assert list(tmp_path.iterdir()) == []


def test_regenerating_unchanged_content_writes_nothing(mini) -> None:
    mini.guide("police-detention", "ru")
    first = write_docs(mini.project, generate(mini.project))
    assert first.written > 0
    again = write_docs(mini.project, generate(mini.project))
    assert (again.written, again.removed) == (0, 0)
    mini.guide("police-detention", "ru", body="## Changed\n\nText.\n")
    changed = write_docs(mini.project, generate(mini.project))
    # the guide and its PDF in four languages (the original and three fallbacks); indexes
    # list titles only
    assert changed.written == 8


def test_a_folder_or_file_put_by_hand_where_the_other_goes_is_replaced(tmp_path: Path) -> None:
    """docs/ holds what the build generates: a folder made by hand where a page goes (of the
    page's size, so that only its bytes tell), or a file where a folder goes, is removed, not
    a failed build (IsADirectoryError, FileExistsError)."""
    files: dict[str, bytes | str] = {"en/index.md": "Home", "en/guides/x.md": "Guide"}
    sync_tree(tmp_path, files)
    (tmp_path / "en/index.md").unlink()
    (tmp_path / "en/index.md").mkdir()
    (tmp_path / "en/index.md/note.txt").write_text("by hand", encoding="utf-8")
    (tmp_path / "en/guides/x.md").unlink()
    (tmp_path / "en/guides").rmdir()
    (tmp_path / "en/guides").write_text("Guid", encoding="utf-8")
    stats = sync_tree(tmp_path, files)
    assert (stats.written, stats.unchanged) == (2, 0)
    assert {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()} == set(files)
    assert (tmp_path / "en/index.md").read_text(encoding="utf-8") == "Home"
    # The same with what this process knew of the files (kb serve, kb build's state).
    (tmp_path / "en/guides/x.md").unlink()
    (tmp_path / "en/guides/x.md").mkdir()
    assert sync_tree(tmp_path, files).written == 1
    assert (tmp_path / "en/guides/x.md").read_text(encoding="utf-8") == "Guide"


def test_a_link_to_a_folder_put_in_docs_by_hand_is_removed(tmp_path: Path) -> None:
    """Found by a fresh tester: `docs/tg/guides2 -> /tmp` stayed, and MkDocs built every file
    it found there (5 minutes instead of 20 s). Nothing in docs/ is a link the build made."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("not ours", encoding="utf-8")
    docs = tmp_path / "docs"
    files: dict[str, bytes | str] = {"en/index.md": "Home"}
    sync_tree(docs, files)
    (docs / "en" / "linked").symlink_to(elsewhere)
    (docs / "en" / "help").symlink_to(docs / "en")
    stats = sync_tree(docs, files)
    assert stats.removed == 2 and sorted(p.name for p in (docs / "en").iterdir()) == ["index.md"]
    assert (elsewhere / "keep.md").read_text(encoding="utf-8") == "not ours"  # not followed
