"""The YAML catalogs: UI strings, organizations, and Material's Tajik and Uzbek strings."""

from __future__ import annotations

import re
from pathlib import Path

import material

from scripts.catalogs import read_catalogs
from scripts.errors import Problems

from .conftest import REPO

LANGS = ("tg", "ru", "en", "uz")
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates/partials/languages"


def catalog_problems(root: Path) -> list[str]:
    problems = Problems(root)
    read_catalogs(root, LANGS, problems)
    return [str(p).split("\n")[0] for p in problems]


def test_repository_catalogs_are_valid() -> None:
    assert catalog_problems(REPO) == []


def test_organization_errors_name_the_line(mini) -> None:
    (mini.root / "content/organizations.yml").write_text(
        "- id: a\n  name: {en: A}\n  city: {en: Dushanbe}\n  region: dushanbe\n"
        "- id: b\n  name: {en: B}\n  city: {en: X}\n  region: mars\n  populations: [plhiv, addicts]\n"
        "  contacts: {phone: '+000', fax: '1'}\n"
        "- id: a\n  name: {en: A2}\n  city: {en: Y}\n  region: gbao\n", encoding="utf-8")
    assert catalog_problems(mini.root) == [
        "content/organizations.yml:5: [field-type] `b`: `contacts` must be a mapping with keys among "
        "phone, email, website, address",
        "content/organizations.yml:5: [unknown-code] `b`: unknown populations code `addicts`",
        "content/organizations.yml:5: [unknown-code] `b`: unknown region `mars`",
        "content/organizations.yml:11: [duplicate] organization `a` is listed twice",
    ]


def test_ui_string_missing_a_language(mini) -> None:
    ui = mini.root / "content/ui.yml"
    ui.write_text(ui.read_text(encoding="utf-8") + "extra_key:\n  tg: Матн\n  ru: Текст\n", encoding="utf-8")
    [problem] = catalog_problems(mini.root)
    expected = r"content/ui.yml:\d+: \[missing-translation\] `extra_key` has no text in: en, uz"
    assert re.match(expected, problem)


def keys(path: Path) -> list[str]:
    return re.findall(r'^\s*"([\w.]+)":', path.read_text(encoding="utf-8"), re.M)


def values(path: Path) -> dict[str, str]:
    return dict(re.findall(r'^\s*"([\w.]+)": "([^"]*)"', path.read_text(encoding="utf-8"), re.M))


def test_tajik_and_uzbek_ui_cover_every_material_key() -> None:
    english = keys(MATERIAL_LANGUAGES / "en.html")
    for lang in ("tg", "uz"):
        ours = REPO / f"overrides/partials/languages/{lang}.html"
        assert keys(ours) == english, lang
        assert "native speaker" in ours.read_text(encoding="utf-8")


def test_uzbek_ui_is_cyrillic_like_the_content() -> None:
    texts = [v for k, v in values(REPO / "overrides/partials/languages/uz.html").items()
             if not k.startswith(("search.config", "language", "direction"))]
    latin = [t for t in texts if re.search(r"[A-Za-z]{3}", t.replace("RSS", ""))]
    assert latin == []
    assert all(re.search(r"[\u0400-\u04FF]", t) for t in texts if re.search(r"\w", t))
