"""The finder as a pipeline feature (scripts/features.py): thin glue between the core and
the pure modules of this package.

- `read`: content/finder.yml (reader.py), then every check (graph.py, check.py);
- `render`: a page per step under help/ (pages.py, written as Markdown by blocks.py) and
  `help/finder-data.js`, the same steps as HTML for finder.js;
- `render_document`: the home page shows the first question on top of the generic page.

finder.js loads only on pages holding `data-kb-finder` (mkdocs.yml, react-assets'
`only_where`), that is the finder's steps and the home page.
"""

from __future__ import annotations

import glob
import json
import posixpath

from ..characters import mixed_script
from ..corpus import page_path
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter, language_name
from ..plan import PlannedPage
from ..text import md_block_attr
from . import check, graph
from .blocks import Step, to_html, to_markdown
from .model import HELP_DIR, State, Tree
from .pages import Doc, Lookup, Org, split_result, step
from .reader import read_tree

DATA = f"{HELP_DIR}/finder-data.js"
HOME = "index.md"


class FinderFeature:
    name = "finder"
    render_reads = ()  # finder.yml, catalogs, the titles of the documents it names
    document_sections = ("pages",)  # the home page; the other pages are generic

    def __init__(self) -> None:
        self.tree = Tree()
        self.states: list[State] = []

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        path = ctx.project.content_dir / "finder.yml"
        tree = read_tree(path, ctx.project.codes, problems)
        if not tree:
            return
        corpus, cats = ctx.corpus, ctx.catalogs
        default = ctx.project.default_language
        found = graph.findings(tree)
        found += check.labels(tree, default, lambda code: language_name(code, "en"))
        content = ctx.project.content_dir

        def exists(section: str, slug: str) -> bool:
            # A file that could not be read is its own problem, not also the finder's.
            return corpus.original((section, slug)) is not None or \
                any((content / section).glob(f"{glob.escape(slug)}.*.md"))

        found += check.links(tree, exists, corpus.slugs)
        found += check.codes(tree, cats.codes, mixed_script)
        for finding in found:
            problems.add(path, finding.rule, finding.message, finding.fix, line=finding.line)
        if not found:
            self.tree = tree
            self.states = graph.walk(tree)

    def link_targets(self) -> set[str]:
        return {s.path for s in self.states}

    def _lookup(self, ctx: RenderServices, lang: str) -> Lookup:
        project, cats = ctx.project, ctx.catalogs
        order = (*project.fallback_order.get(lang, ()), project.default_language)
        docs = {}
        for result in self.tree.results.values():
            for section in check.DOCUMENTS:
                for slug in getattr(result, section):
                    path = page_path(section, slug)
                    doc = ctx.shown(lang, path).doc
                    assert doc is not None  # a planned document page shows a document
                    docs[(section, slug)] = Doc(doc.title, doc.summary, doc.lang, path)

        def local(value: dict) -> str:
            return next(value[c] for c in (lang, *order, *value) if c in value)

        orgs = [Org(o["id"], local(o["name"]), local(o["city"]), o["region"],
                    tuple(o.get("populations") or ()), tuple(o.get("services") or ()))
                for o in cats.organizations]
        return Lookup(lang, order, lambda key, **p: cats.t(key, lang, **p),
                      lambda dim, code: cats.label(dim, code, lang),
                      lambda code: language_name(code, lang), docs, orgs,
                      has_statistics=any(project.aggregates_dir.glob("*.csv")))

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        if not self.tree:
            return {}
        lk = self._lookup(ctx, lang)
        files: dict[str, str | bytes] = {}
        data: dict[str, dict] = {"steps": {}, "results": {}}
        for state in self.states:
            built = step(self.tree, state, lk)
            files[state.path] = self._page(ctx, lang, state, built, lk)
            key = "/".join((HELP_DIR, *state.trail))
            head = {"h": built.heading.text, "l": built.heading.lang or ""}
            if state.kind == "result":
                before, regional, after = split_result(built)
                data["results"].setdefault(state.node, {**head, "a": to_html(before, 2),
                                                        "z": to_html(after, 2)})
                data["steps"][key] = {"r": state.node, "m": to_html([regional], 2)}
            else:
                data["steps"][key] = {**head, "b": to_html(built.blocks, 2)}
        files[DATA] = ("window.kbFinderData = "
                       + json.dumps(data, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")) + ";\n")
        return files

    def _page(self, ctx: RenderServices, lang: str, state: State, built: Step, lk: Lookup) -> str:
        meta = front_matter(title=built.heading.text, description=lk.t("finder_description"),
                            search={"exclude": True})
        return f"---\n{meta}---\n\n{self._container(state, built, state.path, 1, lk)}\n"

    def _container(self, state: State, built: Step, page: str, base: int, lk: Lookup) -> str:
        """The finder's block on a page at docs path `page`, its step heading at level `base`;
        finder.js reads its words from `data-kb-text-*`."""
        data = posixpath.relpath(DATA, posixpath.dirname(page) or ".")
        key = "/".join((HELP_DIR, *state.trail))
        body = to_markdown([built.heading, *built.blocks], base, page)
        return (f'<div class="kb-finder" data-kb-finder="{key}" data-kb-finder-data="{data}" '
                f'data-kb-finder-level="{base}" data-kb-text-back="{md_block_attr(lk.t("finder_back"))}" '
                f'data-kb-text-print="{md_block_attr(lk.t("finder_print"))}" markdown="block">'
                f"\n\n{body}\n\n</div>\n")

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        """The home page: the generic page, with the first question right under its front
        matter (above any notice about the home page's own text)."""
        if not self._is_home(page):
            return None
        generic = ctx.document_page(page)
        lines = generic.split("\n")
        end = lines.index("---", 1) + 1  # front_matter() writes one value per line
        lk = self._lookup(ctx, page.lang)
        top = self._container(self.states[0], step(self.tree, self.states[0], lk), HOME, 2, lk)
        return "\n".join([*lines[:end], "", top.rstrip("\n"), *lines[end:]])

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        return []

    # -- the home page --------------------------------------------------------------------
    def _is_home(self, page: PlannedPage) -> bool:
        return bool(self.tree) and page.path == HOME and page.doc is not None \
            and page.doc.section == "pages"
