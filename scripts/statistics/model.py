"""The shapes the statistics code passes around: periods, cell keys, datasets, rules.

A cell is one count: (period, region, dimension, category). Everything downstream refers
to cells by that key, so the same figure is the same figure in every chart, table and file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

COUNTRY = "tj"  # the region code of the whole country (SPEC §4)
TOTAL = "total"  # the dimension that holds the overall counts
HEADER = ("period", "region", "dimension", "category", "count")
PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>H[12]|Q[1-4]))?$")


class Key(NamedTuple):
    period: str
    region: str
    dimension: str
    category: str


@dataclass(frozen=True, order=True)
class Period:
    """`YYYY`, `YYYY-H1|H2` or `YYYY-Q1..Q4`, ordered year by year, the year first."""

    year: int
    kind: str  # "" (full year) | "H" | "Q"
    number: int  # 0 for a full year

    @classmethod
    def parse(cls, text: str) -> Period | None:
        match = PERIOD.match(text)
        if not match or not 1990 <= int(match["year"]) <= 2100:
            return None
        part = match["part"] or ""
        return cls(int(match["year"]), part[:1], int(part[1:]) if part else 0)

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind}{self.number}" if self.kind else str(self.year)

    @property
    def is_year(self) -> bool:
        return not self.kind

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        months = {"": 12, "H": 6 * self.number, "Q": 3 * self.number}[self.kind]
        following = dt.date(self.year + 1, 1, 1) if months == 12 else dt.date(self.year, months + 1, 1)
        return following - dt.timedelta(days=1)

    def parts(self) -> list[list[str]]:
        """The partitions of this period into smaller ones: a year into halves or quarters,
        a half into its two quarters. Each is a list of period codes that add up to this one."""
        y = self.year
        if self.kind == "":
            return [[f"{y}-H1", f"{y}-H2"], [f"{y}-Q{q}" for q in range(1, 5)]]
        if self.kind == "H":
            first = 2 * self.number - 1
            return [[f"{y}-Q{first}", f"{y}-Q{first + 1}"]]
        return []


def period_sort_key(code: str) -> tuple:
    period = Period.parse(code)
    return (period.year, period.kind != "", period.kind, period.number) if period else (0, True, "", 0)


@dataclass
class Dataset:
    """One `aggregates/<name>.csv` with its `<name>.yml`, after reading and checking."""

    name: str
    meta: dict  # title, definition, source (per language), published, illustrative
    counts: dict[Key, int] = field(default_factory=dict)
    rows: dict[Key, int] = field(default_factory=dict)  # the CSV row (line) of each cell
    csv_path: str = ""


@dataclass(frozen=True)
class Rules:
    """The disclosure-control rules of `aggregates/publishing.yml`."""

    country_threshold: int = 5  # counts 1..4 at country level are not published
    region_threshold: int = 10  # counts 1..9 below country level are not published
    sensitive: frozenset[tuple[str, str]] = frozenset()  # (dimension, category)
    percent_min_denominator: int = 20
    topics: dict[str, dict] = field(default_factory=dict)  # guide topic -> {dataset, dimension}

    def threshold(self, region: str) -> int:
        return self.country_threshold if region == COUNTRY else self.region_threshold

    def is_small(self, key: Key, value: int) -> bool:
        return 0 < value < self.threshold(key.region)

    def is_sensitive(self, key: Key) -> bool:
        return key.region != COUNTRY and (key.dimension, key.category) in self.sensitive
