"""Checks of the finder that need the rest of the content: the documents a result links,
the vocabulary's codes, and a label every language can fall back to. Pure: findings are
returned as `graph.Finding`s, and `feature.py` adds them to the build's problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .graph import Finding
from .model import Labels, Tree

# Result field -> (section of content/, what it is called in a message)
DOCUMENTS = {"guides": "guide", "templates": "template", "training": "training module"}
# Result field -> dimension of aggregates/vocabulary.yml whose codes it holds
CODES = {"statistics": "violation", "services": "response", "populations": "key_population"}


def labels(tree: Tree, default: str, language_name: Callable[[str], str]) -> list[Finding]:
    """Every label has text in the default language: a language without its own text shows
    another's with a notice (pages.py), and every fallback order ends with the default."""
    found = []
    name = f"{language_name(default)} ({default})"

    def need(value: Labels | dict, where: str, line: int | None) -> None:
        if default not in value:
            found.append(Finding("finder-label", f"{where} has no {name} text, which other languages "
                                 "fall back to" + (f" (it has: {', '.join(sorted(value))})" if value
                                                   else ""),
                                 f"add `{default}: \"...\"`; a language left out shows another "
                                 "language's text under a notice", line))

    need(tree.region_question, "`regions.question`", 1)
    need(tree.elsewhere, "`regions.elsewhere`", 1)
    for question in tree.questions.values():
        need(question.text, f"question `{question.id}`: `text`", question.line)
        if question.hint:
            need(question.hint, f"question `{question.id}`: `hint`", question.line)
        for answer in question.answers:
            need(answer.label, f"answer `{answer.id}` of `{question.id}`", answer.line)
    for result in tree.results.values():
        need(result.title, f"result `{result.id}`: `title`", result.line)
        need(result.summary, f"result `{result.id}`: `summary`", result.line)
        if result.urgent:
            need(result.urgent, f"result `{result.id}`: `urgent`", result.line)
    return found


def links(tree: Tree, exists: Callable[[str, str], bool],
          slugs: Callable[[str], Iterable[str]]) -> list[Finding]:
    """Every guide, template and training module a result names exists (`exists(section,
    slug)`), and every result leads to at least one guide or template."""
    found = []
    for result in tree.results.values():
        for section, noun in DOCUMENTS.items():
            for slug in getattr(result, section):
                if not exists(section, slug):
                    found.append(Finding(
                        "finder-link", f"result `{result.id}` links the {noun} `{slug}`, which does "
                        f"not exist (no content/{section}/{slug}.<lang>.md)",
                        f"correct the slug; the {section} are: " + ", ".join(sorted(slugs(section))),
                        result.line))
        if not result.guides and not result.templates:
            found.append(Finding("finder-dead-end", f"result `{result.id}` leads to no guide and no "
                                 "letter", "add `guides: [...]` or `templates: [...]`", result.line))
    return found


def codes(tree: Tree, known: Callable[[str], list[str]],
          mixed_script: Callable[[object], object]) -> list[Finding]:
    """Region, violation, response and key_population codes are the vocabulary's (`known
    (dimension)`); a code mixing Latin and Cyrillic letters is reported by the YAML reader."""
    found = []

    def check(values: Iterable[str], dimension: str, where: str, line: int | None) -> None:
        allowed = known(dimension)
        for code in values:
            if code not in allowed and not mixed_script(code):
                found.append(Finding("unknown-code", f"{where}: unknown {dimension} code `{code}`",
                                     f"use a `{dimension}` code of aggregates/vocabulary.yml: "
                                     + ", ".join(allowed), line))

    check(tree.regions, "region", "`regions.codes`", 1)
    for result in tree.results.values():
        for name, dimension in CODES.items():
            check(getattr(result, name), dimension, f"result `{result.id}`: `{name}`", result.line)
    return found
