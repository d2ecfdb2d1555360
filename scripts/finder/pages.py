"""What each step of the finder shows, in one language: pure functions from the tree, the
reader's language and a `Lookup` of the site's documents, organizations and words.

A result page is short and says the most urgent thing first: what to do if in danger now,
then what to read (guides), which letters to send (templates), and which partner
organizations of the region fit (what they offer, for whom); then, for those helping
someone, the training modules and statistics; then a summary to print or share that holds
nothing about the reader but the kind of problem and the region they chose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .blocks import Box, Heading, Link, Links, Para, Section, Step, Steps
from .model import ELSEWHERE, HELP_DIR, Labels, Result, State, Tree, pick

ORGANIZATIONS = "organizations.md"
STATISTICS = "statistics/index.md"
YOU, HELPING, SUMMARY = "kb-finder-you", "kb-finder-helping", "kb-finder-summary"
REGION = "kb-finder-region"


@dataclass(frozen=True)
class Doc:
    """A document as a reader of the language sees it (translation or fallback)."""

    title: str
    summary: str
    lang: str
    path: str  # docs path inside the language folder, e.g. guides/police-detention.md


@dataclass(frozen=True)
class Org:
    """A partner organization in the reader's language (content/organizations.yml)."""

    id: str
    name: str
    city: str
    region: str
    populations: tuple[str, ...]
    services: tuple[str, ...]


@dataclass
class Lookup:
    """What the pages need from the rest of the site, in the reader's language `lang`."""

    lang: str
    order: tuple[str, ...]  # the language's fallback order (mkdocs.yml), then the default
    t: Callable[..., str]  # a UI string of content/ui/finder.yml (and content/ui.yml)
    label: Callable[[str, str], str]  # (dimension, code) -> label of the vocabulary
    language_name: Callable[[str], str]
    docs: dict[tuple[str, str], Doc] = field(default_factory=dict)
    orgs: list[Org] = field(default_factory=list)
    has_statistics: bool = False


def to_key(trail: tuple[str, ...]) -> str:
    """The `data-kb-to` of a step: `help`, `help/police`, ..."""
    return "/".join((HELP_DIR, *trail))


def fits(org: Org, result: Result, region: str) -> bool:
    """An organization fits a result in a region when it works there, offers one of the
    result's services, and works with everyone or with one of the result's populations."""
    return ((region == ELSEWHERE or org.region == region)
            and bool(set(org.services) & set(result.services))
            and (not org.populations or bool(set(org.populations) & set(result.populations))))


class _Words:
    """Labels in the reader's language, noting every other language shown instead."""

    def __init__(self, tree: Tree, lk: Lookup):
        self.tree, self.lk = tree, lk
        self.fallback: set[str] = set()

    def __call__(self, labels: Labels) -> tuple[str, str | None]:
        lang, text = pick(labels, self.lk.lang, self.lk.order[:-1], self.lk.order[-1])
        if lang != self.lk.lang:
            self.fallback.add(lang)
            return text, lang
        return text, None

    def steps(self, urgent: dict[str, tuple[str, ...]]) -> tuple[tuple[str, str | None], ...]:
        if not urgent:
            return ()
        lang, steps = pick(urgent, self.lk.lang, self.lk.order[:-1], self.lk.order[-1])
        mark = None if lang == self.lk.lang else lang
        if mark:
            self.fallback.add(lang)
        return tuple((s, mark) for s in steps)

    def notice(self) -> list[object]:
        if not self.fallback:
            return []
        names = ", ".join(self.lk.language_name(c) for c in sorted(self.fallback))
        return [Para(self.lk.t("finder_fallback", languages=names), "kb-finder-fallback")]


def step(tree: Tree, state: State, lk: Lookup) -> Step:
    """The heading and blocks of one step (a question, the region question or a result)."""
    words = _Words(tree, lk)
    if state.kind == "question":
        question = tree.questions[state.node]
        text, lang = words(question.text)
        heading = Heading(0, text, lang, "kb-finder-question")
        blocks: list[object] = []
        if question.hint:
            hint, hint_lang = words(question.hint)
            blocks.append(Para(hint, "kb-finder-hint", hint_lang))
        answers = []
        for answer in question.answers:
            label, label_lang = words(answer.label)
            target = (*state.trail, answer.id)
            answers.append(Link(label, "/".join((HELP_DIR, *target, "index.md")), label_lang,
                                to_key(target)))
        blocks.append(Links(tuple(answers), "kb-finder-answers"))
    elif state.kind == "region":
        text, lang = words(tree.region_question)
        heading = Heading(0, text, lang, "kb-finder-question")
        answers = [Link(lk.label("region", code), "/".join((HELP_DIR, *state.trail, code, "index.md")),
                        None, to_key((*state.trail, code))) for code in tree.regions]
        other, other_lang = words(tree.elsewhere)
        answers.append(Link(other, "/".join((HELP_DIR, *state.trail, ELSEWHERE, "index.md")),
                            other_lang, to_key((*state.trail, ELSEWHERE))))
        blocks = [Links(tuple(answers), "kb-finder-answers")]
    else:
        heading, blocks = _result(tree, state, lk, words)
    blocks = [*words.notice(), *blocks, *_footer(state, lk)]
    return Step(heading, blocks)


def split_result(built: Step) -> tuple[list[object], object, list[object]]:
    """A result step's blocks before its regional part, the regional part (organizations and
    the summary, which name the region), and the blocks after it: the same for every region
    of a result, so the data finder.js reads holds them once per result."""
    at = next(i for i, b in enumerate(built.blocks) if getattr(b, "id", "") == REGION)
    return built.blocks[:at], built.blocks[at], built.blocks[at + 1:]


def _doc_links(lk: Lookup, section: str, slugs: tuple[str, ...]) -> tuple[Link, ...]:
    """Links to documents by their title; guides also say in a sentence what they are about
    (letters and modules say it in their titles: the page stays short)."""
    links = []
    for slug in slugs:
        doc = lk.docs[(section, slug)]
        mark = doc.lang if doc.lang != lk.lang else None
        note = doc.summary if section == "guides" else ""
        links.append(Link(doc.title, doc.path, mark, note=note, note_lang=mark if note else None))
    return tuple(links)


def _result(tree: Tree, state: State, lk: Lookup, words: _Words) -> tuple[Heading, list[object]]:
    t = lk.t
    result = tree.results[state.node]
    title, title_lang = words(result.title)
    summary, summary_lang = words(result.summary)
    region = state.region or ELSEWHERE
    where = lk.label("region", region) if region != ELSEWHERE else t("finder_everywhere")
    blocks: list[object] = []
    urgent = words.steps(result.urgent)
    if urgent:  # the most urgent first
        blocks.append(Box("danger", t("finder_urgent_title"), (Steps(urgent),), "kb-finder-urgent"))
    blocks.append(Para(summary, "kb-finder-summary-text", summary_lang))
    # Who it concerns: optional; both answers are in this page (finder.js jumps in place).
    blocks.append(Para(t("finder_who_question"), "kb-finder-who-question"))
    blocks.append(Links((Link(t("finder_who_self"), f"#{YOU}", to=f"#{YOU}"),
                         Link(t("finder_who_helper"), f"#{HELPING}", to=f"#{HELPING}")),
                        "kb-finder-who"))
    yours: list[object] = [Heading(1, t("finder_you_title"))]
    if result.guides:
        yours += [Heading(2, t("finder_guides_title")), Links(_doc_links(lk, "guides", result.guides))]
    if result.templates:
        yours += [Heading(2, t("finder_templates_title")),
                  Para(t("finder_templates_intro")),
                  Links(_doc_links(lk, "templates", result.templates))]
    blocks.append(Section(YOU, tuple(yours), "kb-finder-part"))
    # The regional part: organizations that fit, and the summary that names them.
    orgs = [o for o in lk.orgs if fits(o, result, region)]
    regional: list[object] = [Heading(2, t("finder_orgs_title", region=where))]
    if orgs:
        regional.append(Links(tuple(_org_link(lk, o, region) for o in orgs), "kb-finder-orgs"))
    else:
        regional.append(Para(t("finder_orgs_none")))
    regional.append(Para(t("finder_orgs_contact")))
    regional.append(Links((Link(t("finder_orgs_all"), ORGANIZATIONS),)))
    summary_lines = [
        t("finder_summary_what", what=title),
        t("finder_summary_where", region=where),
    ]
    if result.guides:
        summary_lines.append(t("finder_summary_read", titles="; ".join(
            lk.docs[("guides", s)].title for s in result.guides)))
    if result.templates:
        summary_lines.append(t("finder_summary_letters", titles="; ".join(
            lk.docs[("templates", s)].title for s in result.templates)))
    if orgs:
        summary_lines.append(t("finder_summary_orgs", names="; ".join(
            f"{o.name} ({o.city})" for o in orgs)))
    regional.append(Box("note", t("finder_summary_title"), (
        Steps(tuple((line, None) for line in summary_lines)),
        Para(t("finder_summary_private"), "kb-finder-private"),
        Links((Link(t("finder_summary_link"), state.path),), "kb-finder-permalink"),
    ), SUMMARY))
    blocks.append(Section(REGION, tuple(regional), "kb-finder-part"))
    helping: list[object] = [Heading(1, t("finder_helping_title"), id=None),
                             Para(t("finder_helping_intro"))]
    if result.training:
        helping += [Heading(2, t("finder_training_title")),
                    Links(_doc_links(lk, "training", result.training))]
    if result.statistics and lk.has_statistics:
        helping += [Heading(2, t("finder_statistics_title")),
                    Links(tuple(Link(lk.label("violation", code), STATISTICS)
                                for code in result.statistics))]
    blocks.append(Section(HELPING, tuple(helping), "kb-finder-part"))
    if tree.legal_review != "approved":
        blocks.append(Box("warning", t("legal_review_title"), (Para(t("finder_legal_review")),),
                          "kb-notice kb-legal-review"))
    return Heading(0, title, title_lang, "kb-finder-question"), blocks


def _org_link(lk: Lookup, org: Org, region: str) -> Link:
    offers = ", ".join(lk.label("response", c) for c in org.services)
    whom = (", ".join(lk.label("key_population", c) for c in org.populations)
            or lk.t("finder_orgs_everyone"))
    note = lk.t("finder_org_note", city=org.city, offers=offers, whom=whom)
    return Link(org.name, "", note=note)


def _footer(state: State, lk: Lookup) -> list[object]:
    """Start again (except on the first step), and the line that says nothing is kept."""
    links = []
    if state.trail:
        links.append(Link(lk.t("finder_restart"), f"{HELP_DIR}/index.md", to=to_key(())))
    blocks: list[object] = [Links(tuple(links), "kb-finder-nav")] if links else []
    blocks.append(Para(lk.t("finder_private"), "kb-finder-private"))
    return blocks
