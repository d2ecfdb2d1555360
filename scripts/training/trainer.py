"""Split trainer-only notes (`!!! trainer "Title"` admonitions) out of a module's Markdown.

Participant pages must not contain trainer text at all, not even hidden in the HTML or in the
search index, so the notes are cut from the Markdown *before* MkDocs sees it. The cut is
deliberately more generous than the admonition extension: a note written slightly wrong
(`??? trainer`, a title without quotes, a body not indented) is still cut from the participant
page, and reported, because otherwise its text would be published as an ordinary paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..admonitions import TRAINER_WORDS

# Anything that looks like the start of a trainer note, however it is written, in any language.
_LOOSE = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?)\+?\s*(?:[\w-]+\s+)*(?:"
                    + "|".join(sorted(TRAINER_WORDS)) + r")\w*", re.IGNORECASE)
# The exact form the admonition extension accepts (its regex, anchored to one line).
_STRICT = re.compile(r'^[ \t]*!!! ?(?P<types>[\w\-]+(?: +[\w\-]+)*)(?: +"(?P<title>.*?)")? *$')


@dataclass(frozen=True)
class Issue:
    """A malformed trainer note: the line (in the file) and what to do about it."""

    line: int
    message: str
    fix: str


@dataclass(frozen=True)
class Note:
    line: int  # line of the `!!! trainer` marker in the file
    title: str | None
    text: str  # the body, de-indented


@dataclass
class Split:
    participant: str  # the Markdown without any trainer note
    trainer: str  # the Markdown with every note, each with a title
    notes: list[Note] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _width(line: str) -> int:
    """Indentation in columns, a tab counting as four spaces, as Markdown counts it."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def split(body: str, default_title: str, first_line: int = 1) -> Split:
    """Cut trainer notes out of `body`; `first_line` is the file line of the body's first line."""
    lines = body.split("\n")
    participant: list[str] = []
    trainer: list[str] = []
    result = Split("", "")
    i = 0
    while i < len(lines):
        line = lines[i]
        # No line is skipped as "code": the site's Markdown has no fenced code blocks (a ```
        # line is text), and a note cut from code only costs the trainer edition an example.
        loose = _LOOSE.match(line)
        if loose is None:
            participant.append(line)
            trainer.append(line)
            i += 1
            continue
        indent = _width(line)
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or _width(lines[end]) >= indent + 4):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1  # trailing blank lines separate the note from what follows
        body_lines = lines[i + 1:end]
        number = first_line + i
        strict = _STRICT.match(line)
        title = strict["title"] if strict else None
        _check(line, strict, body_lines, number, result.issues)
        text = "\n".join(b[indent + 4:] if _width(b) >= indent + 4 else b.strip() for b in body_lines)
        result.notes.append(Note(number, title, text.strip("\n")))
        shown = (title or default_title).replace('"', "'")
        trainer.append(f'{line[:len(line) - len(line.lstrip())]}!!! trainer "{shown}"')
        trainer.extend(body_lines)
        i = end
    result.participant = "\n".join(participant)
    result.trainer = "\n".join(trainer)
    return result


def _check(line: str, strict: re.Match | None, body: list[str], number: int, issues: list[Issue]) -> None:
    example = '`!!! trainer "Title"`, then the note\'s text on the next lines, indented by 4 spaces'
    if line.lstrip().startswith("???"):
        issues.append(Issue(number, "a trainer note must start with `!!!`, not `???`",
                            "write " + example))
    elif strict is None or (strict["types"].lower() != "trainer"
                            and strict["types"].lower().split()[0] not in TRAINER_WORDS - {"trainer"}):
        # (A translated type word, `!!! тренер`, is an `admonition-type` problem instead.)
        issues.append(Issue(number, f"the trainer note's first line `{line.strip()}` is not written "
                                    "as the site expects",
                            "write " + example + " (the title in double quotes)"))
    if not any(b.strip() for b in body):
        issues.append(Issue(number, "the trainer note has no text indented under it, so its text "
                                    "would show on the participant page",
                            "indent every line of the note by 4 spaces under the `!!! trainer` line"))
