"""The letter sandbox on its own (scripts/appeals/sandbox.py): each refusal, its rule and line.

tests/test_templates_validation.py runs the same letters through the real reader on small
projects; these call the sandbox directly, so that they are fast enough to run against every
mutant of `make mutation`.
"""

from __future__ import annotations

import pytest

from scripts.appeals.sandbox import FIX_PLAIN, compile_letter, environment, names_in

from .samples import LETTER
from .test_templates_validation import SANDBOX_ESCAPES

DECLARED = ["full_name", "date"]
LETTER_LINES = LETTER.count("\n")  # the escape attempt goes on the line after the letter


@pytest.mark.parametrize(("code", "words"), SANDBOX_ESCAPES)
def test_each_escape_attempt_is_refused_on_its_line(code: str, words: str) -> None:
    paragraphs, issues = compile_letter(LETTER + f"Text {code} more text.\n", DECLARED)
    assert paragraphs == []
    assert issues
    assert {(i.line, i.rule, i.fix) for i in issues} == {(LETTER_LINES + 1, "template-code", FIX_PLAIN)}
    assert any(words in i.message for i in issues), issues


def test_every_refusal_of_a_letter_is_reported_at_once() -> None:
    source = LETTER + "{{ full_name.x }}\n{% set y = 1 %}\n{{ phone }}\n"
    _, issues = compile_letter(source, DECLARED)
    assert [(i.line, i.rule) for i in issues] == [
        (LETTER_LINES + 2, "template-code"), (LETTER_LINES + 1, "template-code"),
        (LETTER_LINES + 3, "undeclared-field")]


def test_an_undeclared_field_names_itself_and_the_declared_ones() -> None:
    paragraphs, [issue] = compile_letter(LETTER + "\nPhone: {{ phone }}\n", DECLARED)
    assert paragraphs == []
    assert (issue.line, issue.rule) == (LETTER_LINES + 2, "undeclared-field")
    assert issue.message == "`{{ phone }}` is not a declared field"
    assert issue.fix == "declare it under `fields:` (`- id: phone`), or use one of: full_name, date"
    _, [none] = compile_letter("{{ phone }}", [])
    assert none.fix.endswith("use one of: (no fields declared)")


def test_a_syntax_error_and_a_control_character_name_their_line() -> None:
    _, [broken] = compile_letter("One\nTwo {{ full_name\n", DECLARED)
    assert (broken.line, broken.rule) == (2, "template-syntax")
    assert broken.message.startswith("the letter cannot be read: ")
    _, [nul] = compile_letter("One\nTwo\nThree \x00 four\n", DECLARED)
    assert (nul.line, nul.rule) == (3, "template-text")
    assert "NUL" in nul.message


def test_a_good_letter_keeps_every_field_in_place() -> None:
    paragraphs, issues = compile_letter("Dear {{ full_name }}, on {{ date }}.\n\nThanks.\n", DECLARED)
    assert issues == []
    assert [[[(s.text, s.field) for s in line] for line in p.lines] for p in paragraphs] == [
        [[("Dear ", None), ("", "full_name"), (", on ", None), ("", "date"), (".", None)]],
        [[("Thanks.", None)]]]


def test_names_in_lists_plain_names_with_their_lines() -> None:
    tree = environment().parse("A {{ full_name }}\nB {{ date }} {{ x.y }}\n")
    assert names_in(tree) == [("full_name", 1), ("date", 2)]


def test_code_after_a_block_is_still_refused() -> None:
    _, issues = compile_letter("{% set y = 1 %}\n{{ full_name.x }}\n", DECLARED)
    assert [(i.line, i.rule) for i in issues] == [(1, "template-code"), (2, "template-code")]
