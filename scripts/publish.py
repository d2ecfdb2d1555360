"""Swapping a finished build into site/, without making the editor wait for the old one's removal.

A build writes into a staging folder beside site/ (`.site-build-*`); only a build that
succeeded replaces site/, by two renames on the same file system, so a reader or `kb serve`
never sees half a site, and a failed build leaves the previous site/ as it was.

The previous site is renamed out of the way (`.site-old-<random>`) and removed by a detached
process (`remove_later`), so the command returns as soon as the new site is in place: at
N = 400 guides per language site/ holds about 7,000 files and folders, whose removal took 2
to 13 s of a one-page edit's build on the busy 2-core machine. A removal cut short (machine
switched off) leaves a `.site-old-*` folder, which the next publish removes too.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# Folders of earlier sites waiting for removal, beside site/.
OLD_PREFIX = ".site-old-"
# The folder a build writes into before it replaces site/.
STAGING_PREFIX = ".site-build-"
# The folder the language builds write their parts into (scripts/mkdocs_run.py).
PARTS_PREFIX = ".site-parts-"
# The shell pattern that names all three (and only them, beside site/): folders that come and
# go with a build, which whoever copies or lists a project skips (a `.site-old-*` folder may
# vanish mid-copy); .gitignore has the same line.
PASSING = ".site-*"
_REMOVE = "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, ignore_errors=True)\n"


def publish(site: Path, built: Path) -> None:
    """Make the folder `built` (beside `site`, on the same file system) the site at `site`;
    the previous site, if any, is moved aside and removed in the background (`remove_later`),
    with any earlier one left over. Raises OSError when a rename fails (site/ is then the
    previous site, or missing if `site` was never built)."""
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=site.parent))
        site.rename(old / site.name)
    built.rename(site)
    remove_later(sorted(site.parent.glob(OLD_PREFIX + "*")))


def remove_later(folders: list[Path]) -> None:
    """Remove `folders` (and everything in them) in a detached process that outlives this
    one; nothing is started for an empty list. Errors (a folder already gone) are ignored."""
    if not folders:
        return
    remover = subprocess.Popen([sys.executable, "-c", _REMOVE, *map(str, folders)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    # Reaped when it ends, so that a long-lived process (kb serve) keeps no zombie child; a
    # daemon thread does not hold up the exit of kb build, whose child then lives on alone.
    threading.Thread(target=remover.wait, name="remove-old-site", daemon=True).start()

