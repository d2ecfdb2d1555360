"""`kb translations --accept ORIGINAL`: after a minor edit of an original (a typo, a comma),
re-stamp its translations without touching them, but only for the blocks an editor confirms.

Every changed, added or removed block of the original since its outdated translations were
stamped is shown with its diff, once (translations stamped against the same version share
their changes), and accepted or not: asked one by one, or given as `--block ID` (the ids
`kb translations` prints). A translation is re-stamped only when every change since its
stamp is accepted; every block accepted, every translation re-stamped and every one left
outdated (with the blocks that keep it so) is listed. Nothing is accepted silently: with
`--block`, an id that is not one of the changes stops everything before anything is stamped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content import Document
from .diff import Change
from .drift import Drift
from .report import change_lines, where


class AcceptError(Exception):
    """Why nothing was accepted, in words for an editor."""


@dataclass(frozen=True)
class Decision:
    """The editor's answer for one change (shared by the translations that have it)."""

    change: Change
    accepted: bool


def changes_once(drifts: Iterable[Drift]) -> list[tuple[Change, Drift]]:
    """Each distinct change (by id) of these drifts, with the first drift that has it."""
    seen: dict[str, tuple[Change, Drift]] = {}
    for drift in drifts:
        for change in drift.changes:
            seen.setdefault(change.id, (change, drift))
    return list(seen.values())


def describe(change: Change, drift: Drift) -> list[str]:
    """The lines that show one change to the editor who decides on it."""
    return change_lines(change, drift)


def accept(drifts: list[Drift], root: Path, decide: Callable[[Change, Drift], bool],
           stamp: Callable[[Document], str], given: set[str] | None = None) -> list[str]:
    """Decide on every change of `drifts` (the outdated translations of one original) and
    re-stamp with `stamp` each translation whose changes were all accepted; returns the
    report lines. `given`: the ids of `--block`, checked first. Raises AcceptError when a
    given id is not a change of these translations, or a translation has no snapshot and
    nothing else can be done."""
    unique = changes_once(d for d in drifts if d.old is not None)
    if given is not None:
        unknown = sorted(given - {change.id for change, _ in unique})
        if unknown:
            known = ", ".join(change.id for change, _ in unique) or "none"
            raise AcceptError(f"not a changed block of this original: {', '.join(unknown)} "
                              f"(its changed blocks: {known}); nothing was stamped")
    lines: list[str] = []
    accepted: set[str] = set()
    for change, drift in unique:
        if decide(change, drift):
            accepted.add(change.id)
            lines.append(f"accepted {change.kind} {change.block.kind}, {where(change, drift)} "
                         f"[block {change.id}]")
        else:
            lines.append(f"not accepted {change.kind} {change.block.kind}, {where(change, drift)} "
                         f"[block {change.id}]")
    for drift in drifts:
        name = drift.translation.path.relative_to(root).as_posix()
        if drift.old is None:
            lines.append(f"left outdated {name}: no block list was kept when it was stamped; "
                         "compare it with the original and stamp it by hand")
            continue
        missing = [c.id for c in drift.changes if c.id not in accepted]
        if missing:
            lines.append(f"left outdated {name}: blocks not accepted: {', '.join(missing)}")
        else:
            lines.append(stamp(drift.translation))
            lines.append(f"  accepted for it: {', '.join(c.id for c in drift.changes)}")
    return lines
