"""Which figures a brief may show: only cells the statistics feature publishes.

Each check gives at most one issue per front-matter value or placeholder, naming what is
wrong and what exists instead (rules `brief-figure`, `brief-period`, `unknown-code`). A value
already reported in the front matter is not reported again in every placeholder that uses
it. A dataset that exists but could not be published (it has problems of its own, reported
by the statistics feature) is not checked further: its own problems say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..appeals.sandbox import Issue
from ..statistics.model import TOTAL, Period
from ..statistics.publication import Publication
from .placeholders import Placeholder

AUDIENCES = ("health", "police", "penitentiary", "policy")


@dataclass
class Data:
    """What a brief may draw on: the published datasets and the names of all datasets."""

    publications: dict[str, Publication]
    datasets: set[str]  # every dataset of aggregates/, published or not
    vocabulary: dict


@dataclass
class Declared:
    """A brief's shared front matter (the original's), with the line of each field."""

    dataset: str
    periods: list[str]
    dimensions: list[str]
    lines: dict[str, int | None] = field(default_factory=dict)
    # values found wrong in the front matter: not reported again in each placeholder
    reported: set[tuple[str, str]] = field(default_factory=set)


def _listing(values: Iterable[str]) -> str:
    return ", ".join(values) or "(none)"


def _dataset_issue(name: str, data: Data, line: int | None) -> Issue | None:
    if name in data.datasets:
        return None
    return Issue(line or 1, "brief-figure", f"the dataset `{name}` does not exist",
                 "use the name of a dataset of aggregates/ (its .csv without the extension): "
                 + _listing(sorted(data.datasets)))


def _period_issue(code: str, pub: Publication, line: int | None) -> Issue | None:
    if Period.parse(code) is None:
        return Issue(line or 1, "brief-period", f"`{code}` is not a period",
                     'write a year "2021", a half "2021-H1" or a quarter "2021-Q3", in quotes')
    if code not in pub.periods:
        return Issue(line or 1, "brief-period",
                     f"the period `{code}` is not published in `{pub.name}`",
                     "use a period the statistics pages publish: " + _listing(pub.periods))
    return None


def _dimension_issue(name: str, pub: Publication, line: int | None) -> Issue | None:
    known = [d for d in pub.vocabulary if d != "region"]
    if name not in known:
        return Issue(line or 1, "brief-figure", f"`{name}` is not a dimension",
                     "use a dimension of aggregates/vocabulary.yml: " + _listing(known))
    if name not in pub.dimensions():
        return Issue(line or 1, "brief-figure", f"`{pub.name}` has no figures of `{name}`",
                     "use a dimension it has: " + _listing(pub.dimensions()))
    return None


def check_front_matter(declared: Declared, audience: list[str], guides: list[str],
                       known_guides: set[str], data: Data) -> list[Issue]:
    """Problems of a brief's front matter (the original's): dataset, periods, dimensions,
    audience and guides. Fills `declared.reported` with the values found wrong."""
    issues: list[Issue] = []
    lines = declared.lines
    for code in audience:
        if code not in AUDIENCES:
            issues.append(Issue(lines.get("audience") or 1, "unknown-code",
                                f"`audience` has unknown value `{code}`",
                                "use one of: " + _listing(AUDIENCES)))
    for slug in guides:
        if slug not in known_guides:
            issues.append(Issue(lines.get("guides") or 1, "unknown-code",
                                f"`guides` has unknown value `{slug}`",
                                "use the slug of a file in content/guides/: "
                                + _listing(sorted(known_guides))))
    problem = _dataset_issue(declared.dataset, data, lines.get("dataset"))
    if problem:
        declared.reported.add(("dataset", declared.dataset))
        return [*issues, problem]
    pub = data.publications.get(declared.dataset)
    if pub is None:
        return issues  # the dataset's own problems are reported by the statistics feature
    for code in declared.periods:
        problem = _period_issue(code, pub, lines.get("periods"))
        if problem:
            declared.reported.add(("period", code))
            issues.append(problem)
    for name in declared.dimensions:
        problem = _dimension_issue(name, pub, lines.get("dimensions"))
        if problem:
            declared.reported.add(("dimension", name))
            issues.append(problem)
    return issues


def check_placeholder(ph: Placeholder, line: int, declared: Declared, data: Data) -> Issue | None:
    """The first thing wrong with one placeholder (at `line` of its file), or None."""
    if ("dataset", ph.dataset) in declared.reported:
        return None
    problem = _dataset_issue(ph.dataset, data, line)
    if problem:
        return problem
    pub = data.publications.get(ph.dataset)
    if pub is None:
        return None
    if ph.dataset != declared.dataset:
        return Issue(line, "brief-figure",
                     f"`{ph}` draws on `{ph.dataset}`, but the brief's `dataset:` is "
                     f"`{declared.dataset}`", f"use `{declared.dataset}`, the brief's dataset")
    regions = list(pub.vocabulary["region"]["categories"])
    if ph.region not in regions:
        return Issue(line, "brief-figure", f"`{ph}`: `{ph.region}` is not a region",
                     "use a region code of aggregates/vocabulary.yml: " + _listing(regions))
    for code in ph.periods:
        if ("period", code) in declared.reported:
            return None
        problem = _period_issue(code, pub, line)
        if problem:
            return Issue(line, problem.rule, f"`{ph}`: {problem.message}", problem.fix)
        if code not in declared.periods:
            return Issue(line, "brief-period",
                         f"`{ph}`: the period `{code}` is not among the brief's `periods:`",
                         f"add \"{code}\" to `periods:` in the front matter, or use one of: "
                         + _listing(declared.periods))
    if ph.function == "trend":
        first, last = (Period.parse(p) for p in ph.periods)
        if first is not None and last is not None and not first < last:
            return Issue(line, "brief-period", f"`{ph}`: a trend goes from an earlier period to a "
                         "later one", "write the earlier period first")
    if ("dimension", ph.dimension) in declared.reported:
        return None
    problem = _dimension_issue(ph.dimension, pub, line)
    if problem:
        return Issue(line, problem.rule, f"`{ph}`: {problem.message}", problem.fix)
    if ph.dimension != TOTAL and ph.dimension not in declared.dimensions:
        return Issue(line, "brief-figure",
                     f"`{ph}`: the dimension `{ph.dimension}` is not among the brief's `dimensions:`",
                     f"add `{ph.dimension}` to `dimensions:` in the front matter (the page then "
                     "shows its chart)")
    categories = list(pub.vocabulary[ph.dimension]["categories"])
    if ph.category not in categories:
        return Issue(line, "brief-figure",
                     f"`{ph}`: `{ph.category}` is not a category of `{ph.dimension}`",
                     "use one of: " + _listing(categories))
    for code in ph.periods:
        if pub.figure(code, ph.region, ph.dimension, ph.category) is None:
            return Issue(line, "brief-figure",
                         f"`{ph}`: `{pub.name}` has no count of `{ph.dimension}/{ph.category}` "
                         f"in `{ph.region}` for `{code}`",
                         "use a category with a count in that period: "
                         + _listing(c for c in pub.categories(ph.dimension, code)
                                    if pub.figure(code, ph.region, ph.dimension, c)))
    return None
