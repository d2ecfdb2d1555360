"""What editors and translators really do to files (issue 11): Windows line endings and BOMs,
tabs, capitals in file names, local date formats, a key written twice, quoted numbers, Excel's
`;` CSV. Each gives one clear message naming file, line, rule and fix, or just works; `kb
check` (read_inputs) and `kb build` agree.
"""

from __future__ import annotations

import shutil

import pytest

from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from tests.conftest import REPO, MiniProject
from tests.samples import FIELDS, LETTER, MODULE, template
from tests.test_statistics_data import GOOD, META

GUIDE = ('---\ntitle: "T"\nsummary: "A summary."\nreviewed: 2026-11-01\nlegal_review: pending\n'
         'topics: [police]\n{extra}---\n\n## Steps\n\nText.\n')


def guide(mini: MiniProject, name: str = "g.ru.md", extra: str = "", data: bytes | None = None) -> None:
    path = mini.root / "content" / "guides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if data is not None else GUIDE.format(extra=extra).encode())


def messages(mini: MiniProject) -> list[str]:
    _, problems = read_inputs(mini.project)
    return [str(p).split("\n")[0] for p in problems]


def with_fix(mini: MiniProject) -> list[str]:
    _, problems = read_inputs(mini.project)
    return [str(p) for p in problems]


@pytest.mark.parametrize("data", [
    GUIDE.format(extra="").replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + GUIDE.format(extra="").encode(),
    b"\xef\xbb\xbf" + GUIDE.format(extra="").replace("\n", "\r\n").encode(),
], ids=["crlf", "bom", "bom-crlf"])
def test_a_file_saved_on_windows_reads_as_any_other(mini: MiniProject, data: bytes) -> None:
    guide(mini, data=data)
    assert messages(mini) == []


@pytest.mark.parametrize(("name", "expected"), [
    ("g.RU.md", "content/guides/g.RU.md: [file-name] the file name has capital letters"),
    ("g.ru.MD", "content/guides/g.ru.MD: [file-name] the file name has capital letters"),
    ("Police-Detention.ru.md", "content/guides/Police-Detention.ru.md: [file-name] the file name "
                               "has capital letters"),
    ("police detention.ru.md", "content/guides/police detention.ru.md: [file-name] the file name "
                               "has spaces or underscores"),
])
def test_capitals_in_a_file_name_are_named_never_silently_ignored(mini: MiniProject, name: str,
                                                                 expected: str) -> None:
    """`g.ru.MD` was not read at all (the page silently missing); `g.RU.md` was called an
    unknown language."""
    guide(mini, name=name)
    found = with_fix(mini)
    assert len(found) == 1 and found[0].startswith(expected), found
    assert found[0].endswith(f"fix: rename it to {name.lower().replace(' ', '-')}"), found


def test_a_tab_in_front_matter_says_tab(mini: MiniProject) -> None:
    guide(mini, extra="populations:\n\t- pwud\n")
    found = with_fix(mini)
    assert len(found) == 1, found
    assert found[0].startswith("content/guides/g.ru.md:8: [yaml] the front matter is not valid YAML: "
                               "this line holds a tab"), found
    assert "replace each tab with spaces" in found[0]


def test_a_key_written_twice_is_reported_not_silently_the_last(mini: MiniProject) -> None:
    guide(mini, extra='title: "Second title"\n')
    assert messages(mini) == [
        "content/guides/g.ru.md:7: [duplicate] `title` is written twice in one place (first on line "
        "2); only this last one would count"]


def test_a_merge_key_overridden_is_not_a_duplicate(tmp_path) -> None:
    from scripts.errors import Problems
    from scripts.source import load

    problems = Problems(tmp_path)
    located = load("base: &b {a: 1, b: 2}\nother:\n  <<: *b\n  a: 3\n", tmp_path / "x.yml", problems)
    assert located is not None and located.data["other"] == {"a": 3, "b": 2}
    assert list(problems) == []


@pytest.mark.parametrize(("written", "expected"), [
    ("28.11.2026", "`reviewed` must be a date written YYYY-MM-DD (year first): `28.11.2026` is "
                   "written `2026-11-28`"),
    ('"2026-11-28"', "`reviewed` must be a date written YYYY-MM-DD without quotes: `2026-11-28` in "
                     "quotes is text, not a date"),
])
def test_a_date_in_the_local_form_or_in_quotes_says_how_to_write_it(mini: MiniProject, written: str,
                                                                   expected: str) -> None:
    guide(mini, data=GUIDE.format(extra="").replace("2026-11-01", written).encode())
    assert messages(mini) == [f"content/guides/g.ru.md:4: [field-type] {expected}"]


def test_a_translation_of_itself_is_one_message(mini: MiniProject) -> None:
    """It gave two (`no-original` and `missing-original` "g.ru.md is itself a translation")."""
    guide(mini, extra="translated_from: {lang: ru, hash: abc}\n")
    assert messages(mini) == [
        "content/guides/g.ru.md:7: [translated-from] `translated_from.lang` is `ru`, this file's "
        "own language: a file cannot be a translation of itself"]


def test_a_quiz_answer_in_quotes_says_remove_the_quotes(mini: MiniProject) -> None:
    mini.write("training/m.en.md", MODULE.replace("answer: 0", 'answer: "1"'))
    assert with_fix(mini) == [
        'content/training/m.en.md:10: [quiz] quiz question 1: `answer` is "1" in quotes, which is '
        "text, not the number of an option\n    fix: remove the quotes: `answer: 1`"]


@pytest.mark.parametrize(("field_id", "rule"), [
    ("полное_имя", "template-field"),  # Cyrillic
    ("full_nаme", "mixed-script"),  # а is Cyrillic
])
def test_a_template_field_id_not_in_latin_is_one_message(mini: MiniProject, field_id: str,
                                                        rule: str) -> None:
    """It also reported the `{{ id }}` of the letter as an undeclared field."""
    template(mini, fields=FIELDS.replace("id: full_name", f"id: {field_id}"),
             letter=LETTER.replace("full_name", field_id))
    found = messages(mini)
    assert len(found) == 1 and found[0].startswith(f"content/templates/sample.ru.md:8: [{rule}]"), found


@pytest.fixture
def stats(mini: MiniProject) -> MiniProject:
    shutil.copytree(REPO / "content" / "ui", mini.root / "content" / "ui", dirs_exist_ok=True)
    return mini


def csv(mini: MiniProject, data: bytes, meta: str = META) -> list[str]:
    (mini.root / "aggregates" / "test.csv").write_bytes(data)
    (mini.root / "aggregates" / "test.yml").write_text(meta, encoding="utf-8")
    return [m for m in with_fix(mini) if m.startswith("aggregates/test.")]


def test_excel_semicolon_csv_is_named_as_such(stats: MiniProject) -> None:
    found = csv(stats, GOOD.replace(",", ";").encode())
    assert len(found) == 1, found
    assert found[0].startswith("aggregates/test.csv:1: [csv-header] the values are separated by `;`")
    assert "CSV UTF-8 (comma delimited)" in found[0]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf" + GOOD.encode(), GOOD.replace("\n", "\r\n").encode()],
                         ids=["bom", "crlf"])
def test_excel_bom_or_crlf_csv_reads(stats: MiniProject, data: bytes) -> None:
    assert csv(stats, data) == []


def test_a_lower_case_half_year_is_the_half_year(stats: MiniProject) -> None:
    """`2021-h1` gave one `unknown-period` per row; it is what the editor means by 2021-H1."""
    rows = GOOD.replace("2020,", "2021-h1,")
    assert csv(stats, rows.encode(), META.replace("2021-03-01", "2021-07-01")) == []


@pytest.mark.parametrize(("count", "rule"), [
    ('"1 234"', "not-a-count"), ("1\u00a0234", "not-a-count"), ("12.0", "not-a-count"),
    ("-3", "negative-count")])
def test_counts_written_as_people_write_them_are_one_message(stats: MiniProject, count: str,
                                                             rule: str) -> None:
    found = csv(stats, GOOD.replace("2020,tj,total,cases,40", f"2020,tj,total,cases,{count}").encode())
    assert len(found) == 1 and found[0].startswith(f"aggregates/test.csv:3: [{rule}]"), found


@pytest.mark.slow
def test_check_and_build_agree_on_an_editors_file(mini: MiniProject) -> None:
    """A Windows-saved guide builds; a `.MD` file stops the build with the message of kb check."""
    guide(mini, data=b"\xef\xbb\xbf" + GUIDE.format(extra="").replace("\n", "\r\n").encode())
    build_site(mini.project)
    guide(mini, name="h.ru.MD")
    checked = with_fix(mini)
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    assert [str(p) for p in info.value.problems] == checked and len(checked) == 1


def test_stamping_a_windows_file_changes_one_line_and_keeps_its_form(mini: MiniProject) -> None:
    """`kb translations --stamp` rewrote a CRLF file with a BOM as LF without BOM: every line
    of the editor's file changed."""
    from scripts.translations import stamp

    guide(mini)
    text = GUIDE.format(extra="translated_from: {lang: ru}\n").replace("topics: [police]\n", "")
    before = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    guide(mini, name="g.en.md", data=before)
    assert stamp(mini.project, mini.root / "content" / "guides" / "g.en.md").startswith("stamped")
    after = (mini.root / "content" / "guides" / "g.en.md").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    changed = [(a, b) for a, b in zip(before.split(b"\r\n"), after.split(b"\r\n"), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith(b"translated_from: {lang: ru, hash: "), changed
    assert messages(mini) == []
