"""The finder's tree as a graph: dangling answers, unreachable and cyclic nodes, and the walk
that gives every page. Pure functions of a `Tree`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ELSEWHERE, State, Tree


@dataclass(frozen=True)
class Finding:
    """A problem of the graph: rule, message, fix, and the line of the node or answer."""

    rule: str
    message: str
    fix: str
    line: int | None


def findings(tree: Tree) -> list[Finding]:
    """Every answer leads to a known node, every node can be reached from `start`, and no
    path returns to a question it has passed (which would make a walk endless)."""
    found: list[Finding] = []
    nodes = set(tree.questions) | set(tree.results)
    if tree.start and tree.start not in tree.questions:
        found.append(Finding("finder-link", f"`start: {tree.start}` names no question"
                             + (" (it is a result: the finder must ask something first)"
                                if tree.start in tree.results else ""),
                             "write the id of the first question: " + _ids(tree.questions), 1))
    reached = _reachable(tree)
    unreached = sorted(nodes - reached, key=lambda n: _line(tree, n))
    dangling = [(q, a) for q in tree.questions.values() for a in q.answers if a.next not in nodes]
    for question, answer in dangling:
        # A misspelt `next` also leaves its real target unreached: one message says both.
        hint = (f" (no answer leads to {', '.join(f'`{n}`' for n in unreached)} yet: meant?)"
                if unreached else "")
        found.append(Finding(
            "finder-link", f"answer `{answer.id}` of `{question.id}` leads to `{answer.next}`, "
            "which is neither a question nor a result",
            "write the id of a question or result" + hint + ": " + _ids(nodes), answer.line))
    for node_id in [] if dangling else unreached:
        kind = "question" if node_id in tree.questions else "result"
        found.append(Finding("finder-unreachable",
                             f"no answer leads to the {kind} `{node_id}`: readers never see it",
                             f"add an answer with `next: {node_id}`, or remove the {kind}",
                             _line(tree, node_id) or None))
    for cycle in _cycles(tree):
        first = tree.questions[cycle[0]]
        found.append(Finding("finder-cycle", "the answers lead in a circle: "
                             + " -> ".join((*cycle, cycle[0])),
                             "let one of these answers lead to a result or a new question",
                             first.line))
    return found


def _ids(ids: object) -> str:
    return ", ".join(sorted(ids)) or "(none)"  # type: ignore[call-overload]


def _line(tree: Tree, node_id: str) -> int:
    node = tree.questions.get(node_id) or tree.results.get(node_id)
    return (node.line if node else None) or 0


def _reachable(tree: Tree) -> set[str]:
    seen: set[str] = set()
    todo = [tree.start] if tree.start in tree.questions else []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        question = tree.questions.get(node)
        if question is not None:
            todo.extend(a.next for a in question.answers)
    return seen


def _cycles(tree: Tree) -> list[tuple[str, ...]]:
    """Each circle of questions once (depth-first search, by the questions' order)."""
    cycles: list[tuple[str, ...]] = []
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycle = tuple(stack[stack.index(node):])
            if not any(set(cycle) == set(c) for c in cycles):
                cycles.append(cycle)
            return
        if node in done or node not in tree.questions:
            return
        stack.append(node)
        for answer in tree.questions[node].answers:
            visit(answer.next, stack)
        stack.pop()
        done.add(node)

    for qid in tree.questions:
        visit(qid, [])
    return cycles


def walk(tree: Tree) -> list[State]:
    """Every page of the finder, start first: each question on each path, and for each path
    that reaches a result, the region question and a result page per region (and one for
    "elsewhere"). Call it only on a tree without findings (a cycle would never end)."""
    states: list[State] = []

    def visit(node: str, trail: tuple[str, ...]) -> None:
        if node in tree.results:
            states.append(State(trail, "region", node))
            for region in (*tree.regions, ELSEWHERE):
                states.append(State((*trail, region), "result", node, region))
            return
        states.append(State(trail, "question", node))
        for answer in tree.questions[node].answers:
            visit(answer.next, (*trail, answer.id))

    if tree:
        visit(tree.start, ())
    return states
