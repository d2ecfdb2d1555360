"""`mkdocs build` by hand, with mkdocs.yml alone, gives the site `kb build` gives (README,
"`mkdocs build` by hand"; scripts/by_hand.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import golden

# What only kb build writes: its record of what the site was built from.
KB_ONLY = {".build-digest"}


@pytest.mark.slow
def test_mkdocs_build_by_hand_gives_the_site_kb_build_gives(tmp_path: Path) -> None:
    root = golden.sample_project(tmp_path / "project")
    site = golden.build_sample(root)  # kb build: docs/ generated, then site/
    by_hand = tmp_path / "by-hand"
    env = dict(os.environ, SOURCE_DATE_EPOCH=golden.EPOCH)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(by_hand)], cwd=root,
                            env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    ours = {rel: data for rel, data in golden.read_tree(site).items() if rel not in KB_ONLY}
    theirs = golden.read_tree(by_hand)
    assert len(ours) > 100
    # Every language's pages, each language's 404 page, the offline lists and the service worker.
    assert {"404.html", "ru/404.html", "uz/404.html", "offline.json", "sw.js"} <= set(theirs)
    report = golden.compare(ours, theirs)
    if report:
        pytest.fail("mkdocs build by hand differs from kb build (golden = kb build):\n" + report,
                    pytrace=False)
