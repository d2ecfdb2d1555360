"""The extension point for content kinds with pages of their own (statistics, training, templates).

A feature plugs into the same one-way pipeline as the core pages. Each stage hands it an
immutable set of services (`ReadServices`, then `RenderServices`): what it may use of the
core, and nothing else. The core never changes them between or during stages.

- `read(ctx, problems)`: read and check its own inputs (after the core corpus is read);
  `ctx` is a `ReadServices`;
- `link_targets()`: the language-relative docs paths it will generate, so that editors'
  links to them are validated like any other link;
- `render(ctx, lang)`: `{language-relative docs path: text or bytes}` for one language;
  `ctx` is a `RenderServices`, as for every method below;
- `render_document(ctx, page)`: optionally, the Markdown of a planned document of its
  section (return None to use the generic document page); the sections whose documents it
  may render are declared as `document_sections` (`("training",)`): such a page is kept in
  the render cache under its own fingerprint and the files of the sections `render_reads`
  declares (render_cache.py), and a feature returns None for any other section;
- `see_also(ctx, page)`: links the feature adds under "See also" on a document page
  (e.g. a guide's statistics), as `{"title", "link", "lang"}`: `title` as plain text (the
  page escapes it), `link` relative to the page's docs path (a `.md` path, so MkDocs checks it);
- `page_meta(ctx, page)`: optionally, fields a feature adds to a generic document page's
  front matter (e.g. the glossary terms a guide links; read by MkDocs hooks).

A generic document page is kept in the render cache (render_cache.py) under a fingerprint
of its own document's files, the inputs that are not documents and the front matter of
every document: so `see_also` and `page_meta` may read of *other* documents only their
front matter and which document a page shows (`shown`), never their body.

What the other stages ask of features, so that they import none (all optional), in the
order the pipeline asks:

- `ui_keys`: `{prefix: [key, ...]}`, the UI strings the feature's code builds at run time
  (`t(f"stat_col_{c}")`), checked to exist like the keys written out (`ui_strings.py`);
- `markdown_body(doc)`: the part of a document of the feature's section that MkDocs renders
  as Markdown, when not all of it (checked for raw HTML by `rawhtml.py`); None for others;
- `check_docs(ctx, files, problems)`: the last check of every file about to be written to
  docs/ (`{language folder/path: text or bytes}`; `ctx` is the `ReadServices`); a problem
  added to `problems` stops the build before anything is written;
- `render_reads`: the sections (`("training",)`) whose documents' text, beyond their
  front matter, the feature's `render` reads, directly, through `document_page` and
  `notices` or through a page's status (outdated: the text differs from the stamped one).
  Its pages in a language are kept in the render cache under a fingerprint of the inputs
  that are not documents, every document's front matter and the files of those sections'
  documents (render_cache.py): `()` when `render` reads no document's text; not declared,
  every section (any edit renders them again);
- `inputs(project)`: files outside content/, aggregates/ and mkdocs.yml that docs/ is
  generated from, as `{inventory name: SHA-256 hex}` (`digest.py` rebuilds when one changes);
- `mkdocs_reads(project)`: the files the feature's MkDocs plugin reads itself while MkDocs
  runs, not through docs/ (e.g. the safety words of content/ui/safety.yml): inputs of every
  language's build, whose change renders every page again (`digest.shared_inventory`);
- `before_page(meta)`: MkDocs is about to render a page whose front matter is `meta`
  (`mkdocs_hooks.on_page_markdown`; e.g. the glossary terms the page links);
- `finish_site(project, site, built)`: files the feature adds to the built site once its
  languages are merged (e.g. the lists readers' offline copies are checked against); `built`:
  the languages whose files may have changed since the site was last finished (the others
  were kept as they were), None: every one;
- `check_site(project, site, files, problems)`: the last check of a built site before it replaces
  site/, of `files` (the files its built languages wrote: `built_files`);
- `dist_left_out`: path endings (glob patterns) of built files that `kb dist` leaves out of the ZIPs;
- `dist_extra(site, root)`: `{path: text}` `kb dist` adds to the ZIP of the language whose
  pages are at `root` (`""` or `"ru/"`) of the built `site`.

Features are listed in `FEATURES` in the order they run. A feature never writes files
itself: the writer does, only when bytes change. Its page helpers come from `markup.py`,
the URL scheme from `urls.py`, the model from `corpus.py`; it imports nothing of `render.py`
or `build.py`, and nothing of another feature.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .catalogs import Catalogs
from .content import Document
from .corpus import Corpus
from .css_share import share_stylesheets
from .errors import Problems
from .memo import FileStore, using
from .plan import PlannedPage
from .project import Project


@dataclass(frozen=True)
class ReadServices:
    """What a feature's `read` gets: the project, and the inputs the core has read.

    `project`: paths and languages (mkdocs.yml); `corpus`: every document of content/;
    `catalogs`: the YAML catalogs (UI strings, topics, vocabulary, organizations).
    """

    project: Project
    corpus: Corpus
    catalogs: Catalogs
    # Every feature of the build, in `FEATURES` order. A feature built on another's results
    # (evidence briefs on the statistics' published figures) finds it with `feature(name)`
    # and reads what that one has read, never recomputing it: only features earlier in
    # `FEATURES` have read when a feature's `read` runs.
    features: tuple[Feature, ...] = field(default=(), kw_only=True)

    def feature(self, name: str) -> Feature | None:
        """The feature of this build called `name` (its `name`), or None when there is none."""
        return next((f for f in self.features if f.name == name), None)


@dataclass(frozen=True)
class RenderServices(ReadServices):
    """What a feature's `render`, `render_document`, `see_also` and `page_meta` get.

    Besides what `read` got:

    - `plan`: every planned page of every language (`plan.PlannedPage`);
    - `shown(lang, path)`: the planned page at a language-relative docs path (a translation,
      or the original as fallback); KeyError when nothing is planned there;
    - `document_page(page)`: the generic document page (notices, body, "See also") of a
      planned page, e.g. with a body the feature rewrote;
    - `notices(page, path)`: the notices above a document (not yet translated, outdated,
      awaiting legal review) for a page of it at `path`, linking the original at `path`;
    - `see_also(page)`: every feature's "See also" links for a planned page.
    """

    plan: tuple[PlannedPage, ...]
    shown: Callable[[str, str], PlannedPage]
    document_page: Callable[[PlannedPage], str]
    notices: Callable[[PlannedPage, str], str]
    see_also: Callable[[PlannedPage], list[dict]]


class Feature(Protocol):
    """A content kind with pages of its own (see the module's docstring)."""

    name: str

    def read(self, ctx: ReadServices, problems: Problems) -> None: ...

    def link_targets(self) -> set[str]: ...

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]: ...

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None: ...

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]: ...


# "module:Class" of every feature, in the order they run; each feature adds its own line.
FEATURES: tuple[str, ...] = (
    "scripts.guides.feature:GuidesIndex",
    "scripts.organizations.feature:OrganizationsDirectory",
    "scripts.statistics.feature:Statistics",
    "scripts.briefs.feature:Briefs",  # after statistics: it draws on the published figures
    "scripts.training.feature:TrainingFeature",
    "scripts.appeals.feature:AppealTemplates",
    "scripts.safety.feature:SafetyFeature",
    "scripts.glossary.feature:GlossaryFeature",
    "scripts.finder.feature:FinderFeature",
)


def load_features() -> list[Feature]:
    """A fresh instance of every feature (they hold what they read, per build)."""
    features = []
    for spec in FEATURES:
        module, _, name = spec.partition(":")
        features.append(getattr(importlib.import_module(module), name)())
    return features


def ui_keys() -> dict[str, list[str]]:
    """Every feature's `ui_keys`: `{prefix: [key, ...]}` of UI strings built at run time."""
    keys: dict[str, list[str]] = {}
    for feature in load_features():
        keys.update(getattr(feature, "ui_keys", {}))
    return keys


def markdown_body(features: list[Feature], doc: Document) -> str:
    """The part of `doc`'s body that MkDocs renders as Markdown: what the feature of its
    section says (`markdown_body`), else all of it."""
    for feature in features:
        hook = getattr(feature, "markdown_body", None)
        body = hook(doc) if hook is not None else None
        if body is not None:
            return body
    return doc.body


def before_page_hooks() -> list[Callable[[dict], None]]:
    """Every feature's `before_page(meta)`, for MkDocs' hooks to call on each page."""
    hooks = []
    for feature in load_features():
        hook = getattr(feature, "before_page", None)
        if hook is not None:
            hooks.append(hook)
    return hooks


# How the passes over every built page are spread over worker processes
# (`mkdocs_run.LanguageWorkers.spread`): `spread(function, items, *args)` calls
# `function(*args, part)` on parts of `items` at once and returns the results, in order.
# Declared here so that this module imports no pool.
Spread = Callable[..., list]


def finish_site(project: Project, site: Path, built: Iterable[str] | None = None,
                spread: Spread | None = None) -> None:
    """Every feature's `finish_site(project, site, built)` on a built, merged site, after the
    languages with the same stylesheet are pointed at one (scripts/css_share.py; its pages
    rewritten in parts by worker processes with `spread`). `built`: the languages MkDocs
    wrote (or `kb serve` replaced pages of); a language kept from the previous site was
    finished then and is left alone unless the default language (whose stylesheet the
    others may name) was built too; None: every language."""
    changed = finished_again(project, built)
    share_stylesheets(site, project.default_language, changed, spread)
    for feature in load_features():
        hook = getattr(feature, "finish_site", None)
        if hook is not None:
            hook(project, site, changed)


def finished_again(project: Project, built: Iterable[str] | None) -> tuple[str, ...]:
    """The languages `finish_site` works on: every one when `built` is None or holds the
    default language (the root: the shared stylesheet, assets), else those of `built`."""
    built = project.codes if built is None else tuple(built)
    if project.default_language in built:
        return project.codes
    return tuple(code for code in project.codes if code in built)


def check_docs(features: list[Feature], ctx: ReadServices,
               files: dict[str, str | bytes]) -> Problems:
    """The problems every feature's `check_docs` finds in the files about to be written."""
    problems = Problems(ctx.project.root)
    for feature in features:
        hook = getattr(feature, "check_docs", None)
        if hook is not None:
            hook(ctx, files, problems)
    return problems


def check_site(project: Project, site: Path, built: Iterable[str] | None = None,
               spread: Spread | None = None, kept: FileStore | None = None) -> Problems:
    """The problems every feature's `check_site` finds in a built site (a folder), in the
    files the languages `built` wrote (`built_files`; None: every file). `spread`: the
    files are checked in parts by worker processes (the language builds' pool, idle by
    then), else here; the problems are the same (Problems sorts them). `kept`: results of
    the checks' `memo` functions kept between builds (kb build's; e.g. which trainer notes
    a page's text holds, so an edit searches the pages that changed only); the entries
    used are added to its `used`, for the caller to write."""
    files = built_files(project, site, built)
    entries = None if kept is None else kept.entries
    parts = [_check_part(project, site, entries, files)] if spread is None else \
        spread(_check_part, files, project, site, entries)
    problems = Problems(project.root)
    for found, used in parts:
        problems.extend(found)
        if kept is not None:
            kept.used.update(used)
    return problems


def _check_part(project: Project, site: Path, entries: dict[str, Any] | None, files: list[Path]
                ) -> tuple[Problems, dict[str, Any]]:
    """`check_files` with the kept `entries` (None: none kept); its problems and the entries used."""
    store = None if entries is None else FileStore("", entries)
    with using(store):
        problems = check_files(project, site, files)
    return problems, {} if store is None else store.used


def check_files(project: Project, site: Path, files: list[Path]) -> Problems:
    """Every feature's `check_site` on `files` (paths inside the built `site`)."""
    problems = Problems(project.root)
    for feature in load_features():
        hook = getattr(feature, "check_site", None)
        if hook is not None:
            hook(project, site, files, problems)
    return problems


def built_files(project: Project, site: Path, built: Iterable[str] | None = None) -> list[Path]:
    """The files of a built `site` that the languages `built` wrote, sorted; None: every file.
    A kept language was copied from the previous site, checked when it was built, so its
    folder is left out; the default language's build writes the root (its pages and what the
    languages share: assets, 404 page), so the root is left out only when it was kept too."""
    built = set(project.codes if built is None else built)
    kept = {lang for lang in project.codes if lang not in built}
    default = project.default_language
    tops = [path for path in site.iterdir()
            if path.name not in kept and (default in built or path.name in built)]
    files = [path for top in tops for path in ([top] if top.is_file() else top.rglob("*"))]
    return sorted(path for path in files if path.is_file())


def feature_inputs(project: Project) -> dict[str, str]:
    """Every feature's `inputs(project)`: `{inventory name: SHA-256 hex}` of the files
    outside content/, aggregates/ and mkdocs.yml that docs/ is generated from."""
    entries: dict[str, str] = {}
    for feature in load_features():
        hook = getattr(feature, "inputs", None)
        if hook is not None:
            entries.update(hook(project))
    return entries


def mkdocs_reads(project: Project) -> list[Path]:
    """Every feature's `mkdocs_reads(project)`: the files MkDocs' plugins read beside docs/
    (absolute paths, existing or not: one that appears is a change too)."""
    paths: list[Path] = []
    for feature in load_features():
        hook = getattr(feature, "mkdocs_reads", None)
        if hook is not None:
            paths += hook(project)
    return paths


def dist_left_out() -> tuple[str, ...]:
    """Every feature's `dist_left_out`: path endings `kb dist` leaves out of the ZIPs."""
    return tuple(end for feature in load_features() for end in getattr(feature, "dist_left_out", ()))


def dist_extra(site: Path, root: str) -> dict[str, str]:
    """Every feature's `dist_extra(site, root)`: `{path: text}` added to the ZIP of the
    language whose pages are at `root` of the built `site`."""
    files: dict[str, str] = {}
    for feature in load_features():
        hook = getattr(feature, "dist_extra", None)
        if hook is not None:
            files.update(hook(site, root))
    return files
