"""The glossary as a pipeline feature (scripts/features.py): read and check
`content/glossary.yml`, write one glossary page per language (`glossary.md`, in the
navigation), tell guide pages which terms to link (`page_meta`), and find variants to avoid
in the content (`variant_problems`, run by `kb check`).
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from ..content import Document
from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter, md_text
from ..plan import PlannedPage
from .collation import sort_key
from .links import use_terms
from .matching import index_of, phrase_finder
from .reader import Glossary, read_glossary

PAGE = "glossary.md"
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")


class GlossaryFeature:
    name = "glossary"
    render_reads = ()  # glossary.yml alone

    def __init__(self) -> None:
        self.glossary = Glossary()

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        self.glossary = read_glossary(ctx.project.content_dir / "glossary.yml", ctx.project.codes,
                                      problems)

    def link_targets(self) -> set[str]:
        return {PAGE} if self.glossary.terms else set()

    # -- the glossary page ----------------------------------------------------------------
    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        if not self.glossary.terms:
            return {}
        t = lambda key, **p: ctx.catalogs.t(key, lang, **p)  # noqa: E731
        order = ctx.project.fallback_order.get(lang, ())
        default = ctx.project.default_language
        shown = [(term, *term.shown(lang, order, default)) for term in self.glossary.terms]
        shown.sort(key=lambda item: sort_key(item[1].term, lang))
        lines = ["---", front_matter(title=t("glossary_title"),
                                     description=t("glossary_summary")).rstrip(), "---", "",
                 md_text(t("glossary_intro")), "", '<dl class="kb-glossary">']
        for term, entry, entry_lang in shown:
            mark = f' lang="{entry_lang}"' if entry_lang != lang else ""
            note = (f' <span class="kb-glossary-untranslated">{escape(t("glossary_not_translated"))}'
                    "</span>") if mark else ""
            lines.append(f'<dt id="{term.id}"{mark}>{escape(entry.term)}</dt>')
            lines.append(f"<dd><span{mark}>{escape(entry.definition)}</span>{note}</dd>")
        lines += ["</dl>", ""]
        return {PAGE: "\n".join(lines)}

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        return None

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        return []

    # -- links from guides ------------------------------------------------------------------
    @staticmethod
    def before_page(meta: dict) -> None:
        """MkDocs is about to render a page: hand its terms (`page_meta`) to the Markdown
        extension that links them (links.py); a page without them links nothing."""
        use_terms(meta.get("glossary"))

    def page_meta(self, ctx: RenderServices, page: PlannedPage) -> dict:
        """Front matter for a guide page: the terms of its text's language that occur in it,
        and the link to the reader's glossary page (used by scripts/glossary/links.py)."""
        doc = page.doc
        if doc is None or doc.section != "guides":
            return {}
        terms = self.glossary.in_language(doc.lang)
        finder = phrase_finder(tuple(entry.term for _, entry in terms))
        found = sorted({index_of(m) for m in finder.finditer(doc.body)})
        if not found:
            return {}
        href = posixpath.relpath(PAGE, posixpath.dirname(page.path) or ".")
        return {"glossary": {"href": href,
                             "terms": [[terms[i][0].id, terms[i][1].term] for i in found]}}

    # -- variants to avoid -------------------------------------------------------------------
    def variant_problems(self, documents: list[Document], problems: Problems) -> None:
        """Every use of a variant to avoid in a document of the variant's language: file, line,
        and the preferred term. Title, summary and body are searched; code is not."""
        for doc in documents:
            variants = [(term.id, entry.term, variant)
                        for term, entry in self.glossary.in_language(doc.lang)
                        for variant in entry.avoid]
            if not variants:
                continue
            finder = phrase_finder(tuple(v for _, _, v in variants))
            lines = _lines(doc)
            # Few lines can have one: one look at all the text spares a search of every line.
            for index in finder.candidates([text for _, text in lines]):
                line, text = lines[index]
                for match in finder.finditer(text):
                    term_id, preferred, _ = variants[index_of(match)]
                    problems.add(doc.path, "glossary-variant",
                                 f"`{match.group(0)}` is a variant to avoid: the preferred term is "
                                 f"`{preferred}` (content/glossary.yml, `{term_id}`)",
                                 f"write `{preferred}`; if the variant is right here, change the "
                                 "glossary", line=line)


def _lines(doc: Document) -> list[tuple[int | None, str]]:
    """(line number, text) of a document's title, summary and body outside code fences.
    A term split over two lines of a paragraph is not found (editors rarely wrap terms)."""
    found: list[tuple[int | None, str]] = [(doc.line_of("title"), doc.title),
                                           (doc.line_of("summary"), doc.summary)]
    in_code = False
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if ("`" in line or "~" in line) and _FENCE.match(line):
            in_code = not in_code
        elif not in_code:
            found.append((number, _CODE_SPAN.sub("", line) if "`" in line else line))
    return found
