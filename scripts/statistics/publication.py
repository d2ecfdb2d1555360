"""What readers may see of a dataset: published counts and markers, nothing else.

A Publication is built from the raw counts and the protection once, and the raw value of a
withheld count does not survive into it: charts, tables, summaries and downloads are all
drawn from the publication, so none of them can show what it does not hold, and they all
show a withheld count the same way (`<5`, `<10` or `x`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .audit import Auditor, Finding, Mark
from .disclosure import Protection
from .model import TOTAL, Dataset, Key, Rules, period_sort_key
from .relations import Structure

HIDDEN = "x"  # the marker of a count withheld for another reason than being small


@dataclass(frozen=True)
class Figure:
    key: Key
    value: int | None  # None when withheld
    mark: Mark
    marker: str  # "" when published, else "<5", "<10" or "x"

    @property
    def published(self) -> bool:
        return self.value is not None


@dataclass
class Publication:
    name: str
    meta: dict
    rules: Rules
    vocabulary: dict
    figures: dict[Key, Figure]

    def figure(self, period: str, region: str, dimension: str, category: str) -> Figure | None:
        return self.figures.get(Key(period, region, dimension, category))

    @property
    def periods(self) -> list[str]:
        return sorted({k.period for k in self.figures}, key=period_sort_key)

    def regions(self, period: str | None = None) -> list[str]:
        present = {k.region for k in self.figures if period in (None, k.period)}
        return [r for r in self.vocabulary["region"]["categories"] if r in present]

    def dimensions(self, period: str | None = None, region: str | None = None) -> list[str]:
        """Dimensions with figures, in the vocabulary's order, the totals first."""
        present = {k.dimension for k in self.figures
                   if period in (None, k.period) and region in (None, k.region)}
        return [d for d in self.vocabulary if d in present and d != "region"]

    def categories(self, dimension: str, period: str | None = None) -> list[str]:
        present = {k.category for k in self.figures
                   if k.dimension == dimension and period in (None, k.period)}
        return [c for c in self.vocabulary[dimension]["categories"] if c in present]

    def illustrative(self, key: Key) -> bool:
        """Whether a figure is made up (sample data): the dataset says `illustrative:` and the
        figure is not among its `real_figures` ("period/region/dimension/category")."""
        if not self.meta.get("illustrative"):
            return False
        return "/".join(key) not in set(self.meta.get("real_figures") or [])

    def share(self, figure: Figure) -> float | None:
        """The figure as a part of the total it splits, when both are published and the total
        is large enough for a percentage to mean something."""
        splits = self.vocabulary.get(figure.key.dimension, {}).get("splits")
        if not splits or not figure.published or figure.value is None:
            return None
        total = self.figure(figure.key.period, figure.key.region, TOTAL, splits)
        if total is None or not total.published or total.value is None or \
                total.value < self.rules.percent_min_denominator:
            return None
        return figure.value / total.value

    def published_values(self) -> dict[Key, int]:
        return {k: f.value for k, f in self.figures.items() if f.value is not None}

    def marks(self) -> dict[Key, Mark]:
        return {k: f.mark for k, f in self.figures.items()}


def marker_of(key: Key, mark: Mark, rules: Rules) -> str:
    if mark is Mark.PUBLISHED:
        return ""
    if mark is Mark.SMALL:
        return f"<{rules.threshold(key.region)}"
    return HIDDEN


def publish(dataset: Dataset, protection: Protection, rules: Rules, vocabulary: dict) -> Publication:
    figures = {}
    for key, value in sorted(dataset.counts.items()):
        mark = protection.marks[key]
        figures[key] = Figure(key, value if mark is Mark.PUBLISHED else None, mark,
                              marker_of(key, mark, rules))
    return Publication(dataset.name, dataset.meta, rules, vocabulary, figures)


def final_check(publication: Publication, structure: Structure, protected: frozenset[Key]) -> list[Finding]:
    """The last look before anything is written: no small or sensitive count is shown, and no
    protected count can be worked out from what is shown. Empty when safe."""
    auditor = Auditor(structure, publication.rules, protected)
    return auditor.findings(publication.published_values(), publication.marks())

