"""The PDF step of the build: every kind's documents laid out, cached, linked with their size.

It runs after the pages are rendered and before docs/ is written (the download link on each
page carries the PDF's size, so the PDF must exist first). Each PDF has a fingerprint,
taken without making its print HTML: SHA-256 of the document's text and fields, the code
that makes print HTML of it, its images (the names its print HTML gave the last time,
kept in the cache beside the PDFs) and the tools (`layout.fingerprint_of_tools`:
WeasyPrint's version, the print styles, the fonts). A PDF whose fingerprint is in the cache
(`<fingerprint>.pdf`) costs a hash and a file read; the others are made (print HTML, then
WeasyPrint) in worker processes, as many as there are CPUs, each sharing its fonts and
parsed styles between documents (`layout.Printer`). The cache is the user's, like pip's
(`$KB_PDF_CACHE`, else `$XDG_CACHE_HOME/react-kb/pdf`, else `~/.cache/react-kb/pdf`): a
fingerprint names its bytes whatever the project folder, so a fresh clone, `kb build --force`,
`kb dist` and the tests' copies of the project reuse it; a file unused for `KEEP_DAYS` is
removed. The writer then writes a PDF into docs/ only when its
bytes changed, so a build with nothing changed writes none, and the languages whose PDFs did
not change are not built again (`digest.py` sees docs/ unchanged).
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import inspect
import json
import math
import os
import posixpath
import resource
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from babel.numbers import format_decimal

from ..errors import BuildError, Problems
from ..markup import babel_locale
from ..text import md_text
from . import glyphs, html, layout
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
    their total size in bytes, the step's wall time and its CPU time (this process and its
    workers) in seconds."""

    made: int = 0
    reused: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def __str__(self) -> str:
        return (f"{self.made + self.reused} ({self.made} laid out, {self.reused} from the cache), "
                f"{self.bytes / 1048576:.1f} MB, {self.seconds:.1f} s (CPU {self.cpu_seconds:.1f} s)")


# The last run's numbers, for `kb build`'s report and `kb bench`.
last = Stats()


@dataclass(frozen=True)
class _Job:
    doc: PrintDocument
    base_url: str
    # SHA-256 of the document's own inputs (`_source_key`); the PDF's fingerprint adds its images.
    source: str


def add_pdfs(ctx: PrintContext, files: dict[str, str | bytes]) -> Stats:
    """Add every kind's PDFs to `files` ({docs path with language folder: text or bytes}) and
    the download link, with the size, to each page that offers one.

    A PDF found in the cache costs a few hashes and a file read: its fingerprint is taken
    from the document's text (`_source_key`) and the images its print HTML names, which the
    cache keeps beside (`<source key>.images`); the print HTML is made only for the PDFs
    laid out, in the worker processes.

    Raises BuildError with every problem at once: fonts not installed, a document WeasyPrint
    cannot lay out (an image missing, something wider than the page), each naming the
    content file.
    """
    global last
    started, cpu = time.perf_counter(), _cpu()
    problems = Problems(ctx.project.root)
    missing = layout.missing_fonts()
    if missing:
        listed = ", ".join(path.name for path in missing)
        problems.add(missing[0], "pdf-fonts", f"the fonts of the PDFs are not installed ({listed})",
                     layout.FONTS_FIX)
        raise BuildError(problems)
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
    stats = Stats(reused=len(jobs) - len(todo))
    for job, (names, result) in zip(todo.values(), _make_all(list(todo.values()), files), strict=True):
        if result.pdf is not None:
            _store(cache, job.source, names, _pdf_key(job.source, names, files), result.pdf)
            found[job.source] = result.pdf
            stats.made += 1
        for message in result.problems:
            problems.add(job.doc.source, "pdf-layout", f"{message}, in its PDF ({job.doc.pdf})",
                         "make the table narrower (fewer columns, or split it) or the image smaller; "
                         "link only images that are files of the site")
    if problems:
        raise BuildError(problems)
    for job in jobs:
        pdf = found[job.source]
        files[job.doc.pdf] = pdf
        stats.bytes += len(pdf)
        for page, words in job.doc.links:
            if isinstance(files.get(page), str):
                files[page] = _with_link(ctx, page, str(files[page]), job.doc, words, len(pdf))
    _prune(cache)
    stats.seconds, stats.cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    last = stats
    return stats


def _cpu() -> float:
    """CPU seconds of this process and its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


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


def _cached(cache: Path, source: str, files: Mapping[str, str | bytes]) -> bytes | None:
    """The cached PDF of the document with this source key, or None when it must be laid out."""
    names_file = cache / f"{source}.images"
    try:
        names = json.loads(names_file.read_text("utf-8"))
        path = cache / f"{_pdf_key(source, names, files)}.pdf"
        pdf = path.read_bytes()
    except (OSError, ValueError):
        return None
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


def _start_worker_process(images: Mapping[str, bytes]) -> None:
    """A worker process's start: its state, and its Printer closed when it ends (its fonts'
    temporary folder removed: a worker ends without collecting its objects)."""
    import multiprocessing.util

    _start_worker(images)
    multiprocessing.util.Finalize(None, _stop_worker, exitpriority=10)


def _make(job: _Job) -> tuple[list[str], layout.Layout]:
    """The print HTML of `job`'s document laid out: the images it names (docs paths, sorted)
    and the layout."""
    assert _printer is not None, "a worker's state is set by _start_worker"
    doc = job.doc
    page = html.document(doc.lang, doc.title, doc.subject, doc.heading, doc.body(), doc.style)
    folder = posixpath.dirname(doc.base)
    names = sorted({posixpath.normpath(posixpath.join(folder, unquote(html_lib.unescape(src))))
                    for src in html.image_sources(page)})
    images = {name: _images[name] for name in names if name in _images}
    return names, _printer.lay_out(page, doc.style, job.base_url, images)


def _make_all(jobs: list[_Job], files: Mapping[str, str | bytes]) -> list[tuple[list[str], layout.Layout]]:
    """`_make` each job, in worker processes when there are several and several CPUs."""
    if not jobs:
        return []
    images = {name: value for name, value in files.items() if isinstance(value, bytes)}
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers <= 1 or len(jobs) < 4:
        _start_worker(images)
        try:
            return [_make(job) for job in jobs]
        finally:
            _stop_worker()
    # fork: the workers start with this process's modules (WeasyPrint imported once) and
    # its images, not copied through a pipe.
    import multiprocessing

    import weasyprint  # noqa: F401 - loaded before the fork, shared by every worker

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker_process, initargs=(images,)) as pool:
        return list(pool.map(_make, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def size_text(ctx: PrintContext, lang: str, size: int) -> str:
    """"PDF, 24 KB" in `lang`: kibibytes rounded up (at least 1), digits as Babel writes them."""
    kb = max(1, math.ceil(size / 1024))
    return ctx.catalogs.t("pdf_size", lang, size=format_decimal(kb, locale=babel_locale(lang)))


def _with_link(ctx: PrintContext, page: str, markdown: str, doc: PrintDocument, words: str, size: int) -> str:
    lang = page.split("/", 1)[0]
    target = posixpath.relpath(doc.pdf, posixpath.dirname(page))
    name = posixpath.basename(doc.pdf)
    link = (f'[{md_text(words)}]({target}){{ download="{name}" type="application/pdf" }} '
            f"({md_text(size_text(ctx, lang, size))})")
    if doc.insert_link is not None:
        return doc.insert_link(markdown, link)
    body = html.strip_front_matter(markdown)
    head = markdown[:len(markdown) - len(body)]
    return f"{head}{link}\n{{: .kb-pdf .kb-noprint }}\n\n{body}"


def _prune(cache: Path) -> None:
    """Remove cached PDFs no build has used for KEEP_DAYS."""
    if not cache.is_dir():
        return
    oldest = time.time() - KEEP_DAYS * 86400
    for path in [*cache.glob("*.pdf"), *cache.glob("*.images")]:
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass  # removed by another build at the same time
