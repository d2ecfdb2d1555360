"""Read `content/finder.yml` into a `Tree`: every problem with its line, none raised.

The file (README, "Finder: the "What happened?" guide"):

    legal_review: pending
    start: what                       # the first question's id
    regions:                          # asked once a path reaches a result
      question: {tg: "...", ru: "...", en: "...", uz: "..."}
      codes: [dushanbe, sughd, khatlon, gbao, drs]   # region codes of aggregates/vocabulary.yml
      elsewhere: {tg: "...", ...}     # "somewhere else, or I would rather not say"
    questions:
      - id: what
        text: {tg: "...", ru: "..."}
        hint: {tg: "...", ...}        # optional
        answers:
          - id: police                # lower-case Latin letters, digits, dashes: the address
            label: {tg: "...", ...}
            next: police-what         # a question or a result
    results:
      - id: police-detention
        title: {...}
        summary: {...}
        urgent: {tg: ["...", "..."], ru: [...]}   # steps, most urgent first
        guides: [police-detention]    # slugs of content/guides/
        templates: [prosecutor-complaint]
        training: [police-and-detention]
        statistics: [unlawful_detention]  # violation codes of aggregates/vocabulary.yml
        services: [primary_legal, referral]   # response codes: which partners fit
        populations: []                # key_population codes; optional

The checks of the graph (dangling, unreachable, cyclic) are in `graph.py`; those of links
and labels that need the documents and catalogs, in `check.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..catalogs import load_yaml
from ..errors import Problems
from .model import ELSEWHERE, Answer, Labels, Question, Result, Tree

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOP_KEYS = ("legal_review", "start", "regions", "questions", "results")
QUESTION_KEYS = ("id", "text", "hint", "answers")
ANSWER_KEYS = ("id", "label", "next")
RESULT_KEYS = ("id", "title", "summary", "urgent", "guides", "templates", "training",
               "statistics", "services", "populations")
LISTS = ("guides", "templates", "training", "statistics", "services", "populations")
REGION_KEYS = ("question", "codes", "elsewhere")
LABEL_EXAMPLE = '`{tg: "...", ru: "...", en: "...", uz: "..."}`'
# Text the YAML reader must not turn into numbers, dates or true/false ("no" is an answer).
TEXT = (("questions", "*", "text", "*"), ("questions", "*", "hint", "*"),
        ("questions", "*", "answers", "*", "label", "*"),
        ("questions", "*", "answers", "*", "id"), ("questions", "*", "answers", "*", "next"),
        ("results", "*", "title", "*"), ("results", "*", "summary", "*"),
        ("results", "*", "urgent", "*", "*"), ("regions", "question", "*"),
        ("regions", "elsewhere", "*"), ("start",))
CODES = (("questions", "*", "id"), ("questions", "*", "answers", "*", "id"),
         ("questions", "*", "answers", "*", "next"), ("results", "*", "id"), ("start",),
         ("regions", "codes", "*"), *(("results", "*", name, "*") for name in LISTS))


T = TypeVar("T")


class _Reader:
    def __init__(self, path: Path, languages: tuple[str, ...], problems: Problems):
        self.path = path
        self.languages = languages
        self.problems = problems

    def bad(self, rule: str, message: str, fix: str, line: int | None) -> None:
        self.problems.add(self.path, rule, message, fix, line=line)

    def mapping(self, value: object, where: str, keys: tuple[str, ...], line: int | None,
                example: str) -> dict | None:
        if not isinstance(value, dict):
            self.bad("finder", f"{where} must be a mapping", f"write it as {example}", line)
            return None
        unknown = sorted(k for k in value if k != "__line__" and k not in keys)
        if unknown:
            self.bad("finder", f"{where} has unknown fields: {', '.join(map(str, unknown))}",
                     "use only " + ", ".join(f"`{k}`" for k in keys)
                     + " (a misspelt field is not read)", value.get("__line__", line))
        return value

    def per_language(self, value: object, where: str, line: int | None,
                     read: Callable[[object], T | None], *, required: bool, what: str,
                     example: str, problem: str, fix: str) -> dict[str, T]:
        """{language: read(its value)} of a mapping of the site's languages (`where` names it
        in messages; `line` when the mapping has none of its own). Each problem is added, the
        value left out: not a mapping (unless None and not `required`: {}), "must give `what`
        per language", fixed by `example`; a language not of the site; a value `read` refuses
        (returns None for), "`where` (`lang`) `problem`", fixed by `fix`. A language may be
        missing (it falls back, check.py)."""
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.bad("finder", f"{where} must give {what} per language", example, line)
            return {}
        at = value.get("__line__", line)
        found: dict[str, T] = {}
        for lang, raw in value.items():
            if lang == "__line__":
                continue
            if lang not in self.languages:
                self.bad("unknown-language", f"{where} has `{lang}`, not a language of the site",
                         "use the languages of mkdocs.yml: " + ", ".join(self.languages), at)
            elif (read_value := read(raw)) is None:
                self.bad("finder", f"{where} ({lang}) {problem}", fix, at)
            else:
                found[lang] = read_value
        return found

    def labels(self, value: object, where: str, line: int | None, required: bool = True) -> Labels:
        """A label per language; a language may be missing (it falls back, check.py)."""
        return self.per_language(value, where, line, _text, required=required, what="a text",
                                 example=f"write {LABEL_EXAMPLE}", problem="is empty or not text",
                                 fix="write the text in quotes, or leave the language out to "
                                 "show another language's text with a notice")

    def steps(self, value: object, where: str, line: int | None) -> dict[str, tuple[str, ...]]:
        """A list of steps per language (a result's `urgent`); optional."""
        return self.per_language(value, where, line, _steps, required=False,
                                 what="a list of steps",
                                 example='`urgent: {tg: ["...", "..."], ru: [...]}`',
                                 problem="must be a list of steps",
                                 fix='`ru: ["first step", "second step"]`')

    def codes(self, value: object, where: str, line: int | None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad("finder", f"{where} must be a list of codes",
                     f"write `{where.rsplit(' ', 1)[-1].strip('`')}: [a, b]`, or leave it out", line)
            return ()
        return tuple(value)

    def identifier(self, value: object, where: str, line: int | None) -> str | None:
        if isinstance(value, str) and SLUG.match(value):
            return value
        self.bad("finder", f"{where}: the id `{value}` is not lower-case Latin letters, digits "
                 "and dashes" if value is not None else f"{where} has no `id`",
                 "write e.g. `id: police-detention` (answer ids are part of the page's address)",
                 line)
        return None


def _text(value: object) -> str | None:
    """A label's text with its white space folded, or None when it is empty or not text."""
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _steps(value: object) -> tuple[str, ...] | None:
    """Steps with their white space folded, or None unless a non-empty list of texts."""
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        return None
    return tuple(" ".join(s.split()) for s in value)


def read_tree(path: Path, languages: tuple[str, ...], problems: Problems) -> Tree:
    """The finder at `path`; an empty Tree when the file does not exist (it is optional) or
    cannot be read at all. Shape problems are added to `problems`."""
    tree = Tree()
    if not path.exists():
        return tree
    data = load_yaml(path, problems, keep_lines=True, text=TEXT, codes=CODES)
    if data is None:
        return tree
    r = _Reader(path, languages, problems)
    top = r.mapping(data, "the file", TOP_KEYS, 1,
                    "`start:`, `regions:`, `questions:` and `results:` (README, \"Finder\")")
    if top is None:
        return tree
    review = top.get("legal_review", "pending")
    if review not in ("pending", "approved"):
        r.bad("finder", f"`legal_review: {review}` is neither pending nor approved",
              "write `legal_review: pending` until a lawyer has checked the whole tree", 1)
    tree.legal_review = review if review in ("pending", "approved") else "pending"
    start = top.get("start")
    if not isinstance(start, str) or not start:
        r.bad("finder", "`start` is missing: which question comes first",
              "add `start: <id of the first question>`", 1)
    regions = r.mapping(top.get("regions"), "`regions`", REGION_KEYS, 1,
                        '`regions: {question: {...}, codes: [dushanbe, ...], elsewhere: {...}}`')
    if regions is not None:
        at = regions.get("__line__")
        tree.region_question = r.labels(regions.get("question"), "`regions.question`", at)
        tree.elsewhere = r.labels(regions.get("elsewhere"), "`regions.elsewhere`", at)
        tree.regions = r.codes(regions.get("codes"), "`regions.codes`", at)
        if not tree.regions:
            r.bad("finder", "`regions.codes` lists no region",
                  "list the region codes of aggregates/vocabulary.yml readers choose from", at)
    seen: dict[str, int | None] = {}
    for item in _items(r, top.get("questions"), "questions"):
        question = _question(r, item)
        if question is not None and _new_id(r, question.id, question.line, seen):
            tree.questions[question.id] = question
    for item in _items(r, top.get("results"), "results"):
        result = _result(r, item)
        if result is not None and _new_id(r, result.id, result.line, seen):
            tree.results[result.id] = result
    tree.start = start if isinstance(start, str) else ""
    return tree


def _items(r: _Reader, value: object, name: str) -> list[dict]:
    if not isinstance(value, list) or not value:
        r.bad("finder", f"`{name}` must be a list (lines starting with `- id:`)",
              f"add `{name}:` with at least one item (README, \"Finder\")", 1)
        return []
    items = []
    for item in value:
        if isinstance(item, dict):
            items.append(item)
        else:
            r.bad("finder", f"an item of `{name}` is not a mapping", "start it with `- id: ...`", 1)
    return items


def _new_id(r: _Reader, node_id: str, line: int | None, seen: dict[str, int | None]) -> bool:
    if node_id in seen:
        r.bad("duplicate", f"the id `{node_id}` is already used on line {seen[node_id]}",
              "give every question and result its own id", line)
        return False
    seen[node_id] = line
    return True


def _question(r: _Reader, item: dict) -> Question | None:
    line = item.get("__line__")
    r.mapping(item, "a question", QUESTION_KEYS, line, "`- id: ...`")
    qid = r.identifier(item.get("id"), "a question", line)
    if qid is None:
        return None
    text = r.labels(item.get("text"), f"question `{qid}`: `text`", line)
    hint = r.labels(item.get("hint"), f"question `{qid}`: `hint`", line, required=False)
    answers: list[Answer] = []
    raw = item.get("answers")
    if not isinstance(raw, list) or not raw:
        r.bad("finder-dead-end", f"question `{qid}` has no answers: it leads nowhere",
              "give it `answers:`, each with `id`, `label` and `next`", line)
        raw = []
    ids: set[str] = set()
    for entry in raw:
        at = entry.get("__line__", line) if isinstance(entry, dict) else line
        if r.mapping(entry, f"an answer of `{qid}`", ANSWER_KEYS, at, "`- id: ...`") is None:
            continue
        aid = r.identifier(entry.get("id"), f"an answer of `{qid}`", at)
        if aid is None:
            continue
        if aid in ids or aid == ELSEWHERE:
            r.bad("duplicate", f"question `{qid}` has two answers `{aid}`" if aid in ids else
                  f"`{ELSEWHERE}` is the region question's own answer",
                  "give each answer of a question its own id", at)
            continue
        ids.add(aid)
        target = entry.get("next")
        if not isinstance(target, str) or not target:
            r.bad("finder-dead-end", f"answer `{aid}` of `{qid}` leads nowhere: it has no `next`",
                  "add `next: <id of a question or result>`", at)
            continue
        answers.append(Answer(aid, r.labels(entry.get("label"), f"answer `{aid}` of `{qid}`", at),
                              target, at))
    return Question(qid, text, tuple(answers), hint, line)


def _result(r: _Reader, item: dict) -> Result | None:
    line = item.get("__line__")
    r.mapping(item, "a result", RESULT_KEYS, line, "`- id: ...`")
    rid = r.identifier(item.get("id"), "a result", line)
    if rid is None:
        return None
    urgent = r.steps(item.get("urgent"), f"result `{rid}`: `urgent`", line)
    lists = {name: r.codes(item.get(name), f"result `{rid}`: `{name}`", line) for name in LISTS}
    return Result(rid, r.labels(item.get("title"), f"result `{rid}`: `title`", line),
                  r.labels(item.get("summary"), f"result `{rid}`: `summary`", line),
                  urgent, line=line, **lists)
