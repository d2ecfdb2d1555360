"""The finder's tree as data: questions, answers, results, and the reader's walk through it.

Labels are text per language (`{"tg": "...", "ru": "..."}`); a language without its own
label shows another's (`pick`), as pages fall back (README, "Translating").
"""

from __future__ import annotations

from dataclasses import dataclass, field

Labels = dict[str, str]  # language -> plain text
# The answer of the region question for "somewhere else, or I would rather not say".
ELSEWHERE = "elsewhere"
# Where the finder's pages sit inside a language folder of docs/.
HELP_DIR = "help"


@dataclass(frozen=True)
class Answer:
    """One answer of a question: its id (a part of the page's address), label, and the id of
    the question or result it leads to."""

    id: str
    label: Labels
    next: str
    line: int | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: Labels
    answers: tuple[Answer, ...]
    hint: Labels = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class Result:
    """Where a path ends: what to read and do, most urgent first. `guides`, `templates` and
    `training` are document slugs; `statistics` violation codes of aggregates/vocabulary.yml;
    `services` and `populations` response and key_population codes that choose the partner
    organizations that fit (see `fits`)."""

    id: str
    title: Labels
    summary: Labels
    urgent: dict[str, tuple[str, ...]]
    guides: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    training: tuple[str, ...] = ()
    statistics: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    line: int | None = None


@dataclass
class Tree:
    """The whole finder. Empty (no `start`) when content/finder.yml does not exist."""

    start: str = ""
    questions: dict[str, Question] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    region_question: Labels = field(default_factory=dict)
    elsewhere: Labels = field(default_factory=dict)
    legal_review: str = "pending"

    def __bool__(self) -> bool:
        return bool(self.start)


@dataclass(frozen=True)
class State:
    """One step of a walk through the tree, which is one page of the finder.

    `trail`: the answer ids given so far (the page's address under help/); `kind`:
    "question" (a question of the tree), "region" (where it happened, asked once a path
    reaches a result) or "result"; `node`: the question's or result's id; `region`: the
    region code (or ELSEWHERE) of a result page.
    """

    trail: tuple[str, ...]
    kind: str
    node: str
    region: str | None = None

    @property
    def key(self) -> str:
        return "/".join(self.trail)

    @property
    def path(self) -> str:
        """The page's docs path inside a language folder: help/police/index.md."""
        return "/".join((HELP_DIR, *self.trail, "index.md"))

    @property
    def step(self) -> int:
        return len(self.trail) + 1


def pick(labels: Labels | dict[str, tuple[str, ...]], lang: str, order: tuple[str, ...],
         default: str) -> tuple[str, str]:
    """(language, value) a reader of `lang` sees: their own, else the first of `order`
    (extra.fallback_order), else the default language, else any. KeyError when empty."""
    for code in (lang, *order, default, *labels):
        if code in labels:
            return code, labels[code]  # type: ignore[return-value]
    raise KeyError(lang)
