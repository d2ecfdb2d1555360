"""publish.py: a finished build replaces site/ at once; the old site is removed in the background."""

from __future__ import annotations

import fnmatch
import tempfile
import time
from pathlib import Path

from scripts.publish import OLD_PREFIX, PARTS_PREFIX, PASSING, STAGING_PREFIX, publish

from .conftest import REPO, copy_project


def _gone(paths: list[Path], wait: float = 60.0) -> bool:
    """Whether every path is gone, waiting for the background removal (a wait, not a timing)."""
    deadline = time.monotonic() + wait
    while any(p.exists() for p in paths):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_publish_swaps_and_removes_the_old_site(tmp_path: Path) -> None:
    site, built = tmp_path / "site", tmp_path / ".site-build-x"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("old")
    (built / "en").mkdir(parents=True)
    (built / "en" / "index.html").write_text("new")
    leftover = tmp_path / f"{OLD_PREFIX}earlier"  # an earlier removal cut short
    (leftover / "site").mkdir(parents=True)
    publish(site, built)
    assert (site / "en" / "index.html").read_text() == "new"
    assert not built.exists()
    assert _gone(list(tmp_path.glob(OLD_PREFIX + "*"))), "the old sites must be removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_without_a_previous_site(tmp_path: Path) -> None:
    site, built = tmp_path / "site", tmp_path / ".site-build-y"
    built.mkdir()
    (built / "index.html").write_text("first")
    publish(site, built)
    assert (site / "index.html").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_removal_leaves_no_zombie_child(tmp_path: Path) -> None:
    """kb serve publishes on every edit: its removal processes must be reaped, or the serve
    process collects zombie children (and `kb bench` waited for them forever)."""
    import psutil

    site, built = tmp_path / "site", tmp_path / ".site-build-z"
    (site / "a").mkdir(parents=True)
    built.mkdir()
    before = {p.pid for p in psutil.Process().children()}  # other tests' children, if any
    publish(site, built)
    assert _gone(list(tmp_path.glob(OLD_PREFIX + "*")))
    deadline = time.monotonic() + 60
    while True:
        zombies = [p for p in psutil.Process().children()
                   if p.pid not in before and p.status() == psutil.STATUS_ZOMBIE]
        if not zombies or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not zombies, "the finished removal process was never reaped"


def test_the_folders_a_build_leaves_beside_site_match_the_passing_pattern(tmp_path: Path) -> None:
    """Staging, parts and old-site folders all match `PASSING`, which .gitignore ignores and
    copies of a project skip: an old site still being removed does not break a copy (CI once
    failed when `.site-old-*` vanished under shutil.copytree)."""
    assert f"/{PASSING}/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    for prefix in (OLD_PREFIX, STAGING_PREFIX, PARTS_PREFIX):
        assert fnmatch.fnmatch(prefix + "x1y2", PASSING)
    assert not fnmatch.fnmatch("site", PASSING)

    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("a", encoding="utf-8")
    (root / "site").mkdir()
    publish(root / "site", Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root)))
    (root / (OLD_PREFIX + "left")).mkdir()  # one the removal has not reached yet
    copy_project(root, tmp_path / "copy", built=True)
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == ["content", "site"]
