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
  section (return None to use the generic document page);
- `see_also(ctx, page)`: links the feature adds under "See also" on a document page
  (e.g. a guide's statistics), as `{"title", "link", "lang"}`: `title` as plain text (the
  page escapes it), `link` relative to the page's docs path (a `.md` path, so MkDocs checks it);
- `page_meta(ctx, page)`: optionally, fields a feature adds to a generic document page's
  front matter (e.g. the glossary terms a guide links; read by MkDocs hooks).

Features are listed in `FEATURES` in the order they run. A feature never writes files
itself: the writer does, only when bytes change. Its page helpers come from `markup.py`,
the URL scheme from `urls.py`, the model from `corpus.py`; it imports nothing of `render.py`
or `build.py`, and nothing of another feature.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .catalogs import Catalogs
from .corpus import Corpus
from .errors import Problems
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
