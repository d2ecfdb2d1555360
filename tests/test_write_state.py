"""What one process knew of docs/'s files is kept for the next (scripts/write.py, `state`):
kb build compares an unchanged file by its status and digest instead of reading it back,
and still sees every change made since, by a build or by hand."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from scripts import write
from scripts.write import sync_tree

FILES: dict[str, str | bytes] = {"a.md": "Text A", "sub/b.md": "Text B", "sub/c.pdf": b"%PDF-1"}


@pytest.fixture
def new_process(monkeypatch: pytest.MonkeyPatch):
    """Forget what this process knows, as a new kb build starts knowing nothing."""
    def forget() -> None:
        monkeypatch.setattr(write, "_KNOWN", {})
        monkeypatch.setattr(write, "_STATES", {})
    forget()
    return forget


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read back through Path.read_bytes (the comparison's only read)."""
    seen: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        seen.append(self)
        return original(self)
    monkeypatch.setattr(Path, "read_bytes", spy)
    return seen


def test_the_next_process_compares_unchanged_files_without_reading_them(
        tmp_path: Path, new_process, reads: list[Path]) -> None:
    docs, state = tmp_path / "docs", tmp_path / ".cache" / "docs.json"
    sync_tree(docs, FILES, state=state)
    new_process()
    stats = sync_tree(docs, FILES, state=state)
    assert (stats.written, stats.unchanged, stats.removed) == (0, 3, 0)
    assert [path for path in reads if path.is_relative_to(docs)] == []
    # Without the state, the same comparison reads every file.
    new_process()
    assert sync_tree(docs, FILES).unchanged == 3
    assert len([path for path in reads if path.is_relative_to(docs)]) == 3


def test_a_hand_edit_between_processes_is_undone_though_size_and_time_are_kept(
        tmp_path: Path, new_process) -> None:
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, FILES, state=state)
    page = docs / "sub" / "b.md"
    before = page.stat()
    page.write_text("Text Z", encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    new_process()
    stats = sync_tree(docs, FILES, state=state)
    assert (stats.written, stats.unchanged) == (1, 2)
    assert page.read_text(encoding="utf-8") == "Text B"


def test_files_changed_after_the_state_was_saved_are_compared_by_their_bytes(
        tmp_path: Path, new_process) -> None:
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, FILES, state=state)
    # The PDF step's last pass writes into docs/ after the state is saved.
    write.write_atomically(docs / "sub" / "c.pdf", b"%PDF-2")
    new_process()
    assert sync_tree(docs, {**FILES, "sub/c.pdf": b"%PDF-2"}, state=state).written == 0
    new_process()
    stats = sync_tree(docs, FILES, state=state)
    assert stats.written == 1 and (docs / "sub" / "c.pdf").read_bytes() == b"%PDF-1"


@pytest.mark.parametrize("saved", ["", "{", "[]", '{"a.md": [1, 2]}', '{"a.md": [6, 0, 0, 0, "zz"]}'])
def test_an_unreadable_state_file_means_every_file_is_read(
        tmp_path: Path, new_process, saved: str) -> None:
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, FILES)
    (docs / "a.md").write_text("Text Q", encoding="utf-8")
    new_process()
    state.write_text(saved, encoding="utf-8")
    stats = sync_tree(docs, FILES, state=state)
    assert (stats.written, stats.unchanged) == (1, 2)
    assert (docs / "a.md").read_text(encoding="utf-8") == "Text A"


def test_removed_files_and_emptied_folders_go_and_are_forgotten(tmp_path: Path, new_process) -> None:
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, {**FILES, "deep/er/d.md": "D"}, state=state)
    new_process()
    stats = sync_tree(docs, {"a.md": "Text A"}, state=state)
    assert (stats.written, stats.unchanged, stats.removed) == (0, 1, 3)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["a.md"]
    assert set(write._KNOWN) == {str(docs / "a.md")}


def test_digests_the_caller_has_are_not_computed_again(tmp_path: Path, new_process,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """kb build's inventory of docs/ hashed every file already (`digests`): the comparison
    takes them, hashes nothing itself, and gives what it gives without them."""
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, FILES, state=state)
    changed = {**FILES, "a.md": "Text A, edited"}
    digests = {rel: hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
               for rel, data in changed.items()}
    hashed: list[int] = []
    real = write.hashlib.sha256

    def counted(data: bytes = b"") -> Any:
        hashed.append(len(data))
        return real(data)
    new_process()
    monkeypatch.setattr(write.hashlib, "sha256", counted)
    stats = sync_tree(docs, changed, state=state, digests={r: d for r, d in digests.items() if r != "a.md"})
    assert (stats.written, stats.unchanged) == (1, 2)
    assert hashed == [len("Text A, edited")]  # the file written, which has no digest given
    monkeypatch.undo()
    new_process()
    assert (docs / "a.md").read_text(encoding="utf-8") == "Text A, edited"
    assert sync_tree(docs, changed, state=state).unchanged == 3


def test_a_process_reads_the_state_again_only_when_another_wrote_it(
        tmp_path: Path, new_process, monkeypatch: pytest.MonkeyPatch) -> None:
    # kb serve compares docs/ at every edit: the state it wrote itself is not read back.
    docs, state = tmp_path / "docs", tmp_path / "state.json"
    sync_tree(docs, FILES, state=state)
    read: list[Path] = []
    original = write.read_cache_file

    def spy(path: Path) -> bytes | None:
        read.append(path)
        return original(path)
    monkeypatch.setattr(write, "read_cache_file", spy)
    sync_tree(docs, FILES, state=state)
    assert read == []
    # Another process (a kb build beside kb serve) writes it, a file more: read again.
    known, states = write._KNOWN, write._STATES
    new_process()
    sync_tree(docs, {**FILES, "d.md": "Text D"}, state=state)
    monkeypatch.setattr(write, "_KNOWN", known)
    monkeypatch.setattr(write, "_STATES", states)
    read.clear()
    sync_tree(docs, {**FILES, "d.md": "Text D"}, state=state)
    assert read == [state]
