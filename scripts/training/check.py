"""Validation of training modules, beyond the field types the core reader checks.

Every problem names the file, the line (down to the quiz question's own line, found by
re-reading the front matter with YAML marks) and how to fix it. Nothing raises.
"""

from __future__ import annotations

import difflib

from .. import admonitions
from ..content import Document
from ..corpus import Corpus
from ..errors import Problems
from . import leaks, trainer
from .quiz import KEYS

SECTION = "training"
# Slugs whose page would take the place of a page the feature generates.
RESERVED = ("index", "trainer", "handouts")


def item_lines(doc: Document, name: str = "quiz") -> list[dict[str, int]]:
    """For each item of a front matter list: its line ("") and the line of each of its keys."""
    items = doc.meta.get(name)
    if not isinstance(items, list):
        return []
    lines = []
    for index, item in enumerate(items):
        where = {"": doc.source.value_line(name, index) or doc.line_of(name) or 1}
        if isinstance(item, dict):
            where.update({str(k): doc.source.line(name, index, k) or where[""] for k in item})
        lines.append(where)
    return lines


def check_modules(corpus: Corpus, problems: Problems) -> None:
    """Every module's own rules, then each translation's quiz against its original's.
    (The UI strings the pages use are checked with every other UI string: scripts/ui_strings.py.)"""
    docs = [d for d in corpus.documents if d.section == SECTION]
    if not docs:
        return
    for leak in leaks.in_sources(corpus.documents, leaks.fragments(docs)):
        problems.add(leak.fragment.path, "trainer-leak",
                     f"the text of this trainer note is also in {leak.where}, which participants see",
                     "keep trainer-only text inside the `!!! trainer` note; do not repeat it in the "
                     "module's text, quiz or another page", line=leak.fragment.line)
    valid: dict[str, bool] = {}
    for doc in docs:
        valid[doc.path.name] = _check_doc(doc, problems)
    _check_slugs_and_order(corpus, problems)
    for key, by_lang in corpus.by_key.items():
        original = corpus.original(key)
        if key[0] != SECTION or original is None or not valid[original.path.name]:
            continue
        for doc in by_lang.values():
            if doc is not original and valid[doc.path.name]:
                _compare_quiz(doc, original, problems)


def _check_doc(doc: Document, problems: Problems) -> bool:
    """Per-file rules; True when the quiz is valid enough to compare with other languages."""
    duration = doc.meta.get("duration")
    if duration == 0:
        problems.add(doc.path, "duration", "`duration` is 0 minutes",
                     "write the module's length in minutes, e.g. `duration: 90`",
                     line=doc.line_of("duration"))
    objectives = doc.meta.get("objectives")
    if isinstance(objectives, list):
        if not objectives:
            problems.add(doc.path, "objectives", "`objectives` is an empty list",
                         "list at least one learning objective, one per line starting with `- `",
                         line=doc.line_of("objectives"))
        for number, item in enumerate(objectives, start=1):
            if not isinstance(item, str) or not item.strip():
                problems.add(doc.path, "objectives", f"objective {number} is not a line of text",
                             "write each objective as text after `- ` (in quotes if it has a colon)",
                             line=doc.line_of("objectives"))
    split = trainer.split(doc.body, "", doc.body_line)
    for issue in split.issues:
        problems.add(doc.path, "trainer-note", issue.message, issue.fix, line=issue.line)
    # What the Markdown parser still finds in the participant page: no trainer note may remain.
    if not split.issues:
        for note in admonitions.find(split.participant, doc.body_line):
            if note.type in admonitions.TRAINER_WORDS:
                problems.add(doc.path, "trainer-note",
                             f"`{note.marker}` would still be a note on the participant page",
                             'write the note as `!!! trainer "Title"` at the start of a line, its '
                             "text indented by 4 spaces under it", line=doc.body_line)
    return _check_quiz(doc, problems)


def _check_quiz(doc: Document, problems: Problems) -> bool:
    quiz = doc.meta.get("quiz")
    if quiz is None:
        return True
    if not isinstance(quiz, list):
        return False  # the reader reported the wrong type
    lines = item_lines(doc)
    ok = True
    for number, item in enumerate(quiz, start=1):
        where = lines[number - 1] if number - 1 < len(lines) else {}
        bad = _reporter(doc, problems, number, where, where.get("", doc.line_of("quiz")))
        if not isinstance(item, dict):
            bad("quiz", "is not a mapping of question, options, answer and explanation",
                "write it as `- question: ...` followed by `options:`, `answer:` and `explanation:`")
            ok = False
            continue
        meant = set()
        for key in sorted(set(item) - set(KEYS)):
            guess = difflib.get_close_matches(str(key), [k for k in KEYS if k not in item], n=1)
            meant.update(guess)
            bad("quiz", f"unknown key `{key}`" + (f" (did you mean `{guess[0]}`?)" if guess else ""),
                "use only " + ", ".join(f"`{k}`" for k in KEYS) + "; check the spelling", key=key)
            ok = False
        for key in ("question", "explanation"):
            value = item.get(key)
            if key in meant:
                continue
            if not isinstance(value, str) or not value.strip():
                what = "the question" if key == "question" else \
                    "why the right answer is right (shown after the reader answers)"
                bad("quiz", f"`{key}` is missing or empty", f"add `{key}:` with {what}", key=key)
                ok = False
        options = item.get("options")
        if "options" in meant:
            options = None
        elif not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
            bad("quiz", "`options` must be a list of answers, each a line of text",
                "write `options:` and under it one `- answer text` per option", key="options")
            ok = False
            options = None
        elif len(options) < 2:
            bad("quiz", f"has {len(options)} option{'s' if len(options) != 1 else ''}; "
                "a question needs at least two", "add more options under `options:`", key="options")
            ok = False
        answer = item.get("answer")
        if "answer" in meant:
            pass
        elif isinstance(answer, bool) or not isinstance(answer, int):
            if isinstance(answer, str) and answer.strip().isdigit():
                why = f"`answer` is \"{answer}\" in quotes, which is text, not the number of an option"
                fix = f"remove the quotes: `answer: {answer.strip()}`"
            else:
                why = f"`answer` is `{answer}`, not the number of an option"
                fix = "write the number of the right option, counting from 0 (0 = the first option)"
            bad("quiz", why, fix, key="answer" if "answer" in item else "")
            ok = False
        elif options is not None and not 0 <= answer < len(options):
            bad("quiz", f"`answer` is {answer}, but the options are numbered 0 to {len(options) - 1}",
                "count the options from 0: `answer: 0` is the first option, "
                f"`answer: {len(options) - 1}` the last", key="answer")
            ok = False
    return ok


def _reporter(doc: Document, problems: Problems, number: int, where: dict[str, int], line: int | None):
    """Reports a problem of quiz question `number`, at the line of the key it is about."""

    def bad(rule: str, message: str, fix: str, key: str = "") -> None:
        problems.add(doc.path, rule, f"quiz question {number}: {message}", fix, line=where.get(key, line))

    return bad


def _compare_quiz(doc: Document, original: Document, problems: Problems) -> None:
    """Every language asks the same questions: same count, same options count, same answer."""
    mine, theirs = doc.meta.get("quiz") or [], original.meta.get("quiz") or []
    if len(mine) != len(theirs):
        problems.add(doc.path, "quiz-translation",
                     f"the quiz has {len(mine)} question(s) but the original {original.path.name} "
                     f"has {len(theirs)}",
                     "every language has the same questions in the same order: translate the missing "
                     "ones or remove the extra ones", line=doc.line_of("quiz") or 1)
        return
    lines = item_lines(doc)
    for number, (q, o) in enumerate(zip(mine, theirs, strict=True), start=1):
        where = lines[number - 1] if number - 1 < len(lines) else {}
        if len(q["options"]) != len(o["options"]):
            problems.add(doc.path, "quiz-translation",
                         f"quiz question {number} has {len(q['options'])} options but the same question "
                         f"in the original {original.path.name} has {len(o['options'])}",
                         "translate the options one by one, in the original's order",
                         line=where.get("options", where.get("")))
        elif q["answer"] != o["answer"]:
            problems.add(doc.path, "quiz-translation",
                         f"quiz question {number}: `answer` is {q['answer']} but {o['answer']} in the "
                         f"original {original.path.name}",
                         "keep the options in the original's order and the same `answer` number",
                         line=where.get("answer", where.get("")))


def _check_slugs_and_order(corpus: Corpus, problems: Problems) -> None:
    seen: dict[int, Document] = {}
    for (section, slug), by_lang in corpus.by_key.items():
        if section != SECTION:
            continue
        if slug in RESERVED:
            for doc in by_lang.values():
                problems.add(doc.path, "reserved-slug",
                             f"`{slug}` is the name of a page the site makes for the training section",
                             "rename the file: any slug except " + ", ".join(RESERVED), line=1)
        original = corpus.original((section, slug))
        order = original.meta.get("order") if original else None
        if original is None or not isinstance(order, int) or isinstance(order, bool):
            continue
        if order in seen:
            problems.add(original.path, "order",
                         f"`order: {order}` is also the order of {seen[order].path.name}",
                         "give every module its own position in the curriculum",
                         line=original.line_of("order"))
        else:
            seen[order] = original
