"""The extension point for content kinds with pages of their own (statistics, training, templates).

A feature plugs into the same one-way pipeline as the core pages:

- `read(ctx, problems)`: read and check its own inputs (after the core corpus is read);
- `link_targets()`: the language-relative docs paths it will generate, so that editors'
  links to them are validated like any other link;
- `render(ctx, lang)`: `{language-relative docs path: text or bytes}` for one language;
- `render_document(ctx, page)`: optionally, the Markdown of a planned document of its
  section (return None to use the generic document page);
- `see_also(ctx, page)`: links the feature adds under "See also" on a document page
  (e.g. a guide's statistics), as `{"title", "link", "lang"}`: `title` as plain text (the
  page escapes it), `link` relative to the page's docs path (a `.md` path, so MkDocs checks it);
- `page_meta(ctx, page)`: optionally, fields a feature adds to a generic document page's
  front matter (e.g. the glossary terms a guide links; read by MkDocs hooks).

Features are listed in `FEATURES` in the order they run. A feature never writes files
itself: the writer does, only when bytes change.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .catalogs import Catalogs
from .errors import Problems
from .project import Project

if TYPE_CHECKING:
    from .corpus import Corpus
    from .plan import PlannedPage
    from .render import Renderer


@dataclass
class Context:
    project: Project
    corpus: Corpus
    catalogs: Catalogs
    plan: list[PlannedPage] = field(default_factory=list)
    renderer: Renderer | None = None


class Feature(Protocol):
    name: str

    def read(self, ctx: Context, problems: Problems) -> None: ...

    def link_targets(self) -> set[str]: ...

    def render(self, ctx: Context, lang: str) -> dict[str, str | bytes]: ...

    def render_document(self, ctx: Context, page: PlannedPage) -> str | None: ...

    def see_also(self, ctx: Context, page: PlannedPage) -> list[dict]: ...


# "module:Class" of every feature, in the order they run; each feature adds its own line.
FEATURES: tuple[str, ...] = (
    "scripts.statistics.feature:Statistics",
    "scripts.training.feature:TrainingFeature",
    "scripts.appeals.feature:AppealTemplates",
    "scripts.safety.feature:SafetyFeature",
    "scripts.glossary.feature:GlossaryFeature",
)


def load_features() -> list[Feature]:
    """A fresh instance of every feature (they hold what they read, per build)."""
    features = []
    for spec in FEATURES:
        module, _, name = spec.partition(":")
        features.append(getattr(importlib.import_module(module), name)())
    return features
