"""Find the browser build of the `docx` package, installed by `npm ci` into node_modules/.

The library is never copied into the repository: the build copies it from node_modules/ into
docs/ as a generated file, next to the template pages that load it when a reader asks for a
filled Word file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

# The build that defines one global, `docx`, and needs nothing else.
BROWSER_BUILD = Path("dist") / "index.iife.js"
TOOL_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Library:
    version: str
    code: bytes

    @property
    def path(self) -> str:
        """Language-relative docs path (under the default language, so at the site root),
        named for its version and content (a long-lived name: scripts/page_assets.py)."""
        digest = hashlib.sha256(self.code).hexdigest()[:10]
        return f"templates/lib/docx-{self.version}.{digest}.js"


def search_roots(project_root: Path) -> list[Path]:
    """Where node_modules/ may be: the project's folder, then the checkout the tool runs from
    (tests build copies of the project that have no node_modules/ of their own)."""
    return list(dict.fromkeys((project_root, TOOL_ROOT)))


def find_library(roots: list[Path]) -> Library | None:
    """The first installed browser build of `docx` under `<root>/node_modules/`, if any."""
    for root in roots:
        folder = root / "node_modules" / "docx"
        build, manifest = folder / BROWSER_BUILD, folder / "package.json"
        if build.is_file() and manifest.is_file():
            version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
            banner = f"/* docx {version}, MIT License. Copied from node_modules/ by kb build. */\n"
            return Library(version, banner.encode() + build.read_bytes())
    return None
