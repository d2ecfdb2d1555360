"""The statistics feature: `aggregates/` in, evidence pages and downloads out (SPEC §4, §5).

`read` checks every file and protects every dataset; a dataset with any problem, or whose
protection fails the final check, adds problems and so stops the build: nothing of it is
published. `render` writes, per language, only what the publications hold.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
from pathlib import Path

from ..corpus import page_path
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..memo import remember
from ..plan import PlannedPage, fallback_doc
from . import linked
from .audit import Mark
from .checks import check_dataset
from .disclosure import CannotProtect, Protection, protect
from .downloads import COLUMNS, check_download, csv_bytes, json_text
from .formatting import period_label
from .model import COUNTRY, Dataset, Key, Rules
from .pages import (
    OVERVIEW,
    Pages,
    anchor,
    dataset_path,
    dictionary_path,
    download_path,
    has_regions,
    overview,
    paths,
    period_path,
    region_path,
)
from .publication import Publication, final_check, publish
from .reader import dataset_names, read_dataset, read_rules
from .relations import Structure, build_structure

# Protections already computed in this process (by `kb serve`, or a test session that builds
# many copies of the same data): the same counts and rules always give the same protection.
_PROTECTIONS: dict[tuple, tuple[Protection, list[str]]] = {}


class Statistics:
    name = "statistics"
    render_reads = ()  # aggregates/, catalogs, the briefs' titles
    # UI strings built at run time (features.py): the column headers of the downloads.
    ui_keys = {"stat_col_": [f"stat_col_{c}" for c in COLUMNS if not c.endswith("_label")]}

    def __init__(self) -> None:
        self.publications: list[Publication] = []
        self.rules: Rules | None = None

    # -- reading ---------------------------------------------------------------------------
    def read(self, ctx: ReadServices, problems: Problems) -> None:
        folder = ctx.project.aggregates_dir
        vocabulary = ctx.catalogs.vocabulary
        if not vocabulary:
            return  # the catalog reader has reported why
        self.rules = read_rules(folder / "publishing.yml", vocabulary, ctx.catalogs.topics, problems)
        names = dataset_names(folder)
        valid: list[Dataset] = []
        for name in names:
            dataset = read_dataset(folder, name, vocabulary, ctx.project.codes, problems)
            if dataset is None:
                continue
            structure = build_structure(set(dataset.counts), vocabulary)
            before = len(problems)
            check_dataset(dataset, vocabulary, structure, problems)
            if len(problems) == before:
                valid.append(dataset)
        if self.rules is not None:
            # Datasets whose cells relate are protected together (linked.py).
            for group in linked.groups(valid):
                self.publications.extend(self._publish_group(group, vocabulary, problems))
        if self.rules is not None:
            for topic, target in self.rules.topics.items():
                if target["dataset"] not in names:
                    problems.add(folder / "publishing.yml", "unknown-code",
                                 f"`topics.{topic}` names the dataset `{target['dataset']}`, "
                                 "which does not exist",
                                 "use the name of a dataset in aggregates/: " + ", ".join(names))

    def _publish_group(self, group: list[Dataset], vocabulary: dict,
                       problems: Problems) -> list[Publication]:
        """Publications of a group of linked datasets, protected as one table."""
        assert self.rules is not None
        if len(group) == 1:
            structure = build_structure(set(group[0].counts), vocabulary)
            publication = self._publish(group[0], structure, vocabulary, problems)
            return [publication] if publication is not None else []
        files = [Path(d.csv_path) for d in group]
        both = " and ".join(f.name for f in files)
        fix = ("they count the same thing, so their cells must agree and be protected together: "
               "correct the rows, or, if one counts something else, say what it counts with "
               "`counts: <what>` in its .yml")
        clashes = linked.conflicts(group)
        for key, first, second in clashes[:5]:
            problems.add(Path(second.csv_path), "disclosure",
                         f"{'/'.join(key)} is {second.counts[key]} here but {first.counts[key]} in "
                         f"{Path(first.csv_path).name}, which counts the same thing ({both})", fix,
                         line=second.rows.get(key))
        if clashes:
            return []
        table = linked.merged(group)
        structure = build_structure(set(table.counts), vocabulary)
        found = Problems()
        check_dataset(table, vocabulary, structure, found)
        protection = None if found else self._protect(table, structure, vocabulary, found)
        if protection is None:
            reason = next(iter(found)).message if found else "they cannot be protected together"
            problems.add(files[0], "disclosure",
                         f"{both} count the same thing and relate (e.g. "
                         f"{'/'.join(linked.related(group[0], group[1]) or ('',))}): {reason}", fix)
            for other in files[1:]:
                problems.add(other, "disclosure", f"{both} count the same thing: see {files[0].name}",
                             fix)
            return []
        return [publish(d, protection, self.rules, vocabulary) for d in group]

    def _publish(self, dataset: Dataset, structure: Structure, vocabulary: dict,
                 problems: Problems) -> Publication | None:
        assert self.rules is not None
        protection = self._protect(dataset, structure, vocabulary, problems)
        return None if protection is None else publish(dataset, protection, self.rules, vocabulary)

    def _protect(self, dataset: Dataset, structure: Structure, vocabulary: dict,
                 problems: Problems) -> Protection | None:
        """The dataset's protection, or None after reporting why there is none."""
        assert self.rules is not None
        rules = self.rules
        key = (tuple(sorted(dataset.counts.items())), rules.country_threshold, rules.region_threshold,
               rules.sensitive, tuple((r.whole, r.parts) for r in structure.relations),
               tuple(structure.bounds))
        if key not in _PROTECTIONS:
            try:
                protection, findings = remember(
                    "protection", _protection_arguments(dataset, structure, rules, vocabulary),
                    lambda: _protection_and_findings(dataset, structure, rules, vocabulary),
                    dump=_dump_protection, load=_load_protection)
            except CannotProtect as exc:
                problems.add(Path(dataset.csv_path), "disclosure",
                             f"the small counts cannot be protected: {exc}",
                             "publish this dataset less finely: leave out the regional rows of the "
                             "dimension named, or merge small categories into `other`")
                return None
            except ValueError as exc:
                problems.add(Path(dataset.csv_path), "disclosure", str(exc),
                             "check that regions add up to the country and halves to their year")
                return None
            _PROTECTIONS[key] = (protection, findings)
        protection, findings = _PROTECTIONS[key]
        for finding in findings:
            problems.add(Path(dataset.csv_path), "disclosure",
                         f"the final check refused the output: {finding}",
                         "this is a bug in the disclosure control: report it; nothing was published")
        return None if findings else protection

    def link_targets(self) -> set[str]:
        targets = {OVERVIEW}
        for pub in self.publications:
            targets.update(paths(pub))
        return targets

    # -- rendering -------------------------------------------------------------------------
    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        cats, default = ctx.catalogs, ctx.project.default_language
        briefs = _briefs(ctx, lang)
        files: dict[str, str | bytes] = {OVERVIEW: overview(self.publications, lang, default, cats,
                                                            briefs)}
        for pub in self.publications:
            pages = Pages(pub, lang, default, cats)
            files[dataset_path(pub.name)] = pages.dataset_page(briefs.get(pub.name))
            files[dictionary_path(pub.name)] = pages.dictionary_page()
            for period in pub.periods:
                files[period_path(pub.name, period)] = pages.period_page(period)
                if has_regions(pub, period):
                    files[region_path(pub.name, period)] = pages.region_page(period)
            table = csv_bytes(pub, lang, cats)
            check_download(download_path(pub.name, "csv"), table, pub.rules)
            files[download_path(pub.name, "csv")] = table
            files[download_path(pub.name, "json")] = json_text(pub, lang, default, cats)
        return files

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        return None

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        """A guide links to the statistics section of each of its topics (publishing.yml)."""
        if page.doc is None or page.doc.section != "guides" or self.rules is None:
            return []
        by_name = {pub.name: pub for pub in self.publications}
        links: list[dict] = []
        for topic in ctx.corpus.shared(page.doc, "topics", []) or []:
            target = self.rules.topics.get(topic)
            pub = by_name.get(target["dataset"]) if target else None
            if pub is None or target is None:
                continue
            period = latest(pub, target["dimension"])
            if period is None:
                continue
            path = period_path(pub.name, period)
            href = posixpath.relpath(path, posixpath.dirname(page.path) or ".") + \
                f"#{anchor(target['dimension'])}"
            if any(item["link"] == href for item in links):
                continue
            label = pub.vocabulary[target["dimension"]]["label"].get(page.lang, target["dimension"])
            title = ctx.catalogs.t("stat_see_also", page.lang, dimension=label,
                                   period=period_label(period, page.lang, ctx.catalogs))
            links.append({"title": title, "link": href, "lang": page.lang})
        return links


def _briefs(ctx: RenderServices, lang: str) -> dict[str, list[dict]]:
    """The evidence briefs (content/briefs/, scripts/briefs/) drawn from each dataset, as
    shown in `lang` (its translation, or what its fallback page shows: `plan.fallback_doc`):
    `{dataset: [{"title", "lang", "path"}]}`, from the core's corpus alone."""
    found: dict[str, list[dict]] = {}
    order = ctx.project.fallback_order.get(lang, ())
    for slug in ctx.corpus.slugs("briefs"):
        original = ctx.corpus.original(("briefs", slug))
        dataset = original.meta.get("dataset") if original is not None else None
        if original is None or not isinstance(dataset, str):
            continue
        docs = ctx.corpus.by_key[("briefs", slug)]
        shown = docs.get(lang) or fallback_doc(docs, original, order)
        found.setdefault(dataset, []).append({"title": shown.title, "lang": shown.lang,
                                              "path": page_path("briefs", slug)})
    return found


def latest(pub: Publication, dimension: str) -> str | None:
    """The latest period with national figures of `dimension`, a full year if there is one."""
    national = {k.period for k in pub.figures if k.dimension == dimension and k.region == COUNTRY}
    periods = [p for p in pub.periods if p in national]
    years = [p for p in periods if "-" not in p]
    found = years or periods
    return found[-1] if found else None


__all__ = ["Statistics", "Key"]


# -- the protection kept between builds (the render cache: memo.py) --------------------------
def _protection_and_findings(dataset: Dataset, structure: Structure, rules: Rules,
                             vocabulary: dict) -> tuple[Protection, list[str]]:
    """The dataset's protection and the final check's findings on it (empty when safe);
    CannotProtect or ValueError as `protect` raises them."""
    protection = protect(dataset.counts, structure, rules)
    found = final_check(publish(dataset, protection, rules, vocabulary), structure, protection.protected)
    return protection, [str(f) for f in found]


def _protection_arguments(dataset: Dataset, structure: Structure, rules: Rules, vocabulary: dict) -> str:
    """Everything `_protection_and_findings` depends on, as JSON: the counts in their order,
    the sums and bounds relating them, the rules (thresholds, sensitive categories...) and the
    vocabulary (the publication the final check reads is labelled with it)."""
    return json.dumps({
        "counts": [[list(key), value] for key, value in dataset.counts.items()],
        "relations": [[list(r.whole), [list(p) for p in r.parts], r.kind] for r in structure.relations],
        "bounds": [[list(b.part), list(b.whole)] for b in structure.bounds],
        "implied": sorted(list(key) for key in structure.implied),
        "rules": {f.name: sorted(value) if isinstance(value, frozenset) else value
                  for f in dataclasses.fields(rules) for value in [getattr(rules, f.name)]},
        "vocabulary": vocabulary,
    }, ensure_ascii=False, sort_keys=True, default=str)


def _dump_protection(found: tuple[Protection, list[str]]) -> list:
    protection, findings = found
    return [[[list(key), mark.value] for key, mark in protection.marks.items()],
            sorted(list(key) for key in protection.protected), findings]


def _load_protection(found: list) -> tuple[Protection, list[str]]:
    marks, protected, findings = found
    return (Protection({Key(*key): Mark(mark) for key, mark in marks},
                       frozenset(Key(*key) for key in protected)), list(findings))
