"""Fingerprints of what each language's `mkdocs build` reads, so unchanged work is skipped.

A language's part of site/ is a function of its own folder of docs/ (generated: it holds
every page of that language, fallbacks included), plus what all languages share:
mkdocs.yml, overrides/, the hook files mkdocs.yml names, the versions of the MkDocs
packages, our own code (plugins that shape site/), SOURCE_DATE_EPOCH, and the *names* of
every file of docs/ (the language switcher and the sitemap link to the other languages'
pages, but never read them). So an edit to one Russian guide rebuilds Russian only; the
other languages are copied from the previous site/.

docs/ itself is generated from content/, aggregates/, mkdocs.yml and our code: when those
and docs/ are what site/ was built from, `kb build` does not even generate docs/ again.

The digests are stored in `site/.build-digest`: inside site/, so they are swapped in
together with the site they describe and disappear with it.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from .project import Project

DIGEST_FILE = ".build-digest"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "Babel", "python-frontmatter", "PyYAML", "python-docx", "matplotlib",
            "highspy")
# The key under which the digest of docs/'s sources is stored beside the languages'.
SOURCES = "sources"
SCHEME = "react-kb build digest 2"


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if root.is_dir():
        return sorted(p for p in root.rglob("*") if p.is_file())
    return []


def _tree(digest: hashlib._Hash, root: Path, label: str) -> None:
    for path in _files(root):
        rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
        data = path.read_bytes()
        digest.update(f"{label}/{rel}\0{len(data)}\0".encode())
        digest.update(data)


def _code(digest: hashlib._Hash) -> None:
    """Our own code and the packages it runs on. All of scripts/ is hashed (generators,
    MkDocs plugins and hooks of ours): simpler than knowing which part shapes what."""
    code = Path(__file__).parent
    for path in sorted(code.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            _tree(digest, path, f"code/{path.relative_to(code).parent.as_posix()}")
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"pkg {package}={version}\0".encode())


def source_digest(project: Project) -> str:
    """Digest of everything docs/ is generated from: content/, aggregates/, mkdocs.yml (its
    languages), the browser library copied from node_modules/, and the code. Generation
    reads no clock, so equal sources give an equal docs/."""
    from .appeals.assets import find_library, search_roots

    digest = hashlib.sha256(f"{SCHEME} sources".encode())
    _tree(digest, project.content_dir, "content")
    _tree(digest, project.aggregates_dir, "aggregates")
    _tree(digest, project.config_file, "config")
    library = find_library(search_roots(project.root))
    digest.update(library.code if library else b"no docx library")
    _code(digest)
    return digest.hexdigest()


def _shared(project: Project, extra: str) -> str:
    """Digest of what every language's build reads."""
    digest = hashlib.sha256(SCHEME.encode())
    _tree(digest, project.config_file, "config")
    _tree(digest, project.overrides_dir, "overrides")
    for hook in project.mkdocs_config.get("hooks", []) or []:
        _tree(digest, project.root / str(hook), f"hook:{hook}")
    _code(digest)
    digest.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0{extra}\0".encode())
    docs = project.docs_dir
    languages = set(project.codes)
    for path in _files(docs):
        rel = path.relative_to(docs)
        digest.update(f"name {rel.as_posix()}\0".encode())
        if rel.parts[0] not in languages:  # a file outside the language folders: all read it
            _tree(digest, path, f"docs/{rel.parent.as_posix()}")
    return digest.hexdigest()


def input_digests(project: Project, extra: str = "") -> dict[str, str]:
    """Per language, the hex digest of everything its build reads (+ `extra`)."""
    shared = _shared(project, extra)
    out = {}
    for lang in project.codes:
        digest = hashlib.sha256(f"{shared}\0{lang}\0".encode())
        _tree(digest, project.docs_dir / lang, "docs")
        out[lang] = digest.hexdigest()
    return out


def stored_digests(site: Path) -> dict[str, str]:
    """The digests site/ was built from; empty when site/ is missing or was built otherwise."""
    try:
        data = json.loads((site / DIGEST_FILE).read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def unchanged(project: Project, site: Path, digests: dict[str, str]) -> set[str]:
    """The languages whose part of `site` was built from exactly these inputs."""
    stored = stored_digests(site)
    default = project.default_language
    return {lang for lang, value in digests.items()
            if stored.get(lang) == value
            and (site / ("" if lang == default else lang) / "index.html").is_file()}


def store(site: Path, digests: dict[str, str], sources: str) -> None:
    digests = {**digests, SOURCES: sources}
    (site / DIGEST_FILE).write_text(json.dumps(digests, sort_keys=True, indent=1) + "\n",
                                    encoding="ascii")
