"""A note written without a title (`!!! warning` and indented text) gets one in its text's
language, on the page and in its PDF.

Python-Markdown titles an untitled note with its type's English name ("Warning"), also on a
Tajik page and in its PDF. Editors write `!!! warning` expecting the site to say "warning"
in the reader's language, as a trainer note without a title says "Trainer note"
(`training_trainer_note`). So every generated page's untitled notes (as the Markdown parser
finds them: `admonitions.find`) get the title `note_title_<type>` (content/ui/notes.yml) in
the language of the text around them: the page's, or, inside a block of another language
(`<div lang="tg" markdown="block">`, an untranslated original shown as fallback), that
block's. Both the site and the PDFs are made from these pages, so both show it. A note whose
title is written, even empty (`!!! tip ""`: no title bar), is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping

from . import admonitions
from .catalogs import Catalogs

# Material for MkDocs' note types, and the aliases it knows for each (styled as their type).
TYPES = ("note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
         "bug", "example", "quote")
ALIASES = {
    "summary": "abstract", "tldr": "abstract", "todo": "info", "hint": "tip", "important": "tip",
    "check": "success", "done": "success", "help": "question", "faq": "question",
    "caution": "warning", "attention": "warning", "fail": "failure", "missing": "failure",
    "error": "danger", "cite": "quote",
}
# The title of each type and of each alias, as a UI string: an alias has its own word, as
# Material titles `!!! caution` "Caution", not "Warning".
KEYS = tuple(f"note_title_{kind}" for kind in (*TYPES, *ALIASES))
# A marker line without a title: what the parser is asked about (cheap test first).
_UNTITLED = re.compile(r'^[ \t]*!!! ?[\w\-]+(?: +[\w\-]+)* *$', re.M)
# The same line from its `!!!` (a literal start: searched about six times faster, `untitled`).
_UNTITLED_REST = re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)* *$', re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_DIV = re.compile(r'<div\b(?P<attrs>[^>]*)>|</div\s*>', re.I)
_LANG = re.compile(r'\blang="([^"]+)"')


def titles(catalogs: Catalogs, lang: str) -> dict[str, str]:
    """{note type or alias: its title in `lang`}; `trainer` is "Trainer note"."""
    out = {"trainer": catalogs.t("training_trainer_note", lang)}
    for key in KEYS:
        out[key.removeprefix("note_title_")] = catalogs.t(key, lang)
    return out


def give_titles(files: MutableMapping[str, str | bytes], catalogs: Catalogs) -> None:
    """Give every untitled note of every generated page in `files` ({language folder/path:
    text or bytes}) its title (see the module's docstring); other files are left alone."""
    cache: dict[str, dict[str, str]] = {}
    for path, text in files.items():
        if not isinstance(text, str) or not path.endswith(".md") or not untitled(text):
            continue
        lang = path.split("/", 1)[0]
        files[path] = titled(text, lang, lambda code: cache.setdefault(code, titles(catalogs, code)))


def untitled(text: str) -> bool:
    """Whether a line of `text` is a note's marker without a title (`_UNTITLED`): found from
    its literal `!!!`, the line's start checked here (every page of every language is asked,
    0.15 s of a build at N = 400 with the expression searching from each line's start)."""
    for match in _UNTITLED_REST.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not text[start:match.start()].strip(" \t"):
            return True
    return False


def titled(page: str, lang: str, titles_in: Callable[[str], dict[str, str]]) -> str:
    """`page` (Markdown, with front matter) with each untitled note titled: `titles_in(code)`
    gives the titles of a language; `lang` is the page's."""
    head = _FRONT_MATTER.match(page)
    offset = head.group(0).count("\n") if head else 0
    lines = page.split("\n")
    body = "\n".join(lines[offset:])
    for note in admonitions.find(body, first_line=offset + 1):
        if note.title is not None:
            continue
        index = note.line - 1
        line = lines[index]
        if not _UNTITLED.match(line):
            continue  # not found where the parser put it: leave it
        title = titles_in(_language_at(lines, index, lang)).get(note.type)
        if title:
            lines[index] = f'{line.rstrip()} "{title}"'
    return "\n".join(lines)


def _language_at(lines: list[str], index: int, lang: str) -> str:
    """The language of the text at line `index`: that of the innermost `<div lang>` still
    open there, else `lang`."""
    stack: list[str | None] = []
    for line in lines[:index]:
        for match in _DIV.finditer(line):
            if match.group("attrs") is None:
                if stack:
                    stack.pop()
            else:
                found = _LANG.search(match.group("attrs"))
                stack.append(found.group(1) if found else None)
    return next((code for code in reversed(stack) if code), lang)
