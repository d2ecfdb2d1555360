"""The one place that reaches into other libraries' internals, each reach guarded.

The site stands on libraries whose public API does not give everything it needs: it builds
one language per process (static-i18n's private state), adds a plugin to a loaded MkDocs
configuration, serves its preview with MkDocs' live-reload server, copies Material's
partials, sets a Word paragraph's style by id (python-docx's `_p`), creates HiGHS'
core class without its banner (`highspy._Highs`), measures WeasyPrint's laid-out boxes
(`Page._page_box`) and imports it without its compiler runs (`ctypes.util.find_library`).
Such reaches break silently when a library changes, so every one of them lives here, one
module per library:

| module | library | reaches |
| --- | --- | --- |
| `mkdocs.py` | MkDocs | add_plugin, plugin, start_plugins, build, rebuild_files, live_reload_server |
| `static_i18n.py` | static-i18n | build_only, set_aside, add_alternates, build_languages, site_languages |
| `material.py` | Material for MkDocs | `theme_dir`, `partial_problems` (copied partials in overrides/) |
| `python_docx.py` | python-docx | `set_paragraph_style_id`, `set_style_font` |
| `highspy.py` | highspy (HiGHS) | `quiet_highs` |
| `weasyprint.py` | WeasyPrint | `overflow_per_page`, `import_weasyprint` |

Each reach first checks the installed version against the range it was written for
(`Library.check`); outside it, it raises `BoundaryError` with one message naming the
library, the version found, the range known to work and what to do. Each reach has a guard
test in tests/test_boundary.py that runs the real library and says what changed when it
fails. To move to a new version of a library: install it, run
`.venv/bin/python -m pytest tests/test_boundary.py`, and when the guard tests pass, widen
the library's `known` range here (and re-run `make golden`, which must show no change).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata

from packaging.specifiers import SpecifierSet
from packaging.version import Version

GUARD_TESTS = ".venv/bin/python -m pytest tests/test_boundary.py"


class BoundaryError(RuntimeError):
    """An installed library is outside the range a reach into its internals is known to work with."""


@functools.cache
def installed_version(distribution: str) -> str | None:
    """The installed version of `distribution` (its name on the package registry), or None."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Library:
    """A library the boundary reaches into, and the versions its reaches are known to work with.

    `known`: `(distribution, PEP 440 range)` pairs; the first distribution installed is the
    one checked (MkDocs or ProperDocs, its drop-in fork). `module`: the boundary module that
    holds the reaches, named in messages.
    """

    title: str
    known: tuple[tuple[str, str], ...]
    module: str

    def found(self) -> tuple[str, str, str] | None:
        """(distribution, installed version, known range) of the first distribution installed."""
        for distribution, known in self.known:
            version = installed_version(distribution)
            if version is not None:
                return distribution, version, known
        return None

    def problem(self, reach: str) -> str | None:
        """Why `reach` must not run with the installed version, or None when it may."""
        names = " or ".join(f"{dist} {known}" for dist, known in self.known)
        found = self.found()
        if found is None:
            return (f"{self.title} is not installed ({reach}, {self.module}, needs {names}): "
                    f"run `make .venv/.installed` to install requirements.lock")
        distribution, version, known = found
        if Version(version) in SpecifierSet(known):
            return None
        return (f"{self.title} ({distribution}) {version} is installed, but {self.module} reaches into "
                f"its internals ({reach}) and is known to work with {distribution} {known} only. "
                f"Check: run `{GUARD_TESTS}`; if its guard tests pass, widen `known` in "
                f"{self.module} and run `make golden` (it must show no change); if they fail, adapt "
                f"the reach they name, or go back to the locked version (`make .venv/.installed`).")

    def check(self, reach: str) -> None:
        """Raise BoundaryError (one message: library, version found, known range, what to do)
        when the installed version is outside the known range."""
        problem = _problem(self, reach)
        if problem:
            raise BoundaryError(problem)


@functools.cache
def _problem(library: Library, reach: str) -> str | None:
    # Once per process and reach: the language workers call their reaches on every build.
    return library.problem(reach)
