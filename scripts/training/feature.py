"""The training feature: plugs modules, the trainer edition and handouts into the pipeline."""

from __future__ import annotations

from pathlib import Path

from ..content import read_document
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..plan import PlannedPage
from ..project import Project
from . import check, leaks, pages


class TrainingFeature:
    name = "training"
    # Trainer editions and handouts are the modules' text.
    render_reads = ("training",)
    document_sections = (check.SECTION,)  # a module's page (the trainer edition is `render`'s)

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

    # -- the last checks of what is published ---------------------------------------------
    @staticmethod
    def check_docs(ctx: ReadServices, files: dict[str, str | bytes], problems: Problems) -> None:
        """A `trainer-leak` problem for each trainer note whose text is in a participant
        page or download about to be written to docs/."""
        _report(leaks.in_docs(files, leaks.fragments(ctx.corpus.documents)), problems)

    @staticmethod
    def check_site(project: Project, site: Path, files: list[Path], problems: Problems) -> None:
        """The same for `files` of a built site (its pages and search indexes; the files its
        built languages wrote), with the trainer notes read again from content/training/."""
        _report(leaks.in_site(site, trainer_fragments(project), files), problems)


def trainer_fragments(project: Project) -> list[leaks.Fragment]:
    """The lines of every trainer note, read again from content/training/ for the last check."""
    problems = Problems(project.root)
    folder = project.content_dir / leaks.SECTION
    docs = [read_document(p, project.content_dir, project.codes, problems)
            for p in sorted(folder.glob("*.md"))] if folder.is_dir() else []
    return leaks.fragments(d for d in docs if d is not None)


def _report(found: list[leaks.Leak], problems: Problems) -> None:
    for leak in found:
        problems.add(leak.fragment.path, "trainer-leak",
                     f"the text of this trainer note would be published to participants in "
                     f"{leak.where}",
                     "write the note as `!!! trainer \"Title\"` with its text indented by 4 spaces, "
                     "and do not repeat its text outside the note", line=leak.fragment.line)
