"""The `kb` command line: exit codes, messages, stamping, scaffolding, documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scripts.cli import main

from .conftest import REPO


def run(mini, *args: str):
    return CliRunner().invoke(main, ["--root", str(mini.root), *args])


def test_check_ok_and_failing(mini) -> None:
    ok = run(mini, "check")
    assert ok.exit_code == 0 and ok.output.startswith("ok: 1 documents")
    mini.page("about", "fr")
    bad = run(mini, "check")
    assert bad.exit_code == 1
    assert "content/pages/about.fr.md: [unknown-language]" in bad.output
    assert "1 problem found; nothing was published." in bad.output


def test_check_reports_reviews_older_than_a_year(mini) -> None:
    # A pending text's `reviewed` is when it was written: no legal review is due or stale.
    mini.guide("police-detention", "ru")  # reviewed 2026-11-01, pending
    assert "review due" not in run(mini, "check", "--today", "2027-11-02").output
    mini.guide("police-detention", "ru", extra='reviewed_by: "program lawyer"\n')
    path = mini.root / "content/guides/police-detention.ru.md"
    path.write_text(path.read_text().replace("legal_review: pending", "legal_review: approved"))
    result = run(mini, "check", "--today", "2027-11-02")
    assert result.exit_code == 0
    assert "review due: police-detention.ru.md: last legal review 2026-11-01" in result.output
    assert "review due" not in run(mini, "check", "--today", "2027-10-31").output


@pytest.mark.slow
def test_build_then_failing_build_exit_codes(mini) -> None:
    result = run(mini, "build")
    assert result.exit_code == 0, result.output
    assert (mini.root / "site" / "index.html").is_file()
    mini.write("pages/broken.en.md", "---\ntitle: [unclosed\n---\n")
    failed = run(mini, "build")
    assert failed.exit_code == 1
    assert "content/pages/broken.en.md:2: [yaml]" in failed.output


def test_translations_status_and_stamp(mini) -> None:
    mini.guide("police-detention", "ru")
    path = mini.guide("police-detention", "tg", extra="translated_from: {lang: ru}\n")
    table = run(mini, "translations").output
    assert re.search(r"tg\s+guides\s+0\s+1\s+0\s+0", table) is None  # unstamped: not translated yet
    stamped = run(mini, "translations", "--stamp", str(path))
    assert stamped.exit_code == 0 and "stamped content/guides/police-detention.tg.md" in stamped.output
    assert re.search(r'translated_from: \{lang: ru, hash: "[0-9a-f]{12}", into: tg\}', path.read_text())
    table = run(mini, "translations").output
    assert re.search(r"tg\s+guides\s+0\s+1\s+0\s+0", table)
    assert re.search(r"en\s+guides\s+0\s+0\s+0\s+1", table)
    assert "missing   content/guides/police-detention.en.md" in table
    # The original changes: the translation becomes outdated.
    original = mini.root / "content/guides/police-detention.ru.md"
    original.write_text(original.read_text() + "\nНовый абзац.\n")
    assert re.search(r"tg\s+guides\s+0\s+0\s+1\s+0", run(mini, "translations").output)


def test_stamp_refuses_an_original(mini) -> None:
    path = mini.guide("police-detention", "ru")
    result = run(mini, "translations", "--stamp", str(path))
    assert result.exit_code == 1 and "only translations are stamped" in result.output


def test_new_scaffolds_a_valid_document_and_a_translation(mini) -> None:
    assert run(mini, "new", "guides", "eviction", "--lang", "ru").exit_code == 0
    created = mini.root / "content/guides/eviction.ru.md"
    assert created.is_file()
    result = run(mini, "new", "guides", "eviction", "--lang", "tg", "--translate", "ru")
    assert result.exit_code == 0, result.output
    text = (mini.root / "content/guides/eviction.tg.md").read_text()
    assert "translated_from: {lang: ru}" in text
    assert "not-stamped" in run(mini, "check").output
    assert run(mini, "new", "guides", "eviction", "--lang", "ru").exit_code == 1  # exists


def test_every_command_has_examples_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert "Example" in (command.help or ""), name
        assert f"kb {name}" in readme, f"`kb {name}` is not documented in README.md"


def test_new_scaffolds_of_every_kind_pass_the_field_checks(mini) -> None:
    """A scaffold holds placeholders for the editor to replace, and already passes `kb check`."""
    for section in ("pages", "guides", "training", "templates"):
        assert run(mini, "new", section, f"new-{section}", "--lang", "ru").exit_code == 0
    result = run(mini, "check")
    assert (result.exit_code, result.output) == (0, "ok: 5 documents, no problems\n")
    assert "<!-- letter -->" in (mini.root / "content/templates/new-templates.ru.md").read_text()


# --- Every rule is documented (issue 11, point 11).

def _rules_in_code() -> dict[str, str]:
    """Every rule name the code can emit, with where: `problems.add(file, "rule", ...)`, the
    readers' `bad("rule", ...)` helpers, and the letter sandbox's `Issue(line, "rule", ...)`."""
    import ast

    found: dict[str, str] = {}

    def constants(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return constants(node.body) + constants(node.orelse)
        return []

    for path in sorted((REPO / "scripts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            rule = None
            if name == "add" and len(node.args) >= 3:
                rule = node.args[1]
            elif name == "bad" and node.args:
                rule = node.args[0]
            elif name == "Issue" and len(node.args) == 4:
                rule = node.args[1]
            for value in constants(rule) if rule is not None else []:
                found.setdefault(value, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def _rules_in_readme() -> set[str]:
    """The rule names in the first column of README's rule tables."""
    rules: set[str] = set()
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            rules.update(re.findall(r"`([a-z][a-z0-9-]*)`", line.split("|")[1]))
    return rules


def test_every_rule_the_code_can_emit_is_explained_in_the_readme() -> None:
    code = _rules_in_code()
    assert len(code) > 40, code  # the scan finds the rules (it found none once: guard it)
    assert {"yaml", "field-type", "template-code", "quiz", "disclosure", "trainer-leak"} <= set(code)
    missing = {rule: where for rule, where in code.items() if rule not in _rules_in_readme()}
    assert missing == {}, f"rules without a row in README's rule tables: {missing}"


# --- `kb check` reads and validates the content once (not again for making the pages).

def test_check_reads_each_document_once(mini, reads_of) -> None:
    from scripts import digest
    from scripts.build import read_inputs

    guide = mini.guide("police-detention", "ru")
    # What one reading of the content and one inventory of the sources (the render cache's
    # fingerprints) read; `kb check` must read the file no more often than that.
    read_inputs(mini.project)
    digest.source_inventory(mini.project)
    once = reads_of(guide)
    assert once >= 1
    result = run(mini, "check")
    assert result.exit_code == 0, result.output
    assert reads_of(guide) - once == once


@pytest.mark.parametrize("settings", [None, "site_name: x\nplugins: [\n", "site_name: x\n",
                                      "plugins:\n  - i18n:\n      languages:\n        - name: x\n"])
def test_a_missing_or_broken_mkdocs_yml_is_one_message(tmp_path: Path, settings: str | None) -> None:
    """`kb --root` at a folder without mkdocs.yml, or with one that cannot give the languages:
    one message naming the file and the fix, exit 1, never a traceback (found by a tester)."""
    if settings is not None:
        (tmp_path / "mkdocs.yml").write_text(settings, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "build"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no exception escaped
    assert f"{tmp_path / 'mkdocs.yml'}:" in result.output
    assert "--root" in result.output or "fix it" in result.output
    assert "Traceback" not in result.output


def test_every_option_of_the_sites_mkdocs_plugins_is_documented() -> None:
    """Each setting our MkDocs plugins (pyproject.toml's entry points) take in mkdocs.yml is
    named in the README, as `<option>:` under its plugin or as `` `<option>` ``: a setting
    only the code knows of is one the next engineer cannot find."""
    import importlib
    import tomllib

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    plugins = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["entry-points"]["mkdocs.plugins"]
    options: list[tuple[str, str]] = []
    for name, target in plugins.items():
        module, _, attribute = target.partition(":")
        plugin = getattr(importlib.import_module(module), attribute)
        options += [(name, option) for option, _ in plugin.config_scheme]
    assert ("react-assets", "on_demand") in options and ("react-safety", "exit_url") in options
    missing = [f"{name}: {option}" for name, option in options
               if f"{name}: {option}:" not in readme and f"`{option}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("args,said", [
    (("translations", "--stamp", "mkdocs.yml"), "not a content file: name a Markdown file in content/"),
    (("translations", "--stamp", "content/guides"), "this is a folder: name a translation's file"),
    (("translations", "--accept", "mkdocs.yml"), "not a content file"),
])
def test_a_path_that_is_no_content_file_is_one_message(mini, monkeypatch, args, said) -> None:
    """Paths a translator may give by mistake (a file outside content/, a folder): one line,
    exit 1, never a traceback (a ValueError's, before)."""
    monkeypatch.chdir(mini.root)
    mini.guide("police-detention", "ru")
    result = run(mini, *args)
    assert result.exit_code == 1 and said in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_stamp_names_the_original_that_does_not_read(mini) -> None:
    """The original's broken front matter: the message names the original, its line, the
    rule and the fix (before: the translation's name and the YAML error's words only)."""
    original = mini.guide("police-detention", "ru")
    translation = mini.guide("police-detention", "tg", extra="translated_from: {lang: ru}\n")
    original.write_text(original.read_text(encoding="utf-8").replace(
        'title: "Guide police-detention ru"', 'title: "broken'), encoding="utf-8")
    result = run(mini, "translations", "--stamp", str(translation))
    assert result.exit_code == 1
    assert "its original police-detention.ru.md cannot be read:" in result.output, result.output
    assert "content/guides/police-detention.ru.md:" in result.output and "[yaml]" in result.output
    assert "fix: " in result.output


def test_new_translate_from_a_translation_names_its_original(mini) -> None:
    mini.guide("police-detention", "ru")
    mini.guide("police-detention", "en", extra="translated_from: {lang: ru}\n")
    result = run(mini, "new", "guides", "police-detention", "--lang", "tg", "--translate", "en")
    assert result.exit_code != 0
    assert "police-detention.en.md is a translation from `ru`" in result.output
    assert "--translate ru" in result.output
