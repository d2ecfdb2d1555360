"""Read `aggregates/`: the publishing rules, and each dataset's CSV and YAML.

Nothing here raises on bad input: every broken rule becomes a Problem naming the file, the
row (or line), the rule and the fix, so that an editor sees every mistake in one run. A row
with a problem is left out, and the feature publishes nothing of a dataset with problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..catalogs import load_located, load_yaml
from ..characters import mixed_script, report_controls, report_mixed
from ..errors import Problems
from .model import COUNTRY, HEADER, TOTAL, Dataset, Key, Period, Rules

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WHOLE = re.compile(r"^\d+$")
NOT_DATASETS = ("vocabulary", "publishing")
DATASET_FIELDS = ("title", "definition", "source", "published", "illustrative", "counts",
                  "real_figures")
GUIDE = "see the statistics section of the editors' guide in README.md"


def dataset_names(folder: Path) -> list[str]:
    names = {p.stem for p in folder.glob("*.csv")} | {p.stem for p in folder.glob("*.yml")}
    return sorted(names - set(NOT_DATASETS))


def read_rules(path: Path, vocabulary: dict, topics: dict, problems: Problems) -> Rules | None:
    """The disclosure-control rules, or None (with problems) when the file is unusable."""
    before = len(problems)
    data = load_yaml(path, problems, text=(("sensitive", "*", "*"), ("topics", "*", "dataset"),
                                           ("topics", "*", "dimension")),
                     codes=(("sensitive", "*", "*"), ("topics", "*", "dataset"),
                            ("topics", "*", "dimension")))
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(path, "format", "must be a mapping with `thresholds`, `sensitive`, `topics`", GUIDE)
        return None
    thresholds = data.get("thresholds") or {}
    values: dict[str, Any] = {}
    for level, default in (("country", 5), ("region", 10)):
        value = thresholds.get(level, default) if isinstance(thresholds, dict) else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.add(path, "threshold", f"`thresholds.{level}` must be a whole number, 1 or more",
                         f"write `{level}: {default}` (counts below it are not published)")
        values[level] = value
    sensitive: set[tuple[str, str]] = set()
    listed = data.get("sensitive") or {}
    if not isinstance(listed, dict):
        problems.add(path, "format", "`sensitive` must be a mapping of dimension to a list of codes",
                     GUIDE)
        listed = {}
    for dimension, codes in listed.items():
        known = vocabulary.get(dimension, {}).get("categories", {}) if isinstance(dimension, str) else {}
        if not known or not isinstance(codes, list):
            problems.add(path, "unknown-code", f"`sensitive` names `{dimension}`, not a dimension "
                         "with a list of categories", "write `dimension: [code, code]` with codes of "
                         "aggregates/vocabulary.yml")
            continue
        for code in codes:
            if code not in known and not mixed_script(code):
                problems.add(path, "unknown-code", f"`sensitive.{dimension}` has unknown code `{code}`",
                             "use a code of aggregates/vocabulary.yml: " + ", ".join(known))
            sensitive.add((dimension, str(code)))
    percentages = data.get("percentages") or {}
    minimum = percentages.get("min_denominator", 20) if isinstance(percentages, dict) else None
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        problems.add(path, "threshold", "`percentages.min_denominator` must be a whole number, 1 or more",
                     "write `min_denominator: 20` (no percentage of a smaller total is shown)")
    links = data.get("topics") or {}
    for topic, target in links.items() if isinstance(links, dict) else []:
        if topic not in topics:
            problems.add(path, "unknown-code", f"`topics` names `{topic}`, not a topic of content/topics.yml",
                         "use a topic id: " + ", ".join(topics))
        if not isinstance(target, dict) or not {"dataset", "dimension"} <= set(target):
            problems.add(path, "format", f"`topics.{topic}` must be `{{dataset: ..., dimension: ...}}`",
                         GUIDE)
        elif mixed_script(target["dimension"]):
            pass  # reported as mixed-script at its line
        elif target["dimension"] not in vocabulary or target["dimension"] == "region":
            problems.add(path, "unknown-code", f"`topics.{topic}`: unknown dimension `{target['dimension']}`",
                         "use a dimension of aggregates/vocabulary.yml other than region")
    if len(problems) > before:
        return None
    return Rules(values["country"], values["region"], frozenset(sensitive), int(minimum or 0),
                 {str(k): v for k, v in links.items()})


def read_dataset(folder: Path, name: str, vocabulary: dict, languages: tuple[str, ...],
                 problems: Problems) -> Dataset | None:
    """One dataset, or None when any of its rows or fields is wrong (all are reported)."""
    csv_path, yml_path = folder / f"{name}.csv", folder / f"{name}.yml"
    before = len(problems)
    if not SLUG.match(name):
        problems.add(csv_path if csv_path.exists() else yml_path, "file-name",
                     f"`{name}` is not a valid dataset name",
                     "use lower-case Latin letters, digits and dashes, e.g. cases.csv and cases.yml")
    for path, other in ((csv_path, yml_path), (yml_path, csv_path)):
        if not path.exists():
            problems.add(other, "dataset-incomplete", f"{other.name} has no {path.name} beside it",
                         f"a dataset is a pair of files: add {path.name}, or remove {other.name}")
    if len(problems) > before:
        return None
    meta, line_of = _read_meta(yml_path, languages, problems)
    dataset = Dataset(name, meta or {}, csv_path=str(csv_path))
    _read_rows(csv_path, dataset, vocabulary, problems)
    if len(problems) == before:
        _check_published(yml_path, dataset, line_of("published"), problems)
        _check_real_figures(yml_path, dataset, line_of("real_figures"), problems)
    return dataset if len(problems) == before else None


def _check_published(path: Path, dataset: Dataset, line: int | None, problems: Problems) -> None:
    """Figures cannot be published before the end of a period they count."""
    published = dataset.meta.get("published")
    if not isinstance(published, dt.date) or not dataset.counts:
        return
    periods = [p for p in (Period.parse(k.period) for k in dataset.counts) if p is not None]
    if not periods:
        return
    last = max(periods, key=lambda p: p.end)
    if published <= last.end:
        problems.add(path, "published-date",
                     f"`published: {published.isoformat()}` is before the end of the period "
                     f"{last.code} ({last.end.isoformat()}), which the data counts",
                     f"write the date the figures were published, after {last.end.isoformat()}, or "
                     f"leave out the rows of {last.code}", line=line)


def _check_real_figures(path: Path, dataset: Dataset, line: int | None, problems: Problems) -> None:
    """`real_figures` names figures of the data, and only an illustrative dataset has it."""
    real = dataset.meta.get("real_figures")
    if real is None:
        return
    fix = ("list the figures that are real, as `real_figures: [\"2020/tj/total/cases\"]` "
           "(period/region/dimension/category); every other figure is illustrative")
    if not dataset.meta.get("illustrative"):
        problems.add(path, "real-figures", "`real_figures` is only for a dataset with "
                     "`illustrative:` (sample figures)", "remove `real_figures`", line=line)
        return
    if not isinstance(real, list) or not all(isinstance(r, str) for r in real):
        problems.add(path, "real-figures", "`real_figures` must be a list of figures", fix, line=line)
        return
    for item in real:
        if Key(*(item.split("/") + ["", "", "", ""])[:4]) not in dataset.counts:
            problems.add(path, "real-figures", f"`{item}` is not a figure of {Path(dataset.csv_path).name}",
                         fix, line=line)


def _read_meta(path: Path, languages: tuple[str, ...],
               problems: Problems) -> tuple[dict | None, Callable[[str], int | None]]:
    """The dataset's `.yml` (None when it cannot be read), and the line of a top-level key
    (from the YAML parser's marks, as for every other file)."""
    located = load_located(path, problems, text=(
        ("title", "*"), ("definition", "*"), ("source",), ("source", "*"), ("illustrative",),
        ("illustrative", "*"), ("counts",)))
    if located is None:
        return None, lambda key: None
    meta = located.data
    if not isinstance(meta, dict):
        problems.add(path, "format", "must be a mapping with title, definition, source, published", GUIDE)
        return None, located.line
    for key in meta:
        if key not in DATASET_FIELDS:
            problems.add(path, "unknown-field", f"unknown field `{key}`",
                         "remove it or correct its spelling; allowed: " + ", ".join(DATASET_FIELDS),
                         line=located.line(key))
    source = meta.get("source")
    if isinstance(source, str) and source.strip():
        # One text for every language (SPEC §4): a name, shown as written on every page.
        meta["source"] = {lang: source for lang in languages}
    for key in ("title", "definition", "source", "illustrative"):
        value = meta.get(key)
        if value is None and key == "illustrative":
            continue
        if value is None:
            problems.add(path, "missing-field", f"the required field `{key}` is missing",
                         f"add `{key}: {{{languages[0]}: ..., {languages[1]}: ...}}`", line=1)
        elif not isinstance(value, dict) or not value or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            one = " (or, for `source`, one text for every language)" if key == "source" else ""
            problems.add(path, "field-type", f"`{key}` must be a mapping of language to text{one}",
                         f"write `{key}: {{{languages[0]}: ..., {languages[1]}: ...}}`"
                         + (f" or `{key}: \"...\"`" if one else ""),
                         line=located.line(key))
        elif set(value) - set(languages):
            problems.add(path, "unknown-language",
                         f"`{key}` has unknown languages: {', '.join(sorted(set(value) - set(languages)))}",
                         "use the languages of mkdocs.yml: " + ", ".join(languages),
                         line=located.line(key))
    published = meta.get("published")
    if ("published",) in located.reported:
        pass  # an impossible date, reported at its line
    elif not isinstance(published, dt.date) or isinstance(published, dt.datetime):
        problems.add(path, "field-type", "`published` must be the date the figures were published",
                     "write `published: YYYY-MM-DD`", line=located.line("published") or 1)
    return meta, located.line


def _read_rows(path: Path, dataset: Dataset, vocabulary: dict, problems: Problems) -> None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(path, "encoding", "the file is not UTF-8 text", "save the file as CSV UTF-8")
        return
    text = report_controls(text.replace("\r\n", "\n").replace("\r", "\n"), path, problems)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != HEADER:
        if header and len(header) == 1 and header[0].count(";") == len(HEADER) - 1:
            problems.add(path, "csv-header", "the values are separated by `;` (how Excel saves "
                         "CSV where the decimal sign is a comma), not by `,`",
                         "save it again as \"CSV UTF-8 (comma delimited)\", or replace every `;` "
                         "by `,`", line=1)
            return
        problems.add(path, "csv-header", f"the first line must be exactly `{','.join(HEADER)}`",
                     "save the table as comma-separated CSV with these five columns, in this order",
                     line=1)
        return
    rows = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        _read_row(path, line, [cell.strip() for cell in row], dataset, vocabulary, problems)
    if not rows:
        problems.add(path, "empty", "the dataset has no rows", "add one row per count below the header")


def _read_row(path: Path, line: int, row: list[str], dataset: Dataset, vocabulary: dict,
              problems: Problems) -> None:
    def bad(rule: str, message: str, fix: str) -> None:
        problems.add(path, rule, message, fix, line=line)

    if len(row) != len(HEADER):
        bad("csv-columns", f"the row has {len(row)} values, not {len(HEADER)}",
            f"write {','.join(HEADER)}, e.g. `2020,tj,gender,female,12`")
        return
    period, region, dimension, category, count = row
    period = period.upper()  # `2021-h1` is the half year 2021-H1, as an editor means it
    if any([report_mixed(code, path, problems, line) for code in (region, dimension, category)]):
        return  # a look-alike letter: not also an unknown code
    ok = True
    if Period.parse(period) is None:
        bad("unknown-period", f"`{period}` is not a period",
            "write the year (2020), a half year (2020-H1, 2020-H2) or a quarter (2020-Q1 ... 2020-Q4)")
        ok = False
    regions = vocabulary.get("region", {}).get("categories", {})
    if region not in regions:
        bad("unknown-code", f"unknown region `{region}`",
            f"use a region code of aggregates/vocabulary.yml: {', '.join(regions)} ({COUNTRY} is the "
            "whole country)")
        ok = False
    if dimension not in vocabulary or dimension == "region":
        dims = [d for d in vocabulary if d != "region"]
        bad("unknown-code", f"unknown dimension `{dimension}`",
            "use a dimension of aggregates/vocabulary.yml: " + ", ".join(dims))
        ok = False
    elif category not in vocabulary[dimension]["categories"]:
        codes = vocabulary[dimension]["categories"]
        bad("unknown-code", f"unknown `{dimension}` category `{category}`",
            f"use a `{dimension}` code of aggregates/vocabulary.yml: {', '.join(codes)}; to add a "
            "category, add it to the vocabulary first")
        ok = False
    if count.startswith("-") and WHOLE.match(count[1:]):
        bad("negative-count", f"the count `{count}` is negative", "a count is 0 or more")
        ok = False
    elif not WHOLE.match(count):
        bad("not-a-count", f"the count `{count}` is not a whole number",
            "write the number of people or cases as digits only, e.g. 12 (no decimals, spaces or signs)")
        ok = False
    if not ok:
        return
    key = Key(period, region, dimension, category)
    if key in dataset.counts:
        bad("duplicate-row", f"{period} / {region} / {dimension} / {category} is already counted on "
            f"row {dataset.rows[key]}", "keep one row per period, region, dimension and category")
        return
    dataset.counts[key] = int(count)
    dataset.rows[key] = line


__all__ = ["read_rules", "read_dataset", "dataset_names", "TOTAL"]
