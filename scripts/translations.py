"""Translation bookkeeping: the status table, stamping, and scaffolding new files.

Stamping rewrites only the `translated_from` line of a file, so an editor's comments and
formatting in the rest of the front matter survive.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import yaml

from . import structure
from .content import Document, read_document
from .corpus import Corpus
from .errors import Problems
from .fingerprint import fingerprint
from .outdated import report, snapshots
from .outdated.drift import Drift, drift
from .plan import Status, status_of
from .project import Project
from .schema import KINDS, SECTIONS
from .source import read_text, split_front_matter


class StampError(Exception):
    """Why a file cannot be stamped or created, in words for an editor."""


def outdated(project: Project, corpus: Corpus) -> list[Drift]:
    """Every outdated translation with its original's block changes since it was stamped
    (scripts/outdated/), in the order of the corpus and the site's languages."""
    found = []
    for key, docs in corpus.by_key.items():
        original = corpus.original(key)
        for lang in project.codes:
            doc = docs.get(lang)
            if original is not None and doc is not None and status_of(doc, original) is Status.OUTDATED:
                found.append(drift(project.content_dir, doc, original))
    return found


def status_table(project: Project, corpus: Corpus) -> str:
    """How many documents each language has translated, outdated or missing per section,
    then the files that need attention, as text for the terminal: under each outdated
    translation, the blocks of its original that changed, were added or removed since it
    was stamped, each with a unified diff (scripts/outdated/report.py)."""
    details = {d.translation.path: report.terminal(d, project.root) for d in outdated(project, corpus)}
    counts: Counter[tuple[str, str, Status]] = Counter()
    attention: list[str] = []
    for key, docs in corpus.by_key.items():
        original = corpus.original(key)
        if original is None:
            continue
        for lang in project.codes:
            doc = docs.get(lang)
            status = Status.FALLBACK if doc is None else status_of(doc, original)
            counts[(lang, key[0], status)] += 1
            if status is Status.OUTDATED and doc is not None:
                attention.append(f"outdated  {doc.path.relative_to(project.root)}")
                attention.extend(details.get(doc.path, []))
            elif status is Status.FALLBACK:
                attention.append(f"missing   content/{key[0]}/{key[1]}.{lang}.md")
    header = f"{'language':<9}{'section':<11}{'original':>9}{'translated':>11}{'outdated':>9}{'missing':>8}"
    rows = [header, "-" * len(header)]
    for lang in project.codes:
        for section in SECTIONS:
            row = [counts[(lang, section, s)] for s in
                   (Status.ORIGINAL, Status.TRANSLATED, Status.OUTDATED, Status.FALLBACK)]
            if any(row):
                rows.append(f"{lang:<9}{section:<11}{row[0]:>9}{row[1]:>11}{row[2]:>9}{row[3]:>8}")
    return "\n".join(rows + ([""] + attention if attention else []))


def _parse(project: Project, path: Path) -> Document:
    """The content file at `path` (relative: to the working folder), read and checked as the
    build reads it. StampError, in an editor's words, for a missing file, a folder, a file
    outside content/ or not Markdown, and with every problem (file, line, rule, fix) for one
    that does not read."""
    path = path if path.is_absolute() else (Path.cwd() / path)
    if path.is_dir():
        raise StampError("this is a folder: name a translation's file, e.g. content/guides/eviction.tg.md")
    if not path.is_file():
        raise StampError("no such file")
    content = project.content_dir.resolve()
    if not path.resolve().is_relative_to(content) or path.suffix != ".md":
        raise StampError(f"not a content file: name a Markdown file in "
                         f"{project.content_dir.name}/<section>/, e.g. content/guides/eviction.tg.md")
    problems = Problems(project.root)
    doc = read_document(path.resolve(), content, project.codes, problems)
    if doc is None:
        raise StampError("cannot be read:\n" + "\n".join(str(problem) for problem in problems))
    return doc


def stamp(project: Project, path: Path) -> str:
    """Record in the translation at `path` the fingerprint of its original (its
    `translated_from.hash`); returns a message. Raises StampError for an original, a
    translation whose original is missing, or one whose structure differs from the
    original's (structure.py: what `kb check` reports of a stamped translation), with
    every difference; nothing is written then."""
    doc = _parse(project, path)
    source = doc.translated_from
    if doc.is_original or source is None:
        raise StampError("this file is an original (no `translated_from`); only translations are stamped")
    lang = source.get("lang")
    original_path = doc.path.with_name(f"{doc.slug}.{lang}.md")
    try:
        original = _parse(project, original_path) if original_path.is_file() else None
    except StampError as exc:  # its problems name the original, not this file
        raise StampError(f"its original {original_path.name} {exc}") from None
    if original is None or not original.is_original:
        raise StampError(f"its original {original_path.name} does not exist or is not an original")
    # Stamping says "matches the original": refused, with every difference, where kb check
    # would say it does not (before, the stamp was written and the next build stopped).
    problems = Problems(project.root)
    structure.compare(doc, original, problems)
    if problems:
        raise StampError("it does not match its original's structure; nothing was stamped:\n"
                         + "\n".join(str(problem) for problem in problems))
    digest = fingerprint(original)
    text = read_text(doc.path)
    lines = text.split("\n")
    # Where `translated_from` is, from the YAML marks the reader kept (scripts/source.py).
    start = (doc.line_of("translated_from") or 0) - 1
    stop = doc.source.end_lines.get(("translated_from",), start + 1)
    while stop - 1 > start and (not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    if start < 1 or stop > split_front_matter(text).close_index:
        raise StampError("`translated_from` could not be found in the front matter")
    # Quoted: a hash of only digits would otherwise be read back as a number.
    # `into`: this file's language, so that a copy of it started in another language is not
    # taken as stamped (validate.py).
    lines[start:stop] = [f"translated_from: {{lang: {lang}, hash: \"{digest}\", into: {doc.lang}}}"]
    new_text = "\n".join(lines)
    # The original's blocks as they are now, for the block report once it changes.
    recorded = snapshots.write(project.content_dir, original, digest)
    if new_text != text:
        # The editor's file keeps its form: a Windows editor's BOM and CRLF line endings stay,
        # so that the stamp changes one line of the file, not all of them.
        raw = doc.path.read_bytes()
        if b"\r\n" in raw:
            new_text = new_text.replace("\n", "\r\n")
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        doc.path.write_bytes(bom + new_text.encode("utf-8"))
        _prune(project, original)
        return f"stamped {doc.path.relative_to(project.root)}: matches {original.path.name} ({digest})"
    return (f"{doc.path.relative_to(project.root)} was already stamped for the current original"
            + ("; its original's blocks are recorded now" if recorded else ""))


def originals_drifts(project: Project, path: Path) -> list[Drift]:
    """The outdated translations of the original at `path`, with their block changes.
    Raises StampError when `path` is not an original."""
    original = _parse(project, path)
    if not original.is_original:
        raise StampError("this file is a translation: give its original (the file without "
                         "`translated_from`)")
    found = []
    for sibling in sorted(original.path.parent.glob(f"{original.slug}.*.md")):
        doc = _parse(project, sibling)
        source = doc.translated_from or {}
        if doc.slug == original.slug and not doc.is_original and source.get("lang") == original.lang:
            item = drift(project.content_dir, doc, original)
            if item.outdated:
                found.append(item)
    return found


def _prune(project: Project, original: Document) -> None:
    """Remove the original's snapshots that no translation is stamped with any more."""
    keep = set()
    for sibling in original.path.parent.glob(f"{original.slug}.*.md"):
        try:
            other = _parse(project, sibling)
        except StampError:
            return  # a file that cannot be read: keep everything rather than guess
        if other.translated_from and other.slug == original.slug:
            keep.add(str(other.translated_from.get("hash") or ""))
    snapshots.prune(project.content_dir, original, keep)


_SCAFFOLD_FIELDS = {
    "pages": "",
    "guides": "reviewed: {today}\nlegal_review: pending\ntopics: []\npopulations: []\n",
    "training": "order: 1\nduration: 60\nlegal_review: pending\nobjectives:\n  - \"...\"\n",
    "templates": ("reviewed: {today}\nlegal_review: pending\naddressee: \"...\"\nfields:\n"
                  "  - id: full_name\n    label: \"...\"\n    type: text\n    required: true\n"
                  "    help: \"...\"\n"),
    "briefs": ("reviewed: {today}\nlegal_review: pending\naudience: [health]\ndataset: cases\n"
               "periods: [\"2021\"]\ndimensions: [perpetrator]\n"),
}
# A template's body is its explanation, the marker line, then the letter (README, templates).
_SCAFFOLD_BODY = {
    "templates": ("## ...\n\nWhat the letter is for, when to use it, where and how to submit it, "
                  "deadlines, what to attach.\n\n<!-- letter -->\n> ...\n> {{ full_name }}\n\n"
                  "# ...\n\n...\n"),
    # A brief: what happens, why it matters, what we ask; figures only through placeholders.
    "briefs": ("## ...\n\nWhat happens: {{ figure(\"cases\", \"2021\", \"perpetrator\", \"healthcare\") }} "
               "cases ...\n\n## ...\n\nWhy it matters.\n\n## ...\n\nWhat we ask.\n"),
}


def scaffold(project: Project, section: str, slug: str, lang: str, translate_from: str | None) -> Path:
    """Create `content/<section>/<slug>.<lang>.md` with every required field (and, with
    `translate_from`, the original's text to translate); returns its path. Raises
    StampError for an unknown language, a bad slug or an existing file."""
    if lang not in project.codes:
        raise StampError(f"unknown language `{lang}`: use one of {', '.join(project.codes)}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise StampError("a slug is lower-case Latin letters, digits and dashes, e.g. police-detention")
    path = project.content_dir / section / f"{slug}.{lang}.md"
    if path.exists():
        raise StampError(f"{path.relative_to(project.root)} already exists")
    today = dt.date.today().isoformat()
    if translate_from:
        original_path = path.with_name(f"{slug}.{translate_from}.md")
        original = _parse(project, original_path) if original_path.is_file() else None
        source = original.translated_from if original is not None else None
        if source and source.get("lang") in project.codes:
            raise StampError(f"{original_path.name} is a translation from `{source['lang']}`: "
                             f"translate its original, with --translate {source['lang']}")
        if original is None or not original.is_original:
            raise StampError(f"there is no original {original_path.name} to translate")
        # JSON strings are valid YAML scalars, whatever quotes the title holds.
        head = (f"title: {json.dumps(original.title, ensure_ascii=False)}\n"
                f"summary: {json.dumps(original.summary, ensure_ascii=False)}\n"
                f"translated_from: {{lang: {translate_from}}}\n")
        if section in ("guides", "templates", "briefs"):
            head += f"reviewed: {today}\nlegal_review: pending\n"
        # The other fields whose words are translated (schema.py), copied to translate in
        # place: a module's objectives and quiz, a letter's addressee and fields. Without
        # them the new file broke required-field and quiz rules, and stopped the preview.
        words = {spec.name: original.meta[spec.name] for spec in KINDS[section]
                 if spec.translatable and spec.name not in ("title", "summary")
                 and spec.name in original.meta}
        if words:
            head += yaml.safe_dump(words, allow_unicode=True, sort_keys=False, width=1 << 16)
        body = original.body
    else:
        head = 'title: "..."\nsummary: "..."\n' + _SCAFFOLD_FIELDS[section].format(today=today)
        body = _SCAFFOLD_BODY.get(section, "## ...\n\nWrite the text here.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")
    return path
