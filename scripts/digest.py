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

Every input is recorded as one entry of an *inventory*, `{name: SHA-256 of its bytes}`
(names such as `content/guides/x.en.md`, `docs/en/guides/x.md`, `package mkdocs`); a digest
is the SHA-256 of the entries it covers. The inventory is stored too, so that `explain`
can say why a language is built again ("content/guides/x.en.md changed").

The digests and the inventory are stored in `site/.build-digest`: inside site/, so they are
swapped in together with the site they describe and disappear with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from .features import feature_inputs, mkdocs_reads
from .project import Project
from .text_digest import sha256_hex
from .write import read_cache_file, write_cache_file

DIGEST_FILE = ".build-digest"
CODE = Path(__file__).parent  # our own code: scripts/
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "Babel", "python-frontmatter", "PyYAML", "python-docx", "matplotlib",
            "highspy")
# The key under which the digest of docs/'s sources is stored beside the languages'.
SOURCES = "sources"
# The key of the inventory in the digest file.
FILES = "files"
# Its entry of the state of site/'s files as written, per language (`output_states`).
OUTPUT = "output"
SCHEME = "react-kb build digest 3"
# How many reasons `explain` names per language before "and N more".
REASONS = 3

Inventory = dict[str, str]


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if root.is_dir():
        return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return []


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _data_sha(data: str | bytes) -> str:
    """The SHA-256 of a file of docs/ as generated: text (as UTF-8) or bytes. A text hashed
    before in this process is not hashed again (text_digest.py: kb serve's unchanged pages)."""
    return sha256_hex(data) if isinstance(data, str) else _sha(data)


# The SHA-256 of files this process hashed, by path (a string), with their status then
# (size, modification and change times in ns, inode), as scripts/write.py keeps docs/'s: a
# file whose status is the same is not read again. Any write changes the change time; a file
# changed within `RACY` of being hashed is not kept (two writes within one tick of the file
# system's clock, of the same size, would look alike). kb build keeps them between processes
# (`load_hashed`, `save_hashed`): content/ is 24 MB at N = 400 guides.
_HASHED: dict[str, tuple[tuple[int, int, int, int], str]] = {}
RACY = 2_000_000_000  # ns


def _file_sha(path: str) -> str:
    """The SHA-256 hex of the file at `path`, from `_HASHED` when its status is the same."""
    found = os.stat(path)
    status = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    known = _HASHED.get(path)
    if known is not None and known[0] == status:
        return known[1]
    with open(path, "rb") as file:
        sha = _sha(file.read())
    if time.time_ns() - max(found.st_mtime_ns, found.st_ctime_ns) > RACY:
        _HASHED[path] = (status, sha)
    return sha


def load_hashed(state: Path) -> None:
    """Take what an earlier process hashed from the file `state` (`save_hashed`) where this
    one knows nothing yet; a missing or broken file is nothing known."""
    try:
        entries = json.loads(read_cache_file(state) or b"{}")
        for path, (size, mtime, ctime, inode, sha) in entries.items():
            _HASHED.setdefault(str(path), ((int(size), int(mtime), int(ctime), int(inode)), str(sha)))
    except (OSError, ValueError, TypeError, AttributeError):
        return


def save_hashed(state: Path, *under: Path) -> None:
    """Keep what this process hashed under the folders `under` in the file `state`
    ({path: [size, mtime ns, ctime ns, inode, SHA-256 hex]}), atomically; an error writing
    it is ignored (a cache)."""
    prefixes = tuple(os.path.join(os.fspath(folder), "") for folder in under)
    entries = {path: [*status, sha] for path, (status, sha) in _HASHED.items() if path.startswith(prefixes)}
    write_cache_file(state, json.dumps(entries, sort_keys=True).encode("utf-8"))


@contextlib.contextmanager
def hashes_kept(state: Path, *under: Path, read: bool = True, save: bool = True) -> Iterator[None]:
    """Inside: files are hashed again only when their status changed since this process or
    (`read`) the last one that kept its hashes in `state` hashed them (`load_hashed`); on
    leaving (`save`; else the caller keeps them later), those of the files under `under`
    are kept there (`save_hashed`)."""
    if read:
        load_hashed(state)
    try:
        yield
    finally:
        if save:
            save_hashed(state, *under)


def _tree(root: Path, label: str) -> Inventory:
    """`{label/relative path: hash}` of every file under `root` (or of the file `root`),
    outside `__pycache__` folders."""
    if root.is_file():
        return {label: _file_sha(os.fspath(root))}
    out = {}
    base = os.fspath(root)
    for folder, folders, names in os.walk(base):
        folders[:] = [name for name in folders if name != "__pycache__"]
        rel = os.path.relpath(folder, base).replace(os.sep, "/")
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                out[f"{label}/{name}" if rel == "." else f"{label}/{rel}/{name}"] = _file_sha(path)
    return out


def _code() -> Inventory:
    """Our own code and the packages it runs on. All of scripts/ is hashed (generators,
    MkDocs plugins and hooks of ours): simpler than knowing which part shapes what."""
    out = _tree(CODE, "scripts")
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        out[f"package {package}"] = version
    return out


def combine(entries: Inventory) -> str:
    """The hex digest of a set of inventory entries (order does not matter)."""
    digest = hashlib.sha256(SCHEME.encode())
    for name in sorted(entries):
        digest.update(f"{name}\0{entries[name]}\n".encode())
    return digest.hexdigest()


def source_inventory(project: Project) -> Inventory:
    """Everything docs/ is generated from: content/, aggregates/, mkdocs.yml (its
    languages), what features declare (`inputs`, e.g. the browser library the templates
    copy from node_modules/), and the code."""
    return {**_tree(project.content_dir, "content"), **_tree(project.aggregates_dir, "aggregates"),
            **_tree(project.config_file, "mkdocs.yml"), **feature_inputs(project), **_code()}


def source_digest(project: Project) -> str:
    """Digest of everything docs/ is generated from (see `source_inventory`). Generation
    reads no clock, so equal sources give an equal docs/."""
    return combine(source_inventory(project))


Docs = Mapping[str, str | bytes]


def _docs_on_disk(project: Project) -> dict[str, Path]:
    """`{path relative to docs/: the file}` of every file of docs/."""
    folder = project.docs_dir
    return {path.relative_to(folder).as_posix(): path for path in _files(folder)}


def shared_inventory(project: Project, extra: str = "", docs: Docs | None = None) -> Inventory:
    """What every language's build reads: settings, theme, hooks, code, build date, `extra`
    (the site address...), the files the plugins read beside docs/ (`features.mkdocs_reads`),
    the names of all files of docs/ and the files outside the language folders. `docs`: docs/
    as just written (`inventories`)."""
    out = {**_tree(project.config_file, "mkdocs.yml"), **_tree(project.overrides_dir, "overrides"),
           **_code(), "setting SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
           "setting build": extra}
    for path in mkdocs_reads(project):
        # Not `content/...`: incremental.plan leaves sources out, this is read by every page.
        name = os.path.relpath(path, project.root).replace(os.sep, "/")
        out[f"plugin input {name}"] = _file_sha(os.fspath(path)) if path.is_file() else "-"
    for hook in project.mkdocs_config.get("hooks", []) or []:
        out.update(_tree(project.root / str(hook), f"hook {hook}"))
    languages = set(project.codes)
    files: Mapping[str, str | bytes | Path] = _docs_on_disk(project) if docs is None else docs
    for rel in sorted(files):
        out[f"name docs/{rel}"] = ""
        if rel.split("/", 1)[0] not in languages:  # a file outside the language folders: all read it
            data = files[rel]
            out[f"docs/{rel}"] = _sha(data.read_bytes()) if isinstance(data, Path) else _data_sha(data)
    return out


def language_inventory(project: Project, lang: str, docs: Docs | None = None) -> Inventory:
    """The files of one language's folder of docs/ (`docs`: docs/ as just written)."""
    if docs is None:
        return _tree(project.docs_dir / lang, f"docs/{lang}")
    ours = f"{lang}/"
    return {f"docs/{rel}": _data_sha(docs[rel])
            for rel in sorted(rel for rel in docs if rel.startswith(ours))}


def inventories(project: Project, extra: str = "", docs: Docs | None = None) -> dict[str, Inventory]:
    """Per language, every input its build reads: the shared ones and its docs/ folder.
    `docs` (`{path relative to docs/: text or bytes}`): exactly what docs/ holds, when the
    caller has just written it (hashed from memory, not read again); None: read docs/."""
    shared = shared_inventory(project, extra, docs)
    return {lang: {**shared, **language_inventory(project, lang, docs)} for lang in project.codes}


def with_files(project: Project, per_language: Mapping[str, Inventory], changed: Docs
               ) -> dict[str, Inventory]:
    """`inventories(project, extra, {**docs, **changed})` from `per_language`, which is
    `inventories(project, extra, docs)`: only the files of `changed` (`{path relative to
    docs/: text or bytes}`, e.g. the PDFs laid out meanwhile) are hashed. New dicts."""
    languages = set(project.codes)
    out = {lang: dict(entries) for lang, entries in per_language.items()}
    for rel, data in changed.items():
        sha = _data_sha(data)
        top = rel.split("/", 1)[0]
        for lang, entries in out.items():
            entries[f"name docs/{rel}"] = ""
            if top == lang or top not in languages:
                entries[f"docs/{rel}"] = sha
    return out


def input_digests(project: Project, extra: str = "") -> dict[str, str]:
    """Per language, the hex digest of everything its build reads (+ `extra`)."""
    return {lang: combine(entries) for lang, entries in inventories(project, extra).items()}


@dataclass(frozen=True)
class Record:
    """The digest file of a built site/ as `store` wrote it, read once per build (`read`);
    empty for a site/ that is missing, damaged or was built otherwise.

    `digests`: `{language or SOURCES: hex}`; `files`: the inventory of the inputs it was built
    from (empty for an older digest file); `tampered`: the languages whose files in site/ are
    not as that build left them (changed, added or removed by hand or by another program:
    built again, every page), empty when not checked or not recorded."""

    digests: dict[str, str] = field(default_factory=dict)
    files: Inventory = field(default_factory=dict)
    tampered: frozenset[str] = frozenset()

    @classmethod
    def read(cls, project: Project, site: Path, outputs: bool = True) -> Record:
        """The record of `site`; `outputs`: also compare its files with their recorded state
        (`output_states`, 0.06-0.16 s at N = 400; kb serve leaves it out: only it writes
        its preview)."""
        try:
            data = json.loads((site / DIGEST_FILE).read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        files, recorded = data.get(FILES), data.get(OUTPUT)
        tampered: frozenset[str] = frozenset()
        if outputs and isinstance(recorded, dict):
            now = output_states(project, site)
            tampered = frozenset(lang for lang in project.codes if recorded.get(lang) != now.get(lang))
        return cls({str(k): str(v) for k, v in data.items() if k not in (FILES, OUTPUT)},
                   {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
                   tampered)

    def unchanged(self, project: Project, site: Path, digests: dict[str, str]) -> set[str]:
        """The languages whose part of `site` was built from exactly these inputs (`digests`:
        `{language: hex}`), whose home page is there and whose files were not tampered with."""
        default = project.default_language
        return {lang for lang, value in digests.items()
                if self.digests.get(lang) == value and lang not in self.tampered
                and (site / ("" if lang == default else lang) / "index.html").is_file()}


def output_states(project: Project, site: Path) -> dict[str, str]:
    """Per language, the SHA-256 of the path, size, modification time (ns) and inode of each
    file of its part of `site` (the default language's: every file outside the other
    languages' folders), the digest file left out: a file written, replaced, added or removed
    since changes it, a hard link made or removed elsewhere does not. 0.06-0.16 s for the
    4,852 files of site/ at N = 400."""
    others = {code for code in project.codes if code != project.default_language}
    entries: dict[str, list[str]] = {code: [] for code in project.codes}

    def walk(folder: str, rel: str, lang: str) -> None:
        with os.scandir(folder) as found:
            for entry in found:
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{name}/", entry.name if not rel and entry.name in others else lang)
                elif not (not rel and entry.name.startswith((DIGEST_FILE, f".{DIGEST_FILE}"))):
                    status = entry.stat(follow_symlinks=False)
                    entries[lang].append(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}")

    try:
        walk(os.fspath(site), "", project.default_language)
    except OSError:  # site/ missing or changing under the walk: nothing is kept
        return {}
    return {lang: _sha("\n".join(sorted(lines)).encode("utf-8", "surrogateescape"))
            for lang, lines in entries.items()}


def store(site: Path, digests: dict[str, str], sources: str,
          files: Inventory | None = None, project: Project | None = None) -> None:
    """Write the digest file of `site`: the digests and the inventory `files` of its inputs,
    and, given the `project`, the state of its files (`output_states`; compared by `Record.read`).
    Atomically: a build with nothing to publish updates the one of the live site/."""
    data: dict[str, object] = {**digests, SOURCES: sources}
    if files is not None:
        data[FILES] = files
    if project is not None:
        data[OUTPUT] = output_states(project, site)
    tmp = site / f".{DIGEST_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, sort_keys=True, indent=0) + "\n", encoding="ascii")
    os.replace(tmp, site / DIGEST_FILE)


def _changes(before: Inventory, after: Inventory) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def _describe(name: str, before: Inventory, after: Inventory) -> str:
    if name.startswith("package "):
        return f"{name} {before.get(name, '-')} -> {after.get(name, '-')}"
    if name == "setting build":
        return "the site address (--site-url) or preview setting changed"
    if name.startswith("setting "):
        return f"{name.removeprefix('setting ')} changed"
    if name.startswith("name docs/"):
        verb = "added" if name in after else "removed"
        return f"{name.removeprefix('name ')} {verb}"
    if name.startswith("library "):
        return f"{name.removeprefix('library ')} library (node_modules/) changed"
    if name.startswith("hook "):
        name = name.removeprefix("hook ").partition("/")[0]
    verb = "added" if name not in before else "removed" if name not in after else "changed"
    return f"{name} {verb}"


def _stem(name: str) -> str:
    return PurePosixPath(name).name.partition(".")[0]


def explain(lang: str, languages: tuple[str, ...], before: Inventory, after: Inventory) -> list[str]:
    """Why `lang` is built again, as short phrases naming files: the changed inputs of its
    build that are not generated, and for its changed pages in docs/, the changed source
    files (content/, aggregates/) they come from ("content/guides/x.en.md changed").

    `before`/`after`: the stored and the current inventory of every input (sources, shared
    and every language's docs/); `languages`: the codes of the site's languages. At most
    REASONS phrases, then "and N more"."""
    if not before:
        return ["no record of the previous build"]
    ours = f"docs/{lang}/"
    others = tuple(f"docs/{code}/" for code in languages if code != lang)
    every = _changes(before, after)
    sources = [name for name in every if name.startswith(("content/", "aggregates/", "library "))]
    pages = [name for name in every if name.startswith(ours)]
    shared = [name for name in every
              if name not in sources and not name.startswith(ours) and not name.startswith(others)]
    reasons = []
    if pages and sources:
        # The sources named like a changed page (guides/x.md <- content/guides/x.en.md,
        # statistics/cases/2020.md <- aggregates/cases.csv), else every changed source.
        parts = {part.partition(".")[0] for page in pages for part in page.split("/")[2:]}
        named = [s for s in sources
                 if _stem(s) in parts or any(p.startswith(_stem(s) + "-") for p in parts)]
        reasons += [_describe(s, before, after) for s in (named or sources)]
    # Shared inputs (code, settings, theme) before pages changed without a changed source:
    # a change of code changes pages, and is the reason to name.
    reasons += [_describe(name, before, after) for name in shared]
    if pages and not sources:
        reasons += [_describe(name, before, after) for name in pages]
    reasons = list(dict.fromkeys(reasons)) or ["its inputs changed"]
    if len(reasons) > REASONS:
        reasons = reasons[:REASONS] + [f"and {len(reasons) - REASONS} more"]
    return reasons
