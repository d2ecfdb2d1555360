"""An original cut into blocks, as Python-Markdown's block parser sees it.

A *block* is the unit a translator translates at once and a change is reported in: a
translatable front-matter field (or one item of a list field), a heading, a paragraph, a
list item, an admonition's marker (type and title), a table row, a code block or a raw HTML
block. The body is parsed with the extensions of the site's `mkdocs.yml` that shape blocks
(admonition, attr_list, md_in_html, tables, toc with the site's slugify), and the element
tree is read *before* inline processing, when each element still holds its Markdown source:
so a block's text is what the editor wrote, and a diff of it reads like the file. The toc
extension gives each heading the anchor MkDocs gives it on the page, so a notice can link to
the section of the original.

Each block records the type of the admonition it is inside (`within`: `warning`, `danger`...)
and the heading it is under (`heading`: the index of that heading among the document's
headings, None before the first heading and for fields).
"""

from __future__ import annotations

import copy
import hashlib
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import yaml
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER
from pymdownx.slugs import slugify

from ..content import Document
from ..schema import KINDS

# Kinds of block, in the words of the reports.
FIELD, HEADING, PARAGRAPH, ITEM, ADMONITION, ROW, CODE, HTML = (
    "field", "heading", "paragraph", "list item", "admonition", "table row", "code", "html")
# Note types whose text is safety-critical, with Material's aliases of each.
CRITICAL = frozenset({"warning", "caution", "attention", "danger", "error"})
LENGTH = 12
_PLACEHOLDER = re.compile(HTML_PLACEHOLDER.replace("%s", r"(\d+)"))


@dataclass(frozen=True)
class Block:
    """One block of an original: `text` is its Markdown source (a field: its value)."""

    kind: str
    text: str
    heading: int | None = None  # index of the heading it is under (a heading: its own)
    field: str | None = None  # a front-matter field's name, e.g. "summary", "objectives 2"
    within: str = ""  # type of the innermost admonition it is inside, "" outside any
    critical: bool = False  # inside a warning or danger admonition (at any depth)
    anchor: str = ""  # a heading's id on the page (toc), "" for other blocks

    @property
    def fingerprint(self) -> str:
        """First LENGTH hex digits of the SHA-256 of kind, text and admonition context."""
        data = "\0".join((self.kind, self.text, self.within, "!" if self.critical else ""))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:LENGTH]

    def to_json(self) -> dict:
        """The block as the snapshot file stores it (defaults left out, fingerprint added)."""
        data: dict[str, object] = {"kind": self.kind, "fingerprint": self.fingerprint}
        for name, default in (("field", None), ("heading", None), ("within", ""),
                              ("critical", False), ("anchor", "")):
            if getattr(self, name) != default:
                data[name] = getattr(self, name)
        data["text"] = self.text
        return data

    @classmethod
    def from_json(cls, data: dict) -> Block:
        """The inverse of `to_json`. Raises KeyError or TypeError for a malformed entry."""
        return cls(kind=str(data["kind"]), text=str(data["text"]), heading=data.get("heading"),
                   field=data.get("field"), within=str(data.get("within", "")),
                   critical=bool(data.get("critical", False)), anchor=str(data.get("anchor", "")))


class _Keep(Treeprocessor):
    """Keeps a copy of the tree before inline processing (where text is still Markdown)."""

    tree: etree.Element | None = None

    def run(self, root: etree.Element) -> None:
        self.tree = copy.deepcopy(root)


def _markdown() -> tuple[markdown.Markdown, _Keep]:
    md = markdown.Markdown(extensions=[
        "admonition", "attr_list", "md_in_html", "tables",
        TocExtension(slugify=slugify(case="lower")),  # as mkdocs.yml
    ])
    keep = _Keep(md)
    md.treeprocessors.register(keep, "react-keep-source", 100)  # before inline (20)
    return md, keep


def _flat(tokens: list[dict]) -> list[dict]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_flat(token.get("children", [])))
    return out


def field_blocks(doc: Document) -> list[Block]:
    """The translatable front-matter fields of `doc` (schema.KINDS), one block per text or
    per item of a list; a structured item (a quiz question, a template field) is shown as
    YAML."""
    blocks = []
    for spec in KINDS[doc.section]:
        if not spec.translatable or doc.meta.get(spec.name) is None:
            continue
        value = doc.meta[spec.name]
        items = value if isinstance(value, list) else [value]
        for number, item in enumerate(items, start=1):
            text = item if isinstance(item, str) else yaml.safe_dump(
                item, allow_unicode=True, sort_keys=False, width=1000).strip()
            name = spec.name if not isinstance(value, list) else f"{spec.name} {number}"
            blocks.append(Block(FIELD, text.strip(), field=name))
    return blocks


def body_blocks(body: str) -> list[Block]:
    """The blocks of a Markdown body, in document order."""
    md, keep = _markdown()
    md.convert(body)
    stash = md.htmlStash.rawHtmlBlocks
    anchors = [token["id"] for token in _flat(getattr(md, "toc_tokens", []))]
    walker = _Walker([str(block) for block in stash])
    if keep.tree is not None:
        walker.walk(keep.tree, "", False)
    blocks = walker.blocks
    headings = [i for i, b in enumerate(blocks) if b.kind == HEADING]
    if len(headings) == len(anchors):  # toc saw the same headings: take MkDocs' anchors
        for index, anchor in zip(headings, anchors, strict=True):
            blocks[index] = _replace(blocks[index], anchor=anchor)
    return blocks


def blocks_of(doc: Document) -> list[Block]:
    """Every block of `doc`: its translatable fields, then its body."""
    return field_blocks(doc) + body_blocks(doc.body)


def headings(blocks: list[Block]) -> list[Block]:
    """The heading blocks, in order (a block's `heading` indexes this list)."""
    return [b for b in blocks if b.kind == HEADING]


def _replace(block: Block, **changes: object) -> Block:
    data = {name: getattr(block, name) for name in
            ("kind", "text", "heading", "field", "within", "critical", "anchor")}
    data.update(changes)
    return Block(**data)


def plain_heading(text: str) -> str:
    """A heading's source as a reader sees its words: `## **Your** rights {#r}` -> `Your rights`."""
    text = re.sub(r"^#+[ \t]*", "", text)
    text = re.sub(r"[ \t]*\{[^}]*\}[ \t]*$", "", text)  # attr_list
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their words
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return html.unescape(text).strip()


class _Walker:
    def __init__(self, stash: list[str]):
        self.stash = stash
        self.blocks: list[Block] = []
        self.heading: int | None = None
        self.count = 0

    def source(self, text: str | None) -> str:
        """Element text as the editor wrote it: raw HTML put back, line ends trimmed."""
        text = _PLACEHOLDER.sub(lambda m: self.stash[int(m[1])], text or "")
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))

    def add(self, kind: str, text: str, within: str, critical: bool) -> None:
        if text:
            self.blocks.append(Block(kind, text, self.heading, None, within, critical))

    def walk(self, element: etree.Element, within: str, critical: bool) -> None:
        for child in element:
            tag = child.tag
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = self.count
                self.count += 1
                self.add(HEADING, f"{'#' * int(tag[1])} {self.source(child.text)}", within, critical)
            elif tag == "p":
                text = self.source(child.text)
                kind = HTML if _PLACEHOLDER.fullmatch((child.text or "").strip()) else PARAGRAPH
                self.add(kind, text, within, critical)
            elif tag in ("ul", "ol"):
                self.items(child, within, critical)
            elif tag == "div" and "admonition" in (child.get("class") or "").split():
                self.admonition(child, within, critical)
            elif tag == "table":
                for row in child.iter("tr"):
                    cells = [self.source(cell.text) for cell in row]
                    self.add(ROW, "| " + " | ".join(cells) + " |", within, critical)
            elif tag == "pre":
                code = child.find("code")
                text = html.unescape(code.text if code is not None and code.text else "")
                self.add(CODE, text.rstrip("\n"), within, critical)
            elif tag == "hr":
                continue
            else:  # blockquote, md_in_html containers, details...
                if child.text and child.text.strip():
                    self.add(HTML if _PLACEHOLDER.search(child.text) else PARAGRAPH,
                             self.source(child.text), within, critical)
                self.walk(child, within, critical)

    def items(self, element: etree.Element, within: str, critical: bool) -> None:
        start = int(element.get("start", "1") or 1)
        for number, item in enumerate(element.findall("li"), start=start):
            marker = f"{number}." if element.tag == "ol" else "-"
            own = [self.source(item.text)] if item.text and item.text.strip() else []
            rest: list[etree.Element] = []
            for child in item:
                if child.tag == "p" and not rest:
                    own.append(self.source(child.text))
                else:
                    rest.append(child)
            self.add(ITEM, f"{marker} " + "\n\n".join(t for t in own if t), within, critical)
            holder = etree.Element("div")
            holder.extend(rest)
            self.walk(holder, within, critical)

    def admonition(self, element: etree.Element, within: str, critical: bool) -> None:
        classes = (element.get("class") or "").split()
        kind = next((c for c in classes if c != "admonition"), "note")
        critical = critical or kind in CRITICAL
        title = element.find("p[@class='admonition-title']")
        marker = f"!!! {' '.join(c for c in classes if c != 'admonition')}"
        if title is not None and title.text is not None:
            marker += f' "{self.source(title.text)}"'
        self.add(ADMONITION, marker, kind, critical)
        body = etree.Element("div")
        body.extend([child for child in element if child is not title])
        self.walk(body, kind, critical)
