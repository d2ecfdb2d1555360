"""The training pages of one language, as Markdown for MkDocs.

Docs paths (inside the language folder):

- `training/index.md`: the curriculum (participants);
- `training/<slug>.md`: a module (participants), with the self-check quiz;
- `training/trainer/index.md` and `training/trainer/<slug>.md`: the trainer edition;
- `training/handouts/<slug>.md` and `training/trainer/handouts/<slug>.md`: print-ready
  handouts of both editions.

Participant pages are built from the Markdown with trainer notes cut out (see `trainer`);
only the trainer edition uses the full text. Trainer pages and handouts are kept out of the
site's search index (`search: exclude`), so the index holds no trainer text either.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape

from babel.numbers import format_decimal

from ..content import Document
from ..features import RenderServices
from ..markup import babel_locale, front_matter, md_block_attr, md_text
from ..plan import PlannedPage, Status
from . import quiz, trainer
from .links import relink

BASE = "training"
CURRICULUM = "training/index.md"
TRAINER_INDEX = "training/trainer/index.md"
HANDOUTS = "training/handouts/index.md"
TRAINER_HANDOUTS = "training/trainer/handouts/index.md"


def module_path(slug: str) -> str:
    return f"{BASE}/{slug}.md"


def trainer_path(slug: str) -> str:
    return f"{BASE}/trainer/{slug}.md"


def handout_path(slug: str, for_trainer: bool = False) -> str:
    return f"{BASE}/trainer/handouts/{slug}.md" if for_trainer else f"{BASE}/handouts/{slug}.md"


def paths(slugs: list[str]) -> set[str]:
    """Every page the feature generates besides the planned module pages (link targets)."""
    out = {CURRICULUM, TRAINER_INDEX, HANDOUTS, TRAINER_HANDOUTS}
    for slug in slugs:
        out |= {trainer_path(slug), handout_path(slug), handout_path(slug, True)}
    return out


def _e(text: str) -> str:
    return escape(text, quote=True)


def _rel(from_path: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_path))


@dataclass
class View:
    """What one page shows of a module: the document in the reader's language or the fallback."""

    slug: str
    number: int
    page: PlannedPage

    @property
    def doc(self) -> Document:
        assert self.page.doc is not None
        return self.page.doc

    @property
    def fallback(self) -> bool:
        return self.page.status is Status.FALLBACK


class Pages:
    def __init__(self, ctx: RenderServices, lang: str, slugs: list[str]):
        self.ctx = ctx
        self.lang = lang
        self.slugs = slugs
        self.default = ctx.project.default_language
        self.views = {slug: View(slug, number, ctx.shown(lang, module_path(slug)))
                      for number, slug in enumerate(slugs, start=1)}

    # -- small helpers ------------------------------------------------------------------
    def t(self, key: str, **params: object) -> str:
        return self.ctx.catalogs.t(key, self.lang, **params)

    def md(self, key: str, **params: object) -> str:
        """A UI string as Markdown text."""
        return md_text(self.t(key, **params))

    def number(self, value: float) -> str:
        return format_decimal(value, format="#,##0.#", locale=babel_locale(self.lang))

    def minutes(self, value: int) -> str:
        return self.t("training_minutes", minutes=self.number(value))

    def total_line(self, minutes: int) -> str:
        text = self.t("training_total", count=len(self.slugs), hours=self.number(round(minutes / 60, 1)))
        return f'<p class="kb-curriculum-total">{_e(text)}</p>'

    def duration(self, view: View) -> int:
        return int(self.ctx.corpus.shared(view.doc, "duration", 0) or 0)

    def lang_attr(self, view: View) -> str:
        return f' lang="{view.doc.lang}"' if view.doc.lang != self.lang else ""

    def pending(self, view: View) -> bool:
        return view.doc.meta.get("legal_review", "pending") != "approved"

    def split(self, view: View) -> trainer.Split:
        return trainer.split(view.doc.body, self.t("training_trainer_note"), view.doc.body_line)

    def notices(self, view: View, path: str) -> str:
        """The core notices (fallback / outdated / legal review), linking `path`'s original."""
        return self.ctx.notices(view.page, path).strip()

    @staticmethod
    def _notice(kind: str, extra: str, title: str, html: str) -> str:
        return (f'<div class="admonition {kind} kb-notice {extra}" role="note">\n'
                f'<p class="admonition-title">{_e(title)}</p>\n<p>{html}</p>\n</div>')

    def meta_line(self, view: View) -> str:
        parts = [self.t("training_module_of", number=view.number, count=len(self.slugs)),
                 self.minutes(self.duration(view))]
        return f'<p class="kb-module-meta">{_e(" · ".join(parts))}</p>'

    def heading(self, view: View, title: str) -> str:
        """The page's H1: explicit, so a fallback title can carry its own language."""
        attr = f' {{ lang="{view.doc.lang}" }}' if view.fallback else ""
        return f"# {md_text(title)}{attr}"

    def objectives(self, view: View) -> str:
        items = "\n".join(f"<li>{_e(str(o))}</li>" for o in view.doc.meta.get("objectives") or [])
        return (f"## {self.md('training_objectives')}\n\n"
                f'<ul class="kb-objectives"{self.lang_attr(view)}>\n{items}\n</ul>')

    def body(self, view: View, markdown: str, path: str) -> str:
        markdown = relink(markdown.strip(), BASE, posixpath.dirname(path))
        if view.fallback:
            return f'<div lang="{view.doc.lang}" markdown="block">\n\n{markdown}\n\n</div>'
        return markdown

    def nav(self, label: str, links: list[tuple[str, str, str]]) -> str:
        """A row of links; `links` are (css class, Markdown label, docs path relative link)."""
        items = "\n".join(f"- [{text}]({href}){{ .{cls} }}" for cls, text, href in links)
        return (f'<nav class="kb-module-nav kb-noprint" aria-label="{md_block_attr(label)}" '
                f'markdown="block">\n\n'
                f"{items}\n\n</nav>")

    def print_button(self) -> str:
        # Shown by quiz.js (it needs JavaScript); without it, the browser's own Print works.
        return (f'<p class="kb-noprint"><button type="button" class="md-button kb-print" data-kb-print '
                f'hidden>{_e(self.t("training_print"))}</button></p>')

    def neighbours(self, view: View, path_of, from_path: str) -> list[tuple[str, str, str]]:
        links = []
        index = self.slugs.index(view.slug)
        if index > 0:
            prev = self.views[self.slugs[index - 1]]
            links.append(("kb-prev", "← " + md_text(self.t("training_previous", title=prev.doc.title)),
                          _rel(from_path, path_of(prev.slug))))
        if index + 1 < len(self.slugs):
            nxt = self.views[self.slugs[index + 1]]
            links.append(("kb-next", md_text(self.t("training_next", title=nxt.doc.title)) + " →",
                          _rel(from_path, path_of(nxt.slug))))
        return links

    def see_also_block(self, view: View) -> str:
        related = self.ctx.see_also(view.page)
        if not related:
            return ""
        items = "\n".join(f"- [{md_text(r['title'])}]({r['link']})"
                          + (f'{{ lang="{r["lang"]}" }}' if r.get("lang", self.lang) != self.lang else "")
                          for r in related)
        return f"## {self.md('see_also')}\n\n{items}"

    @staticmethod
    def page(meta: dict, *blocks: str) -> str:
        return "---\n" + front_matter(**meta) + "---\n\n" + "\n\n".join(b for b in blocks if b) + "\n"

    # -- the pages -------------------------------------------------------------------------
    def curriculum(self) -> str:
        total = sum(self.duration(v) for v in self.views.values())
        blocks = [self.md("training_summary"), self.total_line(total)]
        for view in self.views.values():
            doc = view.doc
            attr = f' {{ lang="{doc.lang}" }}' if view.fallback else ""
            meta = [self.minutes(self.duration(view))]
            if self.pending(view):
                meta.append(self.t("legal_review_title"))
            objectives = "\n".join(f"<li>{_e(str(o))}</li>" for o in doc.meta.get("objectives") or [])
            blocks += [f"## {view.number}. [{md_text(doc.title)}]({_rel(CURRICULUM, module_path(view.slug))})"
                       f"{attr}",
                       f'<div class="kb-curriculum-item"{self.lang_attr(view)}>\n'
                       f'<p class="kb-module-meta" lang="{self.lang}">{_e(" · ".join(meta))}</p>\n'
                       f"<p>{_e(doc.summary)}</p>\n"
                       f'<ul class="kb-objectives">\n{objectives}\n</ul>\n</div>']
        blocks += [f"[{md_text(self.t('training_handouts_title'))}]({_rel(CURRICULUM, HANDOUTS)})",
                   f"## {self.md('training_for_trainers')}",
                   f"[{md_text(self.t('training_trainer_edition'))}]({_rel(CURRICULUM, TRAINER_INDEX)}): "
                   f"{md_text(self.t('training_trainer_edition_note'))}"]
        return self.page({"title": self.t("training_title"), "description": self.t("training_summary")},
                         *blocks)

    def module(self, slug: str) -> str:
        view = self.views[slug]
        path = module_path(slug)
        items = quiz.questions(view.doc)
        blocks = [self.heading(view, view.doc.title) if view.fallback else "",
                  self.notices(view, path), self.meta_line(view), self.objectives(view),
                  self.body(view, self.split(view).participant, path)]
        if items:
            blocks += [f"## {self.md('training_quiz_title')}",
                       quiz.interactive(items, self.t, content_lang=view.doc.lang if view.fallback else None)]
        blocks += [self.see_also_block(view),
                   self.nav(self.t("training_module_nav"), [
                       *self.neighbours(view, module_path, path),
                       ("kb-up", md_text(self.t("training_curriculum")), _rel(path, CURRICULUM)),
                       ("kb-handout", md_text(self.t("training_handout")), _rel(path, handout_path(slug))),
                   ])]
        # nav_order: the navigation lists modules in curriculum order (scripts/mkdocs_hooks.py).
        return self.page({"title": view.doc.title, "description": view.doc.summary,
                          "nav_order": view.number}, *blocks)

    def trainer_index(self) -> str:
        rows = [f"| {self.md('training_col_module')} | {self.md('training_col_duration')} "
                f"| {self.md('training_col_start')} | {self.md('training_col_handouts')} |",
                "|---|---|---|---|"]
        start = 0
        for view in self.views.values():
            title = md_text(view.doc.title)
            handouts = (f"[{md_text(self.t('training_handout_participant'))}]"
                        f"({_rel(TRAINER_INDEX, handout_path(view.slug))}), "
                        f"[{md_text(self.t('training_handout_trainer'))}]"
                        f"({_rel(TRAINER_INDEX, handout_path(view.slug, True))})")
            rows.append(f"| {view.number}. [{title}]({_rel(TRAINER_INDEX, trainer_path(view.slug))}) "
                        f"| {md_text(self.minutes(self.duration(view)))} | {start // 60}:{start % 60:02d} "
                        f"| {handouts} |")
            start += self.duration(view)
        blocks = [self.md("training_trainer_intro"),
                  self.total_line(start),
                  f"## {self.md('training_timings')}", "\n".join(rows),
                  f"- [{md_text(self.t('training_trainer_handouts_title'))}]"
                  f"({_rel(TRAINER_INDEX, TRAINER_HANDOUTS)})\n"
                  f"- [{md_text(self.t('training_curriculum'))}]({_rel(TRAINER_INDEX, CURRICULUM)})"]
        return self.page({"title": self.t("training_trainer_edition"),
                          "description": self.t("training_trainer_intro"),
                          "search": {"exclude": True}}, *blocks)

    def trainer_module(self, slug: str) -> str:
        view = self.views[slug]
        path = trainer_path(slug)
        items = quiz.questions(view.doc)
        title = self.t("training_trainer_page_title", title=view.doc.title)
        blocks = [self._notice("info", "kb-trainer-edition", self.t("training_trainer_edition"),
                               _e(self.t("training_trainer_notice"))),
                  self.notices(view, path), self.meta_line(view), self.objectives(view),
                  self.body(view, self.split(view).trainer, path)]
        if items:
            blocks += [f"## {self.md('training_answer_key')}",
                       self._lang_wrap(view, quiz.answer_key(items, self.t))]
        blocks.append(self.nav(self.t("training_module_nav"), [
            *self.neighbours(view, trainer_path, path),
            ("kb-up", md_text(self.t("training_trainer_edition")), _rel(path, TRAINER_INDEX)),
            ("kb-participant", md_text(self.t("training_participant_page")), _rel(path, module_path(slug))),
            ("kb-handout", md_text(self.t("training_handout")), _rel(path, handout_path(slug, True))),
        ]))
        return self.page({"title": title, "description": view.doc.summary, "search": {"exclude": True}},
                         *blocks)

    def handout(self, slug: str, for_trainer: bool) -> str:
        view = self.views[slug]
        path = handout_path(slug, for_trainer)
        items = quiz.questions(view.doc)
        split = self.split(view)
        key = "training_handout_trainer_title" if for_trainer else "training_handout_title"
        back = trainer_path(slug) if for_trainer else module_path(slug)
        blocks = [self.print_button(),
                  f'<div class="kb-handout{" kb-handout--trainer" if for_trainer else ""}" markdown="block">',
                  self.notices(view, path), self.meta_line(view), self.objectives(view),
                  self.body(view, split.trainer if for_trainer else split.participant, path)]
        if items and for_trainer:
            blocks += [f'## {self.md("training_answer_key")} {{ .kb-page-break }}',
                       self._lang_wrap(view, quiz.answer_key(items, self.t))]
        elif items:
            blocks += [f'## {self.md("training_quiz_title")} {{ .kb-page-break }}',
                       self._lang_wrap(view, quiz.worksheet(items, self.t))]
        blocks += ["</div>", self.nav(self.t("training_module_nav"), [
            ("kb-up", md_text(self.t("training_back_to_module")), _rel(path, back))])]
        return self.page({"title": self.t(key, title=view.doc.title), "description": view.doc.summary,
                          "hide": ["navigation", "toc"], "search": {"exclude": True}}, *blocks)

    def handouts_index(self, for_trainer: bool) -> str:
        """The list of one edition's handouts, to print them all before a training."""
        path = TRAINER_HANDOUTS if for_trainer else HANDOUTS
        items = []
        for view in self.views.values():
            attr = f'{{ lang="{view.doc.lang}" }}' if view.fallback else ""
            items.append(f"{view.number}. [{md_text(view.doc.title)}]"
                         f"({_rel(path, handout_path(view.slug, for_trainer))}){attr}")
        title = self.t("training_trainer_handouts_title" if for_trainer else "training_handouts_title")
        back = TRAINER_INDEX if for_trainer else CURRICULUM
        label = "training_trainer_edition" if for_trainer else "training_curriculum"
        meta: dict = {"title": title, "description": self.t("training_handouts_intro")}
        if for_trainer:
            meta["search"] = {"exclude": True}
        return self.page(meta, self.md("training_handouts_intro"), "\n".join(items),
                         self.nav(self.t("training_module_nav"),
                                  [("kb-up", md_text(self.t(label)), _rel(path, back))]))

    def _lang_wrap(self, view: View, html: str) -> str:
        return f'<div{self.lang_attr(view)}>\n{html}\n</div>' if view.fallback else html
