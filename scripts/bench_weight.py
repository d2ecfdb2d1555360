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
- the size of every offline ZIP (`kb dist`).

A benchmark, not a test: scores vary from run to run; nothing passes or fails.
"""

from __future__ import annotations

import json
import os
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
# Chromium may reach nothing but the loopback server (no updates, no safe browsing, no DNS).
LIGHTHOUSE_FLAGS = [*CHROMIUM_ARGS, "--headless=new", "--disable-default-apps",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def lighthouse(url: str, workdir: Path) -> dict[str, int] | str:
    """Lighthouse's mobile scores (0-100) of `url`, or why they could not be had."""
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
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def report(echo: Callable[[str], object]) -> None:
    """Build the sample into a temporary folder and print its page weight, Lighthouse's
    scores and the ZIP sizes."""
    from .build import build_site
    from .dist import build_dist

    with tempfile.TemporaryDirectory(prefix="kb-bench-weight-") as tmp:
        project = copy_project(Path(tmp) / "project")
        build_site(project)
        site = project.site_dir
        echo("Page weight of the sample (Tajik; gzip bytes the server sent, browser requests):")
        with serve(site) as (address, sent), chromium() as browser:
            for kind, path in PAGES.items():
                context = new_context(browser)
                try:
                    cost = visit(context, address, sent, path)
                finally:
                    context.close()
                echo(f"  {kind:16} first visit {cost.bytes / 1024:5.1f} KB, "
                     f"{len(cost.requests)} requests  ({path})")
            context = new_context(browser)
            try:
                visit(context, address, sent, REPEAT[0])
                cost = visit(context, address, sent, REPEAT[1])
            finally:
                context.close()
            echo(f"  {'guide, repeat':16} {cost.bytes / 1024:5.1f} KB, {len(cost.requests)} requests "
                 f"({REPEAT[1]} after {REPEAT[0]})")
            echo("Lighthouse, mobile (performance / accessibility / best practices):")
            for kind, path in PAGES.items():
                scores = lighthouse(address + path, Path(tmp))
                shown = scores if isinstance(scores, str) else " / ".join(str(scores[c]) for c in CATEGORIES)
                echo(f"  {kind:16} {shown}")
        echo("Offline ZIPs (kb dist):")
        for archive in build_dist(project, Path(tmp) / "dist"):
            echo(f"  {archive.name:18} {archive.stat().st_size / 1024:7.0f} KB")
