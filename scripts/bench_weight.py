"""`kb bench`, page weight: what readers download, and Lighthouse's scores (issue 18.2, 18.4, 18.6).

On a copy of the project (the sample content as it is), built as `kb build` does:

- bytes (gzip) and requests of a first visit of a guide, a template page (before the Word
  library), a training module and a statistics page, in Tajik; a guide opened after another
  guide (repeat visit); measured in Debian's Chromium (scripts/page_weight.py, the budget
  tests' own measure);
- Lighthouse (mobile, its default simulated slow 4G and mid-range phone) on the same four
  pages: performance, accessibility, best practices. Lighthouse is the npm package of
  package.json (`npm ci`), driving Debian's Chromium (CHROME_PATH); the site is served on a
  loopback address and Chromium is told not to reach any other host;
- the size of every offline ZIP (`kb dist`);
- the stylesheet pages load and the sample's costliest first search (gzip).

Lighthouse runs `LIGHTHOUSE_RUNS` times on each page, and every run's scores are printed,
with the machine's load average (a shared machine slows Lighthouse's measured main-thread
tasks, which its performance score scales). Last, the README's "Page weight" table, in
Markdown, from these figures.

A benchmark, not a test: scores vary from run to run; nothing passes or fails.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from .bench import copy_project
from .page_weight import CHROMIUM, CHROMIUM_ARGS, chromium, new_context, serve, visit

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
# One page of each kind, in Tajik (the site's root language).
PAGES = {"guide": "guides/police-detention/", "template": "templates/prosecutor-complaint/",
         "training module": "training/documenting-cases/", "statistics": "statistics/cases/2020/"}
REPEAT = ("guides/free-legal-aid/", "guides/police-detention/")  # first, then the measured one
CATEGORIES = ("performance", "accessibility", "best-practices")
LIGHTHOUSE_RUNS = 3
# Chromium may reach nothing but the loopback server (no updates, no safe browsing, no DNS).
LIGHTHOUSE_FLAGS = [*CHROMIUM_ARGS, "--headless=new", "--disable-default-apps",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def lighthouse(url: str, workdir: Path) -> dict[str, int] | str:
    """Lighthouse's mobile scores (0-100) of `url`, and its total blocking time (ms, key
    "tbt"), or why they could not be had."""
    if not LIGHTHOUSE.is_file():
        return "no Lighthouse: run `npm ci` (make node_modules/.installed)"
    out = workdir / "lighthouse.json"
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}",
               f"--chrome-flags={' '.join(LIGHTHOUSE_FLAGS)}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not out.is_file():
        return f"Lighthouse failed: {(done.stderr or done.stdout)[-500:]}"
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    scores["tbt"] = round(report["audits"]["total-blocking-time"]["numericValue"])
    return scores


def load() -> str:
    """The machine's load average over 1, 5 and 15 minutes, as `uptime` shows it."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def kb(size: int) -> str:
    """`size` bytes in KB, one decimal."""
    return f"{size / 1024:.1f} KB"


def table(rows: list[tuple[str, str]]) -> list[str]:
    """The README's "Page weight" table (Markdown) of (figure, measured) rows."""
    return ["| figure (Tajik pages, gzip) | measured |", "| --- | --- |",
            *(f"| {figure} | {value} |" for figure, value in rows)]


def report(echo: Callable[[str], object]) -> None:
    """Build the sample into a temporary folder and print its page weight, Lighthouse's
    scores, the ZIP sizes, then the README's table of them."""
    from .build import build_site
    from .dist import build_dist
    from .features import load_features

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-weight-") as tmp:
        project = copy_project(Path(tmp) / "project")
        build_site(project)
        site = project.site_dir
        echo(f"Page weight of the sample, {datetime.date.today()}, load average {load()} "
             "(Tajik; gzip bytes the server sent, browser requests):")
        with serve(site) as (address, sent), chromium() as browser:
            for kind, path in PAGES.items():
                context = new_context(browser)
                try:
                    cost = visit(context, address, sent, path)
                finally:
                    context.close()
                echo(f"  {kind:16} first visit {cost.bytes / 1024:5.1f} KB, "
                     f"{len(cost.requests)} requests  ({path})")
                rows.append((f"{kind}, first visit" + (" (no Word library)" if kind == "template" else ""),
                             f"{kb(cost.bytes)}, {len(cost.requests)} requests"))
            context = new_context(browser)
            try:
                visit(context, address, sent, REPEAT[0])
                cost = visit(context, address, sent, REPEAT[1])
            finally:
                context.close()
            echo(f"  {'guide, repeat':16} {cost.bytes / 1024:5.1f} KB, {len(cost.requests)} requests "
                 f"({REPEAT[1]} after {REPEAT[0]})")
            rows.append(("a guide after another guide", f"{kb(cost.bytes)}, {len(cost.requests)} requests"))
            html = (site / REPEAT[1] / "index.html").read_text(encoding="utf-8")
            [sheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
            css = (site / REPEAT[1] / sheet).resolve().read_bytes()
            size = len(gzip.compress(css, compresslevel=6, mtime=0))
            echo(f"  {'stylesheet':16} {size / 1024:5.1f} KB ({len(css) / 1024:.0f} KB unzipped)")
            rows.append(("the stylesheet (every page)", kb(size)))
            found = [f.first_search(site) for f in load_features() if hasattr(f, "first_search")]
            if found and found[0] is not None:
                size, query = found[0]
                echo(f"  {'first search':16} {size / 1024:5.1f} KB at most ({query!r})")
                rows.append(("first search of the sample, at most", kb(size)))
            echo(f"Lighthouse, mobile, {LIGHTHOUSE_RUNS} runs a page "
                 "(performance / accessibility / best practices; total blocking time):")
            for kind, path in PAGES.items():
                runs = []
                for _ in range(LIGHTHOUSE_RUNS):
                    scores = lighthouse(address + path, Path(tmp))
                    if isinstance(scores, str):
                        shown, tbt = scores, ""
                    else:
                        shown = " / ".join(str(scores[c]) for c in CATEGORIES)
                        tbt = f"; {scores['tbt']} ms"
                    echo(f"  {kind:16} {shown}{tbt}  (load average {load()})")
                    runs.append(shown)
                rows.append((f"Lighthouse {kind}, {LIGHTHOUSE_RUNS} runs", "; ".join(runs)))
        echo("Offline ZIPs (kb dist):")
        zips = []
        for archive in build_dist(project, Path(tmp) / "dist"):
            echo(f"  {archive.name:18} {archive.stat().st_size / 1024:7.0f} KB")
            zips.append((archive.name.removesuffix(".zip"), archive.stat().st_size))
        rows.append(("ZIPs " + " / ".join(re.sub(r".*-", "", name) for name, _ in zips),
                     " / ".join(f"{size / 1024:.0f}" for _, size in zips) + " KB"))
    echo(f"README table (\"Page weight\"; {datetime.date.today()}, load average {load()}):")
    for line in table(rows):
        echo(line)
