"""Evidence briefs (issue 17): every bad figure placeholder or front-matter value is one clear
`kb check` problem naming file and line; placeholders show only published figures.

These read real projects (the real aggregates, protected by the statistics feature) without
running MkDocs; tests/test_briefs_site.py builds the site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.briefs import figures
from scripts.briefs.placeholders import Placeholder, fill, parse
from scripts.build import read_inputs
from scripts.statistics.publication import Publication
from tests.test_cli import run

HEAD = ('title: "A brief"\nsummary: "A summary."\nreviewed: 2026-11-01\nlegal_review: pending\n'
        'audience: [health]\ndataset: cases\nperiods: ["2020", "2021"]\n'
        "dimensions: [perpetrator, violation]\n")
GOOD = ('## What happens\n\nHealth workers: {{ figure("cases", "2021", "perpetrator", "healthcare") }} '
        'cases.\n\nTrend: {{ trend("cases", "2020", "2021", "total", "cases") }}.\n')


def brief(mini, body: str = GOOD, head: str = HEAD, lang: str = "en", slug: str = "sample") -> Path:
    return mini.write(f"briefs/{slug}.{lang}.md", f"---\n{head}---\n\n{body}")


def problems_of(mini) -> list[str]:
    """The problems found in brief files (other features' own checks are theirs to test)."""
    _, problems = read_inputs(mini.project)
    return [str(p) for p in problems if p.file.startswith("content/briefs/")]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().split("\n"), 1) if needle in text)


def test_a_good_brief_has_no_problems(mini) -> None:
    brief(mini)
    assert problems_of(mini) == []


BAD_FIGURES = [
    ('{{ figure("nope", "2021", "perpetrator", "healthcare") }}', "brief-figure",
     "the dataset `nope` does not exist", "use the name of a dataset of aggregates/"),
    ('{{ figure("cases", "2021-13", "perpetrator", "healthcare") }}', "brief-period",
     "`2021-13` is not a period", 'write a year "2021"'),
    ('{{ figure("cases", "2022", "perpetrator", "healthcare") }}', "brief-period",
     "the period `2022` is not published in `cases`", "use a period the statistics pages publish: "
     "2020, 2021, 2021-H1"),
    # The second half is implied by the year and its first half, but never published.
    ('{{ figure("cases", "2021-H2", "perpetrator", "healthcare") }}', "brief-period",
     "the period `2021-H2` is not published in `cases`", "2020, 2021, 2021-H1"),
    ('{{ figure("cases", "2021", "perpetrators", "healthcare") }}', "brief-figure",
     "`perpetrators` is not a dimension", "use a dimension of aggregates/vocabulary.yml"),
    ('{{ figure("cases", "2021", "perpetrator", "doctors") }}', "brief-figure",
     "`doctors` is not a category of `perpetrator`", "use one of: healthcare, police"),
    ('{{ figure("cases", "2021", "perpetrator", "healthcare", region="mars") }}', "brief-figure",
     "`mars` is not a region", "use a region code"),
    ('{{ figure("cases", "2021", "outcome", "resolved") }}', "brief-figure",
     "the dimension `outcome` is not among the brief's `dimensions:`", "add `outcome`"),
    ('{{ figure("cases", "2021-H1", "perpetrator", "healthcare") }}', "brief-period",
     "the period `2021-H1` is not among the brief's `periods:`", 'add "2021-H1"'),
    ('{{ trend("cases", "2021", "2020", "total", "cases") }}', "brief-period",
     "a trend goes from an earlier period to a later one", "write the earlier period first"),
]


@pytest.mark.parametrize(("placeholder", "rule", "message", "fix"), BAD_FIGURES)
def test_a_figure_that_is_not_published_is_one_problem_with_file_and_line(
        mini, placeholder: str, rule: str, message: str, fix: str) -> None:
    path = brief(mini, GOOD + f"\nMore:\n\n- {placeholder} cases.\n")
    [problem] = problems_of(mini)
    assert problem.startswith(f"content/briefs/sample.en.md:{line_of(path, placeholder)}: [{rule}] ")
    assert message in problem
    assert fix in problem.split("fix:", 1)[1]


OUTSIDE_THE_SANDBOX = [
    ("{{ figure.__class__ }}", "attribute access"),
    ('{{ figure("cases", "2021", "perpetrator", "healthcare").__class__ }}', "attribute access"),
    ('{{ figure("cases", "2021", "perpetrator", "healthcare")|upper }}', "a filter"),
    ('{{ figure("cases", "2021", "perpetrator", "healthcare")[0] }}', "item access"),
    ("{{ cases }}", "the name `cases`"),
    ("{{ 187 }}", "a constant"),
    ('{{ lipsum("x") }}', "only the functions `figure` and `trend` may be called"),
    ('{{ figure("cases", year, "perpetrator", "healthcare") }}', "must be written in quotes"),
    ('{{ figure("cases", "2021", "perpetrator") }}', "takes 4 values"),
    ('{{ figure("cases", "2021", "perpetrator", "healthcare", colour="red") }}', "takes only `region="),
    ('{{ figure(*["cases", "2021", "perpetrator", "healthcare"]) }}', "not `*` or `**`"),
    ('{% for x in range(3) %}{{ x }}{% endfor %}', "`{% ... %}` block"),
    ("{{ figure(", "cannot be read"),
]


@pytest.mark.parametrize(("code", "words"), OUTSIDE_THE_SANDBOX)
def test_a_placeholder_outside_the_sandbox_is_one_clear_problem(mini, code: str, words: str) -> None:
    path = brief(mini, GOOD + f"\nA line with {code} in it.\n")
    found = problems_of(mini)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/briefs/sample.en.md:{line_of(path, 'A line with')}: "
                               "[brief-code] ")
    assert words in found[0]
    assert "fix: write `{{ figure(" in found[0]


def test_a_wrong_front_matter_value_is_reported_once_at_its_line(mini) -> None:
    """A period the brief declares but the statistics do not publish: one problem at `periods:`,
    not one more for each placeholder that uses it."""
    head = HEAD.replace('periods: ["2020", "2021"]', 'periods: ["2021", "2022"]')
    path = brief(mini, GOOD.replace('"2020", "2021", "total"', '"2021", "2022", "total"'), head=head)
    [problem] = problems_of(mini)
    assert problem.startswith(f"content/briefs/sample.en.md:{line_of(path, 'periods:')}: "
                              "[brief-period] the period `2022` is not published in `cases`")


@pytest.mark.parametrize(("field", "bad", "rule", "words"), [
    ("dataset: cases", "dataset: appeals", "brief-figure", "the dataset `appeals` does not exist"),
    ("dimensions: [perpetrator, violation]", "dimensions: [perpetrator, violence]", "brief-figure",
     "`violence` is not a dimension"),
    ("audience: [health]", "audience: [doctors]", "unknown-code", "`audience` has unknown value `doctors`"),
])
def test_front_matter_names_only_what_exists(mini, field: str, bad: str, rule: str, words: str) -> None:
    body = GOOD if "dataset" not in field else "No figures.\n"
    path = brief(mini, body, head=HEAD.replace(field, bad))
    [problem] = problems_of(mini)
    assert problem.startswith(f"content/briefs/sample.en.md:{line_of(path, bad)}: [{rule}] {words}")


def test_a_translation_s_placeholders_are_checked_in_its_own_file(mini) -> None:
    brief(mini, lang="en")
    run(mini, "translations", "--stamp", "content/briefs/sample.en.md")  # no-op for an original
    translation = brief(mini, GOOD.replace('"healthcare"', '"doctors"'),
                        head='title: "Записка"\nsummary: "Кратко."\ntranslated_from: {lang: en}\n'
                             "reviewed: 2026-11-01\nlegal_review: pending\n", lang="ru")
    found = [p for p in problems_of(mini) if "not-stamped" not in p]
    assert len(found) == 1, found
    assert found[0].startswith(f"content/briefs/sample.ru.md:{line_of(translation, 'doctors')}: "
                               "[brief-figure]")


def test_kb_check_names_the_problem_and_fails(mini) -> None:
    path = brief(mini, GOOD + '\n{{ figure("cases", "2022", "perpetrator", "healthcare") }}\n')
    result = run(mini, "check")
    assert result.exit_code == 1
    line = line_of(path, '"2022"')
    assert f"content/briefs/sample.en.md:{line}: [brief-period] " in result.output
    assert "1 problem found" in result.output


def test_new_scaffolds_a_brief_that_passes_the_checks(mini) -> None:
    assert run(mini, "new", "briefs", "new-brief", "--lang", "ru").exit_code == 0
    result = run(mini, "check")
    assert (result.exit_code, result.output) == (0, "ok: 2 documents, no problems\n")


# --- What a placeholder shows: the publication's figure, never a withheld value.

@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publication, object]:
    from tests.conftest import MiniProject

    mini = MiniProject(tmp_path_factory.mktemp("briefs") / "project")
    inputs, problems = read_inputs(mini.project)
    assert not problems
    statistics = inputs.services.feature("statistics")
    [pub] = statistics.publications  # type: ignore[union-attr]
    return pub, inputs.services.catalogs


def _text(code: str, cases) -> str:
    pub, cats = cases
    [placeholder], issues = parse(code)
    assert not issues
    return fill(code, lambda ph: figures.text(ph, pub, "en", cats))


def test_a_withheld_cell_shows_its_marker_never_its_value(cases) -> None:
    """GBAO's count of cases by health workers in 2021 is 4 in aggregates/cases.csv: below the
    regional threshold, it is withheld and shows as `<10`."""
    pub, _ = cases
    figure = pub.figure("2021", "gbao", "perpetrator", "healthcare")
    assert figure is not None and figure.value is None and figure.marker == "<10"
    assert _text('{{ figure("cases", "2021", "perpetrator", "healthcare", region="gbao") }}',
                 cases) == "&lt;10\\*"
    assert "4" not in _text('{{ figure("cases", "2021", "perpetrator", "healthcare", region="gbao") }}',
                            cases)


def test_a_figure_is_the_published_count_marked_when_illustrative(cases) -> None:
    assert _text('{{ figure("cases", "2020", "total", "cases") }}', cases) == "165"  # the real one
    assert _text('{{ figure("cases", "2021", "total", "cases") }}', cases) == "187\\*"


def test_a_trend_shows_its_change_only_between_published_counts(cases) -> None:
    assert _text('{{ trend("cases", "2020", "2021", "total", "cases") }}', cases) == \
        "165 \\(2020\\) → 187\\* \\(2021\\), \\+13%"
    # A withheld end: both counts as shown, no change (it would give the withheld count away).
    assert _text('{{ trend("cases", "2021-H1", "2021", "perpetrator", "healthcare") }}'
                 .replace('"healthcare"', '"healthcare", region="gbao"'), cases).count("%") == 0


def test_fill_renders_only_placeholders_and_keeps_the_text() -> None:
    text = "A *Markdown* [link](x.md) and {{ figure(\"d\", \"2021\", \"x\", \"y\") }}.\n"
    seen: list[Placeholder] = []
    out = fill(text, lambda ph: seen.append(ph) or "42")
    assert out == "A *Markdown* [link](x.md) and 42.\n"
    assert [(p.function, p.args) for p in seen] == [("figure", ("d", "2021", "x", "y"))]


def test_a_body_is_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # kb serve reads every brief again at each edit: the same body is not parsed again,
    # and what a caller does with the lists it gets does not reach the next caller.
    from scripts.briefs import placeholders

    made: list[object] = []
    environment = placeholders.environment
    monkeypatch.setattr(placeholders, "environment", lambda: made.append(1) or environment())
    body = '{{ figure("cases", "2020", "total", "cases") }} and {{ x.y }}\n'
    placeholders._parse.cache_clear()
    found, issues = parse(body)
    assert found == [] and len(issues) == 1 and "attribute" in issues[0].message
    issues.clear()
    assert parse(body)[1] != [] and len(made) == 1
    good = 'A {{ figure("cases", "2020", "total", "cases") }}.\n'
    found, issues = parse(good)
    assert [p.args for p in found] == [("cases", "2020", "total", "cases")] and issues == []
    found.append(found[0])
    assert len(parse(good)[0]) == 1 and len(made) == 2
