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

from .characters import mixed_script, report_controls
from .errors import Problems
from .schema import KINDS, SECTIONS, check_type, code_paths, text_paths
from .source import Located, NoFrontMatter, load, require_codes, require_text, split_front_matter

FILENAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z_-]+)\.md$")


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
    source: Located = field(default_factory=Located)  # every value's line (scripts/source.py)

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
    # `.MD` too: a file an editor named `guide.ru.MD` is reported, never silently left out.
    for path in sorted(p for p in content_dir.rglob("*") if p.suffix.lower() == ".md" and p.is_file()):
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
    mixed = mixed_script(path.name.split(".", 1)[0]) if not match else None
    if mixed:
        problems.add(path, "mixed-script", f"the file name's slug {mixed}: a slug is written in "
                     "Latin letters only", "rename the file, retyping the slug with the Latin keyboard "
                     "layout")
        return None
    # Capitals or spaces (`Police Detention.RU.md`): say the name the editor meant.
    meant = re.sub(r"[ _]+", "-", path.name.lower().strip())
    lower = FILENAME.match(meant)
    if meant != path.name and lower and lower["lang"] in languages:
        what = " and ".join(w for w, bad in (("capital letters", path.name != path.name.lower()),
                                            ("spaces or underscores", meant != path.name.lower()))
                            if bad)
        problems.add(path, "file-name", f"the file name has {what}: a slug and a language "
                     "suffix are written in lower case, words joined by dashes",
                     f"rename it to {meant}")
        return None
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
    # A file read before in this process with the same text (`kb serve` between edits) is
    # not parsed again: parsing is a pure function of these, and found no problem then.
    parsed = (text, section, slug, lang)
    kept = _PARSED.get(path)
    if kept is not None and kept[0] == parsed:
        known, reported = kept[1], kept[2]
        known.source.reported = set(reported)  # as parsing left it (later checks add to it)
        return known
    before = len(problems)
    doc = parse_document(text, path, section, slug, lang, problems)
    if doc is not None and len(problems) == before:
        _PARSED[path] = (parsed, doc, frozenset(doc.source.reported))
    else:
        _PARSED.pop(path, None)
    return doc


# The documents parsed in this process without a problem, by file: the text and names they
# were parsed from, the Document, and the values parsing reported (`Located.reported`).
_PARSED: dict[Path, tuple[tuple[str, str, str, str], Document, frozenset]] = {}


def parse_document(
    text: str, path: Path, section: str, slug: str, lang: str, problems: Problems
) -> Document | None:
    """Split front matter from body and check each field's type against the kind's schema."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = report_controls(text, path, problems)
    try:
        parts = split_front_matter(text)
    except NoFrontMatter as exc:
        problems.add(path, "front-matter", str(exc),
                     "begin the file with a line `---`, the fields (title: ..., summary: ...), "
                     "and another line `---`", line=1)
        return None
    located = load(parts.yaml_text, path, problems, first_line=2,
                   what="the front matter is not valid YAML",
                   fix="check quotes, colons and indentation on that line; text with a colon "
                       "must be in quotes")
    if located is None:
        return None
    if located.data is None:
        located.data = {}
    if not isinstance(located.data, dict):
        problems.add(path, "front-matter", "the front matter must be a list of `name: value` fields",
                     "write fields like `title: ...` between the two `---` lines", line=2)
        return None
    require_text(located, text_paths(section), path, problems)
    require_codes(located, code_paths(section), path, problems)
    key_lines = {str(at[0]): line for at, line in located.key_lines.items() if len(at) == 1}
    meta = {str(k): nfc_tree(v) for k, v in located.data.items()}
    doc = Document(path, section, slug, lang, meta, parts.body, parts.body_line, key_lines, located)
    _check_fields(doc, problems)
    return doc


def _check_fields(doc: Document, problems: Problems) -> None:
    fields = {f.name: f for f in KINDS[doc.section]}
    for name, value in doc.meta.items():
        if (name,) in doc.source.reported:
            continue  # already reported at its line (an impossible date, a number meant as text)
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
    if doc.meta.get("legal_review") == "approved":
        # An approved text tells readers who checked it and when (README: legal review).
        for name in ("reviewed_by", "reviewed"):
            if name in fields and name not in doc.meta:
                problems.add(doc.path, "missing-field",
                             f"`legal_review: approved` needs `{name}`",
                             f"add `{name}:`: {fields[name].help}",
                             line=doc.line_of("legal_review"))
