"""The PDF step's last pass over a build's merged site: the PDFs in, their sizes filled.

MkDocs builds the languages while the PDFs are laid out (`step.py`); once both are done, the
last pass (`mkdocs_run.run_mkdocs`' `last_pass`, before the site is finished and checked)
writes each PDF laid out now into docs/ where its bytes changed (so a build with nothing
changed writes none, and `mkdocs build` by hand finds them) and into the languages just built
(a language kept from the previous site has the same PDFs: their fingerprints are in its
pages), and fills their sizes into those languages' pages (`sizes.fill`). A PDF found in the
cache was in docs/ before MkDocs ran, and so in every language it built: not compared again
(at N = 400, 1,700 PDFs hashed and the built language's 430 read, for nothing).
"""

from __future__ import annotations

from pathlib import Path

from ..features import Spread
from ..mkdocs_run import LastPass
from ..project import Project
from ..write import write_files
from . import sizes
from .step import Pending


def fill_pass(project: Project, pdfs: Pending, spread: Spread | None = None) -> LastPass:
    """The sizes only: a function of (folder of built pages laid out as the merged site,
    languages) that fills the PDFs' sizes into those languages' pages there. Waits for the
    PDFs. `spread`: the pages are filled in parts by worker processes (`features.Spread`),
    else here."""
    def run(site: Path, languages: tuple[str, ...]) -> None:
        known = {path: len(data) for path, data in pdfs.result().items()}
        pages = sizes.language_pages(site, languages, project.default_language, project.codes)
        if spread is None:
            sizes.fill_pages(known, pages)
        else:
            spread(sizes.fill_pages, pages, known)
    return run


def last_pass(project: Project, pdfs: Pending, spread: Spread | None = None) -> LastPass:
    """The last pass of a build whose PDF step is `pdfs`: a function of (merged site folder,
    languages built) that waits for the PDFs (BuildError with every layout problem), writes
    those laid out now into docs/ and the site, and fills their sizes into the pages of those languages
    (`fill_pass`, with `spread`)."""
    def run(site: Path, languages: tuple[str, ...]) -> None:
        files = pdfs.made()  # those found in the cache are in docs/ and the site already
        write_files(project.docs_dir, files)
        default = project.default_language
        write_files(site, {path.removeprefix(f"{default}/"): data for path, data in files.items()
                          if path.split("/", 1)[0] in languages})
        fill_pass(project, pdfs, spread)(site, languages)
    return run
