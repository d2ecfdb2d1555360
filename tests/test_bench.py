"""`kb bench` runs end to end on a tiny site and reports every figure issue 7 asks for.

No timing is asserted (a benchmark measures, it does not pass or fail): this checks that
both set-ups build and that each figure is there and plausible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.bench import EDIT_RUNS, TABLE_HEADER, Measure, bench_one, floor_line, report, table_row
from scripts.bench_serve import NEXT_EDITS, ServeMeasure
from scripts.bench_serve import report as serve_report
from scripts.pdf.step import cache_dir


@pytest.mark.slow  # builds whole sites with MkDocs
def test_bench_builds_both_setups_and_reports_every_figure(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The sample's PDFs from the shared cache: only the synthetic guides' are laid out here.
    monkeypatch.setenv("KB_PDF_CACHE", str(cache_dir()))
    results = bench_one(2, tmp_path, plain=True)
    project, plain = results["project"], results["plain"]
    assert project.ok, project.error
    assert plain.ok, plain.error
    # The same Markdown on both sides: the same pages.
    assert project.pages == plain.pages > 8
    languages = {"tg", "ru", "en", "uz"}
    assert set(project.guide_html) == set(plain.guide_html) == languages
    assert all(project.guide_html[lang] < plain.guide_html[lang] for lang in languages)
    # One search index per language against plain's one for all.
    assert set(project.search) == languages and set(plain.search) == {"all"}
    assert project.unchanged_seconds > 0 and project.one_edit_seconds > 0
    assert project.original_edit_seconds > 0
    # Each edit timed EDIT_RUNS times, the median reported.
    for median, each in ((project.one_edit_seconds, project.one_edit_runs),
                         (project.original_edit_seconds, project.original_edit_runs)):
        assert len(each) == EDIT_RUNS and median == sorted(each)[EDIT_RUNS // 2]
    assert project.peak_mb > 0 and project.first_visit_gz > 0 and project.search_gz > 0
    # The PDF step: sample PDFs plus the synthetic guides' in four languages.
    assert project.pdf_count > 8 and project.pdf_bytes > 8 * 1024 and project.pdf_seconds > 0

    text = report(2, results)
    assert re.search(r"N=2 +project +[\d.]+ s \([\d.]+x plain\)", text), text
    assert "guide page HTML: tg " in text and "search index: all " in text
    # The split index: what a first search fetches (the plain set-up loads its whole index).
    assert re.search(r"search \(gzip, tg\): first search at most \d+ KB \(.+\)", text), text
    assert re.search(r"nothing changed: [\d.]+ s \([\d.]+x plain\); one translation changed", text)
    assert re.search(r"one translation [\d.]+x \(target 0.1\), one original [\d.]+ s, [\d.]+x", text), text
    assert re.search(r"one translation changed: [\d.]+ s \([\d.]+x plain\) \(median of 3 edits: "
                     r"[\d.]+-[\d.]+ s\)", text), text
    assert re.search(r"full build against plain: [\d.]+x \(target 0.2\)", text), text
    # The floor: every page of docs/ converted by Python-Markdown alone, in its own process.
    assert project.markdown_pages > 8 and project.markdown_cpu > 0
    assert re.search(rf"floor: Python-Markdown's conversion alone of the {project.markdown_pages} pages "
                     r"[\d.]+ s CPU, at best [\d.]+ s on \d+ cores = [\d.]+x plain \(the target, 0.2x, "
                     r"is [\d.]+ s\)", text), text
    assert re.search(r"PDF step: [\d.]+ s beside the full build, \d+ PDFs, \d+ KB in all", text), text
    # The step's rows as the README's table has them: the full build's, and with the cache
    # filled after one translation changed.
    row = (r"(\d+) laid out, (\d+) from the cache \| [\d.]+ MB \| [\d.]+ s beside a [\d.]+ s build, "
           r"[\d.]+ s waited for after the languages \| CPU [\d.]+ s")
    cold = re.search(r"PDF step, empty cache \(full build\): " + row, text)
    warm = re.search(r"PDF step, cache filled \(one translation changed\): " + row, text)
    assert cold and warm, text
    # (How many are laid out depends on what the shared cache already holds.)
    assert int(cold[1]) + int(cold[2]) == int(warm[1]) + int(warm[2]) == project.pdf_count
    assert int(warm[1]) <= 1  # at most the edited translation's PDF
    # kb serve: a translation's edit timed from the save to the reloaded page in Chromium.
    # Each edit after the first timed (the median printed, with the range).
    assert project.serve is not None and project.serve.first_edit > 0
    assert len(project.serve.next_edits) == NEXT_EDITS and min(project.serve.next_edits) > 0
    assert re.search(r"kb serve, edit of one translation -> browser reloaded: [\d.]+ s \(target 2 s; "
                     rf"median of {NEXT_EDITS} edits: [\d.]+-[\d.]+ s; first edit after start [\d.]+ s\)",
                     text), text
    assert "(MkDocs kept running)" in text, text
    # The temporary project is removed after measuring.
    assert not any(tmp_path.iterdir())


def test_kb_serve_s_wait_is_the_median_of_the_edits_after_the_first_with_their_range() -> None:
    measure = ServeMeasure(9.0, [2.5, 1.5, 3.25], "Preview built in 1.2 s")
    assert measure.next_edit == 2.5
    text = serve_report(measure)
    assert ("browser reloaded: 2.5 s (target 2 s; median of 3 edits: 1.5-3.2 s; "
            "first edit after start 9.0 s)") in text, text
    assert text.endswith("  Preview built in 1.2 s"), text


def test_the_floor_is_the_conversion_s_cpu_on_every_core_against_plain() -> None:
    project = Measure(60.0, 300.0, markdown_pages=2232, markdown_cpu=27.5)
    assert floor_line(project, Measure(100.0, 200.0), cores=2).strip() == (
        "floor: Python-Markdown's conversion alone of the 2232 pages 27.5 s CPU, at best 13.8 s "
        "on 2 cores = 0.14x plain (the target, 0.2x, is 20.0 s)")
    # Without the plain set-up (kb bench --no-plain): no ratio.
    assert floor_line(project, None, cores=4).strip().endswith("at best 6.9 s on 4 cores")


def test_the_readme_row_has_every_column_of_the_table_and_the_ratios() -> None:
    results = {"project": Measure(100.0, 300.0, unchanged_seconds=1.0, one_edit_seconds=8.0,
                                  original_edit_seconds=15.0, pdf_seconds=20.0),
               "plain": Measure(500.0, 200.0)}
    row = table_row(400, results, "2026-11-30", (3.25, 4.0))
    columns = TABLE_HEADER.split("\n")[0].count("|")
    assert row.count("|") == columns
    assert row == ("| 2026-11-30 | 3.2-4.0 | 400 | 100.0 s | 500.0 s | 0.20x | 1.0 s | 8.0 s, 0.08x | "
                   "15.0 s, 0.15x | 20.0 s |")
    # With each edit timed several times: the median, then the runs' range.
    results["project"].one_edit_runs = [7.5, 8.0, 9.1]
    row = table_row(400, results, "2026-11-30", (3.25, 4.0))
    assert row.count("|") == columns
    assert "| 8.0 s, 0.08x (median of 3 edits: 7.5-9.1 s) | 15.0 s, 0.15x |" in row


def test_the_bench_compiles_the_code_before_timing_it(tmp_path: Path) -> None:
    """Every module of scripts/ has bytecode matching its source once `compile_code` ran, as
    on an editor's machine after a first build (this one's environment may keep Python from
    writing it: every build process then compiled every module again)."""
    import importlib.util
    import shutil
    import struct

    from scripts.bench import REPO, compile_code

    code = tmp_path / "scripts"
    shutil.copytree(REPO / "scripts", code, ignore=shutil.ignore_patterns("__pycache__"))
    compile_code(code)
    sources = sorted(code.rglob("*.py"))
    assert len(sources) > 100
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        assert cached.is_file(), source
        # The header of a timestamp-based .pyc: magic, flags, source mtime and size (PEP 552).
        magic, flags, mtime, size = struct.unpack("<4sIII", cached.read_bytes()[:16])
        stat = source.stat()
        expected = (importlib.util.MAGIC_NUMBER, 0, int(stat.st_mtime) % 2**32, stat.st_size % 2**32)
        assert (magic, flags, mtime, size) == expected, source
