"""A fingerprint of everything `mkdocs build` reads, so that an unchanged build can be skipped.

site/ is a function of docs/ (generated), mkdocs.yml, overrides/, the hook files mkdocs.yml
names, the versions of the MkDocs packages, our own code (plugins that shape site/), and
SOURCE_DATE_EPOCH. The digest of those is stored in `site/.build-digest`: inside site/, so
it is swapped in together with the site it describes and disappears with it.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

from .project import Project

DIGEST_FILE = ".build-digest"
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown",
            "Jinja2", "Babel")
SCHEME = "react-kb build digest 1"


def _tree(digest: hashlib._Hash, root: Path, label: str) -> None:
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file())
    else:
        files = []
    for path in files:
        rel = path.relative_to(root).as_posix() if root.is_dir() else path.name
        data = path.read_bytes()
        digest.update(f"{label}/{rel}\0{len(data)}\0".encode())
        digest.update(data)


def input_digest(project: Project, extra: str = "") -> str:
    """Hex digest of docs/ + settings + theme + hooks + package versions (+ `extra`)."""
    digest = hashlib.sha256(SCHEME.encode())
    _tree(digest, project.docs_dir, "docs")
    _tree(digest, project.config_file, "config")
    _tree(digest, project.overrides_dir, "overrides")
    for hook in project.mkdocs_config.get("hooks", []) or []:
        _tree(digest, project.root / str(hook), f"hook:{hook}")
    # Our own code: MkDocs plugins and hooks of ours (navigation, 404 pages, search) shape
    # site/ beyond docs/. All of scripts/ is hashed: simpler than knowing which part does.
    code = Path(__file__).parent
    for path in sorted(code.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            _tree(digest, path, f"code/{path.relative_to(code).parent.as_posix()}")
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"pkg {package}={version}\0".encode())
    digest.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0{extra}".encode())
    return digest.hexdigest()


def stored_digest(site: Path) -> str | None:
    """The digest site/ was built from, or None when site/ is missing or was built otherwise."""
    try:
        return (site / DIGEST_FILE).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def up_to_date(project: Project, digest: str) -> bool:
    site = project.site_dir
    return stored_digest(site) == digest and (site / "index.html").is_file()


def store(site: Path, digest: str) -> None:
    (site / DIGEST_FILE).write_text(digest + "\n", encoding="ascii")
