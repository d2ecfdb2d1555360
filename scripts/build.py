"""The build, as the pipeline it runs: read -> validate -> plan -> render -> write -> mkdocs.

Every input problem is collected before anything is written; MkDocs builds into a fresh
folder that replaces `site/` only when it succeeded, so a failed build publishes nothing.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import digest, navtrim, postbuild
from .catalogs import Catalogs, read_catalogs
from .content import read_documents
from .errors import BuildError, Problems
from .features import Context, Feature, load_features
from .plan import GENERATED, plan_site
from .project import Project
from .render import render_site
from .validate import Corpus, validate
from .write import WriteStats, sync_tree


@dataclass
class Inputs:
    corpus: Corpus
    catalogs: Catalogs
    features: list[Feature]
    context: Context


def read_inputs(project: Project) -> tuple[Inputs, Problems]:
    """Read and validate everything; the problems list is empty when the input is good."""
    problems = Problems(project.root)
    codes = project.codes
    # Catalogs first: document validation needs their codes (topics, populations).
    catalogs = read_catalogs(project.root, codes, problems)
    corpus = Corpus(read_documents(project.content_dir, codes, problems))
    context = Context(project, corpus, catalogs)
    features = load_features()
    for feature in features:
        feature.read(context, problems)
    # Links are checked last: features add the pages they generate as link targets.
    targets = set(GENERATED).union(*(f.link_targets() for f in features))
    validate(corpus, catalogs, codes, targets, problems)
    return Inputs(corpus, catalogs, features, context), problems


def generate(project: Project) -> dict[str, str | bytes]:
    """Every file of docs/ for every language, or BuildError with every problem."""
    inputs, problems = read_inputs(project)
    if problems:
        raise BuildError(problems)
    ctx = inputs.context
    ctx.plan = plan_site(inputs.corpus, project.codes)
    return render_site(ctx, inputs.features)


def write_docs(project: Project, files: dict[str, str | bytes]) -> WriteStats:
    return sync_tree(project.docs_dir, files)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(project: Project, site_dir: Path, **settings: object) -> None:
    """`mkdocs build --strict` into `site_dir`; every warning becomes a problem.

    `settings` override mkdocs.yml (e.g. `use_directory_urls=False` for `kb dist`).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(project.config_file), site_dir=str(site_dir), strict=True, **settings)
        error_pages = postbuild.install(config)
        navtrim.install(config)
        build(config)
        postbuild.finish(site_dir, config, error_pages, project.default_language)
    except MkDocsException as exc:
        problems = Problems(project.root)
        for message in collect.messages or [str(exc)]:
            problems.add(project.config_file, "mkdocs", message,
                         "fix the page or setting named in the message; docs/ is generated "
                         "from content/, so fix the content file it came from")
        raise BuildError(problems) from exc
    finally:
        logger.removeHandler(collect)


def publish(project: Project, built: Path) -> None:
    """Swap a finished build into `site/`; the old one is removed only after the swap."""
    site = project.site_dir
    old = site.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    built.rename(site)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class BuildResult:
    docs: WriteStats
    # False when site/ was already built from exactly these inputs and was left alone.
    rebuilt: bool


def build_site(project: Project, force: bool = False, site_url: str | None = None) -> BuildResult:
    """`site_url` (the address the site is published at) overrides mkdocs.yml's: the 404
    page's links need it, and the sitemap is only written with one."""
    files = generate(project)
    stats = write_docs(project, files)
    settings = {"site_url": site_url} if site_url else {}
    inputs = digest.input_digest(project, extra=f"site_url={site_url or ''}")
    if not force and digest.up_to_date(project, inputs):
        return BuildResult(stats, rebuilt=False)
    # Build beside site/ so the final rename is atomic on the same file system.
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=project.root))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read site/
    try:
        run_mkdocs(project, staging, **settings)
        digest.store(staging, inputs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(project, staging)
    return BuildResult(stats, rebuilt=True)
