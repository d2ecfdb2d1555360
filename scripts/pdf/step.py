"""The PDF step of the build: every kind's documents laid out, cached, linked with their size.

It starts after the pages are rendered (`start_pdfs`): each PDF's fingerprint is taken and
looked up in the cache, the download link is put into each page that offers one, and the
PDFs not in the cache are handed to worker processes, which lay them out while MkDocs builds
the languages (`Pending.result` waits for them). The link's size ("PDF, 24 KB") cannot be in
a page rendered before its PDF exists: the page's Markdown carries a placeholder naming the
PDF and its fingerprint, filled into the built page last (`sizes.py`).

Each PDF has a fingerprint, taken without making its print HTML: SHA-256 of the document's
text and fields, the code that makes print HTML of it, its images (the names its print HTML
gave the last time, kept in the cache beside the PDFs) and the tools
(`layout.fingerprint_of_tools`: WeasyPrint's version, the text libraries it lays out with,
the print styles, the fonts). A PDF whose fingerprint is in the cache (`<fingerprint>.pdf`)
costs a hash and a file read; the others are made (print HTML, then WeasyPrint) in worker
processes, as many as there are CPUs, each sharing its fonts and parsed styles between
documents (`layout.Printer`). The cache is the user's, like pip's (`$KB_PDF_CACHE`, else
`$XDG_CACHE_HOME/react-kb/pdf`, else `~/.cache/react-kb/pdf`): a fingerprint names its bytes
whatever the project folder, so a fresh clone, `kb build --force`, `kb dist` and the tests'
copies of the project reuse it; a file unused for `KEEP_DAYS` is removed.

The placeholder's fingerprint (the document's source key and every image of its language)
changes whenever the PDF may change, so a page whose PDF changes is built again even when
nothing else of it changed, and a language none of whose PDFs changed is not (`digest.py`
sees its docs/ unchanged). While a PDF is laid out, docs/ keeps its previous file (a page
links it, and its name is an input of every language); the last pass writes the new one
only when its bytes changed, so a build with nothing changed writes none.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import inspect
import json
import os
import posixpath
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..boundary.weasyprint import import_weasyprint
from ..errors import BuildError, Problems
from ..text import md_text
from ..workers import quiet_on_interrupt, starting_workers
from . import glyphs, html, layout, layout_problems, sizes
from .kinds import PrintContext, PrintDocument, load_kinds

# Cached PDFs not used for this many days are removed.
KEEP_DAYS = 30


def cache_dir() -> Path:
    """Where laid-out PDFs are kept by fingerprint (see the module's docstring)."""
    if os.environ.get("KB_PDF_CACHE"):
        return Path(os.environ["KB_PDF_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "react-kb" / "pdf"


@dataclass
class Stats:
    """What the step did: PDFs laid out now (`made`) and taken from the cache (`reused`),
    their total size in bytes, the step's wall time (from its start, beside the language
    builds, until its last PDF was laid out), its CPU time (this process's share and the
    worker processes' layouts) and how long the build waited for it once the languages were
    built (`waited`), in seconds."""

    made: int = 0
    reused: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    waited: float = 0.0

    def __str__(self) -> str:
        return (f"{self.made + self.reused} ({self.made} laid out, {self.reused} from the cache), "
                f"{self.bytes / 1048576:.1f} MB, {self.seconds:.1f} s (CPU {self.cpu_seconds:.1f} s), "
                f"{self.waited:.1f} s waited for after the languages")


# The last run's numbers, for `kb build`'s report and `kb bench`.
last = Stats()


@dataclass(frozen=True)
class _Job:
    doc: PrintDocument
    base_url: str
    # SHA-256 of the document's own inputs (`_source_key`); the PDF's fingerprint adds its images.
    source: str


class Pending:
    """The PDFs of one build: those found in the cache, and those being laid out in worker
    processes (started by `start_pdfs`, waited for by `result`).

    `later`: docs paths of the PDFs being laid out that docs/ does not hold yet (a new
    document, a fresh clone): MkDocs is told they will exist (its links to them are checked)
    and the last pass writes them.
    """

    def __init__(self, ctx: PrintContext, jobs: list[_Job], found: dict[str, bytes],
                 todo: dict[str, _Job], files: Mapping[str, str | bytes],
                 started: float, cpu: float, early: Problems | None = None) -> None:
        self._root = ctx.project.root
        self._early = early  # found before the layouts (`glyphs.check`), reported with theirs
        self._jobs, self._found, self._todo = jobs, found, todo
        self._started, self._cpu = started, cpu
        self._pdfs: dict[str, bytes] | None = None
        self._error: BuildError | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._results: list[Future] = []
        self._kept = False
        self._images: Mapping[str, str | bytes] = files
        self.later = frozenset(job.doc.pdf for job in jobs if job.source not in found) - set(files)
        if todo:
            self._pool, self._results = _start_all(list(todo.values()), files)
        self._ready = time.perf_counter()  # the step's end when every PDF was in the cache

    def result(self) -> dict[str, bytes]:
        """Every PDF, `{docs path: bytes}`, once laid out (waits for the workers).

        Raises BuildError with every document WeasyPrint could not lay out (an image
        missing, something wider than the page), each naming the content file."""
        global last
        if self._error is not None:
            raise self._error
        if self._pdfs is not None:
            return self._pdfs
        waiting = time.perf_counter()
        cpu = time.process_time()
        problems = Problems(self._root, list(self._early or ()))
        stats = Stats(reused=len(self._jobs) - len(self._todo))
        cache = cache_dir()
        finished = self._started
        laid_out: list[tuple[PrintDocument, list[str]]] = []
        try:
            for job, future in zip(self._todo.values(), self._results, strict=True):
                names, result, seconds, at = future.result()
                stats.cpu_seconds += seconds
                finished = max(finished, at)
                if result.pdf is not None:
                    key = _pdf_key(job.source, names, self._images)
                    _store(cache, job.source, names, key, result.pdf)
                    _NOW[f"{cache}\0{job.source}"] = (names, key, result.pdf)
                    self._found[job.source] = result.pdf
                    stats.made += 1
                laid_out.append((job.doc, result.problems))
        finally:
            self.close()
        layout_problems.report(laid_out, problems)  # one per content file and cause
        if problems:
            self._error = BuildError(problems)
            raise self._error
        pdfs = {job.doc.pdf: self._found[job.source] for job in self._jobs}
        stats.bytes = sum(len(pdf) for pdf in pdfs.values())
        _prune(cache)
        # The last layout's end (the clock is the system's, the same in the worker
        # processes), or, every PDF from the cache, the end of `start_pdfs`.
        stats.seconds = (finished if self._todo else self._ready) - self._started
        stats.waited = max(0.0, finished - waiting)
        stats.cpu_seconds += self._cpu + time.process_time() - cpu
        last, self._pdfs = stats, pdfs
        return pdfs

    def made(self) -> dict[str, bytes]:
        """The PDFs that were not in the cache, `{docs path: bytes}`, once laid out (waits
        as `result` does, and raises as it does): the only ones docs/ and the languages built
        from it may not hold yet. A PDF found in the cache was put into the files of docs/
        (`start_pdfs`) before they were written and built."""
        pdfs = self.result()
        return {job.doc.pdf: pdfs[job.doc.pdf] for job in self._jobs if job.source in self._todo}

    @property
    def done(self) -> bool:
        """Whether every PDF is laid out (or failed): `result` would not wait."""
        return all(future.done() for future in self._results)

    def keep_open(self) -> None:
        """Leaving the `with` block no longer stops the workers (kb serve publishes an edit
        before its PDFs are laid out): `result` is called later, and stops them."""
        self._kept = True

    @property
    def laid_out(self) -> bool:
        """Whether some PDF was not in the cache (it is laid out, or being laid out)."""
        return bool(self._todo)

    def close(self) -> None:
        """Stop the workers (the build failed before it needed the PDFs)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: object) -> None:
        """The workers stopped; a build failing with problems (MkDocs' warnings) gets the
        PDFs' problems too, once they are laid out: every problem at once. A step kept open
        (`keep_open`) is left running when the build succeeded."""
        if error is None and self._kept:
            return
        try:
            if isinstance(error, BuildError) and error is not self._error and self._pdfs is None:
                try:
                    self.result()
                except BuildError as more:
                    error.problems.extend(more.problems)
                    raise BuildError(error.problems) from None
        finally:
            self.close()


def start_pdfs(ctx: PrintContext, files: dict[str, str | bytes]) -> Pending:
    """Start the PDF step over `files` ({docs path with language folder: text or bytes}):
    the download link, with its size placeholder (`sizes.placeholder`), put into each page
    that offers one; the PDFs found in the cache put into `files`; the others laid out in
    worker processes from now on (`Pending.result`), their previous file of docs/, if any,
    put into `files` meanwhile (docs/ keeps it until the new one is laid out).

    A PDF found in the cache costs a few hashes and a file read: its fingerprint is taken
    from the document's text (`_source_key`) and the images its print HTML names, which the
    cache keeps beside (`<source key>.images`); the print HTML is made only for the PDFs
    laid out, in the worker processes.

    Raises BuildError (rule `pdf-fonts`) when the fonts of the PDFs are not installed.
    """
    started, cpu = time.perf_counter(), time.process_time()
    problems = Problems(ctx.project.root)
    missing = layout.missing_fonts()
    if missing:
        listed = ", ".join(path.name for path in missing)
        problems.add(missing[0], "pdf-fonts", f"the fonts of the PDFs are not installed ({listed})",
                     layout.FONTS_FIX)
        raise BuildError(problems)
    global _LAST, _NOW, _LINKED_LAST, _LINKED_NOW
    _LAST, _NOW = _NOW or _LAST, {}  # the last build's (what a failed one had found, if any)
    _LINKED_LAST, _LINKED_NOW = _LINKED_NOW or _LINKED_LAST, {}
    jobs = [_job(doc) for kind in load_kinds() for doc in kind.documents(ctx, files)]
    glyphs.check([job.doc for job in jobs], ctx.project.root, problems)  # emoji: not an empty box
    cache = cache_dir()
    found: dict[str, bytes] = {}  # source key -> PDF
    todo: dict[str, _Job] = {}
    for job in jobs:
        if job.source in found or job.source in todo:
            continue
        pdf = _cached(cache, job.source, files)
        if pdf is None:
            todo[job.source] = job
        else:
            found[job.source] = pdf
    images = {lang: _images_key(files, lang) for lang in {job.doc.pdf.split("/", 1)[0] for job in jobs}}
    for job in jobs:
        if job.source in found:
            files[job.doc.pdf] = found[job.source]
        else:
            files.pop(job.doc.pdf, None)
            previous = ctx.project.docs_dir / job.doc.pdf
            if previous.is_file():
                files[job.doc.pdf] = previous.read_bytes()
        fingerprint = hashlib.sha256(f"{job.source}\0{images[job.doc.pdf.split('/', 1)[0]]}".encode())
        for page, words in job.doc.links:
            if isinstance(files.get(page), str):
                files[page] = _with_link(ctx, page, str(files[page]), job.doc, words,
                                         fingerprint.hexdigest()[:SHOWN])
    return Pending(ctx, jobs, found, todo, files, started, time.process_time() - cpu, problems)


def add_pdfs(ctx: PrintContext, files: dict[str, str | bytes]) -> Stats:
    """`start_pdfs`, then every PDF put into `files` once laid out: the whole step at once.
    Raises BuildError as `start_pdfs` and `Pending.result` do."""
    files.update(start_pdfs(ctx, files).result())
    return last


# Hex digits of the fingerprint a size placeholder shows (64 bits: enough to see a change).
SHOWN = 16


def _images_key(files: Mapping[str, str | bytes], lang: str) -> str:
    """SHA-256 (hex) of every file of `files` in the language folder `lang` that a page may
    show as an image (its path and bytes): a PDF's images are among them."""
    digest = hashlib.sha256()
    for name in sorted(files):
        value = files[name]
        if name.startswith(f"{lang}/") and isinstance(value, bytes) and name.lower().endswith(IMAGES):
            digest.update(name.encode() + b"\0" + hashlib.sha256(value).digest())
    return digest.hexdigest()


# What a page may show as an image (the print HTML's images are files of the site).
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


def _job(doc: PrintDocument) -> _Job:
    folder = posixpath.dirname(doc.base)
    base_url = layout.IMAGE_BASE + (folder + "/" if folder else "")
    return _Job(doc, base_url, _source_key(doc, base_url))


def _source_key(doc: PrintDocument, base_url: str) -> str:
    """SHA-256 (hex) of what a PDF is made from, its images aside: the tools (WeasyPrint,
    print styles, fonts, options: `layout.fingerprint_of_tools`), the code making print HTML
    (`html.fingerprint_of_code`, and the module of `doc.to_html`), and the document's own
    fields (style, folder, language, title, subject, heading, text)."""
    digest = hashlib.sha256(layout.fingerprint_of_tools().encode() + b"\0"
                            + html.fingerprint_of_code().encode() + b"\0"
                            + _code_of(doc.to_html).encode() + b"\0")
    for part in (doc.style, base_url, doc.lang, doc.title, doc.subject, doc.heading or "", doc.text):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@functools.cache
def _code_of(function: Callable[[str], str]) -> str:
    """The qualified name of `function` and SHA-256 of its module's source file."""
    source = inspect.getsourcefile(function)
    code = Path(source).read_bytes() if source else b""
    name = f"{function.__module__}.{function.__qualname__}"
    return name + ":" + hashlib.sha256(code).hexdigest()


def _pdf_key(source: str, names: list[str], files: Mapping[str, str | bytes]) -> str:
    """The PDF's fingerprint: SHA-256 (hex) of its source key and each image it names (docs
    paths) with SHA-256 of the image's bytes ("missing" for a name that is no file)."""
    digest = hashlib.sha256(source.encode() + b"\0")
    for name in names:
        value = files.get(name)
        image = hashlib.sha256(value).digest() if isinstance(value, bytes) else b"missing"
        digest.update(name.encode() + b"\0" + image + b"\0")
    return digest.hexdigest()


# The PDFs of this process's last build, by cache folder and source key: the images their
# print HTML names, their fingerprint (`_pdf_key`) and bytes. kb serve's next edit takes each
# unchanged one from here instead of reading its two files again (0.3 s of an edit at N =
# 400); only the last build's are kept (45 MB at N = 400, which its files held anyway).
_LAST: dict[str, tuple[list[str], str, bytes]] = {}
_NOW: dict[str, tuple[list[str], str, bytes]] = {}


def _cached(cache: Path, source: str, files: Mapping[str, str | bytes]) -> bytes | None:
    """The cached PDF of the document with this source key, or None when it must be laid out."""
    seen = _LAST.get(f"{cache}\0{source}")
    if seen is not None and _pdf_key(source, seen[0], files) == seen[1]:
        _NOW[f"{cache}\0{source}"] = seen
        return seen[2]
    names_file = cache / f"{source}.images"
    try:
        names = json.loads(names_file.read_text("utf-8"))
        key = _pdf_key(source, names, files)
        pdf = (cache / f"{key}.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    _NOW[f"{cache}\0{source}"] = (names, key, pdf)
    path = cache / f"{key}.pdf"
    for used in (names_file, path):  # used: kept another KEEP_DAYS
        try:
            os.utime(used)
        except OSError:
            pass  # removed by another build at the same time
    return pdf


def _store(cache: Path, source: str, names: list[str], key: str, pdf: bytes) -> None:
    """Keep a PDF by its fingerprint, and the images its print HTML names by its source key
    (each file written whole, then renamed: a build at the same time reads all or nothing)."""
    cache.mkdir(parents=True, exist_ok=True)
    for name, data in ((f"{key}.pdf", pdf), (f"{source}.images", json.dumps(names).encode())):
        tmp = cache / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(cache / name)


# A worker's state (`_start_worker`): the site's images and a Printer sharing fonts and styles.
_images: Mapping[str, bytes] = {}
_printer: layout.Printer | None = None


def _start_worker(images: Mapping[str, bytes]) -> None:
    global _images, _printer
    _images, _printer = images, layout.Printer()


def _stop_worker() -> None:
    global _images, _printer
    if _printer is not None:
        _printer.close()
    _images, _printer = {}, None


def _start_worker_process(images: Mapping[str, bytes], ignored: bool = False) -> None:
    """A worker process's start: its state, and its Printer closed when it ends (its fonts'
    temporary folder removed: a worker ends without collecting its objects)."""
    import multiprocessing.util

    quiet_on_interrupt(ignored)
    _start_worker(images)
    multiprocessing.util.Finalize(None, _stop_worker, exitpriority=10)


def _make(job: _Job) -> tuple[list[str], layout.Layout, float, float]:
    """The print HTML of `job`'s document laid out: the images it names (docs paths, sorted),
    the layout, the CPU seconds it took and when it ended (`time.perf_counter`)."""
    assert _printer is not None, "a worker's state is set by _start_worker"
    cpu = time.process_time()
    doc = job.doc
    page = html.document(doc.lang, doc.title, doc.subject, doc.heading, doc.body(), doc.style)
    folder = posixpath.dirname(doc.base)
    names = sorted({posixpath.normpath(posixpath.join(folder, unquote(html_lib.unescape(src))))
                    for src in html.image_sources(page)})
    images = {name: _images[name] for name in names if name in _images}
    made = _printer.lay_out(page, doc.style, job.base_url, images)
    return names, made, time.process_time() - cpu, time.perf_counter()


def _start_all(jobs: list[_Job],
               files: Mapping[str, str | bytes]) -> tuple[ProcessPoolExecutor, list[Future]]:
    """`_make` each job in worker processes (as many as CPUs, at most one per job), started
    now: the pool and each job's future, in order."""
    images = {name: value for name, value in files.items()
              if isinstance(value, bytes) and not name.endswith(".pdf")}
    workers = max(1, min(os.cpu_count() or 1, len(jobs)))
    # fork: the workers start with this process's modules and its images, not copied
    # through a pipe; all of them now, from this thread (a fork pool starts its processes at
    # the first submit), before MkDocs' workers start. WeasyPrint (0.6 s to import:
    # `import_weasyprint`) is loaded here, shared by every worker, only when each worker has
    # several PDFs to lay out; an edit's one or two PDFs: each worker loads it, while this
    # process goes on.
    import multiprocessing

    if len(jobs) > workers:
        import_weasyprint()

    with starting_workers() as ignored:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker_process, initargs=(images, ignored))
        try:
            return pool, [pool.submit(_make, job) for job in jobs]
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def size_text(ctx: PrintContext, lang: str, size: int) -> str:
    """"PDF, 24 KB" in `lang`: kibibytes rounded up (at least 1), digits as Babel writes them."""
    return sizes.size_words(ctx.catalogs.t("pdf_size", lang, size=sizes.SLOT), lang, size)


# The pages' Markdown with their download links of this process's last build and of this
# one, by what `_with_link` makes them from: kb serve's next edit takes each unchanged
# page's from here (at N = 400, 1,800 links made again were 0.15 s of every edit's wait).
_LINKED_LAST: dict[tuple[object, ...], str] = {}
_LINKED_NOW: dict[tuple[object, ...], str] = {}


def _with_link(ctx: PrintContext, page: str, markdown: str, doc: PrintDocument, words: str,
               fingerprint: str) -> str:
    """`markdown` (the page `page` of docs/) with the download link of `doc`'s PDF, its
    words `words` and its size placeholder (`fingerprint`): at the top, after the front
    matter, or where `doc.insert_link` puts it."""
    text = ctx.catalogs.t("pdf_size", page.split("/", 1)[0], size=sizes.SLOT)
    key = (page, markdown, doc.pdf, words, fingerprint, text, doc.insert_link)
    linked = _LINKED_LAST.get(key)
    if linked is None:
        linked = _link(page, markdown, doc, words, fingerprint, text)
    _LINKED_NOW[key] = linked
    return linked


def _link(page: str, markdown: str, doc: PrintDocument, words: str, fingerprint: str,
          text: str) -> str:
    target = posixpath.relpath(doc.pdf, posixpath.dirname(page))
    name = posixpath.basename(doc.pdf)
    size = sizes.placeholder(doc.pdf, fingerprint, text)
    link = f'[{md_text(words)}]({target}){{ download="{name}" type="application/pdf" }} {size}'
    if doc.insert_link is not None:
        return doc.insert_link(markdown, link)
    body = html.strip_front_matter(markdown)
    head = markdown[:len(markdown) - len(body)]
    return f"{head}{link}\n{{: .kb-pdf .kb-noprint }}\n\n{body}"


# A file of the cache whose modification time is its last pruning (`_prune`).
PRUNED = ".pruned"


def _prune(cache: Path) -> None:
    """Remove cached PDFs no build has used for KEEP_DAYS, once a day at most (the cache's
    `PRUNED` file says when it was last done): reading the status of its thousands of
    files was 0.25 s of every kb serve edit at N = 400."""
    if not cache.is_dir():
        return
    now = time.time()
    try:
        if now - (cache / PRUNED).stat().st_mtime < 86400:
            return
    except OSError:
        pass  # never pruned
    try:
        (cache / PRUNED).touch()
    except OSError:
        return  # a cache this user cannot write to is not theirs to prune
    oldest = now - KEEP_DAYS * 86400
    for path in [*cache.glob("*.pdf"), *cache.glob("*.images")]:
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass  # removed by another build at the same time
