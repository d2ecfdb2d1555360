"""Reading and checking aggregates/: every broken rule names the file, the row and the fix.

Each test writes a small dataset beside the real vocabulary and publishing rules, and
reads the project the way `kb check` and `kb build` do.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from tests.conftest import REPO, MiniProject

META = """\
title: {en: "Test data", ru: "Тестовые данные"}
definition: {en: "Clients and cases."}
source: {en: "A test."}
published: 2021-03-01
counts: test-figures
"""
# Without `counts:`, a test dataset's 2020 totals would be linked to the sample `cases` (same
# cells, other numbers) and refused: the linked-statistics tests below use that on purpose.
# Published after the end of the years they count (2030), as the `published-date` rule asks.
LINKED_META = META.replace("counts: test-figures\n", "").replace("2021-03-01", "2031-03-01")
HEADER = "period,region,dimension,category,count\n"
GOOD = HEADER + """\
2020,tj,total,clients,30
2020,tj,total,cases,40
2020,tj,gender,female,12
2020,tj,gender,male,18
2020,tj,violation,discrimination,15
"""


@pytest.fixture
def project(mini: MiniProject) -> MiniProject:
    shutil.copytree(REPO / "content" / "ui", mini.root / "content" / "ui", dirs_exist_ok=True)
    return mini


def write(project: MiniProject, name: str, csv: str, meta: str = META) -> None:
    folder = project.root / "aggregates"
    (folder / f"{name}.csv").write_text(textwrap.dedent(csv), encoding="utf-8")
    (folder / f"{name}.yml").write_text(meta, encoding="utf-8")


def problems_of(project: MiniProject, name: str = "test") -> list[str]:
    _, problems = read_inputs(project.project)
    return [str(p) for p in problems if p.file.startswith(f"aggregates/{name}.")]


def test_a_good_dataset_has_no_problem(project: MiniProject) -> None:
    write(project, "test", GOOD)
    assert problems_of(project) == []


@pytest.mark.parametrize(("row", "expected"), [
    ("2020,pamir,total,clients,3", "aggregates/test.csv:7: [unknown-code] unknown region `pamir`"),
    ("2020,tj,colour,red,3", "aggregates/test.csv:7: [unknown-code] unknown dimension `colour`"),
    ("2020,tj,gender,teenager,3",
     "aggregates/test.csv:7: [unknown-code] unknown `gender` category `teenager`"),
    ("2020,tj,violation,extortion,-2", "aggregates/test.csv:7: [negative-count] the count `-2` is negative"),
    ("2020,tj,violation,extortion,3.5",
     "aggregates/test.csv:7: [not-a-count] the count `3.5` is not a whole number"),
    ("2020,tj,violation,extortion,",
     "aggregates/test.csv:7: [not-a-count] the count `` is not a whole number"),
    ("2020-H3,tj,violation,extortion,3", "aggregates/test.csv:7: [unknown-period] `2020-H3` is not a period"),
    ("20,tj,violation,extortion,3", "aggregates/test.csv:7: [unknown-period] `20` is not a period"),
    ("2020,tj,violation,discrimination,15",
     "aggregates/test.csv:7: [duplicate-row] 2020 / tj / violation / discrimination is already counted "
     "on row 6"),
    ("2020,tj,violation", "aggregates/test.csv:7: [csv-columns] the row has 3 values, not 5"),
])
def test_a_bad_row_is_named_with_its_rule(project: MiniProject, row: str, expected: str) -> None:
    write(project, "test", GOOD + row + "\n")
    found = problems_of(project)
    assert len(found) == 1, found
    assert found[0].startswith(expected)
    assert "\n    fix: " in found[0]


def test_exclusive_categories_that_do_not_add_up(project: MiniProject) -> None:
    write(project, "test", GOOD.replace("2020,tj,gender,male,18", "2020,tj,gender,male,17"))
    [problem] = problems_of(project)
    assert problem.startswith(
        "aggregates/test.csv:2: [exclusive-sum] the categories of 2020 / tj / total / clients "
        "(rows 4, 5) add up to 29, but 2020 / tj / total / clients is 30")
    assert "unknown" in problem  # the fix suggests counting the missing clients as unknown


def test_missing_total(project: MiniProject) -> None:
    write(project, "test", GOOD.replace("2020,tj,total,cases,40\n", ""))
    [problem] = problems_of(project)
    assert problem.startswith(
        "aggregates/test.csv:5: [missing-total] 2020 / tj has counts that split `cases`, but no row "
        "`2020,tj,total,cases,...`")


def test_a_category_above_its_total(project: MiniProject) -> None:
    write(project, "test", GOOD.replace("discrimination,15", "discrimination,41"))
    [problem] = problems_of(project)
    assert problem.startswith("aggregates/test.csv:6: [exceeds-total] 2020 / tj / violation / "
                              "discrimination is 41, more than 2020 / tj / total / cases (40, row 3)")


def test_regions_and_halves_must_add_up(project: MiniProject) -> None:
    rows = GOOD + "2020,dushanbe,total,cases,25\n2020,sughd,total,cases,20\n" \
        "2020-H1,tj,total,cases,50\n"
    write(project, "test", rows)
    found = problems_of(project)
    assert any(p.startswith("aggregates/test.csv:3: [regions-sum] the regions of 2020 / tj / total / "
                            "cases (rows 7, 8) add up to 45, more than 2020 / tj / total / cases (40)")
               for p in found), found
    assert any(p.startswith("aggregates/test.csv:3: [periods-sum] the shorter periods of 2020 / tj / "
                            "total / cases (rows 9) add up to 50, more than 2020 / tj / total / cases (40)")
               for p in found), found


def test_header_and_dataset_description(project: MiniProject) -> None:
    write(project, "test", "period;region;dimension;category;count\n2020;tj;total;cases;4\n",
          meta="title: {en: Test}\nsource: [A test.]\npublished: soon\ncolour: red\n")
    found = problems_of(project)
    assert "aggregates/test.csv:1: [csv-header] the values are separated by `;`" in "\n".join(found)
    text = "\n".join(found)
    assert "aggregates/test.yml:4: [unknown-field] unknown field `colour`" in text
    assert "aggregates/test.yml:1: [missing-field] the required field `definition` is missing" in text
    assert "aggregates/test.yml:2: [field-type] `source` must be a mapping of language to text" in text
    assert "aggregates/test.yml:2: [field-type] `source: A test.`" not in text
    assert "aggregates/test.yml:3: [field-type] `published` must be the date" in text


def test_a_dataset_without_its_description(project: MiniProject) -> None:
    (project.root / "aggregates" / "test.csv").write_text(GOOD, encoding="utf-8")
    assert problems_of(project) == [
        "aggregates/test.csv: [dataset-incomplete] test.csv has no test.yml beside it\n"
        "    fix: a dataset is a pair of files: add test.yml, or remove test.csv"]


def test_publishing_rules_are_checked(project: MiniProject) -> None:
    path = project.root / "aggregates" / "publishing.yml"
    path.write_text("thresholds: {country: 0, region: 10}\nsensitive: {gender: [wizard]}\n"
                    "topics: {police: {dataset: nowhere, dimension: perpetrator}, cooking: "
                    "{dataset: cases, dimension: violation}}\n", encoding="utf-8")
    _, problems = read_inputs(project.project)
    text = "\n".join(str(p) for p in problems if p.file == "aggregates/publishing.yml")
    assert "[threshold] `thresholds.country` must be a whole number, 1 or more" in text
    assert "[unknown-code] `sensitive.gender` has unknown code `wizard`" in text
    assert "[unknown-code] `topics` names `cooking`, not a topic of content/topics.yml" in text


def test_a_failing_dataset_fails_the_build_and_publishes_nothing(project: MiniProject) -> None:
    write(project, "test", GOOD + "2020,tj,violation,extortion,3.5\n")
    with pytest.raises(BuildError) as failure:
        build_site(project.project)
    assert "aggregates/test.csv:7: [not-a-count]" in str(failure.value)
    assert not (project.root / "site").exists()
    assert not (project.root / "docs").exists()


def test_every_problem_is_listed_at_once(project: MiniProject) -> None:
    write(project, "test", GOOD + "2020,pamir,total,cases,3\n2020,tj,gender,other,-1\n"
                                  "2020,tj,total,cases,x\n")
    rules = sorted(p.split("[")[1].split("]")[0] for p in problems_of(project))
    assert rules == ["negative-count", "not-a-count", "unknown-code", "unknown-code"]


def test_the_sample_dataset_is_valid_and_marked_illustrative() -> None:
    csv = (REPO / "aggregates" / "cases.csv").read_text(encoding="utf-8").splitlines()
    assert "2020,tj,total,cases,165" in csv
    periods = {line.split(",")[0] for line in csv[1:]}
    assert {"2020", "2021", "2021-H1"} <= periods
    meta = (REPO / "aggregates" / "cases.yml").read_text(encoding="utf-8")
    assert "illustrative:" in meta and "165" in meta


def test_sample_project_reads_without_problems(tmp_path: Path) -> None:
    project = MiniProject(tmp_path / "p")
    shutil.copytree(REPO / "content" / "ui", project.root / "content" / "ui", dirs_exist_ok=True)
    _, problems = read_inputs(project.project)
    assert [str(p) for p in problems if p.file.startswith("aggregates/")] == []


def test_impossible_published_date_is_named_not_a_traceback(project: MiniProject) -> None:
    """`published: 2021-02-29` raised a Python traceback from the YAML reader."""
    write(project, "test", GOOD, meta=META.replace("2021-03-01", "2021-02-29"))
    assert [p.split("\n")[0] for p in problems_of(project)] == [
        "aggregates/test.yml:4: [field-type] `published: 2021-02-29` is not a date in the calendar"]


@pytest.mark.slow
def test_source_may_be_one_text_for_every_language(project: MiniProject, tmp_path: Path) -> None:
    """SPEC §4: `source` is one text, or one per language. One text shows in every language,
    as written, without a "not yet translated" note; a mapping keeps working."""
    write(project, "test", GOOD, meta=META.replace('source: {en: "A test."}',
                                                 'source: "Monitoring of REAct partners"'))
    assert problems_of(project) == []
    build_site(project.project)
    site = project.root / "site"
    for lang_dir in ("", "ru/", "en/", "uz/"):
        page = (site / f"{lang_dir}statistics/test/index.html").read_text(encoding="utf-8")
        assert "Monitoring of REAct partners." in page, lang_dir
        data = (site / f"{lang_dir}statistics/test.json").read_text(encoding="utf-8")
        assert '"source": "Monitoring of REAct partners"' in data, lang_dir
    assert 'lang="en">Monitoring' not in (site / "statistics/test/index.html").read_text(encoding="utf-8")


def test_a_code_with_a_cyrillic_look_alike_letter(project: MiniProject) -> None:
    """`fеmale` with a Cyrillic е looks like `female`: named as such, not as an unknown code."""
    write(project, "test", GOOD.replace("2020,tj,gender,female,12", "2020,tj,gender,fеmale,12"))
    assert [p.split("\n")[0] for p in problems_of(project)] == [
        "aggregates/test.csv:4: [mixed-script] `fеmale` mixes Latin letters with cyrillic look-alikes "
        "(е): a code is written in Latin letters only"]


# --- Linked statistics (issue 11, point 10): related cells in two files are protected together.

YEAR = HEADER + """\
2030,tj,total,clients,30
2030,tj,gender,female,12
2030,tj,gender,male,18
"""
HALF = HEADER + """\
2030-H1,tj,total,clients,25
2030-H1,tj,gender,female,10
2030-H1,tj,gender,male,15
"""


def _published(project: MiniProject, name: str) -> dict[tuple[str, ...], str]:
    """The counts a dataset publishes, from its JSON download as built."""
    import json

    data = json.loads((project.root / "site" / "en" / "statistics" / f"{name}.json")
                      .read_text(encoding="utf-8"))
    rows = data.get("figures") or data.get("rows") or data.get("data")
    return {(r["period"], r["region"], r["dimension"], r["category"]): r.get("count")
            for r in rows}


@pytest.mark.slow
def test_a_year_and_its_half_in_two_files_are_protected_together(project: MiniProject) -> None:
    """Each file alone shows only counts of 10 or more; together, 2020 minus 2020-H1 gives
    2 women in the second half. Protected together, that subtraction is no longer possible."""
    write(project, "year", YEAR, meta=LINKED_META)
    write(project, "half", HALF, meta=LINKED_META)
    assert problems_of(project, "year") == problems_of(project, "half") == []
    build_site(project.project)
    year, half = _published(project, "year"), _published(project, "half")
    female = ("2030", "tj", "gender", "female"), ("2030-H1", "tj", "gender", "female")
    shown = [year.get(female[0]), half.get(female[1])]
    assert None in shown, (year, half)  # one of the two is withheld


def test_linked_datasets_that_cannot_agree_are_refused_naming_both(project: MiniProject) -> None:
    write(project, "year", YEAR, meta=LINKED_META)
    write(project, "again", YEAR.replace("female,12", "female,13").replace("male,18", "male,17"),
          meta=LINKED_META)
    found = problems_of(project, "year")
    assert found and found[0].startswith(
        "aggregates/year.csv:3: [disclosure] 2030/tj/gender/female is 12 here but 13 in again.csv, "
        "which counts the same thing (again.csv and year.csv)"), found
    with pytest.raises(BuildError):
        build_site(project.project)


@pytest.mark.slow
def test_a_dataset_that_counts_something_else_is_protected_alone(project: MiniProject) -> None:
    write(project, "year", YEAR, meta=LINKED_META)
    write(project, "half", HALF, meta=LINKED_META + "counts: qualified-cases\n")
    assert problems_of(project, "half") == []
    build_site(project.project)
    assert _published(project, "year")[("2030", "tj", "gender", "female")] is not None
    assert _published(project, "half")[("2030-H1", "tj", "gender", "female")] is not None


# --- mixed-script on code values of the catalogs (issue 11, point 9): a code with a Cyrillic
# look-alike letter is named as such, once, at its line, not as an unknown code.

def _problems_in(project: MiniProject, rel: str) -> list[str]:
    _, problems = read_inputs(project.project)
    return [str(p).split("\n")[0] for p in problems if p.file == rel]


@pytest.mark.parametrize(("old", "new", "line", "code"), [
    ("region: dushanbe", "region: dushаnbe", 22, "dushаnbe"),  # а is Cyrillic
    ("services: [primary_legal, referral]", "services: [primary_legal, rеferral]", 25, "rеferral"),
    ("populations: []", "populations: [plhіv]", 24, "plhіv"),  # і is Cyrillic
    ("- id: spin-plus", "- id: spin-рlus", 20, "spin-рlus"),  # р is Cyrillic
])
def test_organization_codes_mixing_scripts(project: MiniProject, old: str, new: str, line: int,
                                           code: str) -> None:
    path = project.root / "content" / "organizations.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    messages = _problems_in(project, "content/organizations.yml")
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"content/organizations.yml:{line}: [mixed-script] `{code}` mixes "
                                  "Latin letters with cyrillic look-alikes"), messages


@pytest.mark.parametrize(("old", "new", "code"), [
    ("key_population: [lgbtiq,", "key_population: [lgbtіq,", "lgbtіq"),
    ("police: {dataset: cases, dimension: perpetrator}",
     "police: {dataset: cаses, dimension: perpetrator}", "cаses"),
    ("police: {dataset: cases, dimension: perpetrator}",
     "police: {dataset: cases, dimension: pеrpetrator}", "pеrpetrator"),
])
def test_publishing_codes_mixing_scripts(project: MiniProject, old: str, new: str, code: str) -> None:
    path = project.root / "aggregates" / "publishing.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if old in row)
    messages = _problems_in(project, "aggregates/publishing.yml")
    assert messages == [f"aggregates/publishing.yml:{line}: [mixed-script] `{code}` mixes Latin "
                        "letters with cyrillic look-alikes (" + "".join(
                            c for c in code if not c.isascii()) + "): a code is written in Latin "
                        "letters only"], messages
