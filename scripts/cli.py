"""`kb`: the command line editors and CI use. Every command's help shows examples."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from . import digest
from . import translations as tr
from .boundary import BoundaryError
from .build import build_site, generate, read_inputs
from .errors import BuildError
from .memo import using
from .outdated.accept import AcceptError, accept, describe
from .outdated.diff import Change
from .outdated.drift import Drift
from .outdated.report import html_page
from .pdf import step as pdf_step
from .project import Project, open_project
from .render_cache import RenderCache
from .validate import stale_reviews


def _project(ctx: click.Context) -> Project:
    return ctx.obj


class _Commands(click.Group):
    """kb's commands: a library outside the versions the boundary knows (scripts/boundary/)
    ends the command with its one message, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BoundaryError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="Project folder (default: the folder holding mkdocs.yml, here or above).")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Build and check the REAct knowledge base.

    \b
    Examples:
        kb check                      # report every problem in content/ and aggregates/
        kb build                      # content/ -> docs/ -> site/
        kb serve                      # rebuild on every change, reload the browser
        kb translations               # translated / outdated / missing, per language
        kb translations --stamp content/guides/police-detention.tg.md
        kb new guides domestic-violence --lang ru
    """
    try:
        ctx.obj = open_project(root)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--force", is_flag=True, help="Rebuild site/ even if its inputs did not change.")
@click.option("--site-url", default=None, metavar="URL",
              help="Address the site is published at (for its 404 page and sitemap.xml).")
@click.pass_context
def build(ctx: click.Context, force: bool, site_url: str | None) -> None:
    """Generate docs/ from content/ and build site/ with MkDocs (strict).

    On any problem nothing is published: every problem is printed, the previous site/
    stays as it was, and the exit code is 1. Languages are built in parallel processes,
    each printing its progress. A language whose pages in docs/ (and mkdocs.yml,
    overrides/, the MkDocs packages) are exactly what site/ was built from is not built
    again but kept; when nothing changed, MkDocs is not run at all.

    \b
    Examples:
        kb build
        kb build --force      # rebuild site/ even if nothing changed
        kb build --site-url https://example.org/kb/
    """
    project = _project(ctx)
    started = time.monotonic()
    try:
        result = build_site(project, force=force, site_url=site_url,
                            progress=lambda report: click.echo(f"  {report}"))
    except BuildError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if result.docs is None:
        click.echo("docs/: up to date (content/, aggregates/, mkdocs.yml and the code are unchanged)")
    else:
        click.echo(f"docs/: {result.docs}")
        click.echo(f"PDFs: {pdf_step.last}")
    if result.rebuilt:
        kept = f"; unchanged, kept: {', '.join(result.kept)}" if result.kept else ""
        click.echo(f"site/ built in {time.monotonic() - started:.1f} s "
                   f"(built: {', '.join(result.built)}{kept})")
        for lang in result.built:
            click.echo(f"  {lang}: {', '.join(result.reasons.get(lang, []))}")
        for lang in result.built:
            click.echo(f"  {lang} rendered: {result.rendered.get(lang, 'every page')}")
    else:
        click.echo("site/ is up to date (built from the same docs/, settings and theme): nothing to do")


@main.command()
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to measure review age against (default: today).")
@click.pass_context
def check(ctx: click.Context, today: dt.datetime | None) -> None:
    """Check content/ and aggregates/ without building; exit 1 on any problem.

    Reports what `kb build` would: it reads and checks everything once, then makes every
    page and every PDF in memory from what it read (PDFs not in the PDF cache are laid out, once; nothing is
    written to docs/ or site/). Not checked: what only MkDocs finds when it builds the
    site (`mkdocs` problems, e.g. a link to a heading that does not exist) and the last
    check of the built site (`trainer-leak` in the built pages and search indexes):
    building the site takes minutes, not seconds.

    Also reports words the glossary (content/glossary.yml) says to avoid, with the
    preferred term (these do not stop `kb build`), and lists approved texts whose legal
    review is more than 12 months old (a reminder, not an error).

    \b
    Example:
        kb check
    """
    project = _project(ctx)
    # Read once: the pages below are made from these inputs (the cache: checks of texts seen before).
    cache = RenderCache.of(project, digest.source_inventory(project))
    with using(cache):
        inputs, problems = read_inputs(project)
    readable = not problems
    day = (today.date() if today else dt.date.today())
    for note in stale_reviews(inputs.corpus, day):
        click.echo(f"review due: {note}")
    # Variants to avoid (content/glossary.yml) are problems for `kb check`, not for the build:
    # a word choice never holds back an urgent fix from being published.
    for feature in inputs.features:
        check_variants = getattr(feature, "variant_problems", None)
        if check_variants is not None:
            check_variants(inputs.corpus.documents, problems)
    if readable:
        # What `kb build` finds after reading: the pages and every PDF it would make, made
        # in memory (only the caches of rendered pages and of PDFs are written, never docs/
        # or site/). With content problems the build stops before this, and so does check.
        try:
            generate(project, cache, inputs)
        except BuildError as exc:
            problems.extend(exc.problems)
    if problems:
        click.echo(problems.report(), err=True)
        if not readable:
            click.echo("The pages and PDFs were not made, so not checked: run `kb check` again "
                       "once these are fixed.", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(inputs.corpus.documents)} documents, no problems")


@main.command()
@click.option("--stamp", "stamp", multiple=True, type=click.Path(path_type=Path),
              help="Record that this translation matches its original now (repeatable).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes of every outdated translation to this HTML file "
                   "(for coordinators; not published).")
@click.option("--accept", "accept_original", type=click.Path(path_type=Path), metavar="ORIGINAL",
              help="Re-stamp the outdated translations of ORIGINAL whose changes you accept "
                   "as minor (asked block by block, or given with --block).")
@click.option("--block", "blocks", multiple=True, metavar="ID",
              help="With --accept: a changed block to accept, by the id `kb translations` "
                   "prints (repeatable); no questions are asked.")
@click.pass_context
def translations(ctx: click.Context, stamp: tuple[Path, ...], report_file: Path | None,
                 accept_original: Path | None, blocks: tuple[str, ...]) -> None:
    """Show translation status per language and section, or stamp translations.

    A translation is *outdated* when its original changed after it was stamped, and
    *missing* when the language has no file (readers then see the original, with a notice).
    Under each outdated translation, the blocks of the original that changed, were added or
    were removed since it was stamped, each with a diff; safety-critical changes (a warning
    or danger note, a number, a date) are marked.

    \b
    Examples:
        kb translations
        kb translations --report outdated.html
        kb translations --stamp content/guides/police-detention.tg.md
        kb translations --accept content/guides/police-detention.ru.md
        kb translations --accept content/guides/police-detention.ru.md --block 1a2b3c4d5e6f:9f8e7d6c5b4a
    """
    project = _project(ctx)
    if blocks and not accept_original:
        raise click.UsageError("--block goes with --accept ORIGINAL")
    if accept_original:
        _accept(project, accept_original, blocks)
        return
    if stamp:
        failed = False
        for path in stamp:
            try:
                message = tr.stamp(project, path)
            except tr.StampError as exc:
                click.echo(f"{path}: {exc}", err=True)
                failed = True
            else:
                click.echo(message)
        sys.exit(1 if failed else 0)
    inputs, problems = read_inputs(project)
    click.echo(tr.status_table(project, inputs.corpus))
    if report_file:
        target = report_file.resolve()
        if any(target.is_relative_to(folder.resolve()) for folder in
               (project.docs_dir, project.site_dir)):
            raise click.ClickException(f"{report_file}: the report is not published: write it "
                                       "outside docs/ and site/")
        drifts = tr.outdated(project, inputs.corpus)
        target.write_text(html_page(drifts, project.root), encoding="utf-8")
        click.echo(f"\nwrote {report_file}: {len(drifts)} outdated translation(s)")
    if problems:
        click.echo(f"\n{len(problems)} problem(s) in the content: run `kb check`.", err=True)


def _accept(project: Project, original: Path, blocks: tuple[str, ...]) -> None:
    """`kb translations --accept`: decide on each changed block, re-stamp what is all accepted."""
    try:
        drifts = tr.originals_drifts(project, original)
    except tr.StampError as exc:
        raise click.ClickException(f"{original}: {exc}") from exc
    if not drifts:
        click.echo(f"{original}: no outdated translation; nothing to accept")
        return

    def ask(change: Change, drift: Drift) -> bool:
        click.echo("\n" + "\n".join(describe(change, drift)))
        return click.confirm("Accept this change as minor (the translations need no change)?",
                             default=False)

    def decide(change: Change, drift: Drift) -> bool:
        return change.id in blocks if blocks else ask(change, drift)

    def restamp(doc) -> str:
        """Stamp `doc` again, or say why not (its structure differs from the original's)."""
        try:
            return tr.stamp(project, doc.path)
        except tr.StampError as exc:
            return f"not stamped {doc.path.relative_to(project.root).as_posix()}: {exc}"

    try:
        lines = accept(drifts, project.root, decide, restamp, set(blocks) if blocks else None)
    except AcceptError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(("\n" if not blocks else "") + "\n".join(lines))
    if any(line.startswith("not stamped ") for line in lines):
        sys.exit(1)


@main.command()
@click.argument("section", type=click.Choice(["pages", "guides", "training", "templates", "briefs"]))
@click.argument("slug")
@click.option("--lang", default=None, help="Language of the new file (default: the site's default).")
@click.option("--translate", "translate_from", default=None, metavar="LANG",
              help="Create a translation of the existing LANG original instead of a new original.")
@click.pass_context
def new(ctx: click.Context, section: str, slug: str, lang: str | None,
        translate_from: str | None) -> None:
    """Create a new document from a scaffold with every required field.

    \b
    Examples:
        kb new guides eviction --lang ru
        kb new guides eviction --lang tg --translate ru
    """
    project = _project(ctx)
    try:
        path = tr.scaffold(project, section, slug, lang or project.default_language, translate_from)
    except tr.StampError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {path.relative_to(project.root)}")


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_context
def serve(ctx: click.Context, dev_addr: str) -> None:
    """Serve the site, rebuilding on every change to content, data, theme or settings.

    The preview is built as `kb build` builds site/ (only the languages whose input
    changed, in parallel) into .cache/serve/site/, and the browser reloads when it is
    done. An invalid edit prints its problems and the last good site keeps being served.

    \b
    Example:
        kb serve --dev-addr 127.0.0.1:8000
    """
    from .serve import serve as run

    run(_project(ctx), dev_addr)


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the ZIP files (default: dist/ in the project).")
@click.pass_context
def dist(ctx: click.Context, out: Path | None) -> None:
    """Make one ZIP per language of a site that opens from the file system, offline.

    Unzip it anywhere and open its start page in a browser: index.html (the default
    language), index-ru.html, index-en.html... (the others). The pages link to each other as
    files (guides/x.html); search works from the files too. The ZIPs may be unzipped into
    one folder in any order: none replaces another's files.

    \b
    Examples:
        kb dist                       # dist/react-kb-tg.zip, dist/react-kb-ru.zip, ...
        kb dist --out /tmp/usb
    """
    from .dist import build_dist

    project = _project(ctx)
    try:
        made = build_dist(project, out or project.root / "dist")
    except BuildError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for path in made:
        click.echo(f"{path} ({path.stat().st_size // 1024} KB)")


@main.command()
@click.argument("sizes", nargs=-1, type=click.IntRange(min=1))
@click.option("--no-plain", is_flag=True, help="Skip the comparison with plain Material + static-i18n.")
@click.option("--weight/--no-weight", default=True,
              help="Page weight, Lighthouse and ZIP sizes of the sample first (default: yes).")
@click.option("--weight-only", is_flag=True, help="Only the page weight, Lighthouse and ZIP sizes.")
def bench(sizes: tuple[int, ...], no_plain: bool, weight: bool, weight_only: bool) -> None:
    """Measure the build with N synthetic guides per language (default N = 100 400 1000).

    Builds a temporary copy of the project, and the same Markdown with a plain Material +
    static-i18n set-up; prints time, peak memory, page and search index sizes. Takes long.

    \b
    Examples:
        kb bench                      # N = 100, 400, 1000
        kb bench 50 --no-plain
        kb bench --weight-only        # bytes, requests, Lighthouse, ZIP sizes of the sample
    """
    from .bench import bench as run

    if weight or weight_only:
        from .bench_weight import report

        report(click.echo)
        if weight_only:
            return
    run(list(sizes) or [100, 400, 1000], plain=not no_plain)


if __name__ == "__main__":
    main()
