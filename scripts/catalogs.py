"""The YAML catalogs that pages draw on: UI strings, topics, organizations, vocabulary.

Each reader returns plain data and appends Problems for what is wrong, with the line taken
from the YAML parser, so an editor who breaks `organizations.yml` sees where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import source
from .characters import mixed_script
from .content import nfc_tree
from .errors import Problems
from .locales import plural_categories, plural_category
from .source import Located

CONTACT_KINDS = ("phone", "email", "website", "address")


def _with_lines(value: object, located: Located, at: tuple = ()) -> object:
    """`value` with a `__line__` key in every mapping: the line where the mapping starts."""
    if isinstance(value, dict):
        result = {k: _with_lines(v, located, (*at, k)) for k, v in value.items()}
        line = located.line(*at)  # the line of its key, or of the list item
        if line is not None:
            result["__line__"] = line
        return result
    if isinstance(value, list):
        return [_with_lines(v, located, (*at, i)) for i, v in enumerate(value)]
    return value


def strip_lines(value: object) -> object:
    """`value` (parsed YAML) without the `__line__` keys the line-keeping loader adds."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def load_located(path: Path, problems: Problems, text: tuple[tuple[object, ...], ...] = (),
                 codes: tuple[tuple[object, ...], ...] = ()) -> Located | None:
    """A YAML file parsed with the line of every value (scripts/source.py), or None after
    recording why not. `text`: paths (`*` for any key or item) whose values must be text;
    `codes`: paths whose values are codes, reported when they mix Latin and Cyrillic letters
    (rule `mixed-script`; check `characters.mixed_script` before reporting them unknown)."""
    if not path.is_file():
        problems.add(path, "file-missing", "this file is missing", "restore it from the repository")
        return None
    try:
        content = source.read_text(path)
    except (OSError, UnicodeDecodeError):
        problems.add(path, "encoding", "the file is not UTF-8 text", "save the file as UTF-8")
        return None
    located = source.load(content, path, problems)
    if located is None:
        return None
    source.require_text(located, text, path, problems)
    source.require_codes(located, codes, path, problems)
    located.data = nfc_tree(located.data)
    return located


def load_yaml(path: Path, problems: Problems, *, keep_lines: bool = False,
              text: tuple[tuple[object, ...], ...] = (),
              codes: tuple[tuple[object, ...], ...] = ()) -> object | None:
    """Parsed YAML (with `__line__` keys when asked), or None after recording why not;
    `text` and `codes` as in `load_located`."""
    located = load_located(path, problems, text, codes)
    if located is None:
        return None
    return _with_lines(located.data, located) if keep_lines else located.data


@dataclass
class Catalogs:
    ui: dict[str, dict[str, str]] = field(default_factory=dict)
    topics: dict[str, dict[str, str]] = field(default_factory=dict)
    organizations: list[dict] = field(default_factory=list)
    # dimension -> {"label": {lang: str}, "categories": {code: {lang: str}}, ...}
    vocabulary: dict[str, dict] = field(default_factory=dict)
    # UI string key -> (file, line) where it is defined, for problems about it
    ui_where: dict[str, tuple[Path, int | None]] = field(default_factory=dict)

    def t(self, key: str, lang: str, **params: object) -> str:
        """A UI string in `lang`; validation guarantees every key has every language.
        (Of a string with plural forms, the `other` form.)"""
        text = self.ui[key][lang]
        if isinstance(text, dict):
            text = text["other"]
        return text.format(**params) if params else text

    def plural(self, key: str, lang: str, n: int, **params: object) -> str:
        """A UI string with plural forms (`{one: ..., few: ..., many: ..., other: ...}`),
        the form CLDR's plural rule of `lang` gives the number `n` (Babel). A plain string is
        used for every number. Placeholders get `params` (e.g. `count`, `n` as written)."""
        text = self.ui[key][lang]
        if isinstance(text, dict):
            text = text.get(plural_category(lang, n)) or text["other"]
        return text.format(**params)

    def label(self, dimension: str, code: str, lang: str) -> str:
        labels = self.vocabulary[dimension]["categories"][code]
        return labels.get(lang) or next(iter(labels.values()))

    def codes(self, dimension: str) -> list[str]:
        return list(self.vocabulary.get(dimension, {}).get("categories", {}))


def read_catalogs(root: Path, languages: tuple[str, ...], problems: Problems) -> Catalogs:
    """The UI strings, topics, statistics vocabulary and organizations of the project at
    `root`; each problem is added to `problems` (never raises on bad input)."""
    cats = Catalogs()
    # The core UI strings, plus one file per feature in content/ui/ (statistics.yml, ...).
    for path in [root / "content" / "ui.yml", *sorted((root / "content" / "ui").glob("*.yml"))]:
        lines: dict[str, int | None] = {}
        for key, labels in _read_labels(path, languages, problems, every_language=True,
                                        lines=lines).items():
            if key in cats.ui:
                problems.add(path, "duplicate", f"the UI string `{key}` is defined twice",
                             "rename it or remove one of the two")
            cats.ui[key] = labels
            cats.ui_where[key] = (path, lines.get(key))
    cats.topics = _read_labels(root / "content" / "topics.yml", languages, problems)
    cats.vocabulary = _read_vocabulary(root / "aggregates" / "vocabulary.yml", languages, problems)
    cats.organizations = _read_organizations(
        root / "content" / "organizations.yml", languages, cats, problems
    )
    return cats


def _read_labels(
    path: Path, languages: tuple[str, ...], problems: Problems, *, every_language: bool = False,
    lines: dict[str, int | None] | None = None,
) -> dict[str, dict[str, str]]:
    data = load_yaml(path, problems, keep_lines=True, text=(("*", "*"),))
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(path, "format", "must be a mapping of `key: {lang: text, ...}`",
                     "see the editors' guide in README.md")
        return {}
    result: dict[str, dict[str, str]] = {}
    for key, labels in data.items():
        if key == "__line__":
            continue
        line = labels.get("__line__") if isinstance(labels, dict) else None
        raw = labels
        labels = strip_lines(labels)
        if every_language and isinstance(labels, dict):
            _check_plurals(path, key, raw, languages, problems)
            labels = {lang: text for lang, text in labels.items()
                      if isinstance(text, str) or _is_plural(text)}
        if not isinstance(labels, dict) or not all(isinstance(v, str) or _is_plural(v)
                                                   for v in labels.values()):
            problems.add(path, "format", f"`{key}` must be a mapping of language to text",
                         f"write `{key}: {{{', '.join(f'{c}: ...' for c in languages)}}}`", line=line)
            continue
        unknown = sorted(set(labels) - set(languages))
        if unknown:
            problems.add(path, "unknown-language", f"`{key}` has unknown languages: {', '.join(unknown)}",
                         "use the languages of mkdocs.yml: " + ", ".join(languages), line=line)
        missing = [c for c in languages if c not in labels] if every_language else \
            ([] if labels else list(languages[:1]))
        if missing:
            problems.add(path, "missing-translation",
                         f"`{key}` has no text in: {', '.join(missing)}",
                         "add the translation (the site's own words must exist in every language)",
                         line=line)
        result[str(key)] = labels
        if lines is not None:
            lines[str(key)] = line
    return result


def _is_plural(value: object) -> bool:
    return isinstance(value, dict) and "other" in value and all(
        isinstance(v, str) for v in value.values())


def _check_plurals(path: Path, key: str, labels: dict, languages: tuple[str, ...],
                   problems: Problems) -> None:
    """A UI string with plural forms has exactly the CLDR categories of its language.
    `labels` still has the `__line__` of each mapping."""
    for lang, text in labels.items():
        if not isinstance(text, dict) or lang not in languages:
            continue
        line = text.get("__line__")
        text = strip_lines(text)
        assert isinstance(text, dict)
        needed = plural_categories(lang)
        wrong = [c for c in text if c not in needed or not isinstance(text[c], str)]
        missing = [c for c in needed if c not in text]
        if wrong or missing:
            problems.add(path, "plural-forms",
                         f"`{key}` ({lang}): plural forms " + "; ".join(
                             part for part in (f"missing {', '.join(missing)}" if missing else "",
                                               f"not used in {lang}: {', '.join(map(str, wrong))}"
                                               if wrong else "") if part),
                         f"give exactly the forms {', '.join(needed)} (CLDR plural categories of "
                         f"{lang}), each as text", line=line)


def _read_vocabulary(path: Path, languages: tuple[str, ...], problems: Problems) -> dict[str, dict]:
    data = load_yaml(path, problems, text=(("dimensions", "*", "label", "*"),
                                           ("dimensions", "*", "categories", "*", "*"),
                                           ("dimensions", "*", "splits")))
    if data is None:
        return {}
    dims = data.get("dimensions") if isinstance(data, dict) else None
    if not isinstance(dims, dict):
        problems.add(path, "format", "must have a `dimensions:` mapping",
                     "see the statistics section of the editors' guide")
        return {}
    for name, dim in dims.items():
        if not isinstance(dim, dict) or not isinstance(dim.get("categories"), dict):
            problems.add(path, "format", f"dimension `{name}` needs a `categories:` mapping",
                         "give each category a label per language")
            return {}
    return dims


def _read_organizations(
    path: Path, languages: tuple[str, ...], cats: Catalogs, problems: Problems
) -> list[dict]:
    data = load_yaml(path, problems, keep_lines=True, text=(
        ("*", "id"), ("*", "name", "*"), ("*", "city", "*"), ("*", "region"),
        ("*", "populations", "*"), ("*", "services", "*"), ("*", "contacts", "*")),
        codes=(("*", "id"), ("*", "region"), ("*", "populations", "*"), ("*", "services", "*")))
    if data is None:
        return []
    if not isinstance(data, list):
        problems.add(path, "format", "must be a list of organizations (lines starting with `- id:`)",
                     "see the example at the top of the file")
        return []
    regions = set(cats.codes("region"))
    populations = set(cats.codes("key_population"))
    services = set(cats.codes("response"))
    seen: set[str] = set()
    result = []
    for item in data:
        line = item.get("__line__") if isinstance(item, dict) else None

        def bad(rule: str, message: str, fix: str, line: int | None = line) -> None:
            problems.add(path, rule, message, fix, line=line)

        if not isinstance(item, dict):
            bad("format", "each organization must be a mapping", "start it with `- id: ...`")
            continue
        org = strip_lines(item)
        assert isinstance(org, dict)  # item is one
        oid = org.get("id")
        if not isinstance(oid, str) or not oid:
            bad("missing-field", "an organization has no `id`", "add `id: short-latin-name`")
            continue
        if oid in seen:
            bad("duplicate", f"organization `{oid}` is listed twice", "keep one entry")
        seen.add(oid)
        for key in ("name", "city"):
            value = org.get(key)
            if not isinstance(value, dict) or not value or not all(
                isinstance(v, str) and v for v in value.values()
            ):
                bad("missing-field", f"`{oid}`: `{key}` must be a mapping of language to text",
                    f"write `{key}: {{{languages[0]}: ..., ...}}`")
        region = org.get("region")
        if (not isinstance(region, str) or region not in regions) and not mixed_script(region):
            bad("unknown-code", f"`{oid}`: unknown region `{org.get('region')}`",
                "use a region code of aggregates/vocabulary.yml: " + ", ".join(sorted(regions)))
        for key, allowed, dim in (("populations", populations, "key_population"),
                                  ("services", services, "response")):
            codes = org.get(key, [])
            if not isinstance(codes, list):
                bad("field-type", f"`{oid}`: `{key}` must be a list", f"write `{key}: [a, b]`")
                continue
            for code in codes:
                if (not isinstance(code, str) or code not in allowed) and not mixed_script(code):
                    bad("unknown-code", f"`{oid}`: unknown {key} code `{code}`",
                        f"use a `{dim}` code of aggregates/vocabulary.yml: "
                        + ", ".join(sorted(allowed)))
        contacts = org.get("contacts")
        if contacts is not None and (not isinstance(contacts, dict) or set(contacts) - set(CONTACT_KINDS)):
            bad("field-type", f"`{oid}`: `contacts` must be a mapping with keys among "
                + ", ".join(CONTACT_KINDS),
                "only publish contacts the organization has confirmed; otherwise leave them out")
        result.append(org)
    return result
