"""Reaches into mkdocs-static-i18n's plugin object (`i18n` in mkdocs.yml).

static-i18n builds its languages one after another in one process; which one it is building
is its private state, which no setting names. `kb build` builds each language in a worker
process of its own (scripts/mkdocs_run.py) and the react-safety plugin needs to know the
language of the build it is in (scripts/safety/plugin.py): both go through here. Guard
tests: tests/test_boundary.py.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from copy import deepcopy
from typing import Any

from . import Library
from .mkdocs import MKDOCS

STATIC_I18N = Library("mkdocs-static-i18n", (("mkdocs-static-i18n", ">=1.3.1,<1.4"),),
                      "scripts/boundary/static_i18n.py")
PLUGIN = "i18n"
# Set on the plugin by `build_only`: this process builds that one language (kb build).
_ONE_LANGUAGE = "react_one_language"


def _plugin(config: Any) -> Any:
    return config.plugins.get(PLUGIN)


def build_only(config: Any, language: str) -> str:
    """Make the next `build(config)` build `language` (a locale of the plugin's `languages`)
    and no other; the default language's code (str) is returned.

    Reach: the plugin's `current_language` (the language its events serve) and `building`
    (true while it builds the other languages; its `on_post_build` builds every other
    language of `build_languages` unless it is set), static-i18n 1.3 plugin.py. Raises
    BoundaryError outside the known versions, KeyError when mkdocs.yml has no i18n plugin.
    """
    STATIC_I18N.check("one language per build: the plugin's current_language and building")
    i18n = config.plugins[PLUGIN]
    i18n.current_language = language
    i18n.building = True
    setattr(i18n, _ONE_LANGUAGE, language)
    return str(i18n.default_language)


def set_aside(config: Any, files: Any) -> tuple[Any, dict[str, Any]]:
    """Before static-i18n's `on_files` in a build of one language (`build_only`): the MkDocs
    `Files` it needs to see, and the documentation pages set aside ({path after the language
    folder: {locale: File}}) for `add_alternates`.

    static-i18n pairs every file of docs/ with its language, then keeps only the language
    built and, for each of its pages, the same page of each other language as its alternate
    (the language menu's link, and the sitemap's). With every language's folder in docs/,
    three quarters of that work is on files this build does not write: 1.2 s of each
    language's build at N = 400 (README "Build speed"). The other languages' folders are set
    aside here and only the alternates made from them (`add_alternates`). Nothing is set
    aside (the files returned as they are) unless the plugin builds one language of a
    folder layout without fallback to the default language: with fallback it also uses
    the default language's files.

    Reach: the plugin's `config.docs_structure`, `config.fallback_to_default`,
    `current_language` and `all_languages` (static-i18n 1.3). Raises BoundaryError outside
    the known versions.
    """
    i18n = _plugin(config)
    if i18n is None or getattr(i18n, _ONE_LANGUAGE, None) is None:
        return files, {}
    STATIC_I18N.check("one language's files: the plugin's docs_structure, fallback_to_default, "
                      "current_language, all_languages")
    if i18n.config.docs_structure != "folder" or i18n.config.fallback_to_default:
        return files, {}
    others = {str(lang) for lang in i18n.all_languages} - {str(i18n.current_language)}
    docs = os.path.join(os.path.normpath(config.docs_dir), "")  # as MkDocs made it: absolute
    kept: list[Any] = []
    aside: dict[str, dict[str, Any]] = {}
    for file in files:
        folder, _, rest = file.src_uri.partition("/")
        if folder in others and rest and (file.abs_src_path or "").startswith(docs):
            if file.is_documentation_page():
                aside.setdefault(rest, {})[folder] = file
            continue
        kept.append(file)
    return type(files)(kept), aside


def unlisted_aside(config: Any, paths: Collection[str]) -> dict[str, dict[str, Any]]:
    """What `set_aside` would set aside for the pages `paths` (docs paths in the folder of
    the language being built, e.g. `en/guides/x.md`) had the other languages' folders been
    listed (`mkdocs.build(folders=...)`): for each, the same page of every other language
    that docs/ holds, as a MkDocs `File` ({path after the language folder: {locale: File}}),
    its inclusion set as MkDocs sets it. Empty when `set_aside` sets nothing aside.

    Reach: as `set_aside`; `mkdocs.structure.files.set_exclusions` (MkDocs 1.6), which
    `get_files` runs on every file it lists. Raises BoundaryError outside the known versions.
    """
    i18n = _plugin(config)
    if i18n is None or getattr(i18n, _ONE_LANGUAGE, None) is None:
        return {}
    STATIC_I18N.check("one language's files: the plugin's docs_structure, fallback_to_default, "
                      "current_language, all_languages")
    if i18n.config.docs_structure != "folder" or i18n.config.fallback_to_default:
        return {}
    MKDOCS.check("a file's inclusion as get_files sets it: mkdocs.structure.files.set_exclusions")
    from mkdocs.structure.files import File, set_exclusions

    current = str(i18n.current_language)
    others = sorted({str(lang) for lang in i18n.all_languages} - {current})
    made: list[Any] = []
    aside: dict[str, dict[str, Any]] = {}
    for path in sorted(paths):
        folder, _, rest = path.partition("/")
        if folder != current or not rest:
            continue
        for lang in others:
            if os.path.isfile(os.path.join(config.docs_dir, lang, *rest.split("/"))):
                file = File(f"{lang}/{rest}", config.docs_dir, config.site_dir, config.use_directory_urls)
                if file.is_documentation_page():
                    aside.setdefault(rest, {})[lang] = file
                    made.append(file)
    set_exclusions(made, config)
    return aside


def add_alternates(config: Any, files: Any, aside: dict[str, Any],
                   only: Collection[str] | None = None) -> None:
    """After static-i18n's `on_files`: give each of its documentation pages in `files` the
    alternates its own `reconfigure_files_alternates` gives them from the pages `set_aside`
    kept from it, made by its own `create_i18n_file`, in its order (the languages sorted).
    `only`: just the pages with these paths in docs/ (the pages a partial build renders:
    a page's alternates are its language menu; only the sitemap reads every page's, and a
    build without `site_url` drops it); None: every page.

    Reach: each page's `alternates` and `norm_src_uri`, static-i18n's `folder.create_i18n_file`
    and the plugin's `build_languages`, `default_language` and `all_languages` (static-i18n
    1.3 reconfigure.py). Raises BoundaryError outside the known versions.
    """
    STATIC_I18N.check("the pages' alternates: static-i18n's create_i18n_file, each page's "
                      "alternates and norm_src_uri")
    if not aside:
        return
    from mkdocs_static_i18n.folder import create_i18n_file

    i18n = config.plugins[PLUGIN]
    languages = sorted(i18n.build_languages)
    for file in files.documentation_pages():
        if only is not None and file.src_uri not in only:
            continue
        alternates = getattr(file, "alternates", None)
        found = aside.get(str(getattr(file, "norm_src_uri", "")), {})
        if alternates is None or not found:
            continue
        for lang in languages:
            if lang not in alternates and lang in found:
                alternates[lang] = create_i18n_file(found[lang], lang, i18n.default_language,
                                                    i18n.all_languages, config)


def sequence_step(config: Any) -> str | None:
    """Where the build of `config` stands in static-i18n's own build of every language, one
    after another in this process (`mkdocs build` by hand): "default" in the default
    language's build, which is the outermost (its `on_post_build` handlers above priority
    -100 run before the other languages are built, those below -100 after all of them),
    "other" in the build of another language (run from inside the default's). None when
    `build_only` limited the build to one language (kb build) or there is no i18n plugin.

    Reach: the plugin's `building` (true during the other languages' builds, false again
    once its `on_post_build`, priority -100, has built them all; static-i18n 1.3
    plugin.py). Raises BoundaryError outside the known versions.
    """
    i18n = _plugin(config)
    if i18n is None or getattr(i18n, _ONE_LANGUAGE, None) is not None:
        return None
    STATIC_I18N.check("its own build of every language: the plugin's building")
    return "other" if i18n.building else "default"


def build_languages(config: Any) -> tuple[str, str]:
    """(language being built, default language) of the build of `config`; without the
    i18n plugin both are the theme's `language` (or "en").

    Reach: the plugin's `current_language` and `default_language` attributes (static-i18n
    1.3). Raises BoundaryError outside the known versions.
    """
    i18n = _plugin(config)
    if i18n is None:
        language = str(config.theme.get("language") or "en")
        return language, language
    STATIC_I18N.check("the language being built: the plugin's current_language, default_language")
    current = i18n.current_language or config.theme.get("language") or "en"
    return str(current), str(i18n.default_language or current)


def site_languages(config: Any) -> list[tuple[str, str | None]]:
    """[(locale, site name in that language or None)] of every language of the site, in
    mkdocs.yml's order; [] without the i18n plugin.

    Reach: the plugin's loaded configuration, `config.languages` items with `.locale` and
    `.site_name` (static-i18n 1.3 config.py). Raises BoundaryError outside the known versions.
    """
    i18n = _plugin(config)
    if i18n is None:
        return []
    STATIC_I18N.check("the site's languages: the plugin's config.languages (locale, site_name)")
    return [(str(lang.locale), lang.site_name) for lang in i18n.config.languages]


def reset_language_switcher(config: Any) -> None:
    """Set the language switcher's links (`extra.alternate`: each language's home page) back
    to what static-i18n computed for the build, before a page or the 404 page changes them.

    static-i18n resets them in `on_config` and before each page, but builds its other
    languages without `on_config` (static-i18n 1.3.1 plugin.py, `on_post_build`), so by hand
    their 404 pages, rendered before any page, linked the previous language's last page.
    Reach: the plugin's `extra_alternate` (reconfigure.py). Raises BoundaryError outside the
    known versions.
    """
    i18n = _plugin(config)
    if i18n is None:
        return
    STATIC_I18N.check("the language switcher's links: the plugin's extra_alternate")
    if i18n.extra_alternate:
        # As an attribute, as static-i18n sets it before each page: the theme reads the attribute.
        config.extra.alternate = deepcopy(i18n.extra_alternate)
