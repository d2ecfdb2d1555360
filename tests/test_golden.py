"""The generated docs/ and a few built pages of the sample site equal their golden snapshots.

A safety net for changes that should not change the output (refactoring, upgrades): any
byte that changes fails with a diff. When the change is intended, regenerate the snapshots
with `make golden` and commit them with the change (see tests/golden/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import golden


def test_generated_docs_equal_the_golden_snapshot(tmp_path: Path) -> None:
    root = golden.sample_project(tmp_path / "project")
    actual = golden.stored_form(golden.generated_docs(root), "docs")
    report = golden.compare(golden.stored("docs"), actual)
    if report:
        pytest.fail(report, pytrace=False)


@pytest.mark.slow
def test_built_pages_equal_the_golden_snapshot(built_site: Path) -> None:
    actual = golden.stored_form(golden.built_pages(built_site), "site")
    report = golden.compare(golden.stored("site"), actual)
    if report:
        pytest.fail(report, pytrace=False)


def test_a_difference_is_shown_as_a_short_unified_diff() -> None:
    page = "".join(f"line {i}\n" for i in range(1000)).encode()
    expected = {"docs/a.md": page, "docs/gone.md": b"x\n", "docs/b.md": b"same\n"}
    edited = page.replace(b"line 5", b"LINE 5")  # line 5 and lines 50-59 and 500-599
    actual = {"docs/a.md": edited, "docs/b.md": b"same\n", "docs/new.md": b"hello\n"}
    report = golden.compare(expected, actual)
    assert "new files (1): docs/new.md" in report
    assert "files no longer generated (1): docs/gone.md" in report
    assert "changed files (1): docs/a.md" in report
    assert "--- golden/docs/a.md" in report and "+++ built/docs/a.md" in report
    assert "-line 5\n+LINE 5\n" in report and "+LINE 59\n" in report
    assert "more diff lines of docs/a.md" in report  # cut at DIFF_LINES_PER_FILE
    assert len(report.splitlines()) < 120
    assert "make golden" in report
    assert golden.compare(expected, dict(expected)) == ""


def test_big_or_binary_files_are_snapshotted_by_hash() -> None:
    form = golden.stored_form({"x/letter.docx": b"PK\x03\x04", "x/page.md": b"# Page\n",
                               "x/big.md": b"a" * (golden.MAX_TEXT + 1)}, "docs")
    assert form["docs/x/page.md"] == b"# Page\n"
    assert "docs/x/letter.docx" not in form and "docs/x/big.md" not in form
    lines = form["docs/hashed.txt"].decode().splitlines()
    assert [line.split()[1:] for line in lines] == [[str(golden.MAX_TEXT + 1), "x/big.md"],
                                                    ["4", "x/letter.docx"]]


def test_lines_can_be_left_out_of_a_comparison() -> None:
    # `python -m tests.golden --check --ignore-lines ...`: another engine's generator <meta>.
    ours = {"site/a.html": b'<head>\n<meta name="generator" content="mkdocs-1.6.1">\n<title>A</title>\n'}
    theirs = {"site/a.html": b'<head>\n<meta name="generator" content="ProperDocs">\n<title>A</title>\n'}
    assert golden.compare(ours, theirs)
    pattern = '<meta name="generator"'
    assert golden.compare(golden.without_lines(ours, pattern), golden.without_lines(theirs, pattern)) == ""
