"""The PDF step of the build: every kind's documents laid out, cached, linked with their size.

It runs after the pages are rendered and before docs/ is written (the download link on each
page carries the PDF's size, so the PDF must exist first). Each PDF has a fingerprint: SHA-256
of its print HTML, its images and the tools (`layout.fingerprint_of_tools`: WeasyPrint's
version, the print styles, the fonts). A PDF whose fingerprint is in the cache
(`.cache/pdf/<fingerprint>.pdf`) is not laid out again; the others are laid out in worker
processes, as many as there are CPUs. The cache is the user's, like pip's
(`$KB_PDF_CACHE`, else `$XDG_CACHE_HOME/react-kb/pdf`, else `~/.cache/react-kb/pdf`): a
fingerprint names its bytes whatever the project folder, so a fresh clone, `kb build --force`,
`kb dist` and the tests' copies of the project reuse it; a PDF unused for `KEEP_DAYS` is
removed. The writer then writes a PDF into docs/ only when its
bytes changed, so a build with nothing changed writes none, and the languages whose PDFs did
not change are not built again (`digest.py` sees docs/ unchanged).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import math
import os
import posixpath
import resource
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from babel.numbers import format_decimal

from ..errors import BuildError, Problems
from ..markup import babel_locale
from ..text import md_text
from . import html, layout
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
    html: str
    base_url: str
    images: dict[str, bytes]
    key: str


def add_pdfs(ctx: PrintContext, files: dict[str, str | bytes]) -> Stats:
    """Add every kind's PDFs to `files` ({docs path with language folder: text or bytes}) and
    the download link, with the size, to each page that offers one.

    Raises BuildError with every problem at once: fonts not installed, a document WeasyPrint
    cannot lay out (an image missing, something wider than the page), each naming the
    content file.
    """
    global last
    started, cpu = time.perf_counter(), _cpu()
    problems = Problems(ctx.project.root)
    missing = layout.missing_fonts()
    if missing:
        problems.add(missing[0], "pdf-fonts", "the fonts of the PDFs are not installed",
                     "install Debian's fonts-dejavu-core (`apt-get install fonts-dejavu-core`; .ci/run does)")
        raise BuildError(problems)
    jobs = [_job(doc, files) for kind in load_kinds() for doc in kind.documents(ctx, files)]
    cache = cache_dir()
    results: dict[str, layout.Layout] = {}
    todo: list[_Job] = []
    for job in jobs:
        cached = cache / f"{job.key}.pdf"
        if cached.is_file():
            results[job.key] = layout.Layout(cached.read_bytes())
            os.utime(cached)  # used: kept another KEEP_DAYS
        elif job.key not in {j.key for j in todo}:
            todo.append(job)
    stats = Stats(reused=len(jobs) - len(todo))
    for job, result in zip(todo, _lay_out_all(todo), strict=True):
        results[job.key] = result
        if result.pdf is not None:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cache / f".{job.key}.{os.getpid()}.tmp"
            tmp.write_bytes(result.pdf)
            tmp.replace(cache / f"{job.key}.pdf")
            stats.made += 1
        for message in result.problems:
            problems.add(job.doc.source, "pdf-layout", f"{message}, in its PDF ({job.doc.pdf})",
                         "make the table narrower (fewer columns, or split it) or the image smaller; "
                         "link only images that are files of the site")
    if problems:
        raise BuildError(problems)
    for job in jobs:
        pdf = results[job.key].pdf
        assert pdf is not None
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


def _job(doc: PrintDocument, files: Mapping[str, str | bytes]) -> _Job:
    folder = posixpath.dirname(doc.base)
    base_url = layout.IMAGE_BASE + (folder + "/" if folder else "")
    images = {}
    for src in html.image_sources(doc.body):
        name = posixpath.normpath(posixpath.join(folder, unquote(html_lib.unescape(src))))
        value = files.get(name)
        if isinstance(value, bytes):
            images[name] = value
    page = html.document(doc.lang, doc.title, doc.subject, doc.heading, doc.body, doc.style)
    digest = hashlib.sha256(layout.fingerprint_of_tools().encode())
    for part in (doc.style, base_url, page, *sorted(images)):
        digest.update(part.encode() + b"\0")
    for name in sorted(images):
        digest.update(hashlib.sha256(images[name]).digest())
    return _Job(doc, page, base_url, images, digest.hexdigest())


def _lay_out(job: _Job) -> layout.Layout:
    return layout.lay_out(job.html, job.doc.style, job.base_url, job.images)


def _lay_out_all(jobs: list[_Job]) -> list[layout.Layout]:
    """Lay out `jobs`, in worker processes when there are several and several CPUs."""
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers <= 1 or len(jobs) < 4:
        return [_lay_out(job) for job in jobs]
    # fork: the workers start with this process's modules; WeasyPrint is imported once.
    import multiprocessing

    import weasyprint  # noqa: F401 - loaded before the fork, shared by every worker

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_lay_out, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


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
    for path in cache.glob("*.pdf"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass  # removed by another build at the same time
