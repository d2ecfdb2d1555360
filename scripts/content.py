"""Read `content/<section>/<slug>.<lang>.md` files into documents.

The reader never raises on bad input: whatever is wrong with one file becomes a Problem and
the file is skipped, so that one run reports every broken file at once. Text is normalized
to Unicode NFC on the way in, so everything downstream (fingerprints, pages) is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .errors import Problems
from .schema import KINDS, SECTIONS, check_type

FILENAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z_-]+)\.md$")
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass
class Document:
    path: Path
    section: str
    slug: str
    lang: str
    meta: dict
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.slug)

    @property
    def translated_from(self) -> dict | None:
        value = self.meta.get("translated_from")
        return value if isinstance(value, dict) else None

    @property
    def is_original(self) -> bool:
        return "translated_from" not in self.meta

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.slug))

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary", ""))

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key)


def nfc(text: str) -> str:
    """`text` in Unicode normal form C (composed letters), as every text of the site is kept."""
    return unicodedata.normalize("NFC", text)


def yaml_mark(exc: yaml.YAMLError) -> yaml.Mark | None:
    """Where an editor should look: an unclosed quote or bracket is reported where the text
    ends, so point at where the unclosed value started instead."""
    context = getattr(exc, "context", "") or ""
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and context.startswith(("while scanning a quoted", "while parsing a flow")):
        return context_mark
    return getattr(exc, "problem_mark", None)


def nfc_tree(value: object) -> object:
    """`value` (parsed YAML: strings, lists, mappings) with every string, keys too, in NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {nfc_tree(k): nfc_tree(v) for k, v in value.items()}
    return value


def read_documents(content_dir: Path, languages: tuple[str, ...], problems: Problems) -> list[Document]:
    """Every content document under `content_dir`, in a stable order."""
    docs: list[Document] = []
    if not content_dir.is_dir():
        problems.add(content_dir, "content-missing", "the content folder does not exist",
                     "create content/ with the folders " + ", ".join(SECTIONS))
        return docs
    for path in sorted(content_dir.rglob("*.md")):
        doc = read_document(path, content_dir, languages, problems)
        if doc is not None:
            docs.append(doc)
    return docs


def read_document(
    path: Path, content_dir: Path, languages: tuple[str, ...], problems: Problems
) -> Document | None:
    """One content file as a Document, or None after adding its problems (location, file
    name, front matter, fields) to `problems`."""
    rel = path.relative_to(content_dir)
    if len(rel.parts) != 2 or rel.parts[0] not in SECTIONS:
        problems.add(path, "content-location",
                     f"a Markdown file must sit directly in one of the folders {', '.join(SECTIONS)}",
                     f"move it to content/<section>/{path.name}")
        return None
    section = rel.parts[0]
    match = FILENAME.match(path.name)
    if not match:
        problems.add(path, "file-name",
                     "the file name must be <slug>.<lang>.md, the slug in lower-case Latin letters, "
                     "digits and dashes",
                     "rename it, for example police-detention.ru.md")
        return None
    slug, lang = match["slug"], match["lang"]
    if lang not in languages:
        problems.add(path, "unknown-language",
                     f"unknown language suffix `.{lang}.md`",
                     "use one of the languages of mkdocs.yml: " + ", ".join(languages))
        return None
    try:
        text = nfc(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problems.add(path, "encoding", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                     "save the file as UTF-8")
        return None
    return parse_document(text, path, section, slug, lang, problems)


def parse_document(
    text: str, path: Path, section: str, slug: str, lang: str, problems: Problems
) -> Document | None:
    """Split front matter from body and check each field's type against the kind's schema."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        problems.add(path, "front-matter", "the file does not start with front matter",
                     "begin the file with a line `---`, the fields (title: ..., summary: ...), "
                     "and another line `---`", line=1)
        return None
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = yaml_mark(exc)
        line = mark.line + 1 if mark is not None else 1  # the front matter starts after "---"
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.add(path, "yaml", f"the front matter is not valid YAML: {reason}",
                     "check quotes, colons and indentation on that line; text with a colon "
                     "must be in quotes", line=line)
        return None
    except Exception as exc:  # noqa: BLE001 - any parser failure is an editor's problem to see
        problems.add(path, "front-matter", f"the front matter could not be read: {exc}",
                     "begin and end the front matter with lines `---`", line=1)
        return None
    if not isinstance(post.metadata, dict) or (not post.metadata and "\n---" not in text[3:]):
        problems.add(path, "front-matter", "the front matter must be a list of `name: value` fields",
                     "write fields like `title: ...` between the two `---` lines", line=1)
        return None
    fm_end = text.find("\n---", 3)
    fm_text = text[4:fm_end] if fm_end > 0 else ""
    key_lines = {}
    for number, text_line in enumerate(fm_text.split("\n"), start=2):
        m = _KEY_LINE.match(text_line)
        if m and m[1] not in key_lines:
            key_lines[m[1]] = number
    # python-frontmatter strips blank lines around the body: find where it really starts.
    body_start = text.find(post.content, fm_end + 4) if post.content else -1
    body_line = text.count("\n", 0, body_start) + 1 if body_start >= 0 else fm_text.count("\n") + 4
    meta = {str(k): nfc_tree(v) for k, v in post.metadata.items()}
    doc = Document(path, section, slug, lang, meta, post.content, body_line, key_lines)
    _check_fields(doc, problems)
    return doc


def _check_fields(doc: Document, problems: Problems) -> None:
    fields = {f.name: f for f in KINDS[doc.section]}
    for name, value in doc.meta.items():
        spec = fields.get(name)
        if spec is None:
            problems.add(doc.path, "unknown-field", f"unknown field `{name}` for {doc.section}",
                         "remove it or correct its spelling; allowed: " + ", ".join(fields),
                         line=doc.line_of(name))
            continue
        why = check_type(spec, value)
        if why:
            problems.add(doc.path, "field-type", f"`{name}` {why}", f"`{name}` is {spec.help}",
                         line=doc.line_of(name))
    for spec in fields.values():
        needed = spec.required and (doc.is_original or not spec.shared)
        if needed and spec.name not in doc.meta:
            problems.add(doc.path, "missing-field", f"the required field `{spec.name}` is missing",
                         f"add `{spec.name}:` to the front matter: {spec.help}", line=1)
