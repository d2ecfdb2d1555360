"""Training modules as input: trainer-note splitting, link moving, and one clear message per bad module."""

from __future__ import annotations

import shutil

import markdown
import pytest

from scripts import admonitions
from scripts.build import build_site, read_inputs
from scripts.errors import BuildError
from scripts.training import trainer
from scripts.training.links import relink
from tests.conftest import REPO, MiniProject
from tests.samples import MODULE  # valid; the cases below break one thing each (lines matter)


def translation(text: str = MODULE) -> str:
    return text.replace('title: "Module"',
                        'title: "Модуль"\ntranslated_from: {lang: en, hash: "000000000000"}', 1)


# ---------------------------------------------------------------------------------------------
# Splitting trainer notes out of the Markdown


def test_a_note_is_cut_from_the_participant_text_and_kept_for_the_trainer() -> None:
    body = 'Intro.\n\n!!! trainer "Timing"\n    Ten minutes.\n\n    Second paragraph.\n\nAfter.\n'
    split = trainer.split(body, "Trainer note")
    assert split.participant == "Intro.\n\n\nAfter.\n"
    assert split.trainer == body
    assert [(n.line, n.title, n.text) for n in split.notes] == [
        (3, "Timing", "Ten minutes.\n\nSecond paragraph.")]
    assert split.issues == []


def test_a_note_without_title_gets_the_translated_default_title() -> None:
    split = trainer.split("!!! trainer\n    Answers.\n", "Заметка для тренера")
    assert split.trainer == '!!! trainer "Заметка для тренера"\n    Answers.\n'
    assert split.participant == ""


def test_notes_inside_lists_and_with_capital_letters_are_cut_too() -> None:
    body = ('1. Step one.\n\n    !!! Trainer "Tip"\n        Nested note.\n\n2. Step two.\n'
            '\n!!! trainer\n\tTab-indented note.\n')
    split = trainer.split(body, "Note")
    assert "Nested note" not in split.participant and "Tab-indented" not in split.participant
    assert "Step one." in split.participant and "Step two." in split.participant
    assert split.issues == []
    assert '    !!! trainer "Tip"\n        Nested note.' in split.trainer


@pytest.mark.parametrize("body", [
    '```\n!!! trainer "Example"\n    how to write one\n```\n',  # fenced: ``` is text on this site
    'Text.\n\n```\nnever closed\n\n!!! trainer "Answers"\n    how to write one\n',  # unclosed fence
])
def test_a_note_after_a_code_fence_is_still_a_note(body: str) -> None:
    """The site's Markdown has no fenced code blocks: Python-Markdown makes a note of these
    (it published "how to write one" to participants), so they are cut."""
    assert 'class="admonition trainer"' in markdown.markdown(body, extensions=list(admonitions.EXTENSIONS))
    split = trainer.split(body, "Note")
    assert "how to write one" not in split.participant and len(split.notes) == 1


@pytest.mark.parametrize("marker", ['!!! тренер "Вақт"', '!!! мураббӣ "Вақт"', '!!! Тренер',
                                    '!!! мураббий "Вақт"'])
def test_a_translated_trainer_marker_is_cut_and_is_a_problem(mini, marker: str) -> None:
    """A translated type word made an ordinary note, shown to participants (and their handout
    and search); now it is cut, and `kb check` and `kb build` name it with the fix."""
    mini.write("training/first.tg.md", f"""\
        ---
        title: "Модул"
        summary: "Ҷамъбаст."
        order: 1
        duration: 30
        objectives: ["Донистан."]
        ---

        ## Қисм

        Матн.

        {marker}
            Ҷавобҳо барои тренер: танҳо тренер инро мебинад.
        """)
    split = trainer.split((mini.root / "content/training/first.tg.md").read_text().split("---\n", 2)[2],
                          "Note")
    assert "танҳо тренер" not in split.participant
    _, problems = read_inputs(mini.project)
    found = [str(p).split("\n")[0] for p in problems]
    assert found == [f"content/training/first.tg.md:13: [admonition-type] `{marker}`: the site does not "
                     f"know the note type `{marker.split()[1].lower()}`, so this note would be shown to "
                     "everyone"], found
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    assert [str(p).split("\n")[0] for p in info.value.problems] == found


def test_an_unknown_note_type_in_any_document_is_a_problem(mini) -> None:
    mini.guide("eviction", "ru", body="## Шаги\n\n!!! tipp \"Совет\"\n    Текст.\n")
    _, problems = read_inputs(mini.project)
    assert [(p.line, p.rule) for p in problems] == [(11, "admonition-type")]
    assert "use one of: note, tip" in str(next(iter(problems)))


@pytest.mark.parametrize(("line", "message"), [
    ('??? trainer "Timing"', "a trainer note must start with `!!!`, not `???`"),
    ("!!! trainer Timing: 20 min", "the trainer note's first line `!!! trainer Timing: 20 min`"),
    ('!!! trainer note "Timing"', "the trainer note's first line `!!! trainer note \"Timing\"`"),
])
def test_a_miswritten_note_is_still_cut_and_is_reported(line: str, message: str) -> None:
    split = trainer.split(f"Before.\n\n{line}\n    Secret.\n", "Note", first_line=10)
    assert "Secret." not in split.participant
    assert split.issues and split.issues[0].line == 12
    assert split.issues[0].message.startswith(message)


def test_a_note_whose_text_is_not_indented_is_reported() -> None:
    split = trainer.split('!!! trainer "Timing"\nSecret written flush left.\n', "Note", first_line=5)
    assert [(i.line, i.message) for i in split.issues] == [
        (5, "the trainer note has no text indented under it, so its text would show on the "
            "participant page")]


# ---------------------------------------------------------------------------------------------
# Moving links from training/<slug>.md to the deeper trainer and handout pages


def test_links_are_rewritten_for_a_deeper_page() -> None:
    text = ("See [a guide](../guides/free-legal-aid.md#steps), [a module](other.md), "
            "[here](#part), [site](https://example.org) and [ref].\n\n"
            "[ref]: ../organizations.md\n\n```\n[code](other.md)\n```\n")
    moved = relink(text, "training", "training/trainer")
    assert "(../../guides/free-legal-aid.md#steps)" in moved
    assert "(../other.md)" in moved and "(#part)" in moved and "(https://example.org)" in moved
    assert "[ref]: ../../organizations.md" in moved
    assert "[code](other.md)" in moved  # code is shown as written
    assert relink(text, "training", "training") == text


# ---------------------------------------------------------------------------------------------
# Bad modules: each gives one clear message (file, line, rule, what is wrong) and publishes nothing


@pytest.fixture
def project(mini: MiniProject) -> MiniProject:
    # The feature's UI strings live in content/ui/, beside the core catalog.
    shutil.copytree(REPO / "content" / "ui", mini.root / "content" / "ui", dirs_exist_ok=True)
    return mini


def problems_of(mini: MiniProject) -> list[str]:
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    assert not (mini.root / "site").exists()
    return [str(p) for p in info.value.problems]


BAD = {
    "answer-out-of-range": (
        {"m.en.md": MODULE.replace("answer: 0", "answer: 2")},
        "content/training/m.en.md:10: [quiz] quiz question 1: `answer` is 2, but the options are "
        "numbered 0 to 1\n    fix: count the options from 0",
    ),
    "answer-not-a-number": (
        {"m.en.md": MODULE.replace("answer: 0", 'answer: "B"')},
        "content/training/m.en.md:10: [quiz] quiz question 1: `answer` is `B`, not the number of an option",
    ),
    "one-option": (
        {"m.en.md": MODULE.replace('options: ["Right", "Wrong"]', 'options: ["Right"]')},
        "content/training/m.en.md:9: [quiz] quiz question 1: has 1 option; a question needs at least two",
    ),
    "no-explanation": (
        {"m.en.md": MODULE.replace('    explanation: "Because."\n', "")},
        "content/training/m.en.md:8: [quiz] quiz question 1: `explanation` is missing or empty",
    ),
    "misspelt-key": (
        {"m.en.md": MODULE.replace("    options:", "    option:")},
        "content/training/m.en.md:9: [quiz] quiz question 1: unknown key `option` (did you mean `options`?)",
    ),
    "question-not-a-mapping": (
        {"m.en.md": MODULE.replace('  - question: "First?"', '  - "First?"\n  - question: "First?"')},
        "content/training/m.en.md:8: [quiz] quiz question 1: is not a mapping of question, options, "
        "answer and explanation",
    ),
    "quiz-count-differs": (
        {"m.en.md": MODULE, "m.ru.md": translation(MODULE.replace(
            "quiz:\n", 'quiz:\n  - question: "Extra?"\n    options: ["A", "B"]\n    answer: 1\n'
                       '    explanation: "Extra."\n'))},
        "content/training/m.ru.md:8: [quiz-translation] the quiz has 2 question(s) but the original "
        "m.en.md has 1",
    ),
    "answer-differs-in-translation": (
        {"m.en.md": MODULE, "m.ru.md": translation(MODULE.replace("answer: 0", "answer: 1"))},
        "content/training/m.ru.md:11: [quiz-translation] quiz question 1: `answer` is 1 but 0 in the "
        "original m.en.md",
    ),
    "options-differ-in-translation": (
        {"m.en.md": MODULE, "m.ru.md": translation(MODULE.replace('["Right", "Wrong"]', '["A", "B", "C"]'))},
        "content/training/m.ru.md:10: [quiz-translation] quiz question 1 has 3 options but the same "
        "question in the original m.en.md has 2",
    ),
    "duration-zero": (
        {"m.en.md": MODULE.replace("duration: 60", "duration: 0")},
        "content/training/m.en.md:5: [duration] `duration` is 0 minutes",
    ),
    "duration-missing": (
        {"m.en.md": MODULE.replace("duration: 60\n", "")},
        "content/training/m.en.md:1: [missing-field] the required field `duration` is missing",
    ),
    "order-not-a-number": (
        {"m.en.md": MODULE.replace("order: 1", "order: first")},
        "content/training/m.en.md:4: [field-type] `order` must be a whole number, 0 or more",
    ),
    "same-order-twice": (
        {"m.en.md": MODULE, "n.en.md": MODULE},
        "content/training/n.en.md:4: [order] `order: 1` is also the order of m.en.md",
    ),
    "no-objectives": (
        {"m.en.md": MODULE.replace('objectives: ["Learn the rules."]', "objectives: []")},
        "content/training/m.en.md:6: [objectives] `objectives` is an empty list",
    ),
    "trainer-note-not-indented": (
        {"m.en.md": MODULE.replace("    TRAINER-ONLY-TEXT", "TRAINER-ONLY-TEXT")},
        "content/training/m.en.md:18: [trainer-note] the trainer note has no text indented under it",
    ),
    "trainer-note-with-question-marks": (
        {"m.en.md": MODULE.replace('!!! trainer "Timing"', '??? trainer "Timing"')},
        "content/training/m.en.md:18: [trainer-note] a trainer note must start with `!!!`, not `???`",
    ),
    "reserved-slug": (
        {"trainer.en.md": MODULE},
        "content/training/trainer.en.md:1: [reserved-slug] `trainer` is the name of a page the site "
        "makes for the training section",
    ),
    "shared-order-differs": (
        {"m.en.md": MODULE, "m.ru.md": translation(MODULE.replace("order: 1", "order: 2"))},
        "content/training/m.ru.md:5: [shared-field] `order` differs from the original m.en.md",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_module_gives_one_clear_message(project: MiniProject, case: str) -> None:
    files, expected = BAD[case]
    for name, text in files.items():
        project.write(f"training/{name}", text)
    problems = problems_of(project)
    assert any(p.startswith(expected) for p in problems), "\n".join(problems)
    assert all("fix: " in p for p in problems)
    assert len([p for p in problems if "training/" in p]) == 1, "\n".join(problems)


def test_missing_ui_strings_are_reported_not_crashed_on(mini: MiniProject) -> None:
    mini.write("training/m.en.md", MODULE)
    (mini.root / "content" / "ui" / "training.yml").unlink(missing_ok=True)
    problems = problems_of(mini)
    found = [p.split("\n")[0] for p in problems if "missing-ui-string" in p]
    assert len(found) == 1, problems
    assert found[0].startswith("content/ui/training.yml: [missing-ui-string] UI strings the site uses "
                               "are not defined: training_answer_key, "), found
    assert "training_title" in found[0] and "(used in scripts/training/" in found[0]


def test_every_problem_of_every_module_is_reported_at_once(project: MiniProject) -> None:
    project.write("training/m.en.md", MODULE.replace("answer: 0", "answer: 5"))
    project.write("training/n.en.md", MODULE.replace("order: 1", "order: 2").replace(
        "duration: 60", "duration: 0").replace("    TRAINER-ONLY-TEXT", "TRAINER-ONLY-TEXT"))
    rules = sorted(p.split("[", 1)[1].split("]", 1)[0] for p in problems_of(project))
    assert rules == ["duration", "quiz", "trainer-note"]


def test_the_last_check_refuses_trainer_text_on_a_participant_page(mini) -> None:
    """Whatever the cut missed (here: the note's text pasted into the module's body), the check
    before anything is written finds it and nothing is published."""
    secret = "The right answer is B: the police must let the client call a lawyer."
    mini.write("training/first.en.md", f"""\
        ---
        title: "Module"
        summary: "Summary."
        order: 1
        duration: 30
        objectives: ["Know."]
        ---

        ## Part

        {secret}

        !!! trainer "Answers"
            {secret}
        """)
    _, problems = read_inputs(mini.project)  # kb check sees it in the sources
    assert [str(p).split("\n")[0] for p in problems] == [
        "content/training/first.en.md:13: [trainer-leak] the text of this trainer note is also in "
        "first.en.md, which participants see"]
    with pytest.raises(BuildError) as info:  # kb build refuses it, with the same message
        build_site(mini.project)
    assert [str(p) for p in info.value.problems] == [str(p) for p in problems]
    assert not (mini.root / "site").exists()


def test_the_last_check_on_generated_pages(mini) -> None:
    """The check on the generated Markdown, before docs/ is written: every participant page
    and handout (the trainer edition may show the note)."""
    from scripts.training import leaks

    secret = "The right answer is B: the police must let the client call a lawyer."
    mini.write("training/first.en.md", MODULE.replace("## Part", f'!!! trainer "A"\n    {secret}\n\n## Part'))
    doc = next(d for d in read_inputs(mini.project)[0].corpus.documents if d.section == "training")
    notes = leaks.fragments([doc])
    files = {"en/training/trainer/first.md": secret, "en/training/handouts/first.md": f"- {secret}",
             "ru/training/first.md": "Other text.", "en/guides/x.md": f"**{secret[:30]}**{secret[30:]}"}
    assert sorted(leak.where for leak in leaks.in_docs(files, notes)) == [
        "en/guides/x.md", "en/training/handouts/first.md"]


def test_the_build_asks_the_training_feature_for_the_last_check(mini) -> None:
    """The core imports no feature: `generate` runs every feature's `check_docs`
    (features.py), and the training feature's names each leak at the note's line."""
    from scripts.features import check_docs

    secret = "The right answer is B: the police must let the client call a lawyer."
    mini.write("training/first.en.md", MODULE.replace("## Part", f'!!! trainer "A"\n    {secret}\n\n## Part'))
    inputs, _ = read_inputs(mini.project)
    problems = check_docs(inputs.features, inputs.services,
                          {"en/guides/x.md": secret, "en/training/trainer/first.md": secret})
    assert [(p.file, p.rule) for p in problems.items] == [("content/training/first.en.md", "trainer-leak")]
    assert "would be published to participants in en/guides/x.md" in problems.items[0].message
    assert problems.items[0].line is not None
    assert not check_docs(inputs.features, inputs.services, {"en/guides/x.md": "Other text."})


def test_the_last_check_reads_built_pages_and_search_indexes(tmp_path) -> None:
    from pathlib import Path

    from scripts.content import Document
    from scripts.training import leaks

    doc = Document(Path("content/training/x.ru.md"), "training", "x", "ru", {},
                   '!!! trainer "A"\n    - Тренер говорит: правильный ответ второй, объясните почему.\n', 8)
    notes = leaks.fragments([doc])
    assert [f.line for f in notes] == [8]
    (tmp_path / "ru/search").mkdir(parents=True)
    (tmp_path / "ru/training/trainer/x").mkdir(parents=True)
    (tmp_path / "ru/training/trainer/x/index.html").write_text(
        "<p>Тренер говорит: правильный ответ второй, объясните почему.</p>", encoding="utf-8")
    assert leaks.in_site(tmp_path, notes) == []  # the trainer edition may show it
    (tmp_path / "ru/search/index.json").write_text(
        '{"docs": [{"text": "Тренер говорит: правильный ответ <em>второй</em>, объясните почему."}]}',
        encoding="utf-8")
    assert [leak.where for leak in leaks.in_site(tmp_path, notes)] == ["ru/search/index.json"]



def test_the_last_check_of_the_site_reads_only_the_built_languages(mini, tmp_path) -> None:
    """A language kept from the previous build was checked when it was built: its files are
    not read again (a kept page holding a note's text is not reported, as it is not read),
    while a built language's page and the root the default language's build wrote are."""
    from scripts.features import built_files, check_site

    secret = "The right answer is B: the police must let the client call a lawyer."
    mini.write("training/first.en.md", MODULE.replace("## Part", f'!!! trainer "A"\n    {secret}\n\n## Part'))
    site = tmp_path / "site"
    for rel in ("guides/x/index.html", "en/guides/x/index.html", "ru/guides/x/index.html",
                "uz/search/index.json"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f'<p>{secret}</p>' if rel.endswith(".html") else
                                f'{{"docs": [{{"text": "{secret}"}}]}}', encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets/site.css").write_text("p {}", encoding="utf-8")

    def found(built) -> list[str]:
        return sorted(p.message.split(" in ")[-1] for p in check_site(mini.project, site, built).items)

    assert found(None) == ["en/guides/x/index.html", "guides/x/index.html", "ru/guides/x/index.html",
                           "uz/search/index.json"]
    assert found(("en",)) == ["en/guides/x/index.html"]
    assert [p.relative_to(site).as_posix() for p in built_files(mini.project, site, ("en",))] == [
        "en/guides/x/index.html"]
    # The default language (the root) built: its pages and the shared files, not the kept ones.
    assert found(("tg", "uz")) == ["guides/x/index.html", "uz/search/index.json"]
    assert [p.relative_to(site).as_posix() for p in built_files(mini.project, site, ("tg",))] == [
        "assets/site.css", "guides/x/index.html"]
    # Spread over the language builds' worker processes: the same problems, lines and all.
    from scripts.mkdocs_run import LanguageWorkers

    with LanguageWorkers(mini.project) as workers:
        for built in (None, ("en",), ("tg", "uz")):
            spread = check_site(mini.project, site, built, workers.spread)
            assert list(spread) == list(check_site(mini.project, site, built))
            assert len(spread) == len(found(built))
