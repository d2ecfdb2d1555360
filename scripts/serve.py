"""`kb serve`: the `kb build` pipeline on every change, served with live reload.

The preview is built exactly as `kb build` builds site/ (languages in parallel, only the
languages whose input changed, compacted pages), into `.cache/serve/site/` so that site/
stays what `kb build` made. MkDocs' own `mkdocs serve` would rebuild every language one
after another on each edit, which on a site of hundreds of guides is minutes, not seconds.

MkDocs' live-reload server watches content/, aggregates/, overrides/ and mkdocs.yml, calls
the build when something changed (once per burst of changes, so no loop), and reloads the
browser when the build returns. An invalid edit prints its problems and publishes nothing:
the last good preview stays served, and the browsers keep the page they show (not reloaded).
A missing page gets the 404 page of its language, which reloads once an edit makes the page.

The pages of the preview may run inline script (the server injects its live-reload script),
which the security policy of a real build forbids: the preview is never to be published.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import click

from .build import build_site
from .errors import BuildError
from .project import Project
from .serve_session import ServeSession

# MkDocs' messages worth an editor's attention while serving; its per-request chatter is not.
SHOWN_INFO = ("Reloading browsers", "Serving on", "Detected file changes")
# What an editor is told after the problems of an edit.
KEPT = "The last good version of the site is still being served."
# What an editor is told before the problems a preview goes on with (errors.PREVIEW_ONLY).
HELD = ("Previewed, but `kb build` will refuse to publish until these are fixed "
        "(a translation not stamped is shown as outdated):")


def preview_dir(project: Project) -> Path:
    """Where `kb serve` builds its preview (never published)."""
    return project.root / ".cache" / "serve" / "site"


def watched(project: Project) -> list[Path]:
    """The files and folders whose changes rebuild the preview."""
    return [project.content_dir, project.aggregates_dir, project.overrides_dir, project.config_file]


def rebuild(project: Project, site_url: str, session: ServeSession | None = None) -> bool:
    """Build the preview (an edit that kept the navigation: in `session`'s MkDocs workers);
    False (after printing why) when the input is invalid."""
    # A fresh Project: mkdocs.yml (its language list) may have changed since the last run.
    project = Project(project.root)
    started = time.monotonic()
    try:
        result = build_site(project, site_url=site_url, site=preview_dir(project), serving=True,
                            progress=lambda report: click.echo(f"  {report}"), session=session)
    except BuildError as exc:
        click.echo(f"\n{exc}\n{KEPT}\n", err=True)
        return False
    if result.held:
        click.echo(f"\n{HELD}\n" + "\n".join(str(problem) for problem in result.held) + "\n", err=True)
    if result.docs is not None and (result.docs.written or result.docs.removed):
        click.echo(f"docs/: {result.docs}")
    if result.rebuilt:
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.seconds.items())
        click.echo(f"Preview built in {time.monotonic() - started:.1f} s "
                   f"(built: {', '.join(result.built)}; {steps})")
        for lang in result.built:
            click.echo(f"  {lang}: {', '.join(result.reasons.get(lang, []))}; rendered: "
                       f"{result.rendered.get(lang, 'every page')}")
    return True


class _EditorLog(logging.Handler):
    """Print MkDocs' warnings and its serve milestones, one line each."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            click.echo(f"{record.levelname}: {message}", err=True)
        elif re.sub(r"^\[[\d:]+\] ", "", message).startswith(SHOWN_INFO):
            click.echo(message)


def error_page(site: Path, project: Project, path: str) -> bytes | None:
    """The 404 page in the language of the missing page's address (`/ru/...` -> Russian)."""
    first = path.strip("/").split("/", 1)[0]
    lang = first if first in project.codes and first != project.default_language else ""
    page = site / lang / "404.html"
    return page.read_bytes() if page.is_file() else None


def preview_server(project: Project, host: str, port: int, url: str,
                   session: ServeSession | None = None):
    """MkDocs' live-reload server for the preview, answering a missing page in its language."""
    from .boundary.mkdocs import live_reload_server

    site = preview_dir(project)

    def build() -> bool:  # False: nothing published, the browsers keep their page
        return rebuild(project, url, session)

    server = live_reload_server(build, host, port, str(site),
                                not_found=lambda path: error_page(site, project, path))
    if session is not None:
        # An edit's pages are published again once its PDFs are laid out (their sizes):
        # the browsers reload then too; a layout problem is printed as a build's are.
        session.reload = server.reload_browsers
        session.report = lambda problems: click.echo(f"\n{problems}\n{KEPT}\n", err=True)
    return server


def serve(project: Project, dev_addr: str) -> None:
    """Build the preview, serve it at `dev_addr` (`host:port`) and rebuild on every change
    until interrupted."""
    host, _, port = dev_addr.rpartition(":")
    url = f"http://{host}:{port}/"
    logger = logging.getLogger("mkdocs")
    handler = _EditorLog(logging.INFO)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    session = ServeSession(project)
    server = preview_server(project, host, int(port), url, session)
    try:
        rebuild(project, url, session)
        for path in watched(project):
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("Stopped.")
        finally:
            server.shutdown()
    finally:
        session.close()
        logger.removeHandler(handler)
