"""The UI strings the code uses are found as before: `ui_strings._python_uses` skips files
without the name `t` and walks the tree once, and must give what the two walks of every file
gave (kept here as `uses_by_two_walks`)."""

from __future__ import annotations

import ast
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from scripts import ui_strings
from scripts.ui_strings import KEY, Use, _is_t, _values

REPO = Path(__file__).resolve().parents[1]


def _wrappers(tree: ast.AST) -> set[str]:
    """Functions that pass their key parameter on to `t` (`def md(self, key): ...t(key)`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name != "t":
            params = [a.arg for a in node.args.args if a.arg != "self"]
            if params and any(isinstance(c, ast.Call) and _is_t(c.func) and c.args
                              and isinstance(c.args[0], ast.Name) and c.args[0].id == params[0]
                              for c in ast.walk(node)):
                names.add(node.name)
    return names


def uses_by_two_walks(text: str, rel: str) -> list[Use]:
    """`ui_strings._python_uses` as it was: every file parsed, a walk for the wrappers of `t`
    and a recursive visit for the calls."""
    tree = ast.parse(text)
    translators = frozenset({"t", *_wrappers(tree)})
    uses: list[Use] = []

    def visit(node: ast.AST, scopes: list[ast.AST]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            scopes = [node, *scopes]
        if isinstance(node, ast.Call) and _is_t(node.func, translators) and node.args:
            params = None if not node.keywords or any(k.arg is None for k in node.keywords) else \
                frozenset(k.arg for k in node.keywords if k.arg)
            keys = _values(node.args[0], scopes)
            uses.extend(Use(rel, node.lineno, k, params) for k in keys
                        if KEY.match(k) or k.endswith("*"))
        for child in ast.iter_child_nodes(node):
            visit(child, scopes)

    visit(tree, [tree])
    return uses


def test_every_python_file_gives_the_same_uses() -> None:
    files = sorted((REPO / "scripts").rglob("*.py")) + sorted((REPO / "tests").rglob("*.py"))
    found = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(REPO).as_posix()
        expected = uses_by_two_walks(text, rel)
        assert ui_strings._python_uses(text, rel) == expected, rel
        found += len(expected)
    assert found > 250


def test_used_keys_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = ui_strings.used_keys()
    monkeypatch.setattr(ui_strings, "_python_uses", uses_by_two_walks)
    assert ui_strings.used_keys() == fast
    assert len(fast) > 300


TRICKY = [
    # Wrappers: nested, decorated, after their use, async (not a wrapper), a method of a method.
    '''
    def show(x):
        return md("outer_key") + label("label_key", n=1)
    def md(self, key):
        return self.t(key)
    def label(key, **params):
        def inner():
            return t(key, **params)
        return inner()
    async def later(key):
        return t(key)
    later("async_key")
    ''',
    # A key through a variable, a conditional, a loop, a lambda, an f-string.
    '''
    KEYS = ("first_key", "second_key")
    def f(cond, kind):
        key = "a_key" if cond else "b_key"
        for other in KEYS:
            t(other, n=1)
        g = lambda k=key: t(k)
        return t(key), t(f"contact_{kind}"), t("x_" + kind), f"{t('in_fstring')}"
    ''',
    # Names only like t: not calls of it.
    '''
    tt("no_key"); t_("no_key"); _t("no_key"); T("no_key"); obj.tt("no_key")
    def t(key):
        return key
    def wrapper(key):
        return t(key)
    wrapper("wrapped_key")
    ''',
    # `t` reached in odd ways: parenthesised, across lines, after a comment, a decorator.
    '''
    (t)("paren_key")
    x = (t
         ("line_key"))
    y = self.t  (  # comment
        "comment_key", a=1)
    @deco(t("decorator_key"))
    def h(key=t("default_key")):
        pass
    ''',
    # Each alone in its file (the only `t` the file has).
    '(t)("paren_key")\n',
    'x = (t\n     ("line_key"))\n',
    'y = self.t  (  # comment\n    "comment_key", a=1)\n',
    'z = [t\\\n("continued_key")]\n',
    # No `t` at all, or only in words and strings.
    '''
    import os
    text = "at the start"; at, tx, t1 = 1, 2, 3
    print(text)
    ''',
    # Identifiers that Python normalizes to t (NFKC), in non-ASCII text.
    '''
    x = "Ёрӣ"
    ｔ("fullwidth_key")
    self.𝐭("bold_key", n=1)
    ''',
]


@pytest.mark.parametrize("source", TRICKY)
def test_tricky_sources_give_the_same_uses(source: str) -> None:
    text = textwrap.dedent(source)
    assert ui_strings._python_uses(text, "scripts/x.py") == uses_by_two_walks(text, "scripts/x.py")


def test_every_letter_python_reads_as_t_is_seen() -> None:
    """A source whose only `t` is written with another character NFKC makes t is parsed."""
    letters = [c for c in map(chr, range(sys.maxunicode + 1))
               if not 0xD800 <= ord(c) < 0xE000 and unicodedata.normalize("NFKC", c) == "t"]
    assert len(letters) > 10
    for letter in letters:
        try:
            ast.parse(letter)
        except SyntaxError:
            continue  # Python refuses some (ⓣ) as a name
        for text in (f'{letter}("a_key")\n', f'x=self.{letter}("a_key",n=1)\n',
                     f'def md(key):\n    return {letter}(key)\nmd("b_key")\n'):
            expected = uses_by_two_walks(text, "scripts/x.py")
            assert expected and ui_strings._python_uses(text, "scripts/x.py") == expected
