"""MkDocs, one process per language, merged into one site.

static-i18n builds its languages one after another in a single process. Each language is a
complete MkDocs build of its own (its pages, its navigation, its search index), so they can
run side by side: one worker process per language, as many at once as there are CPUs. Each
worker builds into its own folder; the default language's folder becomes the site root and
each other language's `<lang>/` folder is moved into it.

What the workers share and what they do not:
- Theme files (Material's assets, overrides/assets, sw.js) are written by the default
  language's build only; every language links to the same `assets/` at the root.
- Each build renders a `404.html` at its root: the default language's stays at the site
  root, each other language's goes to `<lang>/404.html`.
- `sitemap.xml` comes from the default language's build (static-i18n lists every language's
  alternates in it); without `site_url` it cannot be right and is dropped (see `finish`).

Workers report pages done as they go (`Progress`), and every MkDocs warning of every
language is collected: a strict build fails once, with all of them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from .content import Document
from .digest import DIGEST_FILE
from .errors import BuildError, Problems
from .features import finish_site
from .project import Project

# Seconds between two progress reports of one language.
REPORT_EVERY = 1.0


@dataclass(frozen=True)
class Progress:
    language: str
    done: int
    total: int
    seconds: float
    finished: bool = False

    def __str__(self) -> str:
        if self.finished:
            return f"{self.language}: {self.done} pages in {self.seconds:.1f} s"
        return f"{self.language}: {self.done}/{self.total} pages, {self.seconds:.1f} s"


ProgressFn = Callable[[Progress], None]


# -- in the worker ---------------------------------------------------------------------------

_reports: multiprocessing.Queue | None = None


def _init_worker(reports: multiprocessing.Queue) -> None:
    global _reports
    _reports = reports


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Worker(BasePlugin):
    """Counts the language's pages as they are written; leaves theme files to the default
    language's build."""

    def __init__(self, language: str, shares_theme: bool) -> None:
        super().__init__()
        self.language = language
        self.shares_theme = shares_theme
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self.last = self.started

    @event_priority(-200)  # after static-i18n (-100) has chosen this language's files
    def on_files(self, files, config):
        if self.shares_theme:
            docs = Path(config.docs_dir).resolve()
            for file in list(files):
                if not Path(file.abs_src_path or "").resolve().is_relative_to(docs):
                    files.remove(file)
        self.total = len(files.documentation_pages())
        return files

    def on_post_page(self, output: str, page, config) -> str:
        self.done += 1
        now = time.monotonic()
        if now - self.last >= REPORT_EVERY:
            self.last = now
            self.report()
        return output

    def report(self, finished: bool = False) -> None:
        if _reports is not None:
            _reports.put(Progress(self.language, self.done, self.total,
                                  time.monotonic() - self.started, finished))


def build_language(config_file: str, site_dir: str, language: str,
                   settings: dict[str, Any], serving: bool = False) -> list[str]:
    """Build one language into `site_dir`; MkDocs' warnings if the strict build failed.
    `serving`: plugins are told it is `mkdocs serve` (a preview with live reload)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file, site_dir=site_dir, strict=True, **settings)
        config.plugins.on_startup(command="serve" if serving else "build", dirty=False)
        i18n: Any = config.plugins["i18n"]  # static-i18n's own attributes, not BasePlugin's
        # static-i18n builds the language it is told to be on; `building` stops it from
        # building every other language after this one (it does that in on_post_build).
        i18n.current_language = language
        i18n.building = True
        worker = _Worker(language, shares_theme=language != i18n.default_language)
        config.plugins["react-language-worker"] = worker
        build(config)
        worker.report(finished=True)
        return []
    except MkDocsException as exc:
        return collect.messages or [str(exc)]
    finally:
        logger.removeHandler(collect)


# -- in the parent ---------------------------------------------------------------------------

def workers(languages: int) -> int:
    """How many language builds run at once: one per CPU this process may use, at most one
    per language."""
    return max(1, min(languages, len(os.sched_getaffinity(0))))


def _relay(reports: multiprocessing.Queue, progress: ProgressFn, stop: threading.Event) -> None:
    while not stop.is_set() or not reports.empty():
        try:
            progress(reports.get(timeout=0.1))
        except queue.Empty:
            continue


def run_mkdocs(project: Project, site_dir: Path, progress: ProgressFn | None = None,
               keep: set[str] | frozenset[str] = frozenset(), previous: Path | None = None,
               serving: bool = False, **settings: object) -> None:
    """`mkdocs build --strict` of every language into `site_dir`; BuildError with every
    warning of every language when any failed.

    Languages in `keep` are not built but copied from the site `previous` (their inputs
    did not change). `settings` override mkdocs.yml (`use_directory_urls=False` for kb dist).
    """
    default = project.default_language
    # Default language first: it has the most to do (theme files, sitemap).
    languages = sorted((c for c in project.codes if c not in keep), key=lambda c: c != default)
    if keep and previous is None:
        raise ValueError("languages to keep need the previous site to copy them from")
    # spawn, not fork: `kb serve` and the tests have threads running, which fork does not copy.
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    stop = threading.Event()
    relay = threading.Thread(target=_relay, args=(reports, progress or (lambda _: None), stop),
                             daemon=True)
    relay.start()
    parts = Path(tempfile.mkdtemp(prefix=".site-parts-", dir=site_dir.parent))
    try:
        with ProcessPoolExecutor(workers(len(languages)), mp_context=context,
                                 initializer=_init_worker, initargs=(reports,)) as pool:
            futures = {lang: pool.submit(build_language, str(project.config_file),
                                         str(parts / lang), lang, dict(settings), serving)
                       for lang in languages}
            failed = {lang: future.result() for lang, future in futures.items()}
        stop.set()
        relay.join()
        problems = Problems(project.root)
        where = _Sources(project) if any(failed.values()) else None
        for lang, messages in failed.items():
            for message in messages:
                file, line = where.find(message) if where else (None, None)
                if file is None:
                    problems.add(project.config_file, "mkdocs", f"[{lang}] {message}",
                                 "fix the page or setting named in the message; docs/ is generated "
                                 "from content/, so fix the content file it came from")
                else:
                    problems.add(file, "mkdocs", f"[{lang}] {message}",
                                 "fix this file at the line named (MkDocs saw it in the page "
                                 "generated from it)", line=line)
        if problems:
            raise BuildError(problems)
        merge(parts, site_dir, default, list(project.codes), previous)
        finish(site_dir, settings.get("site_url") or project.mkdocs_config.get("site_url"))
        # What features add to the whole site (features.finish_site): e.g. what this
        # deployment holds, for readers' offline copies (scripts/safety/offline.py).
        finish_site(project, site_dir)
    finally:
        stop.set()
        shutil.rmtree(parts, ignore_errors=True)


_DOC_FILE = re.compile(r"""^Doc file '([^']+)'""")
_QUOTED = re.compile(r"'([^']+)'")
# Pages a feature generates from one document: the trainer edition and the handouts.
_FROM_DOCUMENT = re.compile(r"^training/(?:trainer/(?:handouts/)?|handouts/)(?P<slug>[^/]+)\.md$")


class _Sources:
    """Which content file (and line) a page of docs/ was generated from, for MkDocs' warnings."""

    def __init__(self, project: Project) -> None:
        from .content import read_documents
        from .corpus import Corpus, page_path

        corpus = Corpus(read_documents(project.content_dir, project.codes, Problems(project.root)))
        self.pages: dict[str, Document] = {}
        for key, docs in corpus.by_key.items():
            original = corpus.original(key)
            for lang in project.codes:
                doc = docs.get(lang) or original
                if doc is not None:
                    self.pages[f"{lang}/{page_path(*key)}"] = doc

    def find(self, message: str) -> tuple[Path | None, int | None]:
        match = _DOC_FILE.match(message)
        if not match:
            return None, None
        lang, _, path = match[1].partition("/")
        generated = _FROM_DOCUMENT.match(path)
        doc = self.pages.get(f"{lang}/{path}") or (
            self.pages.get(f"{lang}/training/{generated['slug']}.md") if generated else None)
        if doc is None:
            return None, None
        quoted = _QUOTED.findall(message[match.end():])
        lines = doc.body.split("\n")
        for text in quoted[:1]:
            for index, line in enumerate(lines):
                if text in line:
                    return doc.path, doc.body_line + index
        return doc.path, doc.body_line


def _link_or_copy(source: str, target: str) -> None:
    """Hard links: the previous site is replaced, never changed in place, so sharing the
    files is safe and a kept language costs no copying."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def merge(parts: Path, site_dir: Path, default: str, languages: list[str],
          previous: Path | None) -> None:
    """One site: the default language's part is the root, the others move in beside it.
    A language without a fresh part in `parts` is taken from `previous`."""
    if site_dir.exists():
        site_dir.rmdir()  # an empty staging folder; a full one is an error worth seeing
    others = [lang for lang in languages if lang != default]
    if (parts / default).is_dir():
        (parts / default).rename(site_dir)
    else:
        assert previous is not None
        # The root of the previous site minus the other languages' folders and the digest.
        skip = {*others, DIGEST_FILE}
        shutil.copytree(previous, site_dir, copy_function=_link_or_copy,
                        ignore=lambda folder, names: skip & set(names) if Path(folder) == previous else ())
    for lang in others:
        built = parts / lang
        target = site_dir / lang
        if built.is_dir():
            (built / lang).rename(target)
            (built / "404.html").rename(target / "404.html")
        else:
            assert previous is not None
            shutil.copytree(previous / lang, target, copy_function=_link_or_copy)


def finish(site_dir: Path, site_url: object) -> None:
    """Drop a sitemap that cannot be right: without `site_url` its addresses are "None"."""
    if not site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
