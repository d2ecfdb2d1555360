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

import concurrent.futures
import hashlib
import logging
import multiprocessing
import os
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import FileSystemBytecodeCache, TemplateError, TemplateSyntaxError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from . import kept_sources
from .boundary import mkdocs, static_i18n
from .content import Document
from .digest import DIGEST_FILE
from .errors import BuildError, Problems
from .features import finish_site, load_features
from .kept_sources import KeptSources
from .project import Project
from .publish import PARTS_PREFIX
from .workers import quiet_on_interrupt, starting_workers

T = TypeVar("T")
R = TypeVar("R")
# Seconds between two progress reports of one language.
REPORT_EVERY = 1.0
# The folder of `run_mkdocs`' parts where the languages kept from the previous site are linked.
KEPT = ".kept"
# Outputs a partial build links from the previous site instead of copying (`copy_previous`):
# the PDFs, and the pages (their HTML), which are most of a language's bytes and files.
LINKED = ".pdf"
PAGE_OUTPUT = "index.html"
# An `id` attribute's value in HTML (`anchor_ids`).
_ID = re.compile(r"""id=["']?([^"'\s>]+)""")


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
# What runs over the merged site before it is finished: (site folder, languages built).
LastPass = Callable[[Path, tuple[str, ...]], None]


# -- in the worker ---------------------------------------------------------------------------

_reports: multiprocessing.Queue | None = None


def _init_worker(reports: multiprocessing.Queue, config_file: str | None = None,
                 ignored: bool = False) -> None:
    """A worker's start: where to report progress; with `config_file` (a pool started ahead,
    `LanguageWorkers`), what a language build imports is imported now: MkDocs, the theme and
    the plugins, hooks and Markdown extensions mkdocs.yml names (loading it imports them),
    and the features, which the hooks load at the first page (0.3 s of an edit's build).
    `ignored`: the parent ignores Ctrl-C (`workers.quiet_on_interrupt`)."""
    global _reports
    _reports = reports
    quiet_on_interrupt(ignored)
    if config_file is None:
        return
    # Quiet: a bad mkdocs.yml is the language build's to report, once. docs/ may not be
    # written yet when a pool starts ahead (a fresh clone's first build), and MkDocs logged
    # "Config value 'docs_dir': ... isn't an existing directory" before the build began.
    config_log = logging.getLogger("mkdocs")  # and its children (mkdocs.config...)
    level = config_log.level
    config_log.setLevel(logging.CRITICAL + 1)
    try:
        load_features()
        from mkdocs.config import load_config

        load_config(config_file)
    except Exception:  # noqa: BLE001 - see above
        pass
    finally:
        config_log.setLevel(level)


class Collect(logging.Handler):
    """Keeps the messages of MkDocs' warnings (and errors) logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Worker(BasePlugin):
    """Counts the language's pages as they are written; leaves theme files to the default
    language's build."""

    def __init__(self, language: str, shares_theme: bool, changed: set[str] | None = None,
                 later: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.language = language
        self.shares_theme = shares_theme
        # Files of docs/ (paths relative to it) the last pass adds (PDFs being laid out).
        self.later = later
        # A partial build (scripts/incremental.py): the files of docs/ to render or copy again
        # over a copy of the previous output; None: a clean build.
        self.changed = changed
        # The previous PDFs were linked, not copied (`copy_previous`, kb build's partial
        # builds): MkDocs must not write them.
        self.linked = False
        # Every page's language menu, though only `changed` is rendered now: kb serve's kept
        # MkDocs renders any page later (scripts/serve_session.py).
        self.every_menu = False
        # The other languages' pages static-i18n does not see (`_set_aside`).
        self.aside: dict[str, dict[str, File]] = {}
        # The pages' meta kept between builds (`load_language` sets it), for `_read_kept`.
        self.sources: KeptSources | None = None
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self.last = self.started

    @event_priority(-90)  # before static-i18n (-100) pairs every file with its language
    def _set_aside(self, files, config):
        """Only this language's files go to static-i18n; the other languages' pages are
        kept aside for its alternates (`static_i18n.set_aside`)."""
        files, self.aside = static_i18n.set_aside(config, files)
        return files

    def every_menu_now(self, config) -> bool:
        """Whether this build gives every page its language menu (`add_alternates`): kb
        serve's kept MkDocs, or the default language's build writing the sitemap."""
        return self.every_menu or (not self.shares_theme and bool(config.site_url))

    def listing(self, config) -> frozenset[str] | None:
        """The folders of docs/ this build lists (`mkdocs.build(folders=...)`): its own
        language's in a partial build that needs no other page's language menu (the others'
        pages it needs, the alternates of the pages it renders, are `unlisted_aside`);
        None: every folder."""
        if self.changed is None or self.every_menu_now(config):
            return None
        return frozenset({self.language})

    @event_priority(-200)  # after static-i18n (-100) has chosen this language's files
    def _chosen(self, files, config):
        docs = os.path.join(os.path.normpath(config.docs_dir), "")  # absolute, as MkDocs made it
        # A partial build needs the language menus of the pages it renders only, unless it
        # writes the sitemap (the default language's, with every page's alternates).
        partial = self.changed is not None and not self.every_menu_now(config)
        rendered = self._rendered(files, docs) if partial else None
        if rendered is not None and self.listing(config) is not None:  # the others' folders unlisted
            self.aside.update(static_i18n.unlisted_aside(config, rendered))
        static_i18n.add_alternates(config, files, self.aside, only=rendered)
        self.aside = {}
        if self.shares_theme:
            for file in list(files):
                if not (file.abs_src_path or "").startswith(docs):
                    files.remove(file)
        if self.changed is not None:
            for file in list(files):
                source = file.abs_src_path or ""
                if not source.startswith(docs):
                    continue
                path = source[len(docs):].replace(os.sep, "/")
                if path in self.changed:
                    # MkDocs' dirty build renders (or copies) a file whose output is missing.
                    Path(file.abs_dest_path).unlink(missing_ok=True)
                elif self.linked and file.is_modified():
                    # It writes one older than its source too, in place: not into a link.
                    Path(file.abs_dest_path).unlink(missing_ok=True)
                elif self.linked and path.endswith(LINKED) and not file.is_documentation_page():
                    # Its previous output, linked by `copy_previous`: never written to.
                    files.remove(file)
                    files.append(_LaterFile(path, self.language, not self.shares_theme, config))
        for path in sorted(self.later):
            if path.startswith(f"{self.language}/") and files.get_file_from_path(path) is None:
                files.append(_LaterFile(path, self.language, not self.shares_theme, config))
        self.total = len(files.documentation_pages())
        return files

    on_files = CombinedEvent(_set_aside, _chosen)

    def _rendered(self, files, docs: str) -> set[str]:
        """The docs paths of the pages a partial build renders: the changed ones, and every
        page MkDocs' dirty build renders again because its docs/ file is newer than its
        output (a `touch`, a file written again with the same bytes after a hand's change
        in docs/), which needs its language menu as much."""
        pages = set(self.changed or ())
        for file in files.documentation_pages():
            source = file.abs_src_path or ""
            if source.startswith(docs) and file.is_modified():
                pages.add(source[len(docs):].replace(os.sep, "/"))
        return pages

    @event_priority(100)  # before the hook's on_env names sections after their index pages
    def _read_kept(self, env, config, files):
        """In a partial build, the pages not rendered again still need their title and meta
        (the navigation of the pages that are) and their anchors (links to them are checked):
        read from the source and from their previous output."""
        if self.changed is not None:
            for file in files.documentation_pages():
                page = file.page
                if page is not None and page.content is None:
                    if self.sources is None:
                        page.read_source(config)
                    else:  # the meta kept from the last build, unless the source changed
                        mkdocs.read_source(page, config, self.sources.parse)
                    html = Path(file.abs_dest_path).read_text(encoding="utf-8")
                    page.present_anchor_ids = anchor_ids(html)
        return env

    @event_priority(-1000)  # after every plugin has added its filters to the environment
    def _compiled_kept(self, env, config, files):
        """The theme's templates compiled once, kept between builds (`bytecode_cache`)."""
        env.bytecode_cache = bytecode_cache(env, Path(config.config_file_path).parent)
        return env

    on_env = CombinedEvent(_read_kept, _compiled_kept)

    @event_priority(1000)  # first: the meta as MkDocs read it, before any plugin changes it
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.sources is not None:
            self.sources.record(page.file.content_string, page.markdown, page.meta)
        return markdown

    def on_post_build(self, config) -> None:
        if self.sources is not None:
            self.sources.save()

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


# Where a project keeps its compiled templates (`bytecode_cache`).
TEMPLATES_CACHE = Path(".cache") / "jinja"


def bytecode_cache(env: Any, root: Path) -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates for the MkDocs environment `env` of the project
    at `root`, in `TEMPLATES_CACHE/<key>/`. Each language build used to compile the ~40
    templates its pages use, about 0.4 s (README "Build speed"); Jinja keeps a template's
    code under its name and file and uses it only while the template's source is the same
    (its checksum). What else a template compiles against is the key of the folder: the
    versions of Python, Jinja, MkDocs and Material, the names of the environment's filters
    and tests (a missing filter is an error when compiling), its extensions and syntax.
    None (templates compiled each time) when the folder cannot be made."""
    import jinja2

    from .boundary import installed_version

    settings = (sys.version, jinja2.__version__, installed_version("mkdocs"),
                installed_version("mkdocs-material"), sorted(env.filters), sorted(env.tests),
                sorted(env.extensions), env.block_start_string, env.block_end_string,
                env.variable_start_string, env.variable_end_string, env.comment_start_string,
                env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, env.optimized, env.is_async)
    key = hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
    folder = root / TEMPLATES_CACHE / key
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _KeptTemplates(str(folder))


def anchor_ids(html: str) -> set[str]:
    """The ids of a page's previous output (`id=` where a word starts): the anchors links to
    it may name (partial builds). The literal `id=` is searched and the word start checked
    here, as `\\bid=` would, about ten times faster (0.5 s of a language's 560 pages:
    a regular expression opening with `\\b` cannot search for its literal start)."""
    ids = set()
    for match in _ID.finditer(html):
        at = match.start()
        if at == 0 or not (html[at - 1].isalnum() or html[at - 1] == "_"):
            ids.add(match.group(1))
    return ids


class _KeptTemplates(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, as a cache: a file it cannot read (cut
    short, not Jinja's, unreadable) is a template compiled again, one it cannot write is
    not kept; never a failed build."""

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - any broken file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _LaterFile(File):
    """A file of docs/ whose output MkDocs does not write: one the last pass writes (a PDF
    being laid out) or, in a partial build, an unchanged PDF whose previous output is linked
    (`copy_previous`). Pages may link it (MkDocs checks that it exists); MkDocs copies nothing
    for it."""

    def __init__(self, path: str, language: str, default: bool, config: Any) -> None:
        # Where static-i18n puts a file of a language folder: the default language's at the
        # root, another's in its folder.
        dest = path.split("/", 1)[1] if default else path
        super().__init__(path, None, config.site_dir, config.use_directory_urls, dest_uri=dest)

    def copy_file(self, dirty: bool = False) -> None:
        pass


class NotDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave the navigation inaccurate; a partial build
    renders every page when the navigation changed (scripts/incremental.py), so the warning
    does not apply, and under --strict it would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def copy_previous(previous: Path, site_dir: Path, language: str, default: str,
                   others: list[str], link: bool = False) -> None:
    """Put the previous output of `language` where its build writes. Copies, not links: MkDocs
    and the plugins write files in place, and the previous site must survive a failed build;
    copies are newer than every file of docs/, so MkDocs' dirty build keeps them. With
    `link` (`build_language`'s partial builds), the PDFs (`LINKED`, half of a language's
    bytes) and the pages' HTML (`PAGE_OUTPUT`, most of its files) are linked: that build
    does not write an unchanged PDF (`_Worker.on_files`); the output of a changed file, or of
    one MkDocs' dirty build would write again (older than its source), is unlinked before
    MkDocs writes it; the plugins and the last pass replace files whole (a new file renamed
    over the old name: scripts/page_assets.py, scripts/pdf/sizes.py, css_share.py). kb
    serve's kept MkDocs, which writes again into the same folder, copies
    (scripts/serve_session.py)."""
    def place(source: str, target: str) -> None:
        if link and (source.endswith(LINKED) or os.path.basename(source) == PAGE_OUTPUT):
            _link_or_copy(source, target)
        else:
            shutil.copy(source, target)

    _copy_language(previous, site_dir if language == default else site_dir / language, language,
                   default, others, place)


def _copy_language(previous: Path, target: Path, language: str, default: str, others: list[str],
                   copy_function: Callable[[str, str], object]) -> None:
    """Copy the output of `language` in the site `previous` to the folder `target` with
    `copy_function`: the default language's is the root minus the other languages' folders
    and the digest, another's its `<language>/` folder."""
    if language != default:
        shutil.copytree(previous / language, target, copy_function=copy_function)
        return
    skip = {*others, DIGEST_FILE}

    def root_only(folder: str, names: list[str]) -> set[str]:
        return skip & set(names) if Path(folder) == previous else set()

    shutil.copytree(previous, target, copy_function=copy_function, ignore=root_only)


def load_language(config_file: str, site_dir: str, language: str, settings: dict[str, Any],
                  serving: bool = False, changed: list[str] | None = None,
                  later: frozenset[str] = frozenset(), fresh: bool = False) -> tuple[Any, _Worker]:
    """MkDocs' configuration (`MkDocsConfig`) of one language's strict build into `site_dir`,
    its plugins started, and the language worker plugin added to it (`changed`, `later`,
    `fresh`: see `build_language`). Raises MkDocs' `ConfigurationError` on a bad mkdocs.yml."""
    from mkdocs.config import load_config

    from .page_assets import PLUGIN_NAME, Assets

    config = load_config(config_file, site_dir=site_dir, strict=True, **settings)
    mkdocs.start_plugins(config, "serve" if serving else "build")
    assets = mkdocs.plugin(config, PLUGIN_NAME)
    if fresh and isinstance(assets, Assets):
        assets.fresh = True
    default = static_i18n.build_only(config, language)
    worker = _Worker(language, shares_theme=language != default,
                     changed=set(changed or ()) if changed is not None else None, later=later)
    worker.sources = KeptSources(Path(config_file).parent / kept_sources.FOLDER / f"{language}.pickle",
                                 fresh=fresh)
    mkdocs.add_plugin(config, "react-language-worker", worker)
    return config, worker


@dataclass(frozen=True)
class Previous:
    """Where a partial build finds its language's previous output (`copy_previous`): the
    previous site, the default language and the others."""

    site: Path
    default: str
    others: tuple[str, ...]


def build_language(config_file: str, site_dir: str, language: str,
                   settings: dict[str, Any], serving: bool = False,
                   changed: list[str] | None = None, later: frozenset[str] = frozenset(),
                   fresh: bool = False, previous: Previous | None = None) -> list[str]:
    """Build one language into `site_dir`; MkDocs' warnings if the strict build failed.
    `serving`: plugins are told it is `mkdocs serve` (a preview with live reload).
    `changed`: render only these files of docs/ (paths relative to it) over the language's
    previous output (scripts/incremental.py), which is copied from `previous` into `site_dir`
    first (its PDFs linked: `copy_previous`), or which the caller has put there; None: every
    page. `later`: files of docs/ (paths relative to it) that are not there yet
    and that the caller's last pass adds (PDFs being laid out). `fresh`: as a fresh clone
    builds, nothing taken from the previous builds' caches (the pruned stylesheet,
    scripts/page_assets.py)."""
    from mkdocs.exceptions import MkDocsException

    collect = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        partial = changed is not None
        if partial and previous is not None:  # here, beside the other languages' builds
            copy_previous(previous.site, Path(site_dir), language, previous.default,
                          list(previous.others), link=True)
        config, worker = load_language(config_file, site_dir, language, settings, serving, changed,
                                       later, fresh)
        worker.linked = partial and previous is not None  # MkDocs must not write the PDFs
        quiet = NotDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        try:
            # The theme's files are the default language's (`_Worker.shares_theme`).
            mkdocs.build(config, dirty=partial, theme_files=not worker.shares_theme,
                         folders=worker.listing(config))
        finally:
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        worker.report(finished=True)
        return []
    except MkDocsException as exc:
        return collect.messages or [str(exc)]
    except TemplateSyntaxError as exc:  # an edited template of overrides/ that does not parse
        where = f"{exc.filename or exc.name}, line {exc.lineno}"
        return [*collect.messages, f"template syntax error in {where}: {exc.message}"]
    except TemplateError as exc:  # e.g. a template that names one that is not there
        return [*collect.messages, f"template error: {exc.message or type(exc).__name__}"]
    finally:
        logger.removeHandler(collect)


# -- in the parent ---------------------------------------------------------------------------

def workers(languages: int) -> int:
    """How many language builds run at once: one per CPU this process may use, at most one
    per language."""
    return max(1, min(languages, len(os.sched_getaffinity(0))))


def _nothing() -> None:
    """A task that makes the pool start a worker process (`LanguageWorkers`)."""


# Seconds that work given to `LanguageWorkers` waits at most for its processes' start-up.
START_WAIT = 60.0


class LanguageWorkers:
    """The worker processes of `run_mkdocs`' language builds, started ahead: while the caller
    still writes docs/ and takes its inventory, each one starts Python and imports what a
    language build needs (`_init_worker`), so that the builds begin at once (about 0.3 s of
    an edit's `kb build` at N = 400, README "Build speed").

    `languages`: how many languages may be built (the pool has `workers(languages)`
    processes; `grow` starts more, up to one per language of the project). Work is given
    through `submit` and `spread`. A context manager: on leaving, the processes are told to
    stop, without waiting for a start-up still running once they were given work; a pool
    given none (started ahead of a build that had nothing to build, or that failed first)
    waits for its processes' start-up: one still unpickling its arguments when this process
    ends finds their semaphores removed and prints a traceback (found by a fresh tester).
    Start it after any pool that forks (the PDF step, scripts/pdf/step.py): a process
    forked while this one's threads run could inherit a lock they hold.
    """

    def __init__(self, project: Project, languages: int | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.reports: multiprocessing.Queue = context.Queue()
        self.count = 0
        self.given = False  # whether any work was submitted
        # The start-up tasks of `grow`, done once their processes are up and idle.
        self._starting: list[concurrent.futures.Future] = []
        self.most = workers(len(project.codes))  # the pool's processes at most
        with starting_workers() as ignored:
            self.pool = ProcessPoolExecutor(self.most, mp_context=context,
                                            initializer=_init_worker,
                                            initargs=(self.reports, str(project.config_file), ignored))
        self.grow(len(project.codes) if languages is None else languages)

    def grow(self, languages: int) -> None:
        """Have `workers(languages)` processes (at most one per language of the project):
        those missing start now. Fewer are never stopped."""
        wanted = workers(languages)
        if wanted > self.count:
            with starting_workers():
                # One process starts per task while none is idle: a task per process wanted.
                self._starting += [self.pool.submit(_nothing) for _ in range(wanted)]
            self.count = wanted

    def spread(self, function: Callable[..., R], items: list[T], *args: Any) -> list[R]:
        """`function(*args, part)` for each of up to `count` contiguous parts of `items`, in
        these processes at once (after the language builds: work that reads every built
        page, `features.check_site`). The results in the order of the parts; an exception
        of one is raised here. `function` and `args` must pickle (module-level functions)."""
        size = -(-len(items) // self.count) or 1  # ceiling: at most `count` parts
        parts = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
        futures = [self.submit(function, *args, part) for part in parts]
        return [future.result() for future in futures]

    def submit(self, function: Callable[..., R], *args: Any) -> concurrent.futures.Future[R]:
        """`function(*args)` in one of these processes; its future. While fewer processes
        than the pool may have were asked for (`count` below `most`), work given while they
        still start waits for them (at most `START_WAIT` seconds): the pool starts a process
        for a task that finds none idle, and a translation's edit needs one; a second,
        started for its build, took 1.5 s of a core's imports in the middle of that build,
        for nothing. With `most` asked for, none more can start: nothing waits. (A task
        given in the instant between a start-up task's end and its process being counted
        idle by the pool's manager thread may still start one: rare, and only time lost.)"""
        self.given = True
        if self._starting and self.count < self.most:
            concurrent.futures.wait(self._starting, timeout=START_WAIT)
        self._starting = []
        return self.pool.submit(function, *args)

    def close(self) -> None:
        """Stop the processes once their tasks are done; return at once, unless no work was
        given (then once they have started and stopped)."""
        self.pool.shutdown(wait=not self.given, cancel_futures=True)

    def __enter__(self) -> LanguageWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _relay(reports: multiprocessing.Queue, progress: ProgressFn, stop: threading.Event) -> None:
    while not stop.is_set() or not reports.empty():
        try:
            progress(reports.get(timeout=0.1))
        except queue.Empty:
            continue


def run_mkdocs(project: Project, site_dir: Path, progress: ProgressFn | None = None,
               keep: set[str] | frozenset[str] = frozenset(), previous: Path | None = None,
               serving: bool = False, partial: dict[str, tuple[str, ...]] | None = None,
               later: frozenset[str] = frozenset(), last_pass: LastPass | None = None,
               fresh: bool = False, started: LanguageWorkers | None = None,
               meanwhile: Callable[[], object] | None = None, **settings: object) -> None:
    """`mkdocs build --strict` of every language into `site_dir`; BuildError with every
    warning of every language when any failed.

    Languages in `keep` are not built but copied from the site `previous` (their inputs
    did not change); a language in `partial` renders only those files of docs/ over its
    output in `previous` (scripts/incremental.py). `settings` override mkdocs.yml
    (`use_directory_urls=False` for kb dist). `last_pass(site_dir, languages built)` runs
    once the languages are merged, before the site is finished (the PDFs' sizes:
    scripts/pdf/sizes.py); `later`: files of docs/ it adds, not there yet (see
    `build_language`); `fresh`: nothing from earlier builds' caches (`kb build --force`).
    `started`: the worker processes, started ahead by the caller (who stops them); None:
    started here. `meanwhile()`: the caller's work, done here once the builds are given to
    the workers (kb build saves its caches then: `build._Saves`).
    """
    partial = partial or {}
    default = project.default_language
    # Default language first: it has the most to do (theme files, sitemap).
    languages = sorted((c for c in project.codes if c not in keep), key=lambda c: c != default)
    if (keep or partial) and previous is None:
        raise ValueError("languages to keep need the previous site to copy them from")
    # spawn, not fork: `kb serve` and the tests have threads running, which fork does not copy.
    pool = started or LanguageWorkers(project, len(languages))
    stop = threading.Event()
    relay = threading.Thread(target=_relay, args=(pool.reports, progress or (lambda _: None), stop),
                             daemon=True)
    relay.start()
    parts = Path(tempfile.mkdtemp(prefix=PARTS_PREFIX, dir=site_dir.parent))
    futures: dict[str, concurrent.futures.Future] = {}
    try:
        # Each partial build copies its previous output in its worker, beside the others.
        others = tuple(code for code in project.codes if code != default)
        before = Previous(previous, default, others) if previous is not None else None
        futures = {lang: pool.submit(build_language, str(project.config_file),
                                     str(parts / lang), lang, dict(settings), serving,
                                     list(partial[lang]) if lang in partial else None, later,
                                     fresh, before)
                   for lang in languages}
        if meanwhile is not None:
            meanwhile()
        # The languages kept are linked meanwhile (the parent only waits).
        kept = [code for code in project.codes if code not in languages]
        if kept and previous is not None:
            link_kept(previous, parts, default, kept, list(others))
        # Every build ended before any result is looked at: one that raised must not have
        # its parts folder removed under the others still writing there.
        concurrent.futures.wait(futures.values())
        failed = {lang: future.result() for lang, future in futures.items()}
        stop.set()
        relay.join()
        problems = warning_problems(project, failed)
        if problems:
            raise BuildError(problems)
        merge(parts, site_dir, default, list(project.codes))
        if last_pass is not None:
            last_pass(site_dir, tuple(languages))
        finish(site_dir, settings.get("site_url") or project.mkdocs_config.get("site_url"))
        # What features add to the whole site (features.finish_site): e.g. what this
        # deployment holds, for readers' offline copies (scripts/safety/offline.py). The
        # languages kept were finished when they were built.
        finish_site(project, site_dir, tuple(languages), pool.spread)
    finally:
        stop.set()
        # Builds still writing into `parts` end first (after Ctrl-C, their workers end at once).
        concurrent.futures.wait(futures.values(), timeout=30)
        if started is None:
            pool.close()
        shutil.rmtree(parts, ignore_errors=True)


def warning_problems(project: Project, failed: dict[str, list[str]]) -> Problems:
    """One problem per MkDocs warning (`{language: messages}`), named by the content file
    (and line) of the page it is about when that is known, else by mkdocs.yml."""
    problems = Problems(project.root)
    where = _Sources(project) if any(failed.values()) else None
    templates: dict[tuple[str, int, str], list[str]] = {}  # one problem for every language
    for lang, messages in failed.items():
        for message in messages:
            broken = _TEMPLATE.match(message)
            if broken:
                templates.setdefault((broken["file"], int(broken["line"]), broken["what"]), []).append(lang)
                continue
            file, line = where.find(message) if where else (None, None)
            if file is None:
                problems.add(project.config_file, "mkdocs", f"[{lang}] {message}",
                             "fix the page or setting named in the message; docs/ is generated "
                             "from content/, so fix the content file it came from")
            else:
                problems.add(file, "mkdocs", f"[{lang}] {message}",
                             "fix this file at the line named (MkDocs saw it in the page "
                             "generated from it)", line=line)
    for (template, line, what), languages in templates.items():
        problems.add(Path(template), "template",
                     f"[{', '.join(languages)}] this template does not parse: {what}",
                     "fix the Jinja tag at this line (a `{% ... %}` or `{{ ... }}` left open, misspelled or "
                     "unbalanced); the theme's templates are in overrides/", line=line)
    return problems


# `build_language`'s message for a template of overrides/ that does not parse.
_TEMPLATE = re.compile(r"^template syntax error in (?P<file>.+), line (?P<line>\d+): (?P<what>.*)$", re.S)


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


def link_kept(previous: Path, parts: Path, default: str, kept: list[str], others: list[str]) -> None:
    """Put the previous output of each `kept` language in `parts/KEPT/<lang>`, for `merge`:
    the default language's is the previous root minus the other languages' folders and the
    digest. Hard links (`_link_or_copy`), made while the other languages build."""
    for lang in kept:
        _copy_language(previous, parts / KEPT / lang, lang, default, others, _link_or_copy)


def merge(parts: Path, site_dir: Path, default: str, languages: list[str]) -> None:
    """One site: the default language's part is the root, the others move in beside it. A
    language without a fresh part in `parts` is taken from `parts/KEPT/` (`link_kept`)."""
    if site_dir.exists():
        site_dir.rmdir()  # an empty staging folder; a full one is an error worth seeing
    others = [lang for lang in languages if lang != default]
    if (parts / default).is_dir():
        (parts / default).rename(site_dir)
    else:
        (parts / KEPT / default).rename(site_dir)
    for lang in others:
        built = parts / lang
        target = site_dir / lang
        if built.is_dir():
            (built / lang).rename(target)
            (built / "404.html").rename(target / "404.html")
        else:
            (parts / KEPT / lang).rename(target)


def finish(site_dir: Path, site_url: object) -> None:
    """Drop a sitemap that cannot be right: without `site_url` its addresses are "None"."""
    if not site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
