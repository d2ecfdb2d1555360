"""Where things are, and which languages the site has.

The `languages` list of the i18n plugin in `mkdocs.yml` is the single source of truth for
languages (SPEC §2), so it is read from there rather than repeated in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/name:` and `!ENV` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)  # the only other kind of node
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def aggregates_dir(self) -> Path:
        return self.root / "aggregates"

    @property
    def overrides_dir(self) -> Path:
        return self.root / "overrides"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @cached_property
    def mkdocs_config(self) -> dict:
        with self.config_file.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_TolerantLoader) or {}

    @cached_property
    def languages(self) -> tuple[Language, ...]:
        for plugin in self.mkdocs_config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                return tuple(
                    Language(item["locale"], item.get("name", item["locale"]), bool(item.get("default")))
                    for item in plugin["i18n"]["languages"]
                )
        raise RuntimeError(f"{self.config_file}: the i18n plugin with a `languages` list is missing")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def default_language(self) -> str:
        return next(lang.code for lang in self.languages if lang.default)

    @property
    def fallback_setting(self) -> object:
        """`extra.fallback_order` of mkdocs.yml as written (checked by `validate_fallback_order`)."""
        extra = self.mkdocs_config.get("extra")
        return extra.get("fallback_order") if isinstance(extra, dict) else None

    @property
    def fallback_order(self) -> dict[str, tuple[str, ...]]:
        """Per reader language, the languages whose up-to-date translation a fallback page shows
        before the original, best first: `{"uz": ("ru", "tg")}`. Languages not named get the
        original. Unknown codes are left out here (the checker reports them)."""
        setting = self.fallback_setting
        if not isinstance(setting, dict):
            return {}
        codes = set(self.codes)
        return {str(lang): tuple(c for c in order if c in codes and c != lang)
                for lang, order in setting.items()
                if lang in codes and isinstance(order, list)}


def open_project(root: Path | None = None) -> Project:
    """The project at `root` (None: the nearest one, `find_project`) with its mkdocs.yml read
    and its languages listed, so that a problem with either is one message.

    Raises FileNotFoundError or ValueError, whose message names mkdocs.yml and the fix."""
    project = Project(root.resolve()) if root is not None else find_project()
    if not project.config_file.is_file():
        raise FileNotFoundError(f"{project.config_file}: not found: --root names the project folder, "
                                "the one holding mkdocs.yml")
    try:
        if not project.languages:
            raise RuntimeError("the i18n plugin lists no language")
    except (OSError, UnicodeError, yaml.YAMLError, RuntimeError, KeyError, TypeError, AttributeError) as exc:
        named = isinstance(exc, (KeyError, TypeError, AttributeError))  # their text alone says little
        detail = f"{type(exc).__name__}: {exc}" if named else exc
        raise ValueError(f"{project.config_file}: cannot be read as the site's settings ({detail}); "
                         "fix it: YAML whose `plugins` list holds `i18n` with `languages`, each a "
                         "`locale` and `name`, one of them `default: true`") from exc
    return project


def find_project(start: Path | None = None) -> Project:
    """The nearest folder upwards that holds `mkdocs.yml`, so the CLI works from any subfolder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return Project(folder)
    raise FileNotFoundError("no mkdocs.yml in this folder or above: run kb inside the project")
