"""The training feature: plugs modules, the trainer edition and handouts into the pipeline."""

from __future__ import annotations

from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..plan import PlannedPage
from . import check, pages


class TrainingFeature:
    name = "training"

    def __init__(self) -> None:
        self.slugs: list[str] = []  # modules in curriculum order
        self._pages: dict[str, tuple[RenderServices, pages.Pages]] = {}

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        check.check_modules(ctx.corpus, problems)
        ordered = []
        for slug in ctx.corpus.slugs(check.SECTION):
            original = ctx.corpus.original((check.SECTION, slug))
            if original is not None:
                order = original.meta.get("order")
                ordered.append((order if isinstance(order, int) else 0, slug))
        self.slugs = [slug for _, slug in sorted(ordered)]

    def link_targets(self) -> set[str]:
        return pages.paths(self.slugs) if self.slugs else set()

    def _for(self, ctx: RenderServices, lang: str) -> pages.Pages:
        """One `Pages` per language and rendering (render_document is called once per module)."""
        cached = self._pages.get(lang)
        if cached is None or cached[0] is not ctx:
            cached = (ctx, pages.Pages(ctx, lang, self.slugs))
            self._pages[lang] = cached
        return cached[1]

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        if not self.slugs:
            return {}
        p = self._for(ctx, lang)
        files: dict[str, str | bytes] = {
            pages.CURRICULUM: p.curriculum(), pages.TRAINER_INDEX: p.trainer_index(),
            pages.HANDOUTS: p.handouts_index(for_trainer=False),
            pages.TRAINER_HANDOUTS: p.handouts_index(for_trainer=True),
        }
        for slug in self.slugs:
            files[pages.trainer_path(slug)] = p.trainer_module(slug)
            files[pages.handout_path(slug)] = p.handout(slug, for_trainer=False)
            files[pages.handout_path(slug, True)] = p.handout(slug, for_trainer=True)
        return files

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        if page.doc is None or page.doc.section != check.SECTION:
            return None
        return self._for(ctx, page.lang).module(page.doc.slug)

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        return []
