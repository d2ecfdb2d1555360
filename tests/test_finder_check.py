"""The finder's tree (content/finder.yml): every bad tree gives one clear `kb check` problem
with the file, line, rule and fix; the sample tree is sound and covers the sample content.
No site is built here (the pages are in tests/test_finder_browser.py)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scripts.build import read_inputs
from scripts.cli import main
from scripts.errors import Problems
from scripts.finder import graph
from scripts.finder.model import ELSEWHERE
from scripts.finder.pages import Org, fits
from scripts.finder.reader import read_tree
from scripts.project import Project
from tests.conftest import REPO

GOOD = """
start: what
regions:
  question: {tg: "Куҷо?", ru: "Где?"}
  codes: [dushanbe, sughd]
  elsewhere: {tg: "Ҷои дигар", ru: "В другом месте"}
questions:
  - id: what
    text: {tg: "Чӣ шуд?", ru: "Что случилось?"}
    answers:
      - id: police
        label: {tg: "Милитсия", ru: "Милиция"}
        next: police
      - id: other
        label: {tg: "Дигар", ru: "Другое"}
        next: more
  - id: more
    text: {tg: "Боз чӣ?", ru: "Что ещё?"}
    answers:
      - id: "no"
        label: {tg: "Не", ru: "Нет"}
        next: police
results:
  - id: police
    title: {tg: "Боздошт", ru: "Задержание"}
    summary: {tg: "Ҳуқуқҳо.", ru: "Права."}
    urgent: {tg: ["Ҳимоятгар талаб кунед."], ru: ["Требуйте защитника."]}
    guides: [detention]
    statistics: [unlawful_detention]
    services: [primary_legal]
"""


def finder(mini, text: str) -> Path:
    path = mini.root / "content" / "finder.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def tree_project(mini):
    mini.guide("detention", "tg")
    finder(mini, GOOD)
    return mini


def problems_of(mini) -> list:
    _, problems = read_inputs(mini.project)
    return [p for p in problems if p.file == "content/finder.yml"]


def only(mini, rule: str):
    found = problems_of(mini)
    assert [p.rule for p in found] == [rule], "\n".join(map(str, found))
    return found[0]


def line_of(mini, text: str) -> int:
    lines = (mini.root / "content" / "finder.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_a_good_tree_has_no_problem(tree_project) -> None:
    assert problems_of(tree_project) == []


def test_an_answer_to_no_node_is_a_dangling_link(tree_project) -> None:
    finder(tree_project, GOOD.replace("next: more", "next: mroe"))
    problem = only(tree_project, "finder-link")
    assert "answer `other` of `what` leads to `mroe`" in problem.message
    assert "more" in problem.fix and "police" in problem.fix
    # the line of the answer (its `- id:` line)
    assert problem.line == line_of(tree_project, "- id: other")


def test_a_result_linking_a_missing_guide_is_a_dangling_link(tree_project) -> None:
    finder(tree_project, GOOD.replace("guides: [detention]", "guides: [detension]"))
    problem = only(tree_project, "finder-link")
    assert "the guide `detension`, which does not exist" in problem.message
    assert "detention" in problem.fix
    lines = (tree_project.root / "content" / "finder.yml").read_text(encoding="utf-8").splitlines()
    assert problem.line == lines.index("  - id: police") + 1  # the result, not the answer


def test_a_node_no_answer_leads_to_is_unreachable(tree_project) -> None:
    finder(tree_project, GOOD.replace("next: more", "next: police"))
    problem = only(tree_project, "finder-unreachable")
    assert "no answer leads to the question `more`" in problem.message
    assert problem.line == line_of(tree_project, "- id: more")
    assert "next: more" in problem.fix


def test_a_label_missing_in_the_default_language_is_reported(tree_project) -> None:
    finder(tree_project, GOOD.replace('label: {tg: "Дигар", ru: "Другое"}', 'label: {ru: "Другое"}'))
    problem = only(tree_project, "finder-label")
    assert "answer `other` of `what` has no Tajik (tg) text" in problem.message
    assert 'tg: "..."' in problem.fix
    assert problem.line == line_of(tree_project, "- id: other")


def test_a_label_missing_in_another_language_falls_back_without_a_problem(tree_project) -> None:
    # en and uz have no label anywhere in GOOD: they fall back (pages.py), no problem.
    finder(tree_project, GOOD.replace('text: {tg: "Боз чӣ?", ru: "Что ещё?"}', 'text: {tg: "Боз чӣ?"}'))
    assert problems_of(tree_project) == []


def test_answers_that_lead_in_a_circle_are_a_cycle(tree_project) -> None:
    finder(tree_project, GOOD.replace("""      - id: "no"
        label: {tg: "Не", ru: "Нет"}
        next: police""", """      - id: "no"
        label: {tg: "Не", ru: "Нет"}
        next: what
      - id: stop
        label: {tg: "Бас", ru: "Хватит"}
        next: police"""))
    problem = only(tree_project, "finder-cycle")
    assert "what -> more -> what" in problem.message
    assert problem.line == line_of(tree_project, "- id: what")


def test_an_answer_without_next_leads_nowhere(tree_project) -> None:
    finder(tree_project, GOOD.replace("        next: more\n", ""))
    found = problems_of(tree_project)
    rules = sorted(p.rule for p in found)
    # the answer is reported, and the question only it led to is now unreachable
    assert rules == ["finder-dead-end", "finder-unreachable"], "\n".join(map(str, found))
    assert "answer `other` of `what` leads nowhere" in next(
        p for p in found if p.rule == "finder-dead-end").message


def test_codes_come_from_the_vocabulary(tree_project) -> None:
    finder(tree_project, GOOD.replace("codes: [dushanbe, sughd]", "codes: [dushanbe, sugd]")
           .replace("services: [primary_legal]", "services: [legal]"))
    found = problems_of(tree_project)
    assert sorted(p.rule for p in found) == ["unknown-code", "unknown-code"]
    text = "\n".join(map(str, found))
    assert "unknown region code `sugd`" in text and "sughd" in text
    assert "unknown response code `legal`" in text and "primary_legal" in text


def test_kb_check_prints_every_finder_problem_with_file_line_rule_and_fix(tree_project) -> None:
    finder(tree_project, GOOD.replace("next: more", "next: mroe")
           .replace('title: {tg: "Боздошт", ru: "Задержание"}', 'title: {ru: "Задержание"}'))
    result = CliRunner().invoke(main, ["--root", str(tree_project.root), "check"])
    assert result.exit_code == 1
    out = result.output
    assert re.search(r"content/finder\.yml:\d+: \[finder-link\] answer `other` of `what`", out)
    assert re.search(r"content/finder\.yml:\d+: \[finder-label\] result `police`: `title`", out)
    assert out.count("    fix: ") >= 2 and "Traceback" not in out


def test_a_shape_mistake_is_one_message_not_a_traceback(tree_project) -> None:
    finder(tree_project, GOOD.replace("answers:\n      - id: police", "answer:\n      - id: police", 1))
    found = problems_of(tree_project)
    rules = sorted(p.rule for p in found)
    assert "finder" in rules  # the misspelt field
    assert "finder-dead-end" in rules  # so `what` has no answers
    assert any("unknown fields: answer" in p.message for p in found)


# -- the sample tree ----------------------------------------------------------------------

def sample() -> dict:
    return yaml.safe_load((REPO / "content" / "finder.yml").read_text(encoding="utf-8"))


def test_the_sample_tree_has_no_problem() -> None:
    _, problems = read_inputs(Project(REPO))
    assert [str(p) for p in problems if "finder" in p.file] == []


def test_the_sample_tree_covers_every_sample_guide_template_and_organization() -> None:
    data = sample()
    linked = {section: {slug for r in data["results"] for slug in r.get(section, [])}
              for section in ("guides", "templates", "training")}
    for section in ("guides", "templates"):
        slugs = {p.name.split(".")[0] for p in (REPO / "content" / section).glob("*.md")}
        assert linked[section] == slugs, section
    orgs = yaml.safe_load((REPO / "content" / "organizations.yml").read_text(encoding="utf-8"))
    tree = read_tree(REPO / "content" / "finder.yml", ("tg", "ru", "en", "uz"), Problems())
    shown = set()
    for result in tree.results.values():
        for region in tree.regions:
            shown |= {o["id"] for o in orgs if fits(
                Org(o["id"], "", "", o["region"], tuple(o["populations"]), tuple(o["services"])),
                result, region)}
    assert shown == {o["id"] for o in orgs}


def test_the_sample_tree_speaks_tg_ru_en_and_uz_for_the_first_two_questions() -> None:
    data = sample()
    first = next(q for q in data["questions"] if q["id"] == data["start"])
    second = [data["regions"]["question"], data["regions"]["elsewhere"]] + [
        q["text"] for q in data["questions"] if q["id"] != data["start"]]
    for labels in [first["text"], *(a["label"] for a in first["answers"]), *second]:
        assert set(labels) == {"tg", "ru", "en", "uz"}, labels
    for result in data["results"]:
        for field in ("title", "summary", "urgent"):
            assert {"tg", "ru", "en"} <= set(result[field]), (result["id"], field)
    assert data["legal_review"] == "pending"


def test_the_sample_tree_names_no_phone_number_or_address() -> None:
    text = (REPO / "content" / "finder.yml").read_text(encoding="utf-8")
    assert not re.search(r"\+?\d[\d\s()-]{5,}\d", text)
    assert "http" not in text and "@" not in text


def test_every_guide_of_the_sample_is_at_most_four_taps_from_the_home_page() -> None:
    """The home page shows the first question: a tap per answer, then one on the guide."""
    tree = read_tree(REPO / "content" / "finder.yml", ("tg", "ru", "en", "uz"), Problems())
    taps: dict[str, int] = {}
    for state in graph.walk(tree):
        if state.kind == "result" and state.region != ELSEWHERE:
            for slug in tree.results[state.node].guides:
                taps[slug] = min(taps.get(slug, 99), len(state.trail) + 1)
    assert taps and max(taps.values()) <= 4, taps


def test_organizations_fit_by_region_service_and_population() -> None:
    tree = read_tree(REPO / "content" / "finder.yml", ("tg", "ru", "en", "uz"), Problems())
    hiv, police = tree.results["hiv-disclosure"], tree.results["police-detention"]
    general = Org("a", "", "", "drs", (), ("primary_legal",))
    women = Org("b", "", "", "drs", ("plhiv",), ("primary_legal",))
    assert fits(general, police, "drs") and not fits(general, police, "sughd")
    assert fits(general, police, ELSEWHERE)
    assert fits(women, hiv, "drs") and not fits(women, police, "drs")
    assert not fits(Org("c", "", "", "drs", (), ("mediation",)), police, "drs")


# Texts and steps per language share one reader (reader.py `per_language`): each shape
# problem of either names the field, the language and the line, with the field's own fix.
LANGUAGES_FIX = "use the languages of mkdocs.yml: tg, ru, en, uz"


@pytest.mark.parametrize(("old", "new", "rule", "message", "fix"), [
    ('label: {tg: "Милитсия", ru: "Милиция"}', 'label: "Милитсия"', "finder",
     "answer `police` of `what` must give a text per language",
     'write `{tg: "...", ru: "...", en: "...", uz: "..."}`'),
    ('label: {tg: "Милитсия", ru: "Милиция"}', 'label: {tg: "Милитсия", xx: "Милиция"}',
     "unknown-language", "answer `police` of `what` has `xx`, not a language of the site",
     LANGUAGES_FIX),
    ('label: {tg: "Милитсия", ru: "Милиция"}', 'label: {tg: "Милитсия", ru: "  "}', "finder",
     "answer `police` of `what` (ru) is empty or not text",
     "write the text in quotes, or leave the language out to show another language's text "
     "with a notice"),
    ('urgent: {tg: ["Ҳимоятгар талаб кунед."], ru: ["Требуйте защитника."]}',
     'urgent: ["Ҳимоятгар талаб кунед."]', "finder",
     "result `police`: `urgent` must give a list of steps per language",
     '`urgent: {tg: ["...", "..."], ru: [...]}`'),
    ('urgent: {tg: ["Ҳимоятгар талаб кунед."], ru: ["Требуйте защитника."]}',
     'urgent: {tg: ["Ҳимоятгар талаб кунед."], xx: ["Требуйте защитника."]}',
     "unknown-language", "result `police`: `urgent` has `xx`, not a language of the site",
     LANGUAGES_FIX),
    ('urgent: {tg: ["Ҳимоятгар талаб кунед."], ru: ["Требуйте защитника."]}',
     'urgent: {tg: ["Ҳимоятгар талаб кунед."], ru: "Требуйте защитника."}', "finder",
     "result `police`: `urgent` (ru) must be a list of steps", '`ru: ["first step", "second step"]`'),
])
def test_a_bad_text_or_step_list_per_language_is_reported(tree_project, old, new, rule, message,
                                                          fix) -> None:
    assert old in GOOD
    finder(tree_project, GOOD.replace(old, new))
    # (A label that is no mapping also leaves the answer without its Tajik text: finder-label.)
    found = [p for p in problems_of(tree_project) if p.rule == rule]
    assert len(found) == 1, found
    problem = found[0]
    assert (problem.message, problem.fix) == (message, fix)
    # The line of the field when it is a mapping of its own, else of its item (`- id:`).
    lines = (tree_project.root / "content" / "finder.yml").read_text(encoding="utf-8").splitlines()
    item = "      - id: police" if new.startswith("label") else "  - id: police"
    expected = line_of(tree_project, new) if "{" in new else lines.index(item) + 1
    assert problem.line == expected, problem


def test_texts_and_steps_keep_their_words_with_white_space_folded(tree_project) -> None:
    text = GOOD.replace('ru: ["Требуйте защитника."]', 'ru: ["Требуйте \\n  защитника.", " Ждите "]')
    finder(tree_project, text.replace('title: {tg: "Боздошт"', 'title: {tg: " Боз  дошт "'))
    tree = read_tree(tree_project.root / "content" / "finder.yml", ("tg", "ru", "en", "uz"), Problems())
    result = tree.results["police"]
    assert result.urgent == {"tg": ("Ҳимоятгар талаб кунед.",), "ru": ("Требуйте защитника.", "Ждите")}
    assert result.title == {"tg": "Боз дошт", "ru": "Задержание"}
    assert tree.questions["what"].answers[0].label == {"tg": "Милитсия", "ru": "Милиция"}


def test_a_guide_that_cannot_be_read_is_not_also_a_dangling_link(tree_project) -> None:
    """A guide whose front matter is broken is reported once, by its own file (a fresh
    tester got four `finder-link` problems besides, naming a guide whose file is there)."""
    path = tree_project.root / "content/guides/detention.tg.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", 'title: [unclosed "', 1),
                    encoding="utf-8")
    _, problems = read_inputs(tree_project.project)
    assert [p.rule for p in problems if p.file == "content/guides/detention.tg.md"] == ["yaml"]
    assert problems_of(tree_project) == []
