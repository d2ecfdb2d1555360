"""`kb serve`: regenerate docs/ when content changes, and let `mkdocs serve` do the rest.

MkDocs already watches docs/ and mkdocs.yml and reloads the browser; it is also told to
watch overrides/ (the theme's custom folder, which it does not watch by default). What it
cannot see is content/ and aggregates/: a small poller regenerates docs/ from them (and
from mkdocs.yml, whose language list decides which pages exist). Because only changed
files are written, one edit triggers one MkDocs rebuild, never a loop; an invalid edit
prints its problems and leaves docs/ (and so the served site) as it was.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import click

from . import navtrim
from .build import generate, write_docs
from .errors import BuildError
from .project import Project

POLL_SECONDS = 0.4
# MkDocs' own messages worth an editor's attention while serving: when a rebuild starts and
# ends, where the site is served. Its per-page INFO chatter (and static-i18n's) is dropped.
SHOWN_INFO = ("Building documentation", "Reloading browsers", "Serving on", "Detected file changes")


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """mtime and size of every file under `paths` (folders or single files)."""
    state = {}
    for root in paths:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def regenerate(project: Project) -> bool:
    """Regenerate docs/; False (after printing why) when the input is invalid."""
    # A fresh Project: mkdocs.yml (its language list) may have changed since the last run.
    project = Project(project.root)
    try:
        files = generate(project)
    except BuildError as exc:
        click.echo(f"\n{exc}\nThe last good version of the site is still being served.\n", err=True)
        return False
    stats = write_docs(project, files)
    if stats.written or stats.removed:
        click.echo(f"docs/: {stats}")
    return True


def watched(project: Project) -> list[Path]:
    return [project.content_dir, project.aggregates_dir, project.config_file]


def watch(project: Project, stop: threading.Event, seen: dict[str, tuple[int, int]]) -> None:
    while not stop.wait(POLL_SECONDS):
        now = snapshot(watched(project))
        if now != seen:
            seen = now
            regenerate(project)


class _EditorLog(logging.Handler):
    """Print MkDocs' warnings and its rebuild/serve milestones, one line each."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            click.echo(f"{record.levelname}: {message}", err=True)
        elif re.sub(r"^\[[\d:]+\] ", "", message).startswith(SHOWN_INFO):
            click.echo(message)


def _with_trimmed_navigation() -> None:
    """Make `mkdocs serve` load its config with navtrim installed, as `kb build` does, so
    that editors preview the navigation readers get. (It loads the config itself on every
    rebuild, through the `load_config` its module imported.)"""
    import mkdocs.commands.serve as mkdocs_serve_module

    load = mkdocs_serve_module.load_config
    if getattr(load, "kb_navtrim", False):
        return

    def load_config(*args, **kwargs):
        config = load(*args, **kwargs)
        navtrim.install(config)
        return config

    load_config.kb_navtrim = True  # type: ignore[attr-defined]
    mkdocs_serve_module.load_config = load_config


def serve(project: Project, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _with_trimmed_navigation()

    logger = logging.getLogger("mkdocs")
    handler = _EditorLog(logging.INFO)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # The snapshot is taken before the first generation so that no edit falls between them.
    seen = snapshot(watched(project))
    regenerate(project)
    # Even when the content is invalid from the start, MkDocs needs a docs/ to serve: the
    # poller fills it in as soon as the problems are fixed.
    project.docs_dir.mkdir(exist_ok=True)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(project, stop, seen), daemon=True)
    thread.start()
    try:
        mkdocs_serve(str(project.config_file), dev_addr=dev_addr, livereload=True,
                     watch=[str(project.overrides_dir)])
    finally:
        stop.set()
        logger.removeHandler(handler)
