"""The pipeline's shape, read from the code: no import cycle in scripts/, and the core imports
no feature (ARCHITECTURE.md). Imports are read with `ast`, so every import counts: at the
top, inside a function, or only for type checking (`if TYPE_CHECKING:`)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from scripts import features

from .conftest import REPO

SCRIPTS = REPO / "scripts"


def module_name(path: Path, root: Path) -> str:
    """`scripts/appeals/feature.py` -> `scripts.appeals.feature`; a package's `__init__.py`
    is the package itself."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the modules of `root`'s package it imports}, for every module under `root`.

    `from . import x` counts as importing the module `x` when there is one, else the package.
    """
    modules = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem
                           for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:  # `import scripts.x.y` names scripts.x.y
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of `graph`: each strongly connected group of more than one module
    (or a module importing itself), sorted (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_scripts_have_no_import_cycle() -> None:
    found = cycles(import_graph(SCRIPTS))
    assert not found, "import cycles in scripts/ (data flows one way, ARCHITECTURE.md): " + \
        "; ".join(" <-> ".join(group) for group in found)


def test_the_cycle_finder_finds_a_cycle_through_a_type_checking_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import C\n")
    (package / "c.py").write_text("def f():\n    import pkg.a\n")
    (package / "d.py").write_text("from . import a, c\n")
    graph = import_graph(package)
    assert graph["pkg.d"] == {"pkg.a", "pkg.c"}
    assert cycles(graph) == [["pkg.a", "pkg.c", "pkg.sub.b"]]


def test_the_services_features_get_cannot_be_changed() -> None:
    assert dataclasses.fields(features.ReadServices)
    for services in (features.ReadServices, features.RenderServices):
        assert services.__dataclass_params__.frozen, services  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        features.ReadServices(None, None, None).corpus = None  # type: ignore[arg-type, misc]


def feature_packages() -> set[str]:
    """The packages of scripts/ that hold a feature of `features.FEATURES`."""
    return {spec.partition(":")[0].rsplit(".", 1)[0] for spec in features.FEATURES}


# Reaches from the core into a feature that are known and not yet inverted (ARCHITECTURE.md,
# "Known debts"): {core module: feature modules}. Both directions are checked: a new reach
# fails, and so does a listed one that is gone (then remove its line here).
KNOWN_REACHES: dict[str, set[str]] = {}


def test_the_core_imports_no_feature() -> None:
    graph = import_graph(SCRIPTS)
    packages = feature_packages()
    core = {module_name(path, SCRIPTS) for path in SCRIPTS.glob("*.py")} - {"scripts"}
    assert "scripts.build" in core and "scripts.statistics" not in core
    reaches = {module: {target for target in graph[module]
                        if any(target == p or target.startswith(p + ".") for p in packages)}
               for module in sorted(core)}
    reaches = {module: targets for module, targets in reaches.items() if targets}
    assert reaches == KNOWN_REACHES, (
        "the core (scripts/*.py) imports a feature; declare what the core needs through the "
        "feature interface (features.py) instead: "
        + "; ".join(f"{m} -> {', '.join(sorted(t))}" for m, t in reaches.items()))


def test_features_import_no_other_feature_nor_the_stages_they_feed() -> None:
    graph = import_graph(SCRIPTS)
    packages = feature_packages()
    found = []
    for module, targets in sorted(graph.items()):
        own = next((p for p in packages if module == p or module.startswith(p + ".")), None)
        if own is None:
            continue
        for target in sorted(targets):
            other = next((p for p in packages if target == p or target.startswith(p + ".")), None)
            if (other is not None and other != own) or target in {"scripts.render", "scripts.build"}:
                found.append(f"{module} -> {target}")
    assert not found, "a feature reaches another feature or a later stage: " + "; ".join(found)
