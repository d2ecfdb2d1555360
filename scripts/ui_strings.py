"""The site's own words: every UI string the code and templates use exists in every language,
with the placeholders the code fills in.

The keys are found where they are used, in the source: every call `t("key", name=...)` (the
translator the renderers pass around, `Catalogs.t`, `self.t`, and any function that passes its key
on to one, like `self.md(key)`) in `scripts/**/*.py`, with its
keyword arguments, and `t("key", ...)` in the Jinja templates. A key given through a variable
is resolved from the string constants assigned to that variable in the same function or
module (`key = "a" if x else "b"`, `for key in KEYS`); a key built at run time
(`f"contact_{kind}"`) is listed in `dynamic()`. The theme's partials use the safety words
as `{{ safety.key }}`. Then `kb check` reports, with file and line: a key defined in no UI
file (`missing-ui-string`); a text whose `{placeholders}` differ between languages or name
a value the code does not pass (`ui-placeholder`).
"""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogs import Catalogs
from .errors import Problems
from .memo import persistent

SCRIPTS = Path(__file__).resolve().parent
KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
# Keys the code looks up only when they exist (`if key in cats.ui`): optional.
OPTIONAL_PREFIXES = ("stat_region_short_",)
_JINJA_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
_THEME_USE = re.compile(r"\{[{%][^}]*?\bsafety\.([a-z0-9_]+)")
_JINJA_PARAM = re.compile(r"\b([a-z_][a-z0-9_]*)\s*=(?!=)")
# Which UI file a feature's words belong in, for the message.
UI_FILES = {"partials": "content/ui/safety.yml", "training": "content/ui/training.yml",
            "statistics": "content/ui/statistics.yml", "appeals": "content/ui/templates.yml",
            "safety": "content/ui/safety.yml", "outdated": "content/ui/outdated.yml",
            "finder": "content/ui/finder.yml",
            "pdf": "content/ui/pdf.yml"}


@dataclass(frozen=True)
class Use:
    file: str  # relative to the project, e.g. scripts/render.py
    line: int
    key: str
    params: frozenset[str] | None  # keyword arguments passed; None when unknown (**params)


def _is_t(func: ast.expr, translators: frozenset[str] = frozenset({"t"})) -> bool:
    return (isinstance(func, ast.Name) and func.id in translators) or \
        (isinstance(func, ast.Attribute) and func.attr in translators)


def _constants(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _assigned(name: str, scopes: list[ast.AST], seen: frozenset[str] = frozenset()) -> list[str]:
    """String constants that may be bound to `name` in the given scopes (innermost first)."""
    if name in seen:
        return []
    seen = seen | {name}
    for scope in scopes:
        found: list[str] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found += _values(node.value, scopes[-1:], True, seen)
            elif isinstance(node, (ast.For, ast.comprehension)) and any(
                    isinstance(t, ast.Name) and t.id == name for t in ast.walk(node.target)):
                found += _values(node.iter, scopes[-1:], True, seen)
        if found:
            return found
    return []


def _values(expr: ast.AST, scopes: list[ast.AST], deep: bool = False,
            seen: frozenset[str] = frozenset()) -> list[str]:
    """Every string `expr` can be: constants, both sides of `a if c else b`, f-strings and `+`
    of constants and names bound to constants. `deep`: any constant inside (a tuple of keys)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _values(expr.body, scopes, False, seen) + _values(expr.orelse, scopes, False, seen)
    if isinstance(expr, ast.Name):
        return _assigned(expr.id, scopes, seen)
    if isinstance(expr, (ast.JoinedStr, ast.BinOp)):  # a key built at run time: see DYNAMIC
        first = expr.values[0] if isinstance(expr, ast.JoinedStr) and expr.values else \
            getattr(expr, "left", None)
        prefix = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""
        return list(dynamic().get(prefix, [f"{prefix}*"]))
    if deep and isinstance(expr, (ast.Tuple, ast.List, ast.Set)):  # a tuple of keys
        return [c for item in expr.elts for c in _values(item, scopes, True, seen)]
    return []


def dynamic() -> dict[str, list[str]]:
    """Keys the code builds at run time (`f"contact_{kind}"`), by their constant prefix:
    the core's, and what each feature declares (`ui_keys`, see features.py)."""
    from .catalogs import CONTACT_KINDS
    from .features import ui_keys

    return {"contact_": [f"contact_{kind}" for kind in CONTACT_KINDS], **ui_keys()}


def _product(parts: list[list[str]]) -> list[str]:
    result = [""]
    for options in parts:
        result = [r + o for r in result for o in options]
    return result


def _python_uses(text: str, rel: str) -> list[Use]:
    if not _may_call_t(text):
        return []  # two thirds of scripts/: not parsed (0.5 s of each full build)
    tree = ast.parse(text)
    # One walk over the tree, in the order of a recursive visit (a node, then its children in
    # `ast.iter_child_nodes` order): every call of a name or attribute, with the functions
    # around it (innermost first, the module last); and the functions that pass their key
    # parameter on to `t` (`def md(self, key): ...t(key)`), which the calls of are uses too.
    calls: list[tuple[ast.Call, list[ast.AST]]] = []
    wrappers: set[str] = set()
    stack: list[tuple[ast.AST, list[ast.AST], tuple[ast.FunctionDef, ...]]] = [(tree, [tree], ())]
    while stack:
        node, scopes, defs = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            scopes = [node, *scopes]
            if isinstance(node, ast.FunctionDef):
                defs = (*defs, node)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.func, (ast.Name, ast.Attribute)):
            calls.append((node, scopes))
            first = node.args[0]
            if isinstance(first, ast.Name) and _is_t(node.func):
                wrappers.update(f.name for f in defs if f.name != "t" and _key_param(f) == first.id)
        stack.extend((child, scopes, defs) for child in reversed(list(ast.iter_child_nodes(node))))
    translators = frozenset({"t", *wrappers})
    uses: list[Use] = []
    for call, scopes in calls:
        if _is_t(call.func, translators):
            # Without keyword arguments the text's {placeholders} are left for the browser's
            # script to fill (search_count, offline_progress...): not checked here.
            params = None if not call.keywords or any(k.arg is None for k in call.keywords) else \
                frozenset(k.arg for k in call.keywords if k.arg)
            keys = _values(call.args[0], scopes)
            uses.extend(Use(rel, call.lineno, k, params) for k in keys
                        if KEY.match(k) or k.endswith("*"))
    return uses


def _key_param(function: ast.FunctionDef) -> str | None:
    """The first parameter of `function` but `self`: the key, if it passes one on to `t`."""
    params = [a.arg for a in function.args.args if a.arg != "self"]
    return params[0] if params else None


# The name `t` as Python reads it: an identifier is its letters NFKC-normalized ("ｔ" is t)
# and runs as long as ASCII letters, digits, _ or any non-ASCII character follow.
_T_NAME = re.compile(r"(?<![A-Za-z0-9_])t(?![A-Za-z0-9_])")


def _may_call_t(text: str) -> bool:
    """False when the Python source `text` has no name or attribute `t`, so no call of `t` nor
    of a function passing its key on to `t`: no use of a UI string. (A name `t` is
    one character whose NFKC form is "t" between ASCII non-identifier characters, and NFKC of
    the whole text keeps that "t" and those neighbours.) Not parsed either: a syntax error in
    such a file is not reported here."""
    return bool(_T_NAME.search(text if text.isascii() else unicodedata.normalize("NFKC", text)))


def _call_arguments(text: str, start: int) -> str:
    """The text from `start` to the parenthesis that closes the call."""
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return text[start:]


def _template_uses(text: str, rel: str) -> list[Use]:
    uses = []
    # The theme's `lang.t(...)` are Material's own strings (overrides/partials/languages/).
    for match in _JINJA_CALL.finditer(text) if "overrides" not in rel else ():
        args = _call_arguments(text, match.end())
        line = text.count("\n", 0, match.start()) + 1
        uses.append(Use(rel, line, match[1], frozenset(_JINJA_PARAM.findall(args))))
    if "overrides" in rel:
        for match in _THEME_USE.finditer(text):
            uses.append(Use(rel, text.count("\n", 0, match.start()) + 1, match[1], None))
    return uses


def _dump(uses: list[Use]) -> list[list[Any]]:
    return [[u.file, u.line, u.key, None if u.params is None else sorted(u.params)] for u in uses]


def _load(rows: list[list[Any]]) -> list[Use]:
    return [Use(file, line, key, None if params is None else frozenset(params))
            for file, line, key, params in rows]


@persistent("ui-uses", dump=_dump, load=_load)
def file_uses(text: str, rel: str) -> list[Use]:
    """The uses of UI strings in one file's `text` (`rel`: its name relative to the project,
    `scripts/....py` parsed as Python, else a Jinja template). A pure function of the text:
    during a build it is kept in the render cache under the text's SHA-256 (memo.py), so an
    unchanged file is not parsed again."""
    return _python_uses(text, rel) if rel.endswith(".py") else _template_uses(text, rel)


def used_keys(scripts: Path = SCRIPTS) -> tuple[Use, ...]:
    """Every use of a UI string in the code (`scripts`: the folder of scripts/, its
    `overrides/` beside it) and the Jinja templates."""
    overrides = scripts.parent / "overrides"
    files = [(path, "scripts/" + path.relative_to(scripts).as_posix())
             for pattern in ("*.py", "*.j2") for path in sorted(scripts.rglob(pattern))]
    files += [(path, "overrides/" + path.relative_to(overrides).as_posix())
              for path in sorted(overrides.rglob("*.html"))]
    uses: list[Use] = []
    for path, rel in files:
        uses += file_uses(path.read_text(encoding="utf-8"), rel)
    return tuple(uses)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a text, as `str.format` fills them."""
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return {"{"}  # an unmatched brace: reported as a placeholder difference


def check(root: Path, cats: Catalogs, languages: tuple[str, ...], problems: Problems) -> None:
    """Report UI strings the code uses that are missing, and placeholder mismatches."""
    uses = used_keys()
    missing: dict[str, list[Use]] = {}
    for use in uses:
        if use.key.endswith("*"):
            continue  # built at run time without an entry in dynamic(): tests/test_catalogs.py
        if use.key not in cats.ui and not use.key.startswith(OPTIONAL_PREFIXES):
            missing.setdefault(use.key, []).append(use)
    by_file: dict[str, list[str]] = {}
    for key, where in missing.items():
        # The file its prefix names (`training_...`: training.yml, even when the PDFs use it
        # too); else a feature's own file when only that feature uses the key; else the core's.
        files = {UI_FILES.get(use.file.split("/")[1], "content/ui.yml") for use in where}
        owner = UI_FILES.get(key.split("_")[0]) or (files.pop() if len(files) == 1 else "content/ui.yml")
        by_file.setdefault(owner, []).append(key)
    for file, keys in by_file.items():
        first = missing[sorted(keys)[0]][0]
        problems.add(root / file, "missing-ui-string",
                     "UI strings the site uses are not defined: " + ", ".join(sorted(keys))
                     + f" (used in {first.file}:{first.line}" + (", ..." if len(keys) > 1 else "") + ")",
                     f"restore {file} from the repository, or add these keys with every language: "
                     + ", ".join(languages))
    passed: dict[str, list[Use]] = {}
    for use in uses:
        passed.setdefault(use.key, []).append(use)
    for key, labels in cats.ui.items():
        path, line = cats.ui_where.get(key, (root / "content/ui.yml", None))
        fields = {lang: placeholders(text) for lang, text in labels.items() if isinstance(text, str)}
        if not fields:
            continue
        # The placeholders most languages agree on are taken as the right ones.
        common = Counter(frozenset(names) for names in fields.values()).most_common(1)[0][0]
        reference = next(lang for lang in fields if fields[lang] == common)
        differing = [lang for lang in languages if lang in fields and fields[lang] != common]
        if differing:
            shown = "; ".join(f"{lang}: {', '.join(sorted(fields[lang])) or 'none'}" for lang in differing)
            shown += f"; the others: {', '.join(sorted(common)) or 'none'}"
            problems.add(path, "ui-placeholder",
                         f"`{key}` has other {{placeholders}} in some languages ({shown})",
                         "keep every {placeholder} exactly as in the other languages; translate only "
                         "the words around them", line=line)
            continue
        for use in passed.get(key, []):
            if use.params is None:
                continue
            unknown = sorted(fields[reference] - use.params)
            if unknown:
                problems.add(path, "ui-placeholder",
                             f"`{key}` has {{{unknown[0]}}}, which the site does not fill in "
                             f"({use.file}:{use.line} gives: {', '.join(sorted(use.params)) or 'nothing'})",
                             "remove the placeholder or correct its spelling; a literal brace is "
                             "written `{{` or `}}`", line=line)
                break
