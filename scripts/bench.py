"""`kb bench`: how the build grows with the size of the site, against a plain MkDocs set-up.

For each N, a temporary copy of the project gets N synthetic guides (copies of a real guide
with its translations, stamped, so every language has N pages more). It is built twice,
each in its own process so that wall time and peak memory are the build's alone:

- project: `kb build --force` (the whole pipeline: read, validate, render, MkDocs), then
           `kb build` again with nothing changed, then after one English translation
           changed (only English is built, and of it only that page rendered), and after one
           Russian original changed (its page in every language), each edit `EDIT_RUNS`
           times (the median is reported, with the runs' range);
- plain:   `mkdocs build` of the same docs/ with Material + static-i18n default settings
           (no overrides, no hooks, the built-in search), the usual set-up of such a site.

Printed per N and set-up: wall time (and project/plain ratio), peak memory (the build's
processes together: the project builds languages in parallel worker processes), mean HTML bytes
per page, search index bytes per language (the plain set-up has one index for all), and the
first visit of a guide page: gzip bytes of its HTML, stylesheets and scripts, and of the
search index it loads; the PDF step (scripts/pdf/): its wall and CPU time in the full build
(beside the language builds) and how long the build waited for it after them,
with an empty PDF cache of its own (unless $KB_PDF_CACHE names one), and in the build after
one translation changed, with the cache filled (one PDF or a few laid out), as rows of the
README's table; the PDFs' count and total bytes; `kb serve` (scripts/bench_serve.py): an edit's
wait until the browser reloaded, and the memory of kb serve and its MkDocs workers after warm-up
and after five edits; and the floor under the full build: Python-Markdown's conversion of
every page alone (`markdown_floor`), which both set-ups do once per page, against plain.
A benchmark, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import compileall
import gzip
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
import markdown
import psutil
import yaml
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from .bench_serve import ServeMeasure, ServeMemory, measure_serve, measure_serve_memory, memory_report
from .bench_serve import report as serve_report
from .features import load_features
from .project import Project
from .translations import stamp

TEMPLATE_SLUG = "police-detention"  # a real guide; its files are copied N times
REPO = Path(__file__).resolve().parents[1]
SAMPLE = 0.1  # seconds between two memory samples


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    pages: int = 0
    html_per_page: int = 0
    search: dict[str, int] = field(default_factory=dict)
    first_visit_gz: int = 0
    search_gz: int = 0  # the tg index the search loads whole (plain), or a first search (project)
    search_worst: str = ""  # project: the query whose first search fetches most
    guide_html: dict[str, int] = field(default_factory=dict)  # a guide page, per language
    # Project only: `kb build` again with nothing changed, and after one translation changed
    # (the median of `EDIT_RUNS` edits, each run's seconds in `one_edit_runs`).
    unchanged_seconds: float = 0.0
    one_edit_seconds: float = 0.0
    original_edit_seconds: float = 0.0  # then after one original changed
    one_edit_runs: list[float] = field(default_factory=list)
    original_edit_runs: list[float] = field(default_factory=list)
    ok: bool = True
    error: str = ""
    # Project only: the PDF step of the full build (empty cache), and the PDFs it made.
    pdf_seconds: float = 0.0
    pdf_count: int = 0
    pdf_bytes: int = 0
    pdf_cold: str = ""  # the step's line of the full build (`kb build`'s "PDFs: ..."), and
    pdf_warm: str = ""  # of the build after one translation changed (cache filled)
    # Project only: kb serve's save-to-reload time of a translation's edit (bench_serve.py).
    serve: ServeMeasure | None = None
    serve_memory: ServeMemory | None = None  # and its memory after warm-up and 5 edits
    # Project only: Python-Markdown's conversion of every page of docs/ alone (`markdown_floor`).
    markdown_pages: int = 0
    markdown_cpu: float = 0.0


def _tree_rss(root: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (the language workers)."""
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:  # a worker that ended between listing and reading
            pass
    return total


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int, str]:
    """Run a command; wall seconds, peak resident MB of it and its worker processes
    together (sampled every SAMPLE seconds), exit status, output."""
    started = time.monotonic()
    peak = 0
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                peak = max(peak, _tree_rss(root))
            except psutil.Error:
                pass
            time.sleep(SAMPLE)
        seconds = time.monotonic() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return seconds, peak / 1048576, proc.returncode, text


# A line of plain prose (no heading, list item, note, table, link, markup): its sentences
# may be shuffled without changing the structure a translation is checked against.
_PROSE = re.compile(r"^[^\s\d#>|!*+`<\[-][^\[\]`*<>|]*$")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def varied(text: str, seed: int) -> str:
    """`text` (a guide's Markdown) with the sentences of each plain prose line shuffled by
    `seed`: copies of the same guide read differently, as distinct guides do (search shards and
    gzip sizes see distinct texts), and keep the structure of their translations."""
    rng = random.Random(seed)
    lines = text.split("\n")
    body = False
    for index, line in enumerate(lines):
        if line.strip() == "---":
            body = index > 0 or body
            continue
        if body and _PROSE.match(line):
            sentences = _SENTENCE.split(line)
            rng.shuffle(sentences)
            lines[index] = " ".join(sentences)
    return "\n".join(lines)


def synthetic_guides(guides: Path, n: int) -> dict[str, str]:
    """{file name: Markdown} of `n` synthetic guides per language made from the guides in the
    folder `guides`: the template guide first (`synthetic-0001`, the page measured), then
    guides picked at random (seeded), each with all its translations, a distinct title, and
    its sentences shuffled (`varied`): the sample's vocabulary in distinct texts, in an order
    with no period (as search postings of a real site have none). Translations are not
    stamped here (`make_project` does)."""
    slugs = sorted({p.name.split(".")[0] for p in guides.glob("*.md")})
    rng = random.Random(n)
    files = {}
    for i in range(1, n + 1):
        slug = TEMPLATE_SLUG if i == 1 else rng.choice(slugs)
        for source in sorted(guides.glob(f"{slug}.*.md")):
            lang = source.name.split(".")[-2]
            text = source.read_text(encoding="utf-8")
            # A distinct title per copy, so that search and navigation see distinct pages.
            text = re.sub(r'^title: "(.*)"$', rf'title: "\1 ({i})"', text, count=1, flags=re.M)
            files[f"synthetic-{i:04d}.{lang}.md"] = text if i == 1 else varied(text, i)
    return files


def copy_project(root: Path) -> Project:
    """A copy of the project's sources under `root` (node_modules/, the browser libraries
    some features copy into docs/, linked, not copied)."""
    for name in ("mkdocs.yml", "overrides", "content", "aggregates", "scripts/mkdocs_hooks.py",
                 "package.json"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    if (REPO / "node_modules").is_dir():
        (root / "node_modules").symlink_to(REPO / "node_modules")
    return Project(root)


def make_project(root: Path, n: int) -> Project:
    """A copy of the project with `n` synthetic guides per language (`synthetic_guides`),
    translations stamped."""
    project = copy_project(root)
    guides = project.content_dir / "guides"
    translations = []
    for name, text in synthetic_guides(guides, n).items():
        target = guides / name
        target.write_text(text, encoding="utf-8")
        if "translated_from:" in text:
            translations.append(target)
    for path in translations:
        stamp(project, path)
    return project


# Edits timed of each kind, one after another (each appends its sentence again): the median
# is reported. One build's time varied by a fifth from one run to the next at N = 400 on the
# shared 2-core machine, as much as the distance to a target.
EDIT_RUNS = 3


def edit_translation(project: Project) -> None:
    """Change one sentence of one translated guide (English): one language to rebuild."""
    path = project.content_dir / "guides" / "synthetic-0001.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def edit_original(project: Project) -> None:
    """Change one sentence of one original guide (Russian): its page changes in every language
    (the others show it as a fallback or mark their translation outdated)."""
    path = project.content_dir / "guides" / "synthetic-0001.ru.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nЕщё одно предложение.\n", encoding="utf-8")


def plain_config(project: Project, site: Path) -> Path:
    """Material + static-i18n with default settings on the project's docs/.

    Taken from overrides/: Material's interface strings for languages it does not ship
    (Tajik), without which it cannot render at all.
    """
    config = project.mkdocs_config
    theme = site.parent / "plain-theme"
    shutil.copytree(project.overrides_dir / "partials" / "languages", theme / "partials" / "languages")
    languages = [{"locale": lang.code, "name": lang.name, "default": lang.default, "build": True}
                 for lang in project.languages]
    extensions = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}]
    plain = {
        "site_name": config.get("site_name", "site"),
        "docs_dir": str(project.docs_dir),
        "site_dir": str(site),
        "theme": {"name": "material", "language": project.default_language, "custom_dir": str(theme)},
        "markdown_extensions": extensions,
        "plugins": ["search", {"i18n": {"docs_structure": "folder", "languages": languages}}],
    }
    path = site.parent / "plain.yml"
    path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def language_of(rel: str, project: Project) -> str:
    top = rel.split("/", 1)[0]
    return top if top in project.codes and "/" in rel else project.default_language


def search_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.json") if "search" in p.relative_to(site).as_posix()]


def analyse(site: Path, project: Project, measure: Measure) -> None:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    measure.pages = len(pages)
    measure.html_per_page = sum(p.stat().st_size for p in pages) // max(1, len(pages))
    indexes = search_files(site)
    for path in indexes:
        rel = path.relative_to(site).as_posix()
        key = language_of(rel, project) if len(indexes) > 1 else "all"
        measure.search[key] = measure.search.get(key, 0) + path.stat().st_size
    for lang in project.codes:
        root = site if lang == project.default_language else site / lang
        page = root / "guides" / "synthetic-0001" / "index.html"
        if page.is_file():
            measure.guide_html[lang] = page.stat().st_size
    guide = site / "guides" / "synthetic-0001" / "index.html"
    if not guide.is_file():
        return
    html = guide.read_text(encoding="utf-8")
    total = gz(guide.read_bytes())
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    for href in dict.fromkeys(assets):
        path = (guide.parent / href.split("?")[0]).resolve()
        if path.is_file():
            total += gz(path.read_bytes())
    measure.first_visit_gz = total
    # The index a tg reader's browser loads: the root one (or the only one); for the
    # project's split index, what the first search of a frequent query fetches.
    root_index = [p for p in indexes if language_of(p.relative_to(site).as_posix(), project) == "tg"]
    # The costliest first search, from the feature that has a search (scripts/safety/).
    found = [f.first_search(site) for f in load_features() if hasattr(f, "first_search")]
    if found and found[0] is not None:
        measure.search_gz, measure.search_worst = found[0]
    else:
        measure.search_gz = sum(gz(p.read_bytes()) for p in root_index)


def convert_every_page(root: Path) -> tuple[int, float]:
    """Python-Markdown's conversion of every page of the project at `root` (each `.md` file
    of its docs/, front matter left out), with mkdocs.yml's extensions and nothing else:
    (pages, CPU seconds of this process)."""
    config = load_config(str(root / "mkdocs.yml"))
    pages = sorted(Path(config["docs_dir"]).rglob("*.md"))
    start = time.process_time()
    for page in pages:
        body = get_data(page.read_text(encoding="utf-8"))[0]
        markdown.Markdown(extensions=config["markdown_extensions"],
                          extension_configs=config["mdx_configs"]).convert(body)
    return len(pages), time.process_time() - start


def markdown_floor(root: Path) -> tuple[int, float]:
    """`convert_every_page` in a process of its own, as the builds are measured. Every
    set-up built on MkDocs converts each page once, so no build of these pages on C cores
    takes less than its CPU seconds / C: the floor under the full build's ratio to plain.
    ClickException with the error's end if the conversion fails."""
    done = subprocess.run([sys.executable, "-c", "from pathlib import Path; from scripts.bench import "
                           f"convert_every_page; print(*convert_every_page(Path({str(root)!r})))"],
                          cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"Python-Markdown's conversion of {root}/docs failed:\n"
                                   f"{done.stderr[-2000:]}")
    pages, seconds = done.stdout.split()[-2:]
    return int(pages), float(seconds)


def bench_one(n: int, workdir: Path, plain: bool) -> dict[str, Measure]:
    root = workdir / f"n{n}" / "project"
    root.mkdir(parents=True)
    project = make_project(root, n)
    results = {}
    # The PDFs are laid out as on a fresh machine: a PDF cache of this run's own, unless
    # $KB_PDF_CACHE names one.
    env = {"KB_PDF_CACHE": os.environ.get("KB_PDF_CACHE") or str(root.parent / "pdf-cache")}
    seconds, peak, status, text = run([sys.executable, "-m", "scripts.cli", "--root", str(root),
                                       "build", "--force"], cwd=REPO, env=env)
    measure = results["project"] = Measure(seconds, peak, ok=status == 0,
                                           error="" if status == 0 else text[-2000:])
    if status == 0:
        analyse(project.site_dir, project, measure)
        step = re.search(r"^PDFs: .*, ([0-9.]+) s \(CPU", text, re.M)
        measure.pdf_seconds = float(step[1]) if step else 0.0
        measure.pdf_cold = pdf_line(text, seconds)
        pdfs = list(project.site_dir.rglob("print/*.pdf"))
        measure.pdf_count, measure.pdf_bytes = len(pdfs), sum(p.stat().st_size for p in pdfs)
        build = [sys.executable, "-m", "scripts.cli", "--root", str(root), "build"]
        measure.unchanged_seconds = run(build, cwd=REPO, env=env)[0]
        for _ in range(EDIT_RUNS):
            edit_translation(project)
            seconds, _, status, text = run(build, cwd=REPO, env=env)
            if status != 0:
                break
            if not measure.one_edit_runs:
                measure.pdf_warm = pdf_line(text, seconds)
            measure.one_edit_runs.append(seconds)
        measure.one_edit_seconds = statistics.median(measure.one_edit_runs or [0.0])
        for _ in range(EDIT_RUNS if status == 0 else 0):
            edit_original(project)
            seconds, _, status, text = run(build, cwd=REPO, env=env)
            if status != 0:
                break
            measure.original_edit_runs.append(seconds)
        measure.original_edit_seconds = statistics.median(measure.original_edit_runs or [0.0])
        if status == 0:
            measure.serve = measure_serve(root, "en/guides/synthetic-0001/",
                                          project.content_dir / "guides" / "synthetic-0001.en.md")
            measure.serve_memory = measure_serve_memory(
                root, project.content_dir / "guides" / "synthetic-0001.en.md")
        if status != 0:
            measure.ok, measure.error = False, text[-2000:]
    if plain and project.docs_dir.is_dir():
        site = root.parent / "plain-site"
        config = plain_config(project, site)
        seconds, peak, status, text = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                           str(config)], cwd=root.parent)
        results["plain"] = Measure(seconds, peak, ok=status == 0, error="" if status == 0 else text[-2000:])
        if status == 0:
            analyse(site, project, results["plain"])
    if measure.ok:
        measure.markdown_pages, measure.markdown_cpu = markdown_floor(root)
    shutil.rmtree(root.parent, ignore_errors=True)
    return results


def pdf_line(output: str, build_seconds: float) -> str:
    """The PDF step's figures from `kb build`'s output ("PDFs: 144 (144 laid out, 0 from the
    cache), 3.3 MB, 17.0 s (CPU 30.1 s), 0.4 s waited for after the languages"), as the
    README's table has them: "144 laid out, 0 from the cache | 3.3 MB | 17.0 s beside a 40.2 s
    build, 0.4 s waited for after the languages | CPU 30.1 s"; "" when absent."""
    found = re.search(r"^PDFs: \d+ \((\d+) laid out, (\d+) from the cache\), ([0-9.]+ MB), "
                      r"([0-9.]+) s \(CPU ([0-9.]+) s\)(?:, ([0-9.]+) s waited)?", output, re.M)
    if found is None:
        return ""
    made, reused, size, seconds, cpu, waited = found.groups()
    return (f"{made} laid out, {reused} from the cache | {size} | {seconds} s beside a "
            f"{build_seconds:.1f} s build, {waited or '?'} s waited for after the languages | CPU {cpu} s")


def kb_size(value: int) -> str:
    return f"{value / 1024:.0f} KB" if value < 10 * 1024 * 1024 else f"{value / 1048576:.1f} MB"


def floor_line(m: Measure, base: Measure | None, cores: int | None = None) -> str:
    """The report's line on `markdown_floor`: the conversion's CPU seconds, at best divided
    by the `cores` (default: this machine's), and that against plain's wall time."""
    cores = cores or os.cpu_count() or 1
    best = m.markdown_cpu / cores
    against = (f" = {best / base.seconds:.2f}x plain (the target, 0.2x, is {0.2 * base.seconds:.1f} s)"
               if base is not None and base.ok else "")
    return (f"{'':16}floor: Python-Markdown's conversion alone of the {m.markdown_pages} pages "
            f"{m.markdown_cpu:.1f} s CPU, at best {best:.1f} s on {cores} cores{against}")


def runs(seconds: list[float]) -> str:
    """The note on several runs' `seconds` that follows a median: ' (median of 3 edits:
    4.1-5.0 s)'; '' for one run or none."""
    if len(seconds) < 2:
        return ""
    return f" (median of {len(seconds)} edits: {min(seconds):.1f}-{max(seconds):.1f} s)"


def report(n: int, results: dict[str, Measure]) -> str:
    lines = []
    base = results.get("plain")
    for name, m in results.items():
        if not m.ok:
            lines.append(f"N={n:<5} {name:8} FAILED\n{m.error}")
            continue
        def ratio(seconds: float, name: str = name) -> str:
            if base is None or not base.ok or name == "plain":
                return ""
            return f" ({seconds / base.seconds:.2f}x plain)"

        search = ", ".join(f"{k} {kb_size(v)}" for k, v in sorted(m.search.items())) or "none"
        guide = ", ".join(f"{k} {kb_size(v)}" for k, v in m.guide_html.items()) or "none"
        lines.append(
            f"N={n:<5} {name:8} {m.seconds:7.1f} s{ratio(m.seconds)}  peak {m.peak_mb:6.0f} MB  "
            f"{m.pages} pages, {kb_size(m.html_per_page)}/page\n"
            f"{'':16}guide page HTML: {guide}\n"
            f"{'':16}search index: {search}\n"
            f"{'':16}guide first visit (gzip): page+CSS+JS {kb_size(m.first_visit_gz)}\n"
            f"{'':16}search (gzip, tg): "
            + (f"first search at most {kb_size(m.search_gz)} ({m.search_worst!r})" if m.search_worst
               else f"search index {kb_size(m.search_gz)}"))
        if name == "project":
            if base is not None and base.ok:
                lines.append(f"{'':16}full build against plain: {m.seconds / base.seconds:.2f}x "
                             "(target 0.2)")
            if m.markdown_pages:
                lines.append(floor_line(m, base))
            lines.append(f"{'':16}build again, nothing changed: {m.unchanged_seconds:.1f} s"
                         f"{ratio(m.unchanged_seconds)}; one translation changed: "
                         f"{m.one_edit_seconds:.1f} s{ratio(m.one_edit_seconds)}{runs(m.one_edit_runs)}\n"
                         f"{'':16}edits against the full build: one translation "
                         f"{m.one_edit_seconds / m.seconds:.2f}x (target 0.1), one original "
                         f"{m.original_edit_seconds:.1f} s, {m.original_edit_seconds / m.seconds:.2f}x"
                         f" (target 0.2){runs(m.original_edit_runs)}")
            lines.append(f"{'':16}PDF step: {m.pdf_seconds:.1f} s beside the full build, {m.pdf_count} PDFs, "
                         f"{kb_size(m.pdf_bytes)} in all\n"
                         f"{'':16}PDF step, empty cache (full build): {m.pdf_cold or 'not run'}\n"
                         f"{'':16}PDF step, cache filled (one translation changed): "
                         f"{m.pdf_warm or 'not run'}")
            if m.serve is not None:
                lines.append(serve_report(m.serve))
            if m.serve_memory is not None:
                lines.append(memory_report(m.serve_memory))
    return "\n".join(lines)


# The README's table of build times (issue 18.5), as `table_row` prints it.
TABLE_HEADER = ("| date | load (1 min, start-end) | N | full build (`kb build --force`) | plain Material + "
                "i18n | full / plain (target 0.2) | nothing changed | one translation edit (target 0.1 of "
                "full) | one original edit (target 0.2 of full) | PDF step of the full build |\n"
                "|---|---|---|---|---|---|---|---|---|---|")


def table_row(n: int, results: dict[str, Measure], day: str, load: tuple[float, float]) -> str:
    """One row of TABLE_HEADER's table for size `n`: what the README quotes as measured.
    `day`: the date (ISO); `load`: the 1-minute load average at the start and at the end."""
    m, base = results.get("project"), results.get("plain")
    if m is None or not m.ok:
        return f"| {day} | {load[0]:.1f}-{load[1]:.1f} | {n} | failed | | | | | | |"
    plain = f"{base.seconds:.1f} s" if base is not None and base.ok else "not run"
    ratio = f"{m.seconds / base.seconds:.2f}x" if base is not None and base.ok else "-"
    edits = [f"{seconds:.1f} s, {seconds / m.seconds:.2f}x{runs(each)}"
             for seconds, each in ((m.one_edit_seconds, m.one_edit_runs),
                                   (m.original_edit_seconds, m.original_edit_runs))]
    return (f"| {day} | {load[0]:.1f}-{load[1]:.1f} | {n} | {m.seconds:.1f} s | {plain} | {ratio} | "
            f"{m.unchanged_seconds:.1f} s | {edits[0]} | {edits[1]} | {m.pdf_seconds:.1f} s |")


def compile_code(folder: Path = REPO / "scripts") -> None:
    """Compile scripts/ to bytecode (`__pycache__`, git-ignored) before anything is timed, as
    an editor's second build finds it: Python writes it at the first import, unless
    PYTHONDONTWRITEBYTECODE is set, as on the machines this was measured on, where every
    process of every build compiled again the modules changed since (all of them in a fresh
    checkout: 0.3-0.4 s per process that loads the features)."""
    compileall.compile_dir(str(folder), quiet=1)


def bench(sizes: list[int], plain: bool = True, echo=click.echo) -> None:
    rows = []
    compile_code()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for n in sizes:
            start = os.getloadavg()[0]
            results = bench_one(n, Path(tmp), plain)
            echo(report(n, results))
            rows.append(table_row(n, results, time.strftime("%Y-%m-%d"), (start, os.getloadavg()[0])))
    echo("\nFor the README (Build speed):\n" + TABLE_HEADER + "\n" + "\n".join(rows))
