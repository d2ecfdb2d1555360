"""publish.py: a finished build replaces site/ at once; the old site is removed in the background."""

from __future__ import annotations

import time
from pathlib import Path

from scripts.publish import OLD_PREFIX, publish


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
