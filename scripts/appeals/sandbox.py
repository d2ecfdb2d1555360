"""Compile a letter as untrusted input: only `{{ field_id }}` is allowed, nothing else.

Template bodies come from editors' files and are rendered at build time, so they are treated
like code from a stranger. Three walls, each enough on its own for the cases it sees:

1. the lexer's tokens: `{% ... %}` blocks (also `{% raw %}`) are refused;
2. the parsed tree: the only node allowed between `{{` and `}}` is a plain name, so attribute
   or item access, calls, filters, tests, operators and constants are refused with the line;
3. rendering happens in Jinja's `SandboxedEnvironment` with `StrictUndefined`, no filters, no
   tests, no globals and no loader (no file access), with the declared fields only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from ..memo import persistent
from .letter import Paragraph, Segment, paragraphs

_SENTINEL = "\x00"
_SLOT = re.compile(r"\x00([A-Za-z_][A-Za-z0-9_]*)\x00")

# What an editor wrote, in words, for each kind of expression the sandbox refuses.
_NODE_WORDS: dict[type[nodes.Node], str] = {
    nodes.Getattr: "attribute access (a dot after the name)",
    nodes.Getitem: "item access (square brackets after the name)",
    nodes.Filter: "a filter (`|` after the name)",
    nodes.Call: "a function call (brackets after the name)",
    nodes.Test: "a test (`is ...`)",
    nodes.Const: "a constant (text or number) instead of a field name",
    nodes.Concat: "joining values with `~`",
    nodes.CondExpr: "an `if ... else ...` expression",
}
_TOKEN_WORDS = {
    "block_begin": "a `{% ... %}` block",
    "raw_begin": "a `{% raw %}` block",
    "linestatement_begin": "a line statement",
}
FIX_PLAIN = ("write only `{{ field_id }}` with the id of a declared field: no dots, brackets, `|`, "
             "`{% %}` blocks or code; to show `{{` literally, rephrase the text")


@dataclass(frozen=True)
class Issue:
    line: int  # 1-based, inside the letter
    rule: str
    message: str
    fix: str


def environment() -> SandboxedEnvironment:
    """The sandbox every editor's template text is rendered in (letters, and the figure
    placeholders of evidence briefs): no filters, tests, globals or loader, strict undefined."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                               keep_trailing_newline=True, loader=None)
    env.filters.clear()
    env.tests.clear()
    env.globals.clear()
    return env


def token_issues(env: SandboxedEnvironment, source: str) -> list[Issue]:
    """A `template-code` issue for every `{% ... %}` block or line statement in `source`."""
    issues = []
    for line, kind, _value in env.lex(source):
        if kind in _TOKEN_WORDS:
            issues.append(Issue(line, "template-code",
                                f"the letter uses {_TOKEN_WORDS[kind]}; templates may not contain code",
                                FIX_PLAIN))
    return issues


def _tree_issues(tree: nodes.Template) -> list[Issue]:
    issues = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            # Blocks were already reported from the tokens, with the same line.
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            if isinstance(child, nodes.Name) and child.ctx == "load":
                continue
            words = next((w for t, w in _NODE_WORDS.items() if isinstance(child, t)),
                         f"an expression ({type(child).__name__})")
            issues.append(Issue(child.lineno, "template-code",
                                f"only a field name may stand between `{{{{` and `}}}}`; this uses {words}",
                                FIX_PLAIN))
    return issues


def names_in(tree: nodes.Template) -> list[tuple[str, int]]:
    """Every plain `{{ name }}` with its line, in order (names inside refused code are not
    listed: the code itself is the problem to report)."""
    return [(child.name, child.lineno) for node in tree.body if isinstance(node, nodes.Output)
            for child in node.nodes if isinstance(child, nodes.Name)]


def _dump_letter(compiled: tuple[list[Paragraph], list[Issue]]) -> list[Any]:
    letter, issues = compiled
    return [[[p.kind, [[[s.text, s.field] for s in line] for line in p.lines]] for p in letter],
            [[i.line, i.rule, i.message, i.fix] for i in issues]]


def _load_letter(found: list[Any]) -> tuple[list[Paragraph], list[Issue]]:
    letter, issues = found
    return ([Paragraph(kind, tuple(tuple(Segment(text, field) for text, field in line) for line in lines))
             for kind, lines in letter], [Issue(*issue) for issue in issues])


@persistent("letter", dump=_dump_letter, load=_load_letter)
def compile_letter(source: str, declared: list[str]) -> tuple[list[Paragraph], list[Issue]]:
    """The letter's paragraphs, or the issues that stop it from being used. Kept between
    builds in the render cache (`memo.persistent`): 21 letters parsed and rendered again in
    a sandbox took 0.1 s of every edit's build at N = 400."""
    env = environment()
    if _SENTINEL in source:
        line = source[: source.index(_SENTINEL)].count("\n") + 1
        return [], [Issue(line, "template-text", "the letter contains a NUL control character",
                          "delete the invisible character on this line (retype the line)")]
    try:
        issues = token_issues(env, source)
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [], [Issue(exc.lineno or 1, "template-syntax",
                          f"the letter cannot be read: {exc.message}", FIX_PLAIN)]
    except (RecursionError, MemoryError, ValueError) as exc:  # absurd nesting and the like
        return [], [Issue(1, "template-syntax", f"the letter cannot be read ({type(exc).__name__})",
                          FIX_PLAIN)]
    issues += _tree_issues(tree)
    for name, line in names_in(tree):
        if name not in declared:
            issues.append(Issue(line, "undeclared-field",
                                f"`{{{{ {name} }}}}` is not a declared field",
                                "declare it under `fields:` (`- id: " + name + "`), or use one of: "
                                + (", ".join(declared) or "(no fields declared)")))
    if issues:
        return [], issues
    # The tree is plain text and declared names only; render it in the sandbox anyway.
    try:
        rendered = env.from_string(source).render({fid: f"{_SENTINEL}{fid}{_SENTINEL}" for fid in declared})
    except jinja2.TemplateError as exc:  # pragma: no cover - the checks above leave nothing to fail
        return [], [Issue(getattr(exc, "lineno", None) or 1, "template-code",
                          f"the letter cannot be rendered: {exc}", FIX_PLAIN)]
    return paragraphs(rendered, _SLOT), []
