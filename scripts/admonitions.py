"""Admonitions (`!!! tip "Title"` notes) as the Markdown parser itself sees them.

A line scanner guesses where code blocks and notes are; Python-Markdown, with the extensions
of the site's `mkdocs.yml`, decides. So notes are found by running the parser with its own
admonition processor wrapped to record every note it opens, in document order (parsed_body.py:
the same conversion gives the raw-HTML check its HTML), and each is then given the line of its
marker in the file. A note type the site does not style (a typo, or a translated word such as
`!!! тренер`) is a problem: it would be published as an ordinary note, and for a trainer note
that means to participants.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import parsed_body
from .errors import Problems
from .memo import persistent

# Material for MkDocs' note types and their aliases, plus the site's own `trainer`.
KNOWN = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite", "trainer",
})
# "Trainer" as translators write it; the type must stay the English word in every language.
TRAINER_WORDS = frozenset({"trainer", "trainers", "тренер", "тренеру", "тренера", "тренеров",
                           "мураббӣ", "мурабби", "мураббий", "facilitator", "фасилитатор"})
# The extensions of mkdocs.yml that change block structure (toc and tables do not add notes).
EXTENSIONS = parsed_body.EXTENSIONS
_MARKER = re.compile(r'^[ \t]*!!! ?(?P<types>[\w\-]+(?: +[\w\-]+)*)(?: +"(?P<title>.*?)")? *$')


@dataclass(frozen=True)
class Admonition:
    line: int  # file line of the `!!!` marker
    type: str  # the first word, lower case: note, tip, trainer...
    title: str | None
    marker: str  # the marker line as written, stripped


# The store first: every body a build parses is kept in its cache, even one this process saw.
@persistent("admonitions", load=lambda found: tuple((types, title) for types, title in found))
@functools.lru_cache(maxsize=4096)
def _parsed(body: str) -> tuple[tuple[str, str | None], ...]:
    return parsed_body.notes(body)


def find(body: str, first_line: int = 1) -> list[Admonition]:
    """Every note the parser opens in `body`, in order; `first_line` is the body's file line."""
    if "!!!" not in body:
        return []
    lines = body.split("\n")
    result = []
    at = 0
    for types, title in _parsed(body):
        line = None
        for index in range(at, len(lines)):
            match = _MARKER.match(lines[index])
            if match and match["types"] == types:
                line, at = index, index + 1
                break
        kind = types.lower().split()[0]
        result.append(Admonition(first_line + (line if line is not None else 0), kind, title,
                                 lines[line].strip() if line is not None else f"!!! {types}"))
    return result


def unknown_type_problem(admonition: Admonition) -> tuple[str, str]:
    """The message and fix for a note whose type the site does not know."""
    if admonition.type in TRAINER_WORDS:
        return (f"`{admonition.marker}`: the site does not know the note type `{admonition.type}`, "
                "so this note would be shown to everyone",
                'write a trainer note as `!!! trainer "Title"`: the word `trainer` stays English in '
                "every language; translate only the title and the text")
    return (f"`{admonition.marker}`: the site does not know the note type `{admonition.type}`",
            "use one of: note, tip, info, warning, danger, example, question, quote, success, "
            'failure, bug, abstract; trainer notes: `!!! trainer "Title"`')


def check(body: str, first_line: int, path: Path | str, problems: Problems) -> list[Admonition]:
    """Report every note of an unknown type; returns all notes found."""
    found = find(body, first_line)
    for admonition in found:
        if admonition.type not in KNOWN:
            message, fix = unknown_type_problem(admonition)
            problems.add(path, "admonition-type", message, fix, line=admonition.line)
    return found
