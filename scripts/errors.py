"""Problems found in the input, collected so that editors see all of them at once.

Editors are not programmers: every problem names the file, the line where it is known,
the rule that was broken and how to fix it. Readers and validators append to a
`Problems` list instead of raising, and the build stops once, at the end, if it is not empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule in one place of the input."""

    file: str
    line: int | None
    rule: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: [{self.rule}] {self.message}\n    fix: {self.fix}"


# Rules whose problems `kb serve` prints without stopping the preview: a translation still
# being translated (not stamped yet) is previewed, marked outdated, as a translator needs to
# see it. `kb build` and `kb check` refuse them all the same: nothing unstamped is published.
PREVIEW_ONLY: frozenset[str] = frozenset({"not-stamped"})


@dataclass
class Problems:
    """An ordered collection of problems; paths are shown relative to the project root."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)

    def add(
        self, file: Path | str, rule: str, message: str, fix: str, line: int | None = None
    ) -> None:
        self.items.append(Problem(self.show(file), line, rule, message, fix))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def show(self, file: Path | str) -> str:
        """A path as the editor knows it: relative to the project root."""
        path = Path(file)
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def only(self, rules: frozenset[str]) -> bool:
        """Whether there are problems and every one breaks one of `rules` (e.g. PREVIEW_ONLY)."""
        return bool(self.items) and all(p.rule in rules for p in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.items), key=_sort_key))

    def report(self) -> str:
        lines = [str(p) for p in self]
        count = len(lines)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was published.")
        return "\n".join(lines)


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.rule, p.message)


class BuildError(Exception):
    """Raised once, after all input has been checked, when problems were found."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
