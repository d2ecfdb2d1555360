"""Reaches into MkDocs (or ProperDocs, its drop-in fork) beyond its plugin API.

MkDocs' documented API is for plugins that MkDocs loads from the configuration. `kb build`
also drives MkDocs from outside: it runs one build per language in a worker process, adds
its language worker plugin to the loaded configuration, and serves its preview with MkDocs'
live-reload server. Each function below is one such reach; tests/test_boundary.py has the
guard test of each.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator
from typing import Any

from . import Library

MKDOCS = Library("MkDocs", (("mkdocs", ">=1.6.1,<1.7"), ("properdocs", ">=1.6.7,<1.7")),
                 "scripts/boundary/mkdocs.py")


def add_plugin(config: Any, name: str, plugin: Any) -> None:
    """Add `plugin` (a `BasePlugin`) under `name` to a loaded configuration (`MkDocsConfig`),
    as if mkdocs.yml listed it: its `on_*` methods run at their events, in the order of
    their `event_priority`.

    Reach: `PluginCollection.__setitem__` registers the plugin's events (MkDocs 1.6,
    mkdocs/plugins.py); a plain dict item would never be called. Raises BoundaryError
    outside the known versions.
    """
    MKDOCS.check("adding a plugin to a loaded configuration: config.plugins[name] = plugin")
    config.plugins[name] = plugin


def plugin(config: Any, name: str) -> Any | None:
    """The plugin of a loaded configuration (`MkDocsConfig`) that mkdocs.yml lists as `name`
    (its `BasePlugin` instance, whose settings and state its events use), or None.

    Reach: `config.plugins`, the `PluginCollection` (a dict by name) of MkDocs 1.6. Raises
    BoundaryError outside the known versions.
    """
    MKDOCS.check("a plugin of a loaded configuration: config.plugins[name]")
    return config.plugins.get(name)


def start_plugins(config: Any, command: str) -> None:
    """Send every plugin of `config` the `on_startup` event, as `mkdocs build` (`command`
    "build") or `mkdocs serve` ("serve") does before its first build.

    Reach: `PluginCollection.on_startup`, which MkDocs' command line calls itself (a build
    started from Python gets no startup event). Raises BoundaryError outside the known versions.
    """
    MKDOCS.check("sending on_startup: config.plugins.on_startup")
    config.plugins.on_startup(command=command, dirty=False)


def build(config: Any, dirty: bool = False, theme_files: bool = True,
          folders: Collection[str] | None = None) -> None:
    """Build the site of a loaded configuration into its `site_dir`, as `mkdocs build` does;
    raises MkDocs' `Abort`/`MkDocsException` on a failed (strict) build.

    `theme_files=False`: the theme's static files (Material's stylesheets, scripts, fonts,
    and every file of its icon folders: thousands) are not listed among the build's files,
    nor copied. A language whose build leaves the theme's files to another's (kb build's
    languages but the default) saves listing and filtering them (0.35 s) and static-i18n's
    pairing them with their language (0.2 s); the theme's templates (pages, 404.html) are
    rendered as ever.

    `folders`: the top-level folders of `docs_dir` whose files are listed (with the files
    directly in it); the others are not walked. None: every file. A partial build of one
    language, which needs no other language's page but the alternates of the few it
    renders (`static_i18n.unlisted_aside`), saves listing three languages' files (3,000
    `File`s at N = 400, 0.25 s).

    Reach: `mkdocs.commands.build.build`, the function behind the command line, not part of
    the plugin API; `Files.add_files_from_theme`, which it calls once (MkDocs 1.6), made to
    add nothing for the build; `mkdocs.structure.files.get_files`, whose `os.walk` of
    `docs_dir` is given the folders to enter. Only one build runs at a time in a process
    (kb build's workers). Raises BoundaryError outside the known versions.
    """
    MKDOCS.check("building from Python: mkdocs.commands.build.build")
    from mkdocs.commands.build import build as mkdocs_build

    with contextlib.ExitStack() as patched:
        if not theme_files:
            MKDOCS.check("a build without the theme's files: Files.add_files_from_theme")
            from mkdocs.structure.files import Files

            listed = Files.add_files_from_theme
            Files.add_files_from_theme = _no_theme_files  # type: ignore[method-assign,assignment]
            patched.callback(setattr, Files, "add_files_from_theme", listed)
        if folders is not None:
            MKDOCS.check("some folders of docs_dir listed: mkdocs.structure.files.get_files' os.walk")
            from mkdocs.structure import files as listing

            real = listing.os
            listing.os = _WalkOnly(real, os.path.normpath(config.docs_dir), frozenset(folders))  # type: ignore[assignment]
            patched.callback(setattr, listing, "os", real)
        mkdocs_build(config, dirty=dirty)  # dirty: only pages whose output is missing or older


def _no_theme_files(files: Any, env: Any, config: Any) -> None:
    """`Files.add_files_from_theme` for a build without the theme's files: adds none."""


class _WalkOnly:
    """The `os` module as `get_files` sees it in a build listing some folders only: `walk`
    of `docs` enters only `folders` at its top; everything else is `os`'s."""

    def __init__(self, real: Any, docs: str, folders: frozenset[str]) -> None:
        self._real, self._docs, self._folders = real, docs, folders

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def walk(self, top: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[str, list[str], list[str]]]:
        for folder, names, files in self._real.walk(top, *args, **kwargs):
            if self._real.path.normpath(folder) == self._docs:
                names[:] = [name for name in names if name in self._folders]
            yield folder, names, files


def front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """(Markdown, meta) of a page's source as MkDocs splits them when it reads a page: the
    YAML front matter (or MultiMarkdown meta) parsed, the rest after it.

    Reach: `mkdocs.utils.meta.get_data` (MkDocs 1.6), which `Page.read_source` calls. Raises
    BoundaryError outside the known versions.
    """
    MKDOCS.check("a page's meta as MkDocs reads it: mkdocs.utils.meta.get_data")
    from mkdocs.utils.meta import get_data

    return get_data(source)


def read_source(page: Any, config: Any, parse: Callable[[str], tuple[str, dict[str, Any]]]) -> None:
    """`page.read_source(config)` with `parse(source)` in place of `front_matter`, which must
    give the same (a cache of it): the page's `markdown` and `meta` set from its file's text.
    When a plugin answers `on_page_read_source` (none of ours or Material's does), MkDocs'
    own `read_source` runs instead.

    Reach: `Page.read_source` (MkDocs 1.6): the `page_read_source` event, else the file's
    `content_string`, split by `get_data` into the page's `markdown` and `meta`. Raises
    BoundaryError outside the known versions.
    """
    MKDOCS.check("reading a page's source: Page.read_source, File.content_string")
    if config.plugins.events.get("page_read_source"):
        page.read_source(config)
        return
    page.markdown, page.meta = parse(page.file.content_string)


def rebuild_files(config: Any, files: Any, nav: Any, env: Any, changed: list[Any]) -> None:
    """Build again, over the output of a finished build of `config` (whose `files`, `nav`
    and theme `env` were kept), only the `changed` files (`File`s of `files`): a page is read,
    rendered and written again, another file copied again; the theme's static templates
    (404.html, sitemap.xml) are rendered again. Every plugin event of a build runs, in
    MkDocs' order, for these files only: `on_pre_build`, per page `on_pre_page`,
    `on_page_markdown`, `on_page_content`, then `on_env`, `on_pre_template` ...
    `on_post_template`, per page `on_page_context`, `on_post_page`, then `on_post_build`
    (no `on_config`, `on_files`, `on_nav`: the configuration, files and navigation are the
    kept ones). The links of each changed page to other pages' anchors are checked against
    their `present_anchor_ids`. Raises `Abort` when a warning was logged in a strict build,
    as `build` does.

    Reach: `mkdocs.commands.build`'s `_populate_page`, `_build_theme_template`, `_build_page`
    (the steps `build` runs for every file, MkDocs 1.6), `Page.validate_anchor_links`,
    `utils.CountHandler`. Raises BoundaryError outside the known versions.
    """
    MKDOCS.check("building some files again: mkdocs.commands.build._populate_page, _build_page")

    from mkdocs import utils
    from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
    from mkdocs.exceptions import Abort, BuildError

    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if config.strict:
        logger.addHandler(counter)
    try:
        config.plugins.on_pre_build(config=config)
        pages = [file.page for file in changed if file.page is not None]
        for file in changed:
            if file.page is None:
                file.copy_file(dirty=False)
        for page in pages:
            _populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        doc_files = files.documentation_pages()
        for page in pages:
            _build_page(page, config, doc_files, nav, env)
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            found = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {found} in strict mode!")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        logger.removeHandler(counter)


# Where MkDocs' live-reload server says "Reloading browsers" (in its build thread).
_RELOAD_LOG = logging.getLogger("mkdocs.livereload")


def live_reload_server(builder: Callable[[], bool | None], host: str, port: int, root: str,
                       not_found: Callable[[str], bytes | None]) -> Any:
    """MkDocs' live-reload server (`mkdocs serve`'s) of the folder `root` at `host:port`:
    `builder()` runs on every change of a watched path (`server.watch(path)`), the browser
    reloads when it returns, unless it returns False: nothing was published (an edit with
    problems), so the browsers keep the page they show, and its scroll position (MkDocs
    reloaded them all, and logged "Reloading browsers"). A missing page is answered with
    `not_found(path)` (the bytes of an error page for the request's path, e.g. "/ru/x/"),
    with the live-reload script, so that a page shown missing appears once an edit makes it;
    or MkDocs' plain text when None.
    `server.serve()` blocks until interrupted; `server.shutdown()` stops it.

    Changes are seen as the system reports them (`Watcher`: inotify on Linux), not by MkDocs'
    walk of the watched folders every 0.5 s, which at hundreds of guides made an editor wait
    a quarter of a second on average before the rebuild started, and read every watched
    file's status twice a second while nothing changed.

    `server.reload_browsers()` reloads the browsers showing the preview without a build
    (kb serve, once an edit's PDFs are laid out), unless a build is under way or waiting
    (it reloads them when it ends).

    Reach: `mkdocs.livereload.LiveReloadServer`, its `serve_request(environ, start_response)`,
    its `error_handler(code)` attribute, which is given the status code only (the path of
    the request being answered is kept per thread), its `observer` attribute, which
    `watch`, `serve` and `shutdown` use (`schedule`, `unschedule`, `start`, `stop`, `join`),
    the versions of the site it tells the browsers: `_wanted_epoch` (set, under
    `_rebuild_cond` with `_want_rebuild`, when a build starts) and `_visible_epoch` (set to
    it, under `_epoch_cond`, when the build ends; a browser whose version is older reloads),
    `_inject_js_into_html(content, epoch)` (the script it adds to the pages it serves), and
    the "[<time>] Reloading browsers" message of the `mkdocs.livereload` logger.
    Raises BoundaryError outside the known versions.
    """
    MKDOCS.check("the preview server: mkdocs.livereload.LiveReloadServer, serve_request, "
                 "error_handler, observer, _wanted_epoch, _visible_epoch, _rebuild_cond, "
                 "_want_rebuild, _epoch_cond, _inject_js_into_html")
    from mkdocs.livereload import LiveReloadServer

    class Preview(LiveReloadServer):
        # Each request is answered in its own thread: its path is kept per thread.
        request = threading.local()

        def serve_request(self, environ, start_response):
            self.request.path = environ.get("PATH_INFO", "/")
            return super().serve_request(environ, start_response)

        def reload_browsers(self) -> bool:
            """Whether the browsers were told to reload (not while a build is under way)."""
            with self._rebuild_cond:  # no build starts meanwhile
                if self._want_rebuild:
                    return False
                with self._epoch_cond:
                    if self._visible_epoch != self._wanted_epoch:  # a build is under way
                        return False
                    newer = max(round(time.monotonic() * 1000), self._visible_epoch + 1)
                    self._wanted_epoch = self._visible_epoch = newer
                    self._epoch_cond.notify_all()
            return True

        def shutdown(self, *args: Any, **kwargs: Any) -> Any:
            _RELOAD_LOG.removeFilter(quiet)
            return super().shutdown(*args, **kwargs)

    published = True  # by the last build; read in its thread, right after it

    def build() -> None:
        nonlocal published
        published = builder() is not False
        if not published:
            # Nothing new: the build's end makes the version it started with (`_wanted_epoch`)
            # the visible one, so it is the one visible now, and no browser is newer than it.
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch

    def quiet(record: logging.LogRecord) -> bool:
        """MkDocs' "Reloading browsers" after a build that published nothing is not said."""
        return published or not record.getMessage().endswith("] Reloading browsers")

    def error_page(code: int) -> bytes | None:
        page = not_found(getattr(server.request, "path", "/")) if code == 404 else None
        if page is None:
            return None
        with server._epoch_cond:  # the version served (MkDocs waited for a build under way)
            epoch = server._visible_epoch
        return server._inject_js_into_html(page, epoch)

    server = Preview(builder=build, host=host, port=port, root=root)
    server.error_handler = error_page
    server.observer = Watcher(server.observer)  # type: ignore[assignment]  # what MkDocs calls of it
    _RELOAD_LOG.addFilter(quiet)
    return server


class Watcher:
    """What MkDocs' live-reload server watches files with: watchdog's observer for this
    system (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), told
    only of changes (a file created, written, moved or deleted: not of a file opened or
    read, which every build does), and `fallback` (MkDocs' polling observer) when the
    system's cannot start (inotify's watch limit reached, a file system that reports
    nothing). `native`: the class of the system's observer (watchdog's `Observer`)."""

    def __init__(self, fallback: Any, native: Callable[[], Any] | None = None) -> None:
        from watchdog.observers import Observer

        self.fallback = fallback
        self.native = (native or Observer)()
        self.active: Any = None  # the observer started: the native one or the fallback
        # {token given to MkDocs: (handler, path, recursive, the active observer's watch)}
        self._watches: dict[int, list[Any]] = {}
        self._tokens = itertools.count(1)

    def schedule(self, handler: Any, path: str, *, recursive: bool = False) -> int:
        """Watch `path` (`handler.dispatch(event)` for each change); a token for `unschedule`."""
        token = next(self._tokens)
        self._watches[token] = [handler, path, recursive, None]
        if self.active is not None:
            self._watches[token][3] = self._schedule(self.active, handler, path, recursive)
        return token

    def unschedule(self, token: int) -> None:
        """Stop watching what `schedule` gave `token` for."""
        _handler, _path, _recursive, watch = self._watches.pop(token)
        if self.active is not None and watch is not None:
            self.active.unschedule(watch)

    def _schedule(self, observer: Any, handler: Any, path: str, recursive: bool) -> Any:
        if observer is self.fallback:
            return observer.schedule(handler, path, recursive=recursive)
        from watchdog import events

        changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
                   events.FileDeletedEvent, events.DirCreatedEvent, events.DirMovedEvent,
                   events.DirDeletedEvent]
        return observer.schedule(handler, path, recursive=recursive, event_filter=changes)

    def start(self) -> None:
        """Start the system's observer over every path scheduled, else the fallback (a
        warning on MkDocs' log says why)."""
        try:
            for entry in self._watches.values():
                entry[3] = self._schedule(self.native, *entry[:3])
            self.native.start()
            self.active = self.native
        except OSError as error:
            logging.getLogger("mkdocs.livereload").warning(
                f"Watching for changes by reading the folders every 0.5 s: the system's "
                f"notifications could not start ({error})")
            with contextlib.suppress(Exception):
                self.native.unschedule_all()
            for entry in self._watches.values():
                entry[3] = self._schedule(self.fallback, *entry[:3])
            self.fallback.start()
            self.active = self.fallback

    def stop(self) -> None:
        if self.active is not None:
            self.active.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.active is not None:
            self.active.join(timeout)
