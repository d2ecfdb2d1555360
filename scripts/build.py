"""The build, as the pipeline it runs: read -> validate -> plan -> render -> write -> mkdocs.

Every input problem is collected before anything is written; MkDocs builds into a fresh
folder that replaces `site/` only when it succeeded, so a failed build publishes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import digest, incremental, last_read, render_cache, ui_strings
from .catalogs import read_catalogs
from .content import read_document, read_documents
from .corpus import Corpus
from .errors import PREVIEW_ONLY, BuildError, Problem, Problems
from .features import (
    Feature,
    ReadServices,
    built_files,
    check_docs,
    check_site,
    load_features,
    markdown_body,
)
from .memo import FileStore, using
from .mkdocs_run import LanguageWorkers, ProgressFn, run_mkdocs
from .pdf import sizes
from .pdf.kinds import PrintContext
from .pdf.last_pass import last_pass
from .pdf.step import Pending, start_pdfs
from .plan import plan_site
from .project import Project
from .publish import STAGING_PREFIX, publish
from .render import render_site
from .render_cache import RenderCache
from .validate import validate, validate_fallback_order
from .write import WriteStats, sync_tree, write_files

if TYPE_CHECKING:
    from .serve_session import ServeSession

# Seconds after a `kb serve` build that its render cache is written (render_cache.py).
SAVE_LATER = 3.0


class _Saves:
    """The saves of kb build's caches (the render cache, the last read: scripts/last_read.py),
    put off until its main process only waits for MkDocs' workers (`run_mkdocs`' `meanwhile`):
    pickling them took 0.25 s of that process before, while the workers waited for docs/
    (at N = 400 guides per language). `run()` saves those not saved yet (once each); on
    leaving, with `wait`, they are saved and written (their threads joined)."""

    def __init__(self, wait: bool) -> None:
        self.wait = wait
        self._pending: list[Callable[[], object]] = []

    def add(self, save: Callable[[], object]) -> None:
        self._pending.append(save)

    def run(self) -> None:
        while self._pending:
            self._pending.pop(0)()

    def __enter__(self) -> _Saves:
        return self

    def __exit__(self, *exc: object) -> None:
        self.run()
        if self.wait:
            render_cache.flush()
            last_read.flush()


@dataclass(frozen=True)
class Inputs:
    """Everything read and validated: what features got (`services`) and the features."""

    services: ReadServices
    features: list[Feature]
    # What they were read from (`digest.source_inventory`: {input name: SHA-256}), when the
    # caller gave it: a later read of an edit compares with it (`read_inputs`'s `since`).
    sources: Mapping[str, str] = field(default_factory=dict)
    # The documents read and checked again (an edit's files), the others taken from the
    # earlier read; None: everything was read.
    reread: tuple[Path, ...] | None = None
    # The problems of preview-only rules this read found (errors.PREVIEW_ONLY): a preview
    # went on with them; the read of its next edit reports them again for the files it does
    # not read again.
    held: tuple[Problem, ...] = ()

    @property
    def corpus(self) -> Corpus:
        """Every document of content/."""
        return self.services.corpus


def read_inputs(project: Project, sources: Mapping[str, str] | None = None,
                since: Inputs | None = None) -> tuple[Inputs, Problems]:
    """Read and validate everything; the problems list is empty when the input is good.

    `sources`: the inventory of the inputs as they are now (`digest.source_inventory`).
    `since`: an earlier read of the same project that found no problem (kb serve's: none
    but its `held` ones), with its `sources` (kb serve keeps its last one). When what
    changed since then is only documents' files (`edited_documents`), only those are read
    again, and the checks that look at them:
    each one's own (fields, links, admonitions, raw HTML, codes), their originals' and
    translations' (shared fields, stamps, structure), and every feature's `read`. The rest
    of the earlier read stands: its checks found nothing, and what they looked at did not
    change (catalogs, other documents, the link targets: when a feature's link targets
    changed, or an edited document no longer reads, every document is checked again). The
    UI strings the code and templates use are checked again (overrides/ is not among
    `sources`), and the fallback order. The result and problems are those of a full read
    (tests/test_edit_read.py; kb build keeps its last read in a file: scripts/last_read.py).
    """
    edited = edited_documents(project, sources, since)
    if since is not None and edited is not None:
        return _read_edit(project, since, edited, sources or {})
    problems = Problems(project.root)
    codes = project.codes
    # Catalogs first: document validation needs their codes (topics, populations).
    catalogs = read_catalogs(project.root, codes, problems)
    ui_strings.check(project.root, catalogs, codes, problems)
    corpus = Corpus(read_documents(project.content_dir, codes, problems))
    features = load_features()
    services = ReadServices(project, corpus, catalogs, features=tuple(features))
    for feature in features:
        feature.read(services, problems)
    # Links are checked last: features add the pages they generate as link targets.
    targets = set().union(*(f.link_targets() for f in features))
    validate(corpus, catalogs, codes, targets, problems,
             markdown_body=lambda doc: markdown_body(features, doc))
    validate_fallback_order(project, problems)
    return Inputs(services, features, dict(sources or {}), held=_held(problems)), problems


def _held(problems: Problems) -> tuple[Problem, ...]:
    """The problems of preview-only rules among `problems` (`Inputs.held`)."""
    return tuple(p for p in problems if p.rule in PREVIEW_ONLY)


def edited_documents(project: Project, sources: Mapping[str, str] | None,
                     since: Inputs | None) -> tuple[Path, ...] | None:
    """The documents' files (paths) whose SHA-256 differs between `since.sources` and
    `sources`, or None when anything else differs: a file added or removed, any input that
    is not a document of `since` (catalogs, snapshots, aggregates, mkdocs.yml, code)."""
    if since is None or sources is None or not since.sources or since.sources.keys() != sources.keys():
        return None
    documents: dict[str, Path] = {}
    for doc in since.corpus.documents:
        try:
            documents[doc.path.relative_to(project.root).as_posix()] = doc.path
        except ValueError:
            return None
    changed = [name for name, sha in sources.items() if since.sources[name] != sha]
    if any(name not in documents for name in changed):
        return None
    return tuple(documents[name] for name in sorted(changed))


def _read_edit(project: Project, since: Inputs, edited: tuple[Path, ...],
               sources: Mapping[str, str]) -> tuple[Inputs, Problems]:
    """`read_inputs` after an edit of `edited` only (see there)."""
    problems = Problems(project.root)
    catalogs = since.services.catalogs
    # Run again: the UI strings the templates of overrides/ use (not among `sources`: an
    # edit there keeps the documents' read, and the uses of unchanged files come from the
    # render cache), and the fallback order.
    ui_strings.check(project.root, catalogs, project.codes, problems)
    again = set(edited)
    documents = []
    for doc in since.corpus.documents:
        if doc.path not in again:
            documents.append(doc)
        elif (read := read_document(doc.path, project.content_dir, project.codes, problems)) is not None:
            documents.append(read)
    # A document that no longer reads is no page: other documents' links and codes to it
    # are checked again, as every document is when a feature's link targets changed.
    whole = len(documents) < len(since.corpus.documents)
    corpus = Corpus(documents)
    features = load_features()
    services = ReadServices(project, corpus, catalogs, features=tuple(features))
    for feature in features:
        feature.read(services, problems)
    targets = set().union(*(f.link_targets() for f in features))
    before = set().union(*(f.link_targets() for f in since.features))
    validate(corpus, catalogs, project.codes, targets, problems,
             markdown_body=lambda doc: markdown_body(features, doc),
             only=None if whole or targets != before else again)
    validate_fallback_order(project, problems)
    # The earlier read's held problems in files not read now still stand (a translation
    # still not stamped); those of the files read now were found again, or are gone.
    shown = {problems.show(path) for path in edited}
    problems.items.extend(p for p in since.held if p.file not in shown and p not in problems.items)
    return Inputs(services, features, dict(sources), reread=edited, held=_held(problems)), problems


def render_docs(project: Project, cache: RenderCache | None = None, inputs: Inputs | None = None,
                forked: Callable[[], object] | None = None, save_cache: bool = True
                ) -> tuple[dict[str, str | bytes], Pending]:
    """Every file of docs/ for every language but the PDFs not laid out yet, and the PDF step
    laying those out meanwhile (scripts/pdf/step.py: until they are, `files` holds their
    previous file of docs/, if any); BuildError with every problem. `cache`: pages and checks
    whose fingerprint it holds are taken from it; saved when done. `inputs`: the content
    already read without problems (`read_inputs`, as `kb check` does), not read again.
    `forked()`: called once the PDF step's pool has forked (to start pools that must start
    after it: `mkdocs_run.LanguageWorkers`). `save_cache=False`: the caller saves `cache`."""
    if inputs is None:
        with using(cache):  # checks of texts seen before, from the cache (memo.py)
            inputs, problems = read_inputs(project)
        if problems:
            raise BuildError(problems)
    plan = plan_site(inputs.corpus, project.codes, project.fallback_order)
    with using(cache):
        files = render_site(inputs.services, plan, inputs.features, cache)
    # PDFs of guides, handouts and blank letters, linked from their pages (scripts/pdf/).
    with using(cache):  # the fonts' coverage, from the cache (pdf/glyphs.py)
        pdfs = start_pdfs(PrintContext(project, inputs.services.catalogs, tuple(plan)), files)
    if forked is not None:
        forked()
    # The last check of what is about to be published (e.g. a trainer note's text).
    with using(cache):
        problems = check_docs(inputs.features, inputs.services, files)
    if problems:
        pdfs.close()
        raise BuildError(problems)
    if cache is not None and save_cache:
        cache.save()
    return files, pdfs


def generate(project: Project, cache: RenderCache | None = None, inputs: Inputs | None = None
             ) -> dict[str, str | bytes]:
    """Every file of docs/ for every language, the PDFs laid out, or BuildError with every
    problem (`render_docs`)."""
    files, pdfs = render_docs(project, cache, inputs)
    files.update(pdfs.result())
    return files


# What kb build knew of docs/'s files when it last wrote them (scripts/write.py).
WRITTEN = Path(".cache") / "written" / "docs.json"
# The results of the last check of the built site kept between builds (features.check_site).
CHECKED = Path(".cache") / "checked" / "site.json"


def write_docs(project: Project, files: dict[str, str | bytes],
               inventory: Mapping[str, str] | None = None, only: list[str] | None = None) -> WriteStats:
    """Make docs/ hold exactly `files` ({language-relative path: text or bytes}), writing only
    what changed; compared by status and digest where the last build knew them (`WRITTEN`).
    `inventory`: theirs (`digest.inventories`, `docs/<path>` entries), whose SHA-256 of each
    file is not computed again. `only`: write those of `files` that changed, touch nothing
    else (kb serve's edit, before the rest is compared: `_build_site`)."""
    paths = files if only is None else only
    digests = None if inventory is None else {
        rel: inventory[name] for rel in paths if (name := f"docs/{rel}") in inventory}
    if only is not None:
        stats = WriteStats()
        stats.written = write_files(project.docs_dir, {rel: files[rel] for rel in only}, digests, stats.paths)
        return stats
    return sync_tree(project.docs_dir, files, state=project.root / WRITTEN, digests=digests)


@dataclass
class BuildResult:
    # None when docs/ was not generated again: its sources had not changed.
    docs: WriteStats | None
    # The languages MkDocs built; the others were copied from the previous site/ (their
    # inputs did not change). Empty when site/ was left alone: nothing changed at all.
    built: tuple[str, ...]
    kept: tuple[str, ...]
    # Why each built language was built: phrases naming the changed inputs (digest.explain).
    reasons: dict[str, list[str]] = field(default_factory=dict)
    # What MkDocs rendered of each built language: "every page: <why>" or "<n> changed files"
    # (the other pages kept from the previous build: scripts/incremental.py).
    rendered: dict[str, str] = field(default_factory=dict)
    # Wall seconds of the steps: "docs/" (read, render, write docs/), "inventory" (what changed),
    # "MkDocs" (build, checks, publish).
    seconds: dict[str, float] = field(default_factory=dict)
    # A preview's problems that did not stop it (errors.PREVIEW_ONLY): a `kb build` refuses them.
    held: Problems | None = None

    @property
    def rebuilt(self) -> bool:
        return bool(self.built)


# The SHA-256 of the inputs' files by their status, kept between builds (digest.hashes_kept).
HASHED = Path(".cache") / "read" / "hashed.json"


def build_site(project: Project, force: bool = False, site_url: str | None = None,
               progress: ProgressFn | None = None, site: Path | None = None,
               serving: bool = False, session: ServeSession | None = None) -> BuildResult:
    """Build `site` (default: the project's site/).

    `site_url` (the address the site is published at) overrides mkdocs.yml's: the 404
    page's links need it, and the sitemap is only written with one. `serving`: a preview
    for `kb serve`, whose pages may run the live-reload script. `session`: `kb serve`'s
    MkDocs workers, which render an edit that kept the navigation into `site` in place
    (scripts/serve_session.py).
    """
    # Files whose status did not change are not read to be hashed (content/, the code, and
    # docs/ when nothing changed); --force reads everything, as a fresh clone would.
    # kb serve reads them at its first build and keeps them when it stops: saving them after
    # each edit was 0.2-0.3 s of its wait at N = 400.
    if session is not None:
        session.settle()  # the last edit's PDFs published
    state, under = project.root / HASHED, (project.root, digest.CODE)
    first = session is None or "hashes" not in session.on_close
    if session is not None:
        session.on_close["hashes"] = functools.partial(digest.save_hashed, state, *under)
    with digest.hashes_kept(state, *under, read=not force and first, save=session is None):
        return _build_site(project, force, site_url, progress, site, serving, session)


def _build_site(project: Project, force: bool, site_url: str | None, progress: ProgressFn | None,
                site: Path | None, serving: bool, session: ServeSession | None) -> BuildResult:
    site = site or project.site_dir
    settings: dict[str, Any] = {"site_url": site_url} if site_url else {}
    extra = f"site_url={site_url or ''};serving={serving}"
    source_files = digest.source_inventory(project)
    sources = digest.combine(source_files)
    # Sources and docs/ exactly as site/ was built from them: nothing to generate or build.
    # (docs/ is checked too: a hand edit there is undone by generating it again.)
    everything = set(project.codes)
    # What site/ was built from (none for --force), and the languages whose files in it were
    # changed since (by hand, or by another program): built again, every page, as their
    # inputs had changed. Not kb serve's preview, which only it writes (0.1 s of each edit).
    record = digest.Record() if force else digest.Record.read(project, site, outputs=session is None)
    if record.digests.get(digest.SOURCES) == sources and \
            record.unchanged(project, site, digest.input_digests(project, extra)) == everything:
        # kb serve back where its last good preview was (a mistake undone): that read's
        # held problems still stand, and are said again.
        last = session.inputs if session is not None else None
        held = Problems(project.root, list(last.held)) if isinstance(last, Inputs) and last.held else None
        return BuildResult(None, built=(), kept=project.codes, held=held)
    started = time.monotonic()
    # --force renders everything, as a fresh clone would, and fills the cache again.
    cache = RenderCache.of(project, source_files, read=not force)
    # Written in a thread: while MkDocs builds (waited for at the end), or in kb serve once
    # the browser has reloaded.
    cache.save_later = SAVE_LATER if session is not None else 0.0
    # After an edit of documents only, those are read again, not every document
    # (`read_inputs`): from kb serve's last read, or kb build's (last_read.py; not --force).
    if session is not None:
        since = session.inputs
    else:
        kept = None if force else last_read.load(project, source_files)
        since = kept if isinstance(kept, Inputs) else None
    with using(cache):  # checks of texts seen before, from the cache (memo.py)
        content, problems = read_inputs(project, source_files, since)
    # A preview goes on when every problem is of a preview-only rule (a translation not
    # stamped yet), and says so (`held`); anything else, or any problem of kb build, stops.
    if problems and not (serving and problems.only(PREVIEW_ONLY)):
        raise BuildError(problems)
    held = problems or None
    saves = _Saves(wait=session is None)
    if session is not None:
        session.inputs = content
    elif held is None:  # a read with problems is never kept for the next kb build to trust
        saves.add(functools.partial(last_read.save, project, content))
    # MkDocs' workers start up ahead, once the PDF step's pool has forked (LanguageWorkers):
    # one (a translation's edit builds one language), or every one --force builds; more
    # once the inventory says how many languages to build. kb serve keeps its own running.
    ahead = contextlib.ExitStack()
    workers: LanguageWorkers | None = None

    def start_workers() -> None:
        nonlocal workers
        if session is None:
            workers = ahead.enter_context(LanguageWorkers(project, len(everything) if force else 1))

    try:
        files_of_docs, pdfs = render_docs(project, cache, content, forked=start_workers,
                                          save_cache=session is not None)
    except BaseException:
        ahead.close()
        saves.run()  # the read had no problems: the next build starts from it
        raise
    if session is None:
        saves.add(cache.save)
    # The PDF step's workers stopped whatever happens (its problems added to MkDocs'); the
    # render cache written before kb build returns.
    with pdfs, saves, ahead:
        before = record.files

        def take_inventory(per_language: dict[str, digest.Inventory], docs: dict[str, str | bytes],
                           navs: dict[str, str] | None = None
                           ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
            # docs/ as it is written: hashed from memory, not read from disk.
            inputs = {lang: digest.combine(entries) for lang, entries in per_language.items()}
            files = source_files.copy()
            for entries in per_language.values():
                files.update(entries)
            if navs is None:  # recorded, not digested: derived from the pages of docs/<lang>/
                navs = {}
                for lang in project.codes:
                    navs.update(incremental.kept_nav(lang, before, files, project, docs)
                                or incremental.nav_inventory(project, lang, docs))
            files.update(navs)
            return inputs, files, navs

        def with_pdfs() -> tuple[dict[str, str], dict[str, str]]:
            # docs/ got new PDFs in the last pass: its inventory as built (only those hashed;
            # PDFs are no pages: the navigation's entries stand).
            new = {path: pdf for path, pdf in pdfs.result().items() if files_of_docs.get(path) != pdf}
            inputs, files, _ = take_inventory(digest.with_files(project, per_language, new),
                                              files_of_docs, navs)
            return inputs, files

        # What changed, taken before docs/ is written: as many MkDocs workers as there are
        # languages to build (none needed when nothing changed).
        seconds = {"docs/": time.monotonic() - started}
        per_language = digest.inventories(project, extra, files_of_docs)
        inputs, files, navs = take_inventory(per_language, files_of_docs)
        keep = record.unchanged(project, site, inputs)
        seconds["inventory"] = time.monotonic() - started - seconds["docs/"]
        building = len(everything - keep)
        if workers is not None and building:
            workers.grow(building)
        finish_pdfs = last_pass(project, pdfs, workers.spread if workers and building else None)
        if session is not None:
            session.wait()  # its warm-ups read docs/ as the preview was built from it
        built = tuple(lang for lang in project.codes if lang not in keep)
        partial: dict[str, tuple[str, ...]] = {}
        rendered = {lang: "every page: --force" for lang in built}
        if force:
            reasons = {lang: ["--force"] for lang in built}
        else:
            # The titles and headings (incremental.py) are named by the pages they are in.
            pages_only = [{k: v for k, v in inventory.items() if not k.startswith(incremental.NAV_PREFIX)}
                          for inventory in (before, files)]
            reasons = {lang: digest.explain(lang, project.codes, *pages_only) for lang in built}
            # Within a language, only the pages that changed, when the navigation did not.
            for lang in built:
                if lang in record.tampered:
                    why = "its files in site/ changed since it was built"
                    reasons[lang].append(why)
                    rendered[lang] = f"every page: {why}"
                    continue
                plan = incremental.plan(lang, project.codes, before, files)
                if plan.files is not None:
                    partial[lang] = plan.files
                rendered[lang] = "every page: " + plan.why if plan.everything else plan.why
        # kb serve: an edit that kept every built language's navigation, in MkDocs kept running.
        kept_running = (session is not None and bool(built) and all(lang in partial for lang in built)
                        and session.ready(built))
        written: list[WriteStats] = []
        # The edit's files of docs/ first: the workers render them while the rest of docs/ is
        # compared (ServeSession.render's `meanwhile`; 0.1-0.2 s at N = 400). The counts are
        # the whole of docs/'s.
        edited = [rel for lang in built for rel in partial[lang]] if kept_running else []
        first = write_docs(project, files_of_docs, files, only=edited) if edited else WriteStats()

        def write_all() -> bool:
            """Whether docs/ held nothing else to write (a file changed by hand, which the
            workers may have read: then the edit goes the full way)."""
            stats = write_docs(project, files_of_docs, files)
            rest = bool(stats.paths)
            stats.written, stats.unchanged = stats.written + first.written, stats.unchanged - first.written
            stats.paths |= first.paths
            written.append(stats)
            return not rest

        if not kept_running:
            write_all()
            if session is not None:
                # A file of docs/ set right again (changed by hand, maybe while a worker's
                # warm-up read it): the languages not built now that may have read it go the
                # full way next time (those built now are warmed again).
                touched = {path.split("/", 1)[0] for path in written[0].paths}
                shared = bool(touched - set(project.codes))
                session.cold(tuple(lang for lang in project.codes
                                   if lang in keep and (shared or lang in touched)))
        seconds["docs/"] = time.monotonic() - started - seconds["inventory"]
        if keep == everything:
            finish_pdfs(site, ())  # docs/ gets the PDFs being laid out (the same bytes: kept)
            # The sources' digest as they are now: the next build with nothing changed takes
            # the shortcut above instead of generating docs/ again.
            digest.store(site, inputs, sources, files, project if session is None else None)
            return BuildResult(written[0], built=(), kept=project.codes, held=held)

        # Its kept MkDocs renders while the edit's PDFs are laid out (docs/ keeps their
        # previous files meanwhile); its last pass writes them, as a build's does, maybe after
        # the browser has reloaded: then the digest is stored (ServeSession.render).
        def store() -> None:
            stored_inputs, stored_files = with_pdfs() if pdfs.laid_out else (inputs, files)
            digest.store(site, stored_inputs, sources, stored_files)

        if kept_running and session is not None and session.render(
                project, site, {lang: partial[lang] for lang in built}, progress,
                last_pass=finish_pdfs, pdfs=pdfs, then=store, meanwhile=write_all):
            seconds["MkDocs"] = time.monotonic() - started - sum(seconds.values())
            return BuildResult(written[0], built=built, kept=tuple(c for c in project.codes if c in keep),
                               reasons=reasons, seconds=seconds, held=held,
                               rendered={lang: f"{rendered[lang]} (MkDocs kept running)" for lang in built})
        stats = written[0]
        # Build beside the site so the final rename is atomic on the same file system.
        site.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=site.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read site/
        try:
            run_mkdocs(project, staging, progress, keep=keep, previous=site, serving=serving,
                       partial=partial, later=pdfs.later, last_pass=finish_pdfs, fresh=force,
                       started=workers, meanwhile=saves.run, **settings)
            # The last check, on what would replace site/: pages and search indexes (a kept
            # language was checked when built), in parts by the language builds' workers.
            # Which trainer notes each checked text holds, kept between builds under the
            # code's fingerprint (`CHECKED`): an edit searches the pages that changed only.
            code = render_cache.code_fingerprint(source_files)
            kept = FileStore(code) if force else FileStore.read(project.root / CHECKED, code)
            problems = check_site(project, staging, built, workers.spread if workers else None, kept)
            kept.write(project.root / CHECKED)
            sizes.check_site(staging, problems, built_files(project, staging, built))
            if problems:
                raise BuildError(problems)
            if pdfs.laid_out:
                inputs, files = with_pdfs()
            digest.store(staging, inputs, sources, files, project if session is None else None)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        publish(site, staging)
        if session is not None:
            session.warm(project, site, built, settings, serving)
        seconds["MkDocs"] = time.monotonic() - started - sum(seconds.values())
        return BuildResult(stats, built=built, kept=tuple(lang for lang in project.codes if lang in keep),
                           reasons=reasons, rendered=rendered, seconds=seconds, held=held)
