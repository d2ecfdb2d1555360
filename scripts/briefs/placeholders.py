"""Figure placeholders in a brief's text, compiled in the same sandbox as appeal letters.

A brief's body is Markdown in which `{{ figure(dataset, period, dimension, category) }}` and
`{{ trend(dataset, from_period, to_period, dimension, category) }}` (each optionally with
`region="sughd"`; the whole country by default) stand for published figures. Everything
else Jinja would accept is refused, with its line, before anything is rendered:

1. the lexer's tokens: `{% ... %}` blocks are refused (`sandbox.token_issues`);
2. the parsed tree: between `{{` and `}}` only a call of `figure` or `trend` with text
   (or whole-number) constants as arguments is allowed: no names, attribute or item access,
   filters, operators, nested calls or `*args`;
3. rendering happens in the letters' `SandboxedEnvironment` (`sandbox.environment`: no
   filters, tests, globals or loader), with the two functions as the only values.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from ..appeals.sandbox import Issue, environment, token_issues
from ..statistics.model import COUNTRY

RULE = "brief-code"
# Positional arguments of each function, as an editor reads them in the message.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "figure": ("dataset", "period", "dimension", "category"),
    "trend": ("dataset", "from_period", "to_period", "dimension", "category"),
}
FIX = ('write `{{ figure("cases", "2021", "perpetrator", "healthcare") }}` or `{{ trend("cases", '
       '"2020", "2021", "total", "cases") }}`, each value in quotes (add `region="sughd"` for a '
       "region); no other code, names, dots, brackets, `|` or `{% %}` blocks")
_WORDS: dict[type[nodes.Node], str] = {
    nodes.Name: "a name",
    nodes.Getattr: "attribute access (a dot)",
    nodes.Getitem: "item access (square brackets)",
    nodes.Filter: "a filter (`|`)",
    nodes.Test: "a test (`is ...`)",
    nodes.Const: "a constant",
    nodes.Concat: "joining values with `~`",
    nodes.CondExpr: "an `if ... else ...` expression",
}


@dataclass(frozen=True)
class Placeholder:
    """One `{{ figure(...) }}` or `{{ trend(...) }}`: `line` is 1-based inside the body."""

    function: str  # figure | trend
    args: tuple[str, ...]  # as FUNCTIONS names them
    region: str
    line: int

    @property
    def dataset(self) -> str:
        return self.args[0]

    @property
    def periods(self) -> tuple[str, ...]:
        return self.args[1:-2]

    @property
    def dimension(self) -> str:
        return self.args[-2]

    @property
    def category(self) -> str:
        return self.args[-1]

    def __str__(self) -> str:
        region = f', region="{self.region}"' if self.region != COUNTRY else ""
        return f"{self.function}({', '.join(repr(a) for a in self.args)}{region})".replace("'", '"')


def _constant(node: nodes.Expr) -> str | None:
    """A text or whole-number constant as text (a year typed without quotes is meant as text)."""
    if isinstance(node, nodes.Const) and isinstance(node.value, (str, int)) \
            and not isinstance(node.value, bool):
        return str(node.value)
    return None


def _call(node: nodes.Node) -> tuple[Placeholder | None, str | None]:
    """A placeholder, or what is wrong with the expression in words."""
    if not isinstance(node, nodes.Call):
        words = next((w for t, w in _WORDS.items() if isinstance(node, t)),
                     f"an expression ({type(node).__name__})")
        if isinstance(node, nodes.Name):
            words = f"the name `{node.name}`"
        return None, ("only `figure(...)` or `trend(...)` may stand between `{{` and `}}`; "
                      f"this is {words}")
    if not isinstance(node.node, nodes.Name) or node.node.name not in FUNCTIONS:
        return None, "only the functions `figure` and `trend` may be called"
    name = node.node.name
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return None, f"`{name}` takes its values written out, not `*` or `**`"
    expected = FUNCTIONS[name]
    if len(node.args) != len(expected):
        return None, (f"`{name}` takes {len(expected)} values ({', '.join(expected)}); "
                      f"this gives {len(node.args)}")
    args = [_constant(a) for a in node.args]
    if any(a is None for a in args):
        return None, f"every value of `{name}` must be written in quotes, like \"2021\""
    region = COUNTRY
    for keyword in node.kwargs:
        value = _constant(keyword.value)
        if keyword.key != "region" or value is None:
            return None, f"`{name}` takes only `region=\"<region code>\"` besides its values"
        region = value
    return Placeholder(name, tuple(a for a in args if a is not None), region, node.lineno), None


def parse(body: str) -> tuple[list[Placeholder], list[Issue]]:
    """The placeholders of a brief's body in order, or the issues that stop it (each with its
    line inside the body); an issue for every expression the sandbox would not run."""
    found, issues = _parse(body)
    return list(found), list(issues)


@functools.lru_cache(maxsize=256)
def _parse(body: str) -> tuple[tuple[Placeholder, ...], tuple[Issue, ...]]:
    """`parse`, once per body in a process: kb serve reads every brief again at each edit
    (a sandbox and a Jinja parse each, 7 ms a brief)."""
    env = environment()
    try:
        issues = token_issues(env, body)
        tree = env.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        return (), (Issue(exc.lineno or 1, RULE, f"the placeholders cannot be read: {exc.message}", FIX),)
    except (RecursionError, MemoryError, ValueError) as exc:  # absurd nesting and the like
        return (), (Issue(1, RULE, f"the placeholders cannot be read ({type(exc).__name__})", FIX),)
    issues = [Issue(i.line, RULE, i.message.replace("the letter uses", "the brief uses")
                                       .replace("templates may not", "a brief may not"), FIX)
              for i in issues]
    found: list[Placeholder] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            continue  # a block: reported from the tokens, with its line
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            placeholder, problem = _call(child)
            if placeholder is not None:
                found.append(placeholder)
            else:
                issues.append(Issue(child.lineno, RULE, problem or "", FIX))
    return ((), tuple(issues)) if issues else (tuple(found), ())


def fill(body: str, value: Callable[[Placeholder], str]) -> str:
    """The body with each placeholder replaced by `value(placeholder)` (already Markdown),
    rendered in the sandbox. Only for a body `parse` found no issue in."""
    env = environment()

    def function(name: str) -> Callable[..., str]:
        def call(*args: object, region: object = COUNTRY) -> str:
            return value(Placeholder(name, tuple(str(a) for a in args), str(region), 0))
        return call

    return env.from_string(body).render({name: function(name) for name in FUNCTIONS})
