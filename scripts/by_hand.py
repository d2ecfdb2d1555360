"""`mkdocs build` by hand gives the site `kb build` gives (README, "`mkdocs build` by hand").

`kb build` builds each language in a process of its own and then makes one site of them
(scripts/mkdocs_run.py): each language keeps its own `404.html` (`<lang>/404.html`, the
default language's at the root), the root keeps the default language's sitemap (dropped
without `site_url`: its addresses would be "None"), and the offline-reading lists and the
service worker are stamped with the whole deployment (scripts/safety/offline.py).

By hand, static-i18n builds every language one after another into one folder, and each
language's build writes its `404.html` and sitemap over the previous one's. The react-safety
plugin (declared in mkdocs.yml, so present by hand too) calls `ByHand` after each language's
build and once after all of them, which does the same as `kb build` there. Under `kb build`
(one language per process) it does nothing: `static_i18n.sequence_step` is None.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .boundary.static_i18n import reset_language_switcher, sequence_step

# What the default language's build writes at the site root and the others' builds overwrite.
ROOT_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz")


class ByHand:
    """The default language's root files, kept while static-i18n builds the other languages."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def before_language(self, config: Any) -> None:
        """Before another language's build: its 404 page links every language's home page,
        as in kb build, not the previous language's last page."""
        if sequence_step(config) == "other":
            reset_language_switcher(config)

    def after_language(self, config: Any, language: str) -> None:
        """After one language's build (before static-i18n builds the next): keep the default
        language's root files; move another language's `404.html` into its folder."""
        step = sequence_step(config)
        site = Path(config.site_dir)
        if step == "default":
            self.kept = {name: (site / name).read_bytes() for name in ROOT_FILES if (site / name).is_file()}
        elif step == "other" and (site / "404.html").is_file():
            (site / language).mkdir(parents=True, exist_ok=True)
            (site / "404.html").replace(site / language / "404.html")

    def after_every_language(self, config: Any) -> None:
        """After static-i18n built every language: the default language's root files back,
        the sitemap dropped without `site_url`, and every feature's `finish_site` (the offline
        lists and the service worker's stamp), as kb build does after merging its languages."""
        if sequence_step(config) != "default":
            return
        from .features import finish_site
        from .mkdocs_run import finish
        from .project import Project

        site = Path(config.site_dir)
        for name in ROOT_FILES:
            if name in self.kept:
                (site / name).write_bytes(self.kept[name])
            else:
                (site / name).unlink(missing_ok=True)
        finish(site, config.site_url)
        # As kb build does after its merge (mkdocs_run.run_mkdocs): what features add to the
        # whole site, e.g. the offline lists and the service worker's stamp.
        finish_site(Project(Path(config.config_file_path).parent), site)
