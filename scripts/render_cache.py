"""The render cache: results of the build's pure, costly steps kept between builds, each
under a fingerprint of every input it depends on, so that generating docs/ after an edit
renders and checks only the documents whose inputs changed.

What is cached (measured at N = 400 guides per language, `kb bench`: these two were
three quarters of generating docs/):

- **checks of texts** (`memo.persistent` functions: the raw-HTML check `rawhtml.refused`,
  which renders a body and parses it as a browser would; the notes of a body; a
  translation's structure) and the **statistics charts** (`statistics.charts`, a drawing
  by Matplotlib of a chart's numbers): pure functions of their arguments, keyed by them
  and the code;
- a **generic document page** (`render.Renderer.document`: front matter, notices, body,
  "See also"), keyed by the page's fingerprint (`page_key`); a **document page a feature
  renders itself** (training modules, templates, briefs, the home page: the feature's
  `document_sections`) by that fingerprint and the files of the sections the feature's
  `render_reads` declares (`document_key`);
- a **feature's own pages in one language** (`features.Feature.render`: guides index,
  finder, statistics, glossary...), keyed by `feature_key`: the shared inputs, the corpus
  view and the files of the documents of the sections the feature declares its pages read
  (`render_reads`; every section when it declares nothing). A page's status (outdated or
  not) is derived from those files, so it is covered too. So a guide's body edit renders
  none of the finder's hundreds of step pages.

Every fingerprint covers the **code**: every file of scripts/ and the versions of the
packages it runs on (`digest.source_inventory`, and every installed distribution's
version: `packages`), so any change of code empties the cache in
effect. A page's fingerprint (`page_key`) covers besides:

- the **shared inputs**: every file of content/ that is not a document (catalogs, UI
  strings, glossary, finder, topics), aggregates/, mkdocs.yml (languages, fallback order)
  and the files features declare (`inputs`);
- the **documents of the page's own key** (section and slug, every language: the shown
  document, the original, its translations) and the stamped snapshots of its original
  (content/.stamped/, for the outdated notice);
- the **corpus view**: of every document, its file's name and front matter (title,
  summary, shared fields such as `templates`), and which document each planned page shows.
  That is all a generic page may read of *other* documents (its "See also" titles and
  their languages): `features.py` says so to features' `see_also` and `page_meta`.

A page whose fingerprint is in the cache is taken from it; its bytes are those a render
would give (tests/test_render_cache.py compares with a render without the cache). The cache
lives in the project's `.cache/render/entries.pickle` (git-ignored; after a line holding its
checksum, as every cache file: one changed since it was written is not read); each build
keeps only the entries it used. Pickled, not JSON: at N = 400 guides (33 MB) pickle read it in
0.1 s and wrote it in 0.09 s where JSON took 0.28 s and 0.4 s, out of every edit's build. The
file is the project's own, like the last read (scripts/last_read.py): whoever can write it
can write scripts/ too, so unpickling it trusts nothing new; a file of another scheme, or
one that does not unpickle to it, is not used. `kb build --force` does not read it (it
renders and checks everything, as a fresh clone does) but writes it again.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import pickle
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .content import Document
from .corpus import Corpus
from .plan import PlannedPage
from .project import Project
from .write import collector_paused, read_cache_file, write_cache_file

T = TypeVar("T")

FOLDER = Path(".cache") / "render"
FILE = "entries.pickle"
SCHEME = "react-kb render cache 4"
SNAPSHOTS = "content/.stamped/"


# The entries of the cache file this process last read or wrote (one: a project's), as
# `{file: ((size, mtime in ns, inode) of the file then, entries)}`. `kb serve`'s builds, one
# after another in one process, unpickle the file (33 MB at N = 400 guides, 0.1 s) only when
# another process changed it. The entries are never changed once read: a build puts what it
# uses in a dictionary of its own.
_LOADED: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}
# Entries a build saved with `save_later` that are not in the file yet ({file: entries}): the
# next build of this process takes them from here; a timer thread writes them once the
# editor's browser has reloaded (`flush` at once). Guarded by `_PENDING_LOCK`.
_PENDING: dict[Path, dict[str, Any]] = {}
_PENDING_LOCK = threading.Lock()
_WRITING = threading.RLock()  # one write at a time, the pending check with it
# The timer that writes each file's pending entries. A build that starts meanwhile puts it
# off by as long again (the write would take the interpreter from that build; the build's
# own save arms a new one, and a build that fails leaves the put-off one).
_TIMERS: dict[Path, threading.Timer] = {}


def _keep_loaded(path: Path, entries: dict[str, Any], stat: tuple[int, int, int] | None) -> None:
    """Keep `entries` as those of `path` while it has `stat` (taken before it was read:
    a file replaced meanwhile is read again next time)."""
    _LOADED.clear()
    if stat is not None:
        _LOADED[path] = (stat, entries)


def _write(path: Path, entries: dict[str, Any]) -> None:
    """Write `entries` as the cache file `path` (atomically, with its checksum:
    `write.write_cache_file`) and keep them as its entries."""
    with _WRITING:
        data = pickle.dumps({"scheme": SCHEME, "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL)
        if write_cache_file(path, data):
            _keep_loaded(path, entries, _stat(path))
            with contextlib.suppress(OSError):  # the JSON file of earlier versions (33 MB at N = 400)
                (path.parent / "entries.json").unlink(missing_ok=True)


def _arm(path: Path, seconds: float) -> None:
    """Write the entries pending for `path` in `seconds` (from now, in a thread), not before."""
    timer = threading.Timer(seconds, _write_pending, args=(path,))
    timer.daemon = True
    with _PENDING_LOCK:
        earlier = _TIMERS.get(path)
        _TIMERS[path] = timer
    if earlier is not None:
        earlier.cancel()
    timer.start()


def _write_pending(path: Path) -> None:
    """Write the newest entries saved for `path` with `save_later`, if any are still to write
    (after a write of them already begun: not twice)."""
    with _WRITING:
        with _PENDING_LOCK:
            entries = _PENDING.get(path)
        if entries is None:
            return
        with contextlib.suppress(OSError):  # a cache: a build that cannot write it still worked
            _write(path, entries)
        with _PENDING_LOCK:
            if _PENDING.get(path) is entries:  # no build saved newer ones meanwhile
                del _PENDING[path]


def flush() -> None:
    """Write every cache file whose entries were saved with `save_later` and are not written
    yet; return when they are."""
    with _PENDING_LOCK:
        paths = list(_PENDING)
        timers = [_TIMERS.pop(path) for path in list(_TIMERS)]
    for timer in timers:
        timer.cancel()
    for path in paths:
        _write_pending(path)
    with _WRITING:  # a timer's write that had begun
        pass


atexit.register(flush)


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def _sha(*parts: str) -> str:
    digest = hashlib.sha256(SCHEME.encode())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class RenderCache:
    """Fingerprinted results of one build, read from and written to `folder` (None: a
    cache that keeps nothing, as for `kb build --force` before it writes).

    `inventory`: `{input name: SHA-256 hex}` of everything docs/ is generated from, as
    `digest.source_inventory` gives it (`content/...`, `aggregates/...`, `mkdocs.yml`,
    `scripts/...`, `package <name>`, features' inputs).
    """

    def __init__(self, folder: Path | None, content_dir: Path, inventory: Mapping[str, str],
                 read: bool = True):
        self.folder = folder
        self.content_dir = content_dir
        self.inventory = dict(inventory)
        self._old: dict[str, Any] = self._load() if folder is not None and read else {}
        self._new: dict[str, Any] = {}
        # Seconds after which `save` writes the file in the background (None: at once).
        self.save_later: float | None = None
        # What this build did: pages rendered and taken from the cache, texts checked and
        # checks taken from the cache (`kb build` reports them; the tests count them).
        self.rendered = 0
        self.reused = 0
        self.checked = 0
        self.checks_reused = 0
        # The same by kind of `memo.persistent` function ("raw-html", "chart"...).
        self.computed: Counter[str] = Counter()
        self.found: Counter[str] = Counter()
        # Features' page sets (one per feature and language) rendered and taken from the cache.
        self.features_rendered = 0
        self.features_reused = 0
        self._shared = ""
        self._view = ""
        self._documents: dict[str, list[str]] = {}  # {section: ["<file>=<sha>", ...]}
        # {sections a feature reads (None: every one): their documents' files and snapshots}
        self._read_sets: dict[frozenset[str] | None, str] = {}
        # While a feature's pages are rendered: the keys of the entries the render used (kept
        # with the pages, `feature_pages`); None otherwise.
        self._used: list[str] | None = None
        self._code_digest = ""
        self._snapshots: dict[tuple[str, str], list[str]] = {}

    @classmethod
    def of(cls, project: Project, inventory: Mapping[str, str], read: bool = True) -> RenderCache:
        """The cache of `project` (`.cache/render/`); `read=False` starts empty."""
        return cls(project.root / FOLDER, project.content_dir, inventory, read)

    # -- storage ---------------------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        assert self.folder is not None
        path = self.folder / FILE
        with _PENDING_LOCK:
            pending = _PENDING.get(path)
            timer = _TIMERS.get(path)
        if timer is not None and pending is not None:
            _arm(path, timer.interval)  # not while this build runs (a write begun goes on)
        if pending is not None:
            return pending  # newer than the file: its write is still to come
        stat = _stat(path)
        kept = _LOADED.get(path)
        if kept is not None and stat is not None and kept[0] == stat:
            return kept[1]  # this process read or wrote the file as it is (`_LOADED`)
        raw = read_cache_file(path)  # none, or changed since it was written (its checksum)
        if raw is None:
            return {}  # everything is rendered
        try:
            with collector_paused():
                data = pickle.loads(raw)
        except Exception:  # noqa: BLE001 - not a pickle this module wrote (other code): whatever
            return {}      # unpickling raises (MemoryError, KeyError...), everything is rendered
        if not isinstance(data, dict) or data.get("scheme") != SCHEME:
            return {}  # written by another version of this module
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        _keep_loaded(path, entries, stat)
        return entries

    def save(self) -> None:
        """Write the entries this build used (and only those), when they differ from what
        was read. Atomic: a build killed midway leaves the previous file.

        `save_later` (seconds; `build_site` sets 0 for kb build, whose MkDocs workers run
        meanwhile, and 3 for kb serve): the next build of this process takes the entries
        from memory, and the file is written that much later in a thread (0.1 s of pickling at
        N = 400 guides, no longer in the editor's wait), or at once by `flush` (kb build's
        end, kb serve stopping, the process ending). A build that starts puts the timer
        off, and its own save arms it again. A process killed before leaves the previous
        file: a cache that is behind, never a wrong one (entries are found by fingerprint)."""
        if self.folder is None or self._new == self._old:
            return
        path = self.folder / FILE
        if self.save_later is None:
            with _PENDING_LOCK:  # newer than entries still to write: those are never written
                _PENDING.pop(path, None)
            _write(path, self._new)
            return
        with _PENDING_LOCK:
            _PENDING[path] = dict(self._new)  # this build may go on using the cache
        _arm(path, self.save_later)

    def _get(self, key: str) -> Any | None:
        value = self._old.get(key)
        if value is None:
            value = self._new.get(key)
        if value is not None:
            self._new[key] = value
            if self._used is not None:
                self._used.append(key)
        return value

    def _put(self, key: str, value: Any) -> None:
        self._new[key] = value
        if self._used is not None:
            self._used.append(key)

    # -- fingerprints ----------------------------------------------------------------------
    def _code(self) -> str:
        if not self._code_digest:
            self._code_digest = code_fingerprint(self.inventory)
        return self._code_digest

    def start(self, corpus: Corpus, plan: Iterable[PlannedPage]) -> None:
        """Fingerprint what every page shares (shared inputs, corpus view, code), once the
        corpus is read and the plan made."""
        documents = {self._name(doc) for doc in corpus.documents}
        shared = sorted(f"{name}={sha}" for name, sha in self.inventory.items()
                        if name not in documents and not name.startswith(SNAPSHOTS))
        self._shared = _sha(self._code(), *shared)
        view = [f"{self._name(doc)}\0{_front_matter(doc)}" for doc in corpus.documents]
        view += [f"{page.lang}\0{page.path}\0{self._name(page.doc)}" for page in plan]
        self._view = _sha(*sorted(view))
        self._documents = {}
        for doc in corpus.documents:
            name = self._name(doc)
            self._documents.setdefault(doc.section, []).append(f"{name}={self.inventory.get(name, '-')}")
        self._read_sets = {}
        # The stamped snapshots by the document key they belong to, once: a page looks only
        # at its own (`content/.stamped/<section>/<slug>.<lang>.<hash>.json`).
        self._snapshots = {}
        for name, sha in self.inventory.items():
            if name.startswith(SNAPSHOTS) and "/" in name[len(SNAPSHOTS):]:
                section, file = name[len(SNAPSHOTS):].split("/", 1)
                if "." in file:
                    key = (section, file.split(".", 1)[0])
                    self._snapshots.setdefault(key, []).append(f"{name}={sha}")

    def page_key(self, page: PlannedPage, corpus: Corpus) -> str:
        """The fingerprint of a generic document page: shared inputs, corpus view (see the
        module's docstring), the page's language, path and status, the documents it shows
        and the files of its key with their snapshots."""
        assert self._shared, "start() before page_key()"
        own = sorted(f"{name}={self.inventory.get(name, '-')}"
                     for name in (self._name(doc) for doc in corpus.by_key.get(page.doc.key, {}).values()))
        own += sorted(self._snapshots.get(page.doc.key, ()))
        return _sha("page", self._shared, self._view, page.lang, page.path, str(page.status),
                    self._name(page.doc), self._name(page.original), *own)

    def feature_key(self, feature: str, lang: str, sections: Iterable[str] | None) -> str:
        """The fingerprint of a feature's own pages in `lang`: shared inputs, corpus view and
        the files (with their stamped snapshots) of the documents of `sections`, the sections
        whose documents' text (or status: outdated or not) the feature's `render` reads
        beyond their front matter (None: every section)."""
        assert self._shared, "start() before feature_key()"
        return _sha("feature", self._shared, self._view, feature, lang, self._read_set(sections))

    def document_key(self, page: PlannedPage, corpus: Corpus, feature: str,
                     sections: Iterable[str] | None) -> str:
        """The fingerprint of a document page that `feature` renders itself (its
        `document_sections`): the page's own (`page_key`) and the files (with their stamped
        snapshots) of the documents of `sections`, those its `render_reads` declares."""
        return _sha("document", self.page_key(page, corpus), feature, self._read_set(sections))

    def _read_set(self, sections: Iterable[str] | None) -> str:
        """The digest of the files and snapshots of the documents of `sections` (None: all)."""
        wanted = None if sections is None else frozenset(sections)
        read = self._read_sets.get(wanted)
        if read is None:
            own = [entry for section, entries in self._documents.items()
                   if wanted is None or section in wanted for entry in entries]
            own += [entry for (section, _slug), entries in self._snapshots.items()
                    if wanted is None or section in wanted for entry in entries]
            read = self._read_sets[wanted] = _sha(*sorted(own))
        return read

    # -- use -------------------------------------------------------------------------------
    def feature_pages(self, key: str, render: Callable[[], dict[str, str | bytes]]
                      ) -> dict[str, str | bytes]:
        """The pages cached under `key` (`{docs path: text or bytes}`, in the order they
        were rendered), else `render()` (counted in `features_rendered`), cached. The entries
        the render used (charts, blank letters, checks) are kept with them: a later build
        whose pages change finds them (each build keeps only the entries it used)."""
        cached = self._get(key)
        if isinstance(cached, dict) and isinstance(cached.get("files"), dict):
            self.features_reused += 1
            self._keep_uses(cached)
            return dict(cached["files"])
        files, uses = self._recording(render)
        self.features_rendered += 1
        self._put(key, {"uses": uses, "files": dict(files)})  # pickled as they are, in order
        return files

    def page(self, key: str, render: Callable[[], str]) -> str:
        """The page cached under `key`, else `render()` (counted in `rendered`), cached.
        The entries the render used (a feature's charts or checks) are kept with it, as
        with `feature_pages`."""
        cached = self._get(key)
        if isinstance(cached, str):
            self.reused += 1
            return cached
        if isinstance(cached, dict) and isinstance(cached.get("text"), str):
            self.reused += 1
            self._keep_uses(cached)
            return cached["text"]
        text, uses = self._recording(render)
        self.rendered += 1
        self._put(key, {"uses": uses, "text": text} if uses else text)
        return text

    def _keep_uses(self, cached: dict[str, Any]) -> None:
        """The entries a cached value's render used (its `uses`) kept by this build too."""
        for used in cached.get("uses") or ():
            self._get(used)

    def _recording(self, render: Callable[[], T]) -> tuple[T, list[str]]:
        """`render()` and the keys of the entries it used (sorted). Recordings nest: a page
        rendered for a feature's pages counts its entries for theirs too."""
        outer, self._used = self._used, []
        try:
            result = render()
        finally:
            used, self._used = self._used, outer
        uses = sorted(set(used or ()))
        if outer is not None:
            outer.extend(uses)
        return result, uses

    # -- the store of `memo.persistent` functions (checks of texts, charts) --------------
    def lookup(self, kind: str, arguments: str) -> Any | None:
        """The JSON form of a pure function's result for `arguments`, or None (memo.Store)."""
        found = self._get(_sha(kind, self._code(), arguments))
        if found is not None:
            self.checks_reused += 1
            self.found[kind] += 1
        return found

    def keep(self, kind: str, arguments: str, value: Any) -> None:
        """Keep a pure function's result (its JSON form) for `arguments` (memo.Store)."""
        self.checked += 1
        self.computed[kind] += 1
        self._put(_sha(kind, self._code(), arguments), value)

    def _name(self, doc: Document) -> str:
        """A document's inventory name: `content/<section>/<file>` (its folder and file name:
        content/ holds documents only in its section folders, content.py)."""
        return f"content/{doc.path.parent.name}/{doc.path.name}"

    def __str__(self) -> str:
        return (f"{self.rendered} pages rendered, {self.reused} from the render cache; "
                f"{self.features_rendered} features' page sets rendered, "
                f"{self.features_reused} from the cache; {self.checked} checks of texts and charts "
                f"computed, {self.checks_reused} from the cache")


def code_fingerprint(inventory: Mapping[str, str]) -> str:
    """SHA-256 hex of the code in `inventory` (`digest.source_inventory`: every file of
    scripts/ and the packages it names) and of every installed package's version
    (`packages`): what any result of the code depends on besides its inputs."""
    return _sha(*(f"{name}={sha}" for name, sha in sorted(inventory.items())
                  if name.startswith(("scripts/", "package "))), packages())


@functools.lru_cache(maxsize=1)
def packages() -> str:
    """Every installed distribution, one per line, as its metadata folder in a folder of
    `sys.path` names it (`mkdocs-1.6.1.dist-info`: its name and version, the wheel format's
    rule): any upgrade changes what the code does (Markdown, nh3, html5lib, Jinja2...).
    Listing the folders takes a millisecond; reading every distribution's metadata
    (`importlib.metadata.distributions`) took 0.08-0.2 s of every kb build."""
    found: set[str] = set()
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found.update(name for name in os.listdir(folder or ".")
                         if name.endswith((".dist-info", ".egg-info")))
    return "\n".join(sorted(found))


def _front_matter(doc: Document) -> str:
    return json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str)
