"""`kb serve`: regenerate docs/ when content changes, and let `mkdocs serve` do the rest.

MkDocs already watches docs/, mkdocs.yml and overrides/ and reloads the browser. What it
cannot see is content/ and aggregates/: a small poller regenerates docs/ from them. Because
only changed files are written, one edit triggers one MkDocs rebuild, never a loop; an
invalid edit prints its problems and leaves docs/ (and so the served site) as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path

import click

from .build import generate, write_docs
from .errors import BuildError
from .project import Project

POLL_SECONDS = 0.4


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    state = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def regenerate(project: Project) -> bool:
    """Regenerate docs/; False (after printing why) when the input is invalid."""
    try:
        files = generate(project)
    except BuildError as exc:
        click.echo(f"\n{exc}\nThe last good version of the site is still being served.\n", err=True)
        return False
    stats = write_docs(project, files)
    if stats.written or stats.removed:
        click.echo(f"docs/: {stats}")
    return True


def watch(project: Project, stop: threading.Event) -> None:
    folders = [project.content_dir, project.aggregates_dir]
    seen = snapshot(folders)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(folders)
        if now != seen:
            seen = now
            regenerate(project)


def serve(project: Project, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    regenerate(project)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(project, stop), daemon=True)
    thread.start()
    try:
        mkdocs_serve(str(project.config_file), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
