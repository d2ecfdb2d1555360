"""Appeal templates: every bad template is refused with a message naming the file and line.

These run the real reader and validator on small projects (no MkDocs build, except one test
that checks a real `kb build` stops and publishes nothing).
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.appeals.assets import find_library, search_roots
from scripts.appeals.fields import read_fields
from scripts.appeals.letter import BODY, HEADER, TITLE
from scripts.appeals.sandbox import compile_letter, environment
from scripts.build import build_site, read_inputs
from scripts.errors import BuildError

from .samples import FIELDS, LETTER, NAME_FIELD, template


def problems_of(mini) -> list[str]:
    """The problems found in template files (other features' own checks are theirs to test)."""
    _, problems = read_inputs(mini.project)
    return [str(p) for p in problems if p.file.startswith("content/templates/")]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().split("\n"), 1) if needle in text)


def test_a_good_template_has_no_problems(mini) -> None:
    template(mini)
    assert problems_of(mini) == []


def test_undeclared_field_names_file_line_and_field(mini) -> None:
    path = template(mini, letter=LETTER + "Phone: {{ phone }}\n")
    [problem] = problems_of(mini)
    assert problem.startswith(f"content/templates/sample.ru.md:{line_of(path, '{{ phone }}')}: "
                              "[undeclared-field] `{{ phone }}` is not a declared field")
    assert "use one of: full_name, date" in problem


SANDBOX_ESCAPES = [
    ("{{ full_name.__class__ }}", "attribute access"),
    ("{{ full_name.upper() }}", "a function call"),
    ("{{ full_name['x'] }}", "item access"),
    ("{{ full_name|upper }}", "a filter"),
    ("{{ full_name|no_such_filter }}", "a filter"),
    ("{{ full_name is defined }}", "a test"),
    ("{{ full_name ~ date }}", "joining values"),
    ("{{ 'text' }}", "a constant"),
    ("{{ range(10) }}", "a function call"),
    ("{{ lipsum.__globals__ }}", "attribute access"),
    ("{% for c in full_name %}{{ c }}{% endfor %}", "a `{% ... %}` block"),
    ("{% include '/etc/passwd' %}", "a `{% ... %}` block"),
    ("{% import 'os' as os %}", "a `{% ... %}` block"),
    ("{% set x = 1 %}", "a `{% ... %}` block"),
    ("{% raw %}{{ full_name }}{% endraw %}", "a `{% raw %}` block"),
]


@pytest.mark.parametrize(("code", "words"), SANDBOX_ESCAPES)
def test_sandbox_escape_attempts_are_refused(mini, code: str, words: str) -> None:
    path = template(mini, letter=LETTER + f"Text {code} more text.\n")
    problems = problems_of(mini)
    assert problems, code
    line = line_of(path, code)
    assert all(p.startswith(f"content/templates/sample.ru.md:{line}: [template-") for p in problems), problems
    assert any(words in p for p in problems), problems


def test_syntax_error_names_the_line(mini) -> None:
    path = template(mini, letter=LETTER + "Broken {{ full_name\n")
    [problem] = problems_of(mini)
    assert problem.startswith(f"content/templates/sample.ru.md:{line_of(path, 'Broken')}: "
                              "[template-syntax] the letter cannot be read")


def test_field_ids_must_match_across_languages(mini) -> None:
    template(mini, "ru")
    other = FIELDS.replace("id: date", "id: day").replace("type: text", "type: textarea")
    path = template(mini, "tg", fields=other, letter=LETTER.replace("{{ date }}", "{{ day }}"),
                    extra="translated_from: {lang: ru, hash: \"000000000000\"}\n")
    problems = [p for p in problems_of(mini) if "[template-fields-differ]" in p]
    assert len(problems) == 1
    assert problems[0].startswith(f"content/templates/sample.tg.md:{line_of(path, 'fields:')}: "
                                  "[template-fields-differ] the fields differ from the original sample.ru.md")
    for words in ("missing ids: date", "ids the original does not have: day",
                  "`full_name` is textarea here but text in the original"):
        assert words in problems[0]


def test_each_bad_field_item_names_its_line(mini) -> None:
    fields = "fields:\n" + NAME_FIELD + textwrap.indent(textwrap.dedent("""\
          - id: date
            label: "Date"
            type: calendar
            required: yes please
            help: "The day."
          - id: reason
            label: "Reason"
            type: select
            required: false
            help: "Why."
          - id: Bad-Id
            label: "x"
            type: text
            required: true
            help: "x"
          - id: full_name
            label: "Again"
            type: text
            required: true
    """), "  ")
    path = template(mini, fields=fields, letter=LETTER + "{{ reason }}\n")
    problems = problems_of(mini)
    lines = [n for n, text in enumerate(path.read_text().split("\n"), 1) if text.startswith("  - id:")]
    expected = [
        (lines[1], "field `date`: `type` is `calendar`"),
        (lines[1], "field `date`: `required` must be true or false"),
        (lines[2], "field `reason`: a `select` field needs `options`"),
        (lines[3], "field `Bad-Id`: `id` must be lower-case Latin letters"),
        (lines[4], "field `full_name` is declared twice"),
    ]
    for line, words in expected:
        assert any(p.startswith(f"content/templates/sample.ru.md:{line}: [template-field] {words}")
                   for p in problems), (words, problems)


def test_missing_marker_unused_field_and_placeholder_in_explanation(mini) -> None:
    mini.write("templates/nomarker.ru.md", "---\ntitle: T\nsummary: S\nreviewed: 2026-11-01\n"
               "addressee: X\n" + FIELDS + "---\n\nJust text, no letter.\n")
    path = template(mini, letter="Only {{ full_name }}.\n",
                    explanation="## About\n\nWrite {{ full_name }} here.\n")
    problems = problems_of(mini)
    assert any(p.startswith("content/templates/nomarker.ru.md:") and "[template-marker]" in p
               and "no line `<!-- letter -->`" in p for p in problems), problems
    assert any(p.startswith(f"content/templates/sample.ru.md:{line_of(path, 'Write {{')}: "
                            "[template-placeholder]") for p in problems), problems
    assert any("[unused-field] declared but never used in the letter: date" in p for p in problems)


def test_unknown_guide_is_reported(mini) -> None:
    template(mini, extra="guides: [no-such-guide]\n")
    [problem] = problems_of(mini)
    assert "[unknown-code] `guides` has unknown value `no-such-guide`" in problem


def test_kb_build_stops_and_publishes_nothing(mini) -> None:
    template(mini, letter=LETTER + "{{ full_name.__init__.__globals__ }}\n")
    with pytest.raises(BuildError) as raised:
        build_site(mini.project)
    report = str(raised.value)
    assert "content/templates/sample.ru.md:" in report and "[template-code]" in report
    assert "attribute access" in report and "nothing was published" in report
    assert not (mini.root / "site").exists()


def test_letter_structure() -> None:
    paragraphs, issues = compile_letter(LETTER, ["full_name", "date"])
    assert issues == []
    assert [p.kind for p in paragraphs] == [HEADER, TITLE, BODY, BODY]
    header = paragraphs[0]
    assert [[(s.text, s.field) for s in line] for line in header.lines] == [
        [("To the prosecutor", None)], [("from ", None), ("", "full_name")]]
    assert paragraphs[1].lines[0][0].text == "Complaint"


def test_the_sandbox_itself_has_nothing_to_reach() -> None:
    """The third wall: even without the checks, rendering cannot reach Python objects."""
    env = environment()
    assert (env.filters, env.tests, env.globals, env.loader) == ({}, {}, {}, None)
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ x.__class__ }}").render(x="a")
    with pytest.raises(jinja2.exceptions.UndefinedError):
        env.from_string("{{ undeclared }}").render()
    with pytest.raises(jinja2.exceptions.TemplateAssertionError):
        env.from_string("{{ x|upper }}")


def test_the_browser_library_is_found_only_where_installed(tmp_path: Path) -> None:
    assert find_library([tmp_path]) is None
    library = find_library(search_roots(tmp_path))
    assert library is not None and library.code.startswith(b"/* docx ")
    # Named for its version and content: a long-lived name (scripts/page_assets.py).
    digest = hashlib.sha256(library.code).hexdigest()[:10]
    assert library.path == f"templates/lib/docx-{library.version}.{digest}.js"


# Pieces an editor (or an attacker) could put in a letter, in any order.
PIECES = [*"{}%#|.()[]'\"~ \n>-_a", "{{", "}}", "{%", "%}", "{#", "#}", "{{ a }}", "\x00", "a.b", "x|y"]
ANY = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
                   lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
                       st.sampled_from(["id", "label", "type", "required", "help", "options", "x"]),
                       inner, max_size=6)),
                   max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(letter=st.lists(st.sampled_from(PIECES), max_size=40).map("".join), fields=ANY)
def test_no_letter_or_fields_however_broken_raises(letter: str, fields: object) -> None:
    specs, _ = read_fields(fields)
    paragraphs, issues = compile_letter(letter, [s.id for s in specs] + ["a"])
    assert not (paragraphs and issues)
