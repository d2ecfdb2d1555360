"""Outdated translations block by block (issue 13): what stamping records, what
`kb translations` reports, `--report`, `--accept`, and the blocks themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.build import read_inputs
from scripts.cli import main
from scripts.fingerprint import fingerprint
from scripts.outdated.blocks import Block, body_blocks
from scripts.outdated.diff import compare
from scripts.outdated.snapshots import FOLDER
from scripts.plan import Status, status_of
from scripts.translations import outdated, stamp, status_table

ORIGINAL = """\
---
title: "Задержание"
summary: "Что делать при задержании."
reviewed: 2026-11-01
legal_review: pending
topics: [police]
---

Вступление к тексту о задержании милицией.

## Ваши права

Вы можете молчать и не давать показаний.

Вы можете позвонить родным или адвокату.

!!! warning "Сроки"
    Вас должны отпустить через 72 часа без решения суда.

## Что записать

- Имя сотрудника милиции
- Время и место задержания
"""
ENGLISH = """\
---
title: "Detention"
summary: "What to do when detained."
translated_from: {lang: ru}
reviewed: 2026-11-01
legal_review: pending
---

An introduction to police detention.

## Your rights

You may stay silent and give no statement.

You may call your family or a lawyer.

!!! warning "Deadlines"
    You must be released after 72 hours without a court decision.

## What to write down

- The officer's name
- The time and place of detention
"""
# The four edits of the issue: change a paragraph, delete one, change a number in a warning,
# add one.
EDITS = (
    ("Вы можете молчать и не давать показаний.", "Вы можете молчать и не давать показаний без адвоката."),
    ("Вы можете позвонить родным или адвокату.\n\n", ""),
    ("через 72 часа", "через 48 часов"),
    ("## Что записать\n\n", "## Что записать\n\nЗапишите всё сразу после освобождения.\n\n"),
)


def fp(kind: str, text: str, within: str = "", critical: bool = False) -> str:
    return Block(kind, text, within=within, critical=critical).fingerprint


@pytest.fixture
def stamped(mini):
    """A Russian original with a stamped English translation, and a second original whose
    English translation is stamped too and never changes."""
    original = mini.write("guides/detention.ru.md", ORIGINAL)
    english = mini.write("guides/detention.en.md", ENGLISH)
    mini.guide("calm", "ru")
    other = mini.guide("calm", "en", extra="translated_from: {lang: ru}\n")
    for path in (english, other):
        stamp(mini.project, path)
    return mini, original, english, other


def edit(path: Path, edits=EDITS) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_report_names_each_changed_added_and_removed_block_with_its_diff(stamped) -> None:
    mini, original, english, _ = stamped
    before = fingerprint(read_inputs(mini.project)[0].corpus.original(("guides", "detention")))
    edit(original)
    corpus = read_inputs(mini.project)[0].corpus
    now = fingerprint(corpus.original(("guides", "detention")))
    table = status_table(mini.project, corpus)
    said = "Вы можете молчать и не давать показаний"
    call = "Вы можете позвонить родным или адвокату."
    warned = "Вас должны отпустить через {} без решения суда."
    new = "Запишите всё сразу после освобождения."
    changed = f"{fp('paragraph', said + '.')}:{fp('paragraph', said + ' без адвоката.')}"
    number = (f"{fp('paragraph', warned.format('72 часа'), 'warning', True)}:"
              f"{fp('paragraph', warned.format('48 часов'), 'warning', True)}")
    expected = f"""\
outdated  content/guides/detention.en.md
  original content/guides/detention.ru.md: stamped {before}, now {now}: \
2 changed, 1 added, 1 removed (1 safety-critical)
  changed  paragraph, under "## Ваши права"  [block {changed}]
           words: "показаний." -> "показаний без адвоката."
    @@ -1 +1 @@
    -{said}.
    +{said} без адвоката.
  removed  paragraph, under "## Ваши права"  [block {fp("paragraph", call)}:-]
    @@ -1 +0,0 @@
    -{call}
  changed  paragraph, under "## Ваши права"  [block {number}]
           SAFETY-CRITICAL: inside a warning or danger note; numbers or dates: 72 -> 48
           words: "72 часа" -> "48 часов"
    @@ -1 +1 @@
    -{warned.format("72 часа")}
    +{warned.format("48 часов")}
  added    paragraph, under "## Что записать"  [block -:{fp("paragraph", new)}]
    @@ -0,0 +1 @@
    +{new}"""
    start = table.index("outdated  content/guides/detention.en.md")
    assert table[start:].split("\nmissing")[0].rstrip("\n") == expected


def test_unchanged_translations_stay_translated(stamped) -> None:
    mini, original, _, other = stamped
    edit(original)
    corpus = read_inputs(mini.project)[0].corpus
    calm = corpus.by_key[("guides", "calm")]
    assert status_of(calm["en"], corpus.original(("guides", "calm"))) is Status.TRANSLATED
    assert [d.translation.path.name for d in outdated(mini.project, corpus)] == ["detention.en.md"]
    assert "calm.en.md" not in status_table(mini.project, corpus)


def test_stamp_edit_stamp_fingerprints_follow(stamped) -> None:
    mini, original, english, _ = stamped
    folder = mini.root / "content" / FOLDER / "guides"
    first = fingerprint(read_inputs(mini.project)[0].corpus.original(("guides", "detention")))
    snapshot = json.loads((folder / f"detention.ru.{first}.json").read_text(encoding="utf-8"))
    assert snapshot["fingerprint"] == first
    texts = [b["text"] for b in snapshot["blocks"]]
    assert texts[:3] == ["Задержание", "Что делать при задержании.",
                         "Вступление к тексту о задержании милицией."]
    assert all(b["fingerprint"] == Block.from_json(b).fingerprint for b in snapshot["blocks"])

    edit(original)
    stamp(mini.project, english)
    corpus = read_inputs(mini.project)[0].corpus
    second = fingerprint(corpus.original(("guides", "detention")))
    assert second != first
    assert f'hash: "{second}"' in english.read_text(encoding="utf-8")
    # The new snapshot holds the edited text; the old one, which no translation names, is gone.
    assert sorted(p.name for p in folder.glob("detention.ru.*.json")) == [f"detention.ru.{second}.json"]
    blocks = json.loads((folder / f"detention.ru.{second}.json").read_text(encoding="utf-8"))["blocks"]
    assert "Вас должны отпустить через 48 часов без решения суда." in [b["text"] for b in blocks]
    assert outdated(mini.project, corpus) == []


def test_a_snapshot_stays_while_another_translation_is_stamped_with_it(stamped) -> None:
    mini, original, english, _ = stamped
    german_like = mini.write("guides/detention.tg.md", ENGLISH.replace("Detention", "Ҳабс"))
    stamp(mini.project, german_like)
    folder = mini.root / "content" / FOLDER / "guides"
    first = sorted(p.name for p in folder.glob("detention.ru.*.json"))
    edit(original)
    stamp(mini.project, english)  # tg is still stamped with the first version: its snapshot stays
    assert len(sorted(folder.glob("detention.ru.*.json"))) == 2
    assert first[0] in [p.name for p in folder.glob("detention.ru.*.json")]


def cli(mini, *args: str, input: str | None = None):  # noqa: A002
    return CliRunner().invoke(main, ["--root", str(mini.root), "translations", *args], input=input)


def ids(mini) -> list[str]:
    table = cli(mini).output
    part = table.split("outdated  content/guides/detention.en.md")[1]
    return re.findall(r"\[block ([0-9a-f-]+:[0-9a-f-]+)\]", part)


def test_accept_restamps_only_when_every_change_is_listed(stamped) -> None:
    mini, original, english, other = stamped
    edit(original, EDITS[:2])  # a paragraph changed, one removed
    found = ids(mini)
    assert len(found) == 2
    before = english.read_text(encoding="utf-8")
    other_before = other.read_text(encoding="utf-8")

    partly = cli(mini, "--accept", str(original), "--block", found[0])
    assert partly.exit_code == 0, partly.output
    assert f"accepted changed paragraph, under \"## Ваши права\" [block {found[0]}]" in partly.output
    assert f"not accepted removed paragraph, under \"## Ваши права\" [block {found[1]}]" in partly.output
    assert f"left outdated content/guides/detention.en.md: blocks not accepted: {found[1]}" in partly.output
    assert english.read_text(encoding="utf-8") == before

    wrong = cli(mini, "--accept", str(original), "--block", "0123456789ab:-")
    assert wrong.exit_code == 1 and "nothing was stamped" in wrong.output
    assert english.read_text(encoding="utf-8") == before

    full = cli(mini, "--accept", str(original), "--block", found[0], "--block", found[1])
    assert full.exit_code == 0, full.output
    assert "stamped content/guides/detention.en.md" in full.output
    assert f"  accepted for it: {found[0]}, {found[1]}" in full.output
    corpus = read_inputs(mini.project)[0].corpus
    assert outdated(mini.project, corpus) == []
    assert other.read_text(encoding="utf-8") == other_before  # another original's translation


def test_accept_asks_block_by_block(stamped) -> None:
    mini, original, english, _ = stamped
    edit(original, EDITS[:2])
    before = english.read_text(encoding="utf-8")
    declined = cli(mini, "--accept", str(original), input="y\nn\n")
    assert declined.output.count("Accept this change as minor") == 2
    assert "-Вы можете позвонить родным или адвокату." in declined.output  # the diff is shown
    assert "left outdated content/guides/detention.en.md" in declined.output
    assert english.read_text(encoding="utf-8") == before
    accepted = cli(mini, "--accept", str(original), input="y\ny\n")
    assert "stamped content/guides/detention.en.md" in accepted.output
    assert english.read_text(encoding="utf-8") != before


def test_accept_takes_an_original_only(stamped) -> None:
    mini, _, english, _ = stamped
    result = cli(mini, "--accept", str(english))
    assert result.exit_code == 1 and "this file is a translation" in result.output


def test_html_report_is_self_contained_and_shows_text_as_text(stamped, tmp_path) -> None:
    mini, original, _, _ = stamped
    edit(original, EDITS + (("Вступление к тексту", "Вступление <script>alert(x)</script> & к тексту"),))
    target = tmp_path / "report.html"
    result = cli(mini, "--report", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(x)&lt;/script&gt; &amp;" in page
    assert not re.search(r"(src|href)=", page)  # nothing loaded from anywhere
    assert page.count('<div class="change critical">') == 1
    assert "Safety-critical: inside a warning or danger note; numbers or dates: 72 -&gt; 48" in page
    assert '<span class="add">+Запишите всё сразу после освобождения.</span>' in page
    refused = cli(mini, "--report", str(mini.root / "docs" / "report.html"))
    assert refused.exit_code == 1 and "not published" in refused.output


def test_translation_stamped_before_snapshots_says_how_to_compare(stamped) -> None:
    mini, original, _, _ = stamped
    for path in (mini.root / "content" / FOLDER).rglob("*.json"):
        path.unlink()
    edit(original)
    table = status_table(mini.project, read_inputs(mini.project)[0].corpus)
    assert "no block list was kept when this translation was stamped" in table
    assert "git log -p content/guides/detention.ru.md" in table


def test_blocks_follow_the_parser() -> None:
    body = ("Intro with <abbr title=\"x\">HTML</abbr>.\n\n## Rights { #rights }\n\n- one\n- two\n"
            "    - nested\n\n!!! danger \"Date\"\n    Until 2026-12-01.\n\n| a | b |\n|---|---|\n"
            "| 1 | 2 |\n\n    code\n\n> quoted\n")
    found = [(b.kind, b.text, b.heading, b.within, b.critical) for b in body_blocks(body)]
    assert found == [
        ("paragraph", 'Intro with <abbr title="x">HTML</abbr>.', None, "", False),
        ("heading", "## Rights { #rights }", 0, "", False),
        ("list item", "- one", 0, "", False),
        ("list item", "- two", 0, "", False),
        ("list item", "- nested", 0, "", False),
        ("admonition", '!!! danger "Date"', 0, "danger", True),
        ("paragraph", "Until 2026-12-01.", 0, "danger", True),
        ("table row", "| a | b |", 0, "", False),
        ("table row", "| 1 | 2 |", 0, "", False),
        ("code", "code", 0, "", False),
        ("paragraph", "quoted", 0, "", False),
    ]
    assert body_blocks(body)[1].anchor == "rights"
    assert body_blocks("## Ваши права\n")[0].anchor == "ваши-права"  # as MkDocs' toc makes it


# -- Hypothesis: any sequence of block edits is reported as exactly those edits -----------

KINDS = ("", "## ", "- ")


@st.composite
def edited(draw):
    """A body of blocks with words of their own, and an edit script applied to it."""
    counter = iter(range(10**6))

    def words(n: int) -> list[str]:
        return [f"w{next(counter)}" for _ in range(n)]

    def block() -> dict:
        return {"kind": draw(st.sampled_from(KINDS)), "words": words(draw(st.integers(6, 9)))}

    old = [block() | {"id": i, "edits": 0} for i in range(draw(st.integers(0, 6)))]
    new = [dict(b, words=list(b["words"])) for b in old]
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(("change", "add", "delete")))
        if op == "add" or not new:
            new.insert(draw(st.integers(0, len(new))), block() | {"id": None, "edits": 0})
        elif op == "delete":
            new.pop(draw(st.integers(0, len(new) - 1)))
        else:
            target = new[draw(st.integers(0, len(new) - 1))]
            if target["edits"] >= 2:  # a block changed beyond recognition is another block
                continue
            target["edits"] += 1
            if draw(st.booleans()):
                target["words"].append(words(1)[0])
            else:
                target["words"][draw(st.integers(0, len(target["words"]) - 1))] = words(1)[0]
    return old, new


def markdown(blocks: list[dict]) -> str:
    return "\n\n".join(b["kind"] + " ".join(b["words"]) for b in blocks) + "\n"


def text(b: dict) -> str:
    return b["kind"] + " ".join(b["words"])


@pytest.mark.property
@settings(max_examples=150, deadline=None)
@given(edited())
def test_any_sequence_of_block_edits_is_reported_as_exactly_those_edits(case) -> None:
    old, new = case
    survivors = {b["id"]: b for b in new if b["id"] is not None}
    expected = {("removed", text(b), None) for b in old if b["id"] not in survivors}
    expected |= {("added", None, text(b)) for b in new if b["id"] is None}
    expected |= {("changed", text(b), text(survivors[b["id"]])) for b in old
                 if b["id"] in survivors and text(survivors[b["id"]]) != text(b)}
    changes = compare(body_blocks(markdown(old)), body_blocks(markdown(new)))
    reported = {(c.kind, c.old.text if c.old else None, c.new.text if c.new else None) for c in changes}
    assert len(changes) == len(reported)
    assert reported == expected


# -- the reader's notice, on a real site ---------------------------------------------------

UZBEK = """\
---
title: "Ҳибсга олиш"
summary: "Ҳибсга олинганда нима қилиш керак."
reviewed: 2026-11-01
legal_review: pending
topics: [police]
---

## Ҳуқуқларингиз

Сиз жим туришингиз ва кўрсатма бермаслигингиз мумкин.

## Муддатлар

!!! warning "Муддат"
    Сизни 72 соат ичида қўйиб юборишлари керак.

## Ёрдам

Юристга мурожаат қилинг.
"""
HEADINGS = {"tg": ("Ҳуқуқҳои шумо", "Мӯҳлатҳо", "Кумак"), "ru": ("Ваши права", "Сроки", "Помощь"),
            "en": ("Your rights", "Deadlines", "Help")}
NOTICE = {
    "tg": ("Фасли «Ҳуқуқҳои шумо» пас аз тарҷума тағйир ёфтааст.",
           "Фасли «Мӯҳлатҳо» пас аз тарҷума тағйир ёфтааст. Барои бехатарии шумо муҳим: огоҳӣ, "
           "рақам ё сана тағйир ёфтааст. Ба матни аслӣ такя кунед."),
    "ru": ("Раздел «Ваши права» изменился после того, как был сделан перевод.",
           "Раздел «Сроки» изменился после того, как был сделан перевод. Важно для вашей "
           "безопасности: изменилось предупреждение, число или дата. Сверьтесь с оригиналом."),
    "en": ("The section “Your rights” has changed since this translation.",
           "The section “Deadlines” has changed since this translation. Important for your "
           "safety: a warning, a number or a date has changed. Rely on the original."),
}


@pytest.mark.slow
def test_notice_names_the_changed_sections_in_the_readers_language(mini) -> None:
    from scripts.build import build_site

    original = mini.write("guides/arrest.uz.md", UZBEK)
    for lang, (rights, deadlines, help_) in HEADINGS.items():
        body = (f"## {rights}\n\nText {lang}.\n\n## {deadlines}\n\n!!! warning \"{deadlines}\"\n"
                f"    72 ({lang}).\n\n## {help_}\n\nText {lang}.\n")
        path = mini.write(f"guides/arrest.{lang}.md",
                          f"---\ntitle: \"{rights}\"\nsummary: \"{help_}.\"\n"
                          "translated_from: {lang: uz}\nreviewed: 2026-11-01\nlegal_review: pending\n"
                          f"---\n\n{body}")
        stamp(mini.project, path)
    mini.guide("calm", "uz")
    mini.guide("calm", "en", extra="translated_from: {lang: uz}\n")
    stamp(mini.project, mini.root / "content/guides/calm.en.md")
    edit(original, (("кўрсатма бермаслигингиз", "кўрсатма бермаслигингиз ва юрист чақиришингиз"),
                    ("72 соат", "48 соат")))
    build_site(mini.project)
    site = mini.root / "site"
    uzbek = (site / "uz/guides/arrest/index.html").read_text(encoding="utf-8")
    for lang, prefix in (("tg", ""), ("ru", "ru/"), ("en", "en/")):
        page = (site / f"{prefix}guides/arrest/index.html").read_text(encoding="utf-8")
        match = re.search(r'<div class="admonition danger kb-notice kb-outdated"[^>]*>(.*?)</div>',
                          page, re.S)
        assert match, lang
        items = re.findall(r"<li>(.*?)</li>", match[1], re.S)
        texts = [" ".join(re.sub(r"<[^>]+>", " ", item).split()).replace(" ”", "”")
                 .replace("« ", "«").replace(" »", "»").replace("“ ", "“") for item in items]
        assert texts == list(NOTICE[lang]), (lang, texts)
        anchors = re.findall(r'href="([^"]*)#([^"]+)" hreflang="uz"', match[1])
        assert [a for _, a in anchors] == ["ҳуқуқларингиз", "муддатлар"]
        for href, anchor in anchors:
            assert href.endswith("uz/guides/arrest/")
            assert f'id="{anchor}"' in uzbek  # the section exists on the original's page
        # The unchanged translation has no notice of an outdated translation.
        calm = site / f"{prefix}guides/calm/index.html"
        if lang == "en":
            assert "kb-outdated" not in calm.read_text(encoding="utf-8")


def test_notice_names_title_intro_and_sections_without_a_site_build(stamped) -> None:
    from scripts.build import generate

    mini, original, english, _ = stamped
    edit(original, (('title: "Задержание"', 'title: "Задержание милицией"'),
                     ("Вступление к тексту", "Короткое вступление к тексту"),
                     ("## Что записать\n\n", "## Что записать\n\nЗапишите всё сразу.\n\n")))
    docs = generate(mini.project)
    page = str(docs["en/guides/detention.md"])
    notice = page[page.index("kb-outdated"):page.index("</ul>")]
    assert 'class="admonition warning kb-notice kb-outdated"' in page  # nothing safety-critical
    assert re.findall(r"<li>(.*?)</li>", notice) == [
        '<a href="../../../ru/guides/detention/" hreflang="ru">'
        "The title or summary of the page has changed since this translation.</a>",
        '<a href="../../../ru/guides/detention/" hreflang="ru">'
        "The text at the start of the page has changed since this translation.</a>",
        'The section “<a href="../../../ru/guides/detention/#что-записать" hreflang="ru">'
        "What to write down</a>” has changed since this translation.",
    ]
    # A translation without the original's headings gets the original's words, so marked.
    english.write_text(english.read_text(encoding="utf-8").replace("## What to write down\n\n", ""),
                       encoding="utf-8")
    page = str(generate(mini.project)["en/guides/detention.md"])
    assert ('<a href="../../../ru/guides/detention/#что-записать" hreflang="ru" lang="ru">'
            "Что записать</a>") in page
    # The Russian original itself and the unchanged translation have no such list.
    assert "kb-changed" not in str(docs["ru/guides/detention.md"])
    assert "kb-changed" not in str(docs["en/guides/calm.md"])


def test_a_translation_never_stamped_is_told_to_stamp(mini) -> None:
    mini.write("guides/detention.ru.md", ORIGINAL)
    mini.write("guides/detention.en.md", ENGLISH)
    table = status_table(mini.project, read_inputs(mini.project)[0].corpus)
    assert "never stamped: once it matches the original, `kb translations --stamp " \
           "content/guides/detention.en.md`" in table


def test_numbers_and_dates_anywhere_are_safety_critical() -> None:
    old = body_blocks("Apply before 2026-12-01 at the office.\n\n| Deadline | 10 days |\n|--|--|\n"
                      "\nCall a lawyer first, then the family.\n")
    new = body_blocks("Apply before 2026-12-15 at the office.\n\n| Deadline | 3 days |\n|--|--|\n"
                      "\nCall a lawyer first, then your family.\n")
    found = [(c.kind, c.critical, c.numbers) for c in compare(old, new)]
    assert found == [("changed", True, (["2026-12-01"], ["2026-12-15"])),
                     ("changed", True, (["10"], ["3"])),
                     ("changed", False, ([], []))]


def test_stamp_refuses_a_translation_whose_structure_differs(stamped) -> None:
    """Stamping says "matches the original": a translation with a link the original lacks is
    not stamped (before, it was, and the next build stopped at it), with kb check's message
    (file, line, rule, fix); once it matches, it is."""
    mini, _, english, _ = stamped
    fixed = english.read_text(encoding="utf-8")
    english.write_text(fixed.replace("You may call your family or a lawyer.",
                                     "You may call your family or [a lawyer](calm.md)."), encoding="utf-8")
    before = english.read_bytes()
    refused = cli(mini, "--stamp", str(english))
    assert refused.exit_code == 1
    assert "does not match its original's structure; nothing was stamped" in refused.output
    assert "content/guides/detention.en.md:11: [translation-structure]" in refused.output, refused.output
    assert "fix: " in refused.output and "Traceback" not in refused.output
    assert english.read_bytes() == before
    english.write_text(fixed, encoding="utf-8")
    assert cli(mini, "--stamp", str(english)).exit_code == 0


def test_accept_says_which_translation_it_could_not_stamp(stamped) -> None:
    """An accepted change of the original that its translation's structure does not follow
    (a link added to a paragraph): the change is accepted, the translation is not stamped,
    and the command says why and fails, without a traceback."""
    mini, original, english, _ = stamped
    edit(original, (("Вы можете позвонить родным или адвокату.",
                     "Вы можете позвонить родным или [адвокату](calm.md)."),))
    before = english.read_text(encoding="utf-8")
    found = ids(mini)
    result = cli(mini, "--accept", str(original), "--block", found[0])
    assert result.exit_code == 1, result.output
    assert "not stamped content/guides/detention.en.md: it does not match" in result.output
    assert "[translation-structure]" in result.output and "Traceback" not in result.output
    assert english.read_text(encoding="utf-8") == before
