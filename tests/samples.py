"""Sample documents the tests write, each valid as it is: a training module and an appeal
template. Tests change one thing of a sample (`MODULE.replace(...)`, another `letter=`) to
show what a reader or check makes of it, so that no test keeps its own near-copy.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import MiniProject

# -- a training module ----------------------------------------------------------------------

MODULE_HEAD = """title: "{title}"
summary: "Summary."
order: 1
duration: 60
objectives: ["Learn the rules."]
quiz:
  - question: "First?"
    options: ["Right", "Wrong"]
    answer: 0
    explanation: "Because."
"""


def module_text(body: str, title: str = "Module") -> str:
    """A module titled `title` whose one section (`## Part`) holds `body` and a newline."""
    return f"---\n{MODULE_HEAD.format(title=title)}---\n\n## Part\n\n{body}\n"


# A module with a trainer note (whose text must never reach participants).
MODULE = module_text('Text.\n\n!!! trainer "Timing"\n    TRAINER-ONLY-TEXT')

# -- an appeal template ---------------------------------------------------------------------

NAME_FIELD = """\
  - id: full_name
    label: "Full name"
    type: text
    required: true
    help: "As in your passport."
"""
DATE_FIELD = """\
  - id: date
    label: "Date"
    type: date
    required: true
    help: "The day you submit it."
"""
FIELDS = "fields:\n" + NAME_FIELD + DATE_FIELD
EXPLANATION = "## What it is for\n\nA test letter.\n"
# The letter's opening: addressee, sender (a field) and title; its body follows.
LETTER_HEAD = "> To the prosecutor\n> from {{ full_name }}\n\n# Complaint\n\n"
LETTER = LETTER_HEAD + "Something happened.\n\nDate: {{ date }}\n"


def template(mini: MiniProject, lang: str = "ru", fields: str = FIELDS, letter: str = LETTER,
             extra: str = "", explanation: str = EXPLANATION, slug: str = "sample") -> Path:
    """Write content/templates/<slug>.<lang>.md: the front matter (`extra` fields before
    `fields`), the explanation, the `<!-- letter -->` mark and the letter; its path."""
    head = ('title: "A template"\nsummary: "A summary."\nreviewed: 2026-11-01\nlegal_review: pending\n'
            'addressee: "The prosecutor"\n' + extra + fields)
    return mini.write(f"templates/{slug}.{lang}.md",
                      f"---\n{head}---\n\n{explanation}\n<!-- letter -->\n{letter}")
