"""Ctrl-C in the terminal while `kb build` runs: the signal reaches the whole process group
(kb build, its PDF workers laying out, its MkDocs workers). The build stops without a
Python traceback from any process, publishes nothing and leaves no half-built folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import SKELETON, copy_tree

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # lays out PDFs and builds with MkDocs


def test_ctrl_c_while_pdfs_are_laid_out_stops_the_build_quietly(tmp_path: Path) -> None:
    root = tmp_path / "project"
    copy_tree(SKELETON + ("content",), root)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KB_PDF_CACHE": str(tmp_path / "pdf-cache")}
    build = subprocess.Popen([sys.executable, "-m", "scripts.cli", "--root", str(root), "build"],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True)
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert build.stdout is not None
        for line in build.stdout:
            lines.append(line)
            if line.startswith("  ") and ": " in line and "pages" in line:
                started.set()  # a language build reports: MkDocs runs, PDFs are laid out
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(600), "".join(lines)
    pdfs_before = len(list((tmp_path / "pdf-cache").glob("*.pdf")))
    os.killpg(build.pid, signal.SIGINT)  # as the terminal does: every process of the group
    stopped = time.monotonic()
    build.wait(120)
    reader.join(10)
    output = "".join(lines)
    assert build.returncode != 0, output
    assert time.monotonic() - stopped < 60, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert not (root / "site").exists()
    assert not list(root.glob(".site-*")), list(root.iterdir())
    # Not every PDF was laid out yet: the signal came while the step ran.
    assert pdfs_before < 100, pdfs_before
