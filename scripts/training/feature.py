"""The training feature: plugs modules, the trainer edition and handouts into the pipeline."""

from __future__ import annotations

from ..errors import Problems
from ..features import Context
from ..plan import PlannedPage
from . import check, pages

UI_FILE = "content/ui/training.yml"
UI_KEYS = (
    "training_title", "training_summary", "training_total", "training_module_of", "training_minutes",
    "training_objectives", "training_quiz_title", "training_quiz_intro", "training_quiz_intro_static",
    "training_quiz_show_answer", "training_quiz_correct_answer", "training_quiz_check",
    "training_quiz_right", "training_quiz_wrong", "training_quiz_choose", "training_quiz_score",
    "training_quiz_reset", "training_quiz_question", "training_worksheet_intro", "training_for_trainers",
    "training_trainer_edition", "training_trainer_edition_note", "training_trainer_intro",
    "training_trainer_page_title", "training_trainer_notice", "training_trainer_note",
    "training_answer_key", "training_timings", "training_col_module", "training_col_duration",
    "training_col_start", "training_col_handouts", "training_handout", "training_handout_participant",
    "training_handout_trainer", "training_handout_title", "training_handout_trainer_title",
    "training_print", "training_previous", "training_next", "training_curriculum",
    "training_participant_page", "training_back_to_module", "training_module_nav",
    "training_handouts_title", "training_trainer_handouts_title", "training_handouts_intro",
    # the core's notices, shown on training pages too
    "notice_fallback_title", "notice_fallback", "notice_outdated_title", "notice_outdated",
    "read_original", "legal_review_title", "legal_review", "see_also",
)


class TrainingFeature:
    name = "training"

    def __init__(self) -> None:
        self.slugs: list[str] = []  # modules in curriculum order
        self._pages: dict[str, tuple[int, pages.Pages]] = {}

    def read(self, ctx: Context, problems: Problems) -> None:
        check.check_modules(ctx.corpus, ctx.catalogs, UI_KEYS, ctx.project.root / UI_FILE, problems)
        ordered = []
        for slug in ctx.corpus.slugs(check.SECTION):
            original = ctx.corpus.original((check.SECTION, slug))
            if original is not None:
                order = original.meta.get("order")
                ordered.append((order if isinstance(order, int) else 0, slug))
        self.slugs = [slug for _, slug in sorted(ordered)]

    def link_targets(self) -> set[str]:
        return pages.paths(self.slugs) if self.slugs else set()

    def _for(self, ctx: Context, lang: str) -> pages.Pages:
        """One `Pages` per language and plan (render_document is called once per module)."""
        cached = self._pages.get(lang)
        if cached is None or cached[0] != id(ctx.plan):
            others = [f for f in (ctx.renderer.features if ctx.renderer else []) if f is not self]

            def see_also(page: PlannedPage) -> list[dict]:
                return [item for f in others for item in f.see_also(ctx, page)]

            cached = (id(ctx.plan), pages.Pages(ctx, lang, self.slugs, see_also))
            self._pages[lang] = cached
        return cached[1]

    def render(self, ctx: Context, lang: str) -> dict[str, str | bytes]:
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

    def render_document(self, ctx: Context, page: PlannedPage) -> str | None:
        if page.doc is None or page.doc.section != check.SECTION:
            return None
        return self._for(ctx, page.lang).module(page.doc.slug)

    def see_also(self, ctx: Context, page: PlannedPage) -> list[dict]:
        return []
