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


# --- Interface strings (issue 11, point 7): what the code uses exists, with its placeholders.

def test_every_ui_string_the_code_uses_is_found_and_defined() -> None:
    """The scan finds the keys of the templates, of `t(...)` calls, of keys chosen through a
    variable, and of keys built at run time (each has an entry in `dynamic()`)."""
    from scripts import ui_strings

    uses = ui_strings.used_keys()
    keys = {u.key for u in uses}
    assert {"notice_fallback", "see_also", "training_title", "stat_period_half", "contact_phone",
            "templates_msg_missing", "stat_col_period", "offline_save", "neutral_title"} <= keys
    built = [u for u in uses if u.key.endswith("*")]
    assert all(u.key.startswith(ui_strings.OPTIONAL_PREFIXES) for u in built), built
    problems = Problems(REPO)
    ui_strings.check(REPO, read_catalogs_of(REPO), LANGS, problems)
    assert [str(p) for p in problems] == []


def read_catalogs_of(root: Path):
    return read_catalogs(root, LANGS, Problems(root))


def test_a_missing_key_and_a_wrong_placeholder_are_problems_not_exceptions(mini) -> None:
    """`kb check` said "ok" and rendering raised KeyError; now both are problems with a line."""
    from click.testing import CliRunner

    from scripts.cli import main

    ui = mini.root / "content" / "ui.yml"
    text = ui.read_text(encoding="utf-8")
    start = text.index("see_also:")
    end = text.index("\n", text.index("  uz:", start)) + 1
    text = text[:start] + text[end:]  # the key is gone
    text = text.replace("{original_language}", "{original_lang}", 1)  # tg misspelt
    ui.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "check"])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output
    assert "content/ui.yml: [missing-ui-string] UI strings the site uses are not defined: see_also " \
           "(used in scripts/" in out, out
    line = text[:text.index("notice_fallback:")].count("\n") + 1
    assert f"content/ui.yml:{line}: [ui-placeholder] `notice_fallback` has other {{placeholders}} in " \
           "some languages (tg: language, original_lang; the others: language, original_language)" in out, out
    build = CliRunner().invoke(main, ["--root", str(mini.root), "build"])
    assert build.exit_code == 1 and "[missing-ui-string]" in build.output and "Traceback" not in build.output
