"""`kb serve`'s MkDocs session: one long-lived MkDocs per language, re-rendering only edited pages.

A `kb build` starts fresh MkDocs processes for each build (scripts/mkdocs_run.py): each loads
mkdocs.yml, sets up the plugins, collects the files, builds the navigation and the theme's
template environment before it renders the first page. On a site of hundreds of guides that
is seconds of every edit's wait. `kb serve` keeps that work between edits:

- **One worker process per language**, started by `kb serve` and alive until it stops. Each
  keeps its language's loaded configuration and started plugins, its `Files`, its
  `Navigation` and its theme environment, and its own copy of the language's output in
  `.cache/serve/mkdocs/<lang>/` (never hard links with the preview: MkDocs writes in place).
- **Warm-up** (`ServeSession.warm`), after each preview build that went the full way: the
  worker copies its language's output from the preview and runs MkDocs' partial build over
  it with nothing to render (scripts/incremental.py, scripts/mkdocs_run.py), which reads every
  page's source and anchors and keeps the state. It runs in the background: the browser has
  already reloaded; the next edit waits for it if it is not finished.
- **An edit whose navigation did not change** (scripts/incremental.py decides: no page added,
  removed or retitled, no heading changed, nothing shared such as mkdocs.yml, overrides/ or
  code): `ServeSession.render` sends each changed language the changed files of its docs/;
  the worker builds just those through MkDocs' own steps with every plugin event in order
  (`boundary.mkdocs.rebuild_files`: the page is read, rendered, templated, post-processed;
  the search index (scripts/safety/plugin.py) keeps the other pages' entries; 404.html and
  sitemap.xml are rendered again). The files the worker wrote or removed (found by comparing
  its folder before and after) are collected beside the preview, checked as a build's output
  is (`features.check_site`), then moved into the preview one by one (atomic renames), and
  the whole-site finishing step runs (`features.finish_site`). An edited document's PDF may
  be laid out after that: the pages are then published with the earlier PDF's size and
  again once it is laid out (`ServeSession.render`). The preview then holds, byte for byte,
  what a clean build of the same input makes (tests/test_serve_session.py).
- **Anything else** (the navigation or a shared input changed, a language's worker is not
  warm, a worker failed) goes the full way of `kb build` (scripts/build.py), after which the
  languages it built are warmed up again. A failed edit (a strict MkDocs warning, a check)
  leaves the preview as it was and makes that language's worker cold: its folder may hold the
  failed page.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from . import render_cache
from .boundary import BoundaryError, mkdocs, static_i18n
from .boundary.weasyprint import import_weasyprint
from .digest import DIGEST_FILE
from .errors import BuildError
from .features import check_site, finish_site
from .mkdocs_run import (
    Collect,
    LastPass,
    NotDirtyWarning,
    Progress,
    ProgressFn,
    copy_previous,
    finish,
    load_language,
    warning_problems,
)
from .pdf import sizes
from .pdf.step import Pending
from .project import Project
from .write import write_atomically

_log = logging.getLogger("mkdocs.serve_session")

# {path relative to a worker's folder: (modification time in ns, size in bytes, inode)}
Snapshot = dict[str, tuple[int, int, int]]


def snapshot(folder: Path) -> Snapshot:
    """The files below `folder` with what changes when a file is written again."""
    found: Snapshot = {}
    base = str(folder)
    for here, _dirs, names in os.walk(folder):
        rel = os.path.relpath(here, base)
        for name in names:
            stat = os.stat(os.path.join(here, name))
            key = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            found[key] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def publish_order(paths: list[str]) -> list[str]:
    """The order an edit's files are moved into the preview: what pages load (stylesheets,
    scripts, search files, PDFs) before the pages (`.html`), so that a reader, or a
    `kb serve` stopped midway, never meets a page naming a file not there yet; the files
    it replaces are removed after all."""
    return sorted(paths, key=lambda path: (path.endswith(".html"), path))


# -- in the worker ---------------------------------------------------------------------------

class _Keep(BasePlugin):
    """Keeps what a build made that the next edit needs: the files, navigation, theme env."""

    def __init__(self) -> None:
        super().__init__()
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None

    @event_priority(-300)  # after every other plugin (static-i18n -100, the hooks -200)
    def on_files(self, files, config):
        self.files = files
        return files

    @event_priority(-300)
    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    @event_priority(-300)
    def on_env(self, env, config, files):
        self.env = env
        return env


@dataclass
class _State:
    config: Any
    keep: _Keep
    # {path relative to docs/ ("en/guides/x.md"): MkDocs' File}
    by_source: dict[str, Any] = field(default_factory=dict)


def _warm(folder: Path, config_file: str, language: str, settings: dict[str, Any],
          serving: bool, previous: Path, default: str, others: list[str]) -> _State:
    """Copy the language's output from the site `previous` into `folder` and load MkDocs'
    state over it, rendering nothing."""
    shutil.rmtree(folder, ignore_errors=True)
    copy_previous(previous, folder, language, default, others)
    config, worker = load_language(config_file, str(folder), language, settings, serving, changed=[])
    worker.every_menu = True  # the pages are rendered later, on edits
    keep = _Keep()
    mkdocs.add_plugin(config, "react-serve-keep", keep)
    mkdocs.build(config, dirty=True)
    # The pages not rendered have their titles and anchors now (the worker read them from
    # their source and output): an edit's round need not read them again.
    worker.changed = None
    docs = Path(config.docs_dir).resolve()
    by_source = {}
    for file in keep.files:
        source = Path(file.abs_src_path or "").resolve()
        if source.is_relative_to(docs):
            by_source[source.relative_to(docs).as_posix()] = file
    return _State(config, keep, by_source)


def _render(state: _State, folder: Path, changed: list[str]) -> tuple[list[str], list[str], int] | None:
    """Build the `changed` files of docs/ again; (written, removed) paths relative to `folder`
    and the number of pages rendered, or None when a file is not one of the kept files (the
    caller builds the full way)."""
    if any(rel not in state.by_source for rel in changed):
        return None
    files = [state.by_source[rel] for rel in changed]
    before = snapshot(folder)
    # The language switcher as a build starts (MkDocs' on_config), not as the last page left it:
    # the 404 page is rendered before any page.
    static_i18n.reset_language_switcher(state.config)
    mkdocs.rebuild_files(state.config, state.keep.files, state.keep.nav, state.keep.env, files)
    after = snapshot(folder)
    written = sorted(rel for rel, stat in after.items() if before.get(rel) != stat)
    removed = sorted(set(before) - set(after))
    return written, removed, sum(1 for file in files if file.page is not None)


def _serve_language(conn: Connection, folder: str, language: str) -> None:
    """The worker's loop: answer ("warm", args) and ("render", changed) until ("stop", None).
    Each answer is ("ok", result) or ("failed", MkDocs' warnings)."""
    from mkdocs.exceptions import MkDocsException

    # Ctrl-C in the terminal reaches the whole process group: kb serve stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    state: _State | None = None
    quiet = NotDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    while True:
        try:
            command, args = conn.recv()
        except (EOFError, OSError):  # kb serve has gone
            return
        if command == "stop":
            return
        collect = Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        started = time.monotonic()
        try:
            if command == "warm":
                state = None
                state = _warm(Path(folder), language=language, **args)
                conn.send(("ok", time.monotonic() - started))
            elif state is None:
                conn.send(("ok", None))  # not warm: the caller builds the full way
            else:
                result = _render(state, Path(folder), args)
                conn.send(("ok", result and (*result, time.monotonic() - started)))
        except MkDocsException as exc:
            state = None
            conn.send(("failed", collect.messages or [str(exc)]))
        except Exception as exc:  # noqa: BLE001 - reported to the editor; the worker lives on
            state = None
            conn.send(("failed", [f"{type(exc).__name__}: {exc}"]))
        finally:
            logger.removeHandler(collect)


# -- in kb serve -----------------------------------------------------------------------------

def _fill_earlier_sizes(project: Project, folder: Path, languages: tuple[str, ...]) -> bool:
    """Fill the PDF sizes into the pages of `languages` in `folder` from the PDFs docs/
    holds now (an earlier version of those being laid out); False, leaving every page as it
    was, when docs/ lacks one of the PDFs they name (a new document's)."""
    pages = {page: page.read_text(encoding="utf-8")
             for page in sizes.language_pages(folder, languages, project.default_language, project.codes)}
    size_of = sizes.docs_sizes(project.docs_dir)
    if any(size_of(pdf) is None for text in pages.values() for pdf in sizes.named_pdfs(text)):
        return False
    for page, text in pages.items():
        filled = sizes.fill(text, size_of)
        if filled != text:
            write_atomically(page, filled.encode("utf-8"))
    return True


@dataclass
class _Earlier:
    """The preview's files an edit published early replaced or removed (`ServeSession.render`),
    kept in `backup` (hard links) until its PDFs are laid out."""

    backup: Path
    moved: list[str] = field(default_factory=list)  # published: replaced (kept) or new
    removed: list[str] = field(default_factory=list)  # removed (kept)

    def keep(self, site: Path, target: str, moved: bool = True) -> None:
        """Keep the file `target` of `site` before it is replaced (`moved`) or removed."""
        (self.moved if moved else self.removed).append(target)
        if (site / target).is_file():
            (self.backup / target).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / target, self.backup / target)

    def restore(self, site: Path) -> None:
        """Put `site` back as it was before the edit: its files kept put back, its new ones removed."""
        for target in [*self.removed, *self.moved]:
            kept = self.backup / target
            if kept.is_file():
                (site / target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(kept, site / target)
            elif target in self.moved:
                (site / target).unlink(missing_ok=True)


@dataclass
class _Handle:
    process: Any
    conn: Connection
    folder: Path
    # The answer of the last command is still to be read (a warm-up running in the background).
    pending: bool = False
    warm: bool = False

    def ask(self, command: str, args: Any) -> None:
        try:
            self.conn.send((command, args))
        except OSError:  # the worker has gone; its answer says so
            pass
        self.pending = True

    def answer(self) -> tuple[str, Any]:
        self.pending = False
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return "failed", [f"the MkDocs worker stopped (exit code {self.process.exitcode})"]


class ServeSession:
    """The long-lived MkDocs workers of one `kb serve` (see the module's docstring)."""

    def __init__(self, project: Project) -> None:
        # Each build lays out an edit's PDFs in worker processes forked from this one
        # (scripts/pdf/step.py): imported here once, WeasyPrint is theirs at the fork instead
        # of imported by each edit's worker (0.6 s of every edit's wait for its PDF). Without
        # its system libraries it does not import: the build then says what is missing.
        with contextlib.suppress(ImportError, OSError, BoundaryError):
            import_weasyprint()

        self.root = project.root / ".cache" / "serve" / "mkdocs"
        self.workers: dict[str, _Handle] = {}
        self.context = multiprocessing.get_context("spawn")
        self.config_file = str(project.config_file)
        self.settings: dict[str, Any] = {}  # what overrides mkdocs.yml (site_url)
        # The last read of the content that found no problem (a `build.Inputs`, which this
        # module does not import: build imports it): the next edit's read starts from it
        # (build.read_inputs, `since`).
        self.inputs: Any = None
        # What `close` runs, by name (the build's: saving the hashes of its inputs' files).
        self.on_close: dict[str, Callable[[], object]] = {}
        # An edit's second publishing, once its PDFs are laid out (`render`), what reports its
        # problems (kb serve prints them) and what reloads the browsers (kb serve's server).
        self._settling: threading.Thread | None = None
        self.report: Callable[[str], object] = _log.error
        self.reload: Callable[[], object] | None = None

    def _worker(self, language: str) -> _Handle:
        handle = self.workers.get(language)
        if handle is None or not handle.process.is_alive():
            parent, child = self.context.Pipe()
            folder = self.root / language
            process = self.context.Process(target=_serve_language, args=(child, str(folder), language),
                                           daemon=True, name=f"kb-serve-{language}")
            process.start()
            child.close()
            handle = self.workers[language] = _Handle(process, parent, folder)
        return handle

    def warm(self, project: Project, site: Path, languages: tuple[str, ...],
             settings: dict[str, Any], serving: bool) -> None:
        """Start loading the state of `languages` over their output in the preview `site`
        (in the background: `render` waits for it)."""
        others = [code for code in project.codes if code != project.default_language]
        self.settings = dict(settings)
        for language in languages:
            handle = self._worker(language)
            if handle.pending:
                handle.answer()
            handle.warm = False
            handle.ask("warm", {"config_file": self.config_file, "settings": dict(settings),
                                "serving": serving, "previous": site,
                                "default": project.default_language, "others": others})

    def cold(self, languages: tuple[str, ...]) -> None:
        """Forget the state of `languages` (built the full way: a warm-up must follow)."""
        for language in languages:
            if language in self.workers:
                self.workers[language].warm = False

    def wait(self) -> None:
        """Wait for every warm-up still running: it reads docs/, which must not change under
        it (the next edit's docs/ is written after this)."""
        for language, handle in self.workers.items():
            if handle.pending:
                status, result = handle.answer()
                handle.warm = status == "ok"
                if not handle.warm:
                    _log.warning(f"kb serve could not keep MkDocs running for {language} (the "
                                 f"edit is built the full way): {'; '.join(result)}")

    def ready(self, languages: tuple[str, ...]) -> bool:
        """Whether every one of `languages` has a worker that is warm (or warming up)."""
        for language in languages:
            handle = self.workers.get(language)
            if handle is None or not handle.process.is_alive():
                return False
            self.wait()
            if not handle.warm:
                return False
        return True

    def render(self, project: Project, site: Path, partial: dict[str, tuple[str, ...]],
               progress: ProgressFn | None = None, last_pass: LastPass | None = None,
               pdfs: Pending | None = None, then: Callable[[], object] | None = None,
               meanwhile: Callable[[], bool] | None = None) -> bool:
        """Render the changed files of each language of `partial` ({language: paths relative
        to docs/}) in its worker and put what they wrote into the preview `site`
        (`last_pass(folder, languages)` run over them first, as a build runs it over its
        merged site: the PDFs laid out meanwhile written, their sizes filled; what it adds to
        the folder is published with the pages), then run `then()` (the build stores its
        digest). False when a worker could not (a file it does not know): nothing was
        changed, build the full way. BuildError with every problem when the edit failed; the
        preview is left as it was.

        `pdfs`: the edit's PDF step. While its PDFs are still being laid out, when docs/
        holds an earlier version of every PDF the pages name (an edited document's), the
        pages are published at once with the earlier PDFs' sizes, so the browser reloads
        without waiting for the layouts (the edited page's PDF alone took longer than the
        rest of the edit at N = 400); a thread publishes them again once the PDFs are laid
        out, runs `then()` and, when a page changed, `reload()`. A layout problem found then
        puts the preview back as it was, reported by `report`. `settle` waits for it.

        `meanwhile()`: run once the workers have been asked, while they render (the build
        writes the rest of docs/, which should not change). When it returns False (it
        changed: the workers may have read a file of docs/ changed by hand) or raises,
        nothing is published and every worker is made cold (their folders hold pages the
        preview does not, or were read from such a file); False is returned, or the
        exception raised.
        """
        self.settle()
        for language, changed in partial.items():
            self.workers[language].ask("render", list(changed))
        try:
            usable = meanwhile is None or meanwhile()
        except BaseException:
            self._drop(tuple(partial))
            raise
        if not usable:
            self._drop(tuple(partial))
            return False
        answers = {language: self.workers[language].answer() for language in partial}
        failed = {lang: result for lang, (status, result) in answers.items() if status == "failed"}
        unknown = [lang for lang, (status, result) in answers.items() if status == "ok" and result is None]
        if failed or unknown:
            # Every language asked: the others' folders hold the edit's pages too, never
            # published (an edit undone next is no build, and would leave them there).
            self.cold(tuple(partial))
        if failed:
            raise BuildError(warning_problems(project, failed))
        if unknown:
            return False
        for lang, (_, (_written, _removed, pages, seconds)) in answers.items():
            if progress is not None:
                progress(Progress(lang, pages, pages, seconds, finished=True))
        results = {lang: result[:2] for lang, (_, result) in answers.items()}
        earlier = self._publish(project, site, results, last_pass,
                                early=pdfs is not None and not pdfs.done)
        if earlier is None:
            if then is not None:
                then()
            return True
        assert pdfs is not None
        pdfs.keep_open()
        self._settling = threading.Thread(target=self._publish_laid_out, name="kb-serve-pdfs", daemon=True,
                                          args=(project, site, results, last_pass, earlier, then))
        self._settling.start()
        return True

    def _drop(self, languages: tuple[str, ...]) -> None:
        """Read and set aside the answers of `languages`' workers; every worker made cold
        (any may have read the files of docs/ found changed)."""
        for language in languages:
            self.workers[language].answer()
        self.cold(tuple(self.workers))

    def settle(self) -> None:
        """Wait until the last edit's pages are published with its PDFs laid out, or put
        back after a layout problem (`render`)."""
        if self._settling is not None:
            self._settling.join()
            self._settling = None

    def _publish_laid_out(self, project: Project, site: Path,
                          results: dict[str, tuple[list[str], list[str]]],
                          last_pass: LastPass | None, earlier: _Earlier,
                          then: Callable[[], object] | None) -> None:
        """`render`'s second publishing, in a thread, once the PDFs are laid out."""
        early = {target: (site / target).read_bytes() for target in earlier.moved
                 if target.endswith(".html") and (site / target).is_file()}
        try:
            self._publish(project, site, results, last_pass)
            if then is not None:
                then()
            changed = any((site / target).read_bytes() != data for target, data in early.items())
        except Exception as exc:  # noqa: BLE001 - a layout problem (BuildError) or an OS error
            self.cold(tuple(results))
            earlier.restore(site)
            finish(site, self.settings.get("site_url") or project.mkdocs_config.get("site_url"))
            finish_site(project, site, tuple(results))
            self.report(str(exc) if isinstance(exc, BuildError) else
                        f"kb serve could not publish the edit's PDFs: {type(exc).__name__}: {exc}")
            changed = True
        finally:
            shutil.rmtree(earlier.backup, ignore_errors=True)
        if changed and self.reload is not None:
            self.reload()

    def _site_path(self, project: Project, language: str, rel: str) -> str | None:
        """Where a file of a language's own output goes in the merged site (as
        mkdocs_run.merge puts it), or None when the merged site does not take it."""
        default = project.default_language
        if language == default:
            top = rel.split("/", 1)[0]
            if top in project.codes or rel == DIGEST_FILE:
                return None
            return rel
        if rel == "404.html":
            return f"{language}/404.html"
        if rel == f"{language}/404.html":
            # The merged site's copy, which the worker's folder got with the language's
            # previous output; its own 404.html above replaces it (as merge does). A new
            # stylesheet relinks both: taking this one too moved two files to one place.
            return None
        return rel if rel.startswith(f"{language}/") else None

    def _publish(self, project: Project, site: Path, results: dict[str, tuple[list[str], list[str]]],
                 last_pass: LastPass | None, early: bool = False) -> _Earlier | None:
        """Put the files the workers wrote (`results`: {language: (written, removed)}) into
        the preview `site`, `last_pass` run over them first, and finish the site. `early`:
        the PDFs are still being laid out; when docs/ holds an earlier version of every PDF
        the pages name, their sizes are filled instead of waiting (`last_pass` is not run),
        and the files replaced are kept to be put back (returned; None otherwise)."""
        staging = Path(tempfile.mkdtemp(prefix=".serve-edit-", dir=site.parent))
        earlier: _Earlier | None = None
        try:
            removals: list[str] = []
            for language, (written, removed) in results.items():
                folder = self.workers[language].folder
                for rel in written:
                    target = self._site_path(project, language, rel)
                    if target is not None:
                        (staging / target).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(folder / rel, staging / target)
                removals += [t for rel in removed if (t := self._site_path(project, language, rel))]
            if early and _fill_earlier_sizes(project, staging, tuple(results)):
                earlier = _Earlier(Path(tempfile.mkdtemp(prefix=".serve-before-", dir=site.parent)))
            elif last_pass is not None:  # it may add files (the PDFs laid out meanwhile)
                last_pass(staging, tuple(results))
            moves = [path.relative_to(staging).as_posix() for path in staging.rglob("*")
                     if path.is_file()]
            problems = check_site(project, staging)
            if problems:
                self.cold(tuple(results))
                raise BuildError(problems)
            for target in publish_order(moves):
                (site / target).parent.mkdir(parents=True, exist_ok=True)
                if earlier is not None:
                    earlier.keep(site, target)
                os.replace(staging / target, site / target)
            for target in removals:
                if earlier is not None:
                    earlier.keep(site, target, moved=False)
                (site / target).unlink(missing_ok=True)
            # As a build's merge ends (mkdocs_run.run_mkdocs): no sitemap without an address.
            finish(site, self.settings.get("site_url") or project.mkdocs_config.get("site_url"))
            finish_site(project, site, tuple(results))
        except BaseException:
            if earlier is not None:
                shutil.rmtree(earlier.backup, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return earlier

    def close(self) -> None:
        """Stop every worker; write the render cache if its last build's entries are not
        yet, and run `on_close`."""
        self.settle()
        render_cache.flush()
        for later in self.on_close.values():
            later()
        for handle in self.workers.values():
            try:
                handle.conn.send(("stop", None))
            except OSError:
                pass
        for handle in self.workers.values():
            handle.process.join(timeout=10)
            if handle.process.is_alive():
                handle.process.terminate()
        self.workers.clear()
