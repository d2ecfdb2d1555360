"""Bad input: each case gives one clear message, exits through BuildError, and leaves site/ as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.build import build_site
from scripts.errors import BuildError

# Builds whole sites with MkDocs.
pytestmark = pytest.mark.slow


def site_snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def built(mini):
    """A mini project with one good build published, to check that failures leave it alone."""
    mini.guide("police-detention", "ru")
    build_site(mini.project)
    return mini, site_snapshot(mini.root / "site")


def failing_build(mini) -> list[str]:
    with pytest.raises(BuildError) as info:
        build_site(mini.project)
    return [str(p) for p in info.value.problems]


CASES = {
    "broken-yaml": (
        lambda m: m.write("guides/bad.ru.md", '---\ntitle: "Задержание\nsummary: S\n---\n'),
        "content/guides/bad.ru.md:2: [yaml] the front matter is not valid YAML",
    ),
    "unknown-language": (
        lambda m: m.page("about", "fr"),
        "content/pages/about.fr.md: [unknown-language] unknown language suffix `.fr.md`",
    ),
    "missing-title": (
        lambda m: m.write("pages/about.en.md", "---\nsummary: S\n---\n\nText\n"),
        "content/pages/about.en.md:1: [missing-field] the required field `title` is missing",
    ),
    "two-originals": (
        lambda m: (m.page("about", "ru"), m.page("about", "en")),
        "content/pages/about.en.md:1: [two-originals] this file and about.ru.md are all originals of `about`",
    ),
    "missing-original": (
        lambda m: m.page("about", "tg", extra="translated_from: {lang: ru, hash: abc}\n"),
        "content/pages/about.tg.md:4: [missing-original] this is a translation from `ru`, "
        "but about.ru.md does not exist",
    ),
    "broken-link": (
        lambda m: m.guide("eviction", "ru", body="## A\n\nSee [the guide](no-such-guide.md).\n"),
        "content/guides/eviction.ru.md:11: [broken-link] the link `no-such-guide.md` leads to no page",
    ),
    "unknown-population": (
        lambda m: m.guide("eviction", "ru", extra="populations: [pwud, drug_addicts]\n"),
        "content/guides/eviction.ru.md:7: [unknown-code] `populations` has unknown value `drug_addicts`",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_one_clear_message_and_keeps_site(built, case: str) -> None:
    mini, before = built
    make_bad, expected = CASES[case]
    make_bad(mini)
    messages = failing_build(mini)
    assert len(messages) == 1, messages
    first_line, fix_line = messages[0].split("\n")
    assert first_line.startswith(expected)
    assert fix_line.startswith("    fix: ") and len(fix_line) > 15
    assert site_snapshot(mini.root / "site") == before
    assert not list(mini.root.glob(".site-build-*")), "the staging folder must be cleaned up"


def test_all_problems_are_reported_at_once(built) -> None:
    mini, _ = built
    mini.write("guides/bad.ru.md", '---\ntitle: "Задержание\nsummary: S\n---\n')
    mini.page("about", "fr")
    mini.write("pages/contact.en.md", "---\nsummary: S\n---\n\nText\n")
    mini.page("help", "ru")
    mini.page("help", "en")
    mini.page("faq", "tg", extra="translated_from: {lang: ru, hash: abc}\n")
    mini.guide("eviction", "ru", body="## A\n\nSee [the guide](no-such-guide.md).\n",
               extra="populations: [drug_addicts]\n")
    rules = sorted(m.split("[", 1)[1].split("]", 1)[0] for m in failing_build(mini))
    assert rules == ["broken-link", "missing-field", "missing-original", "two-originals",
                     "unknown-code", "unknown-language", "yaml"]


def test_mkdocs_warning_fails_the_build_and_keeps_site(built) -> None:
    """A problem only MkDocs sees (a missing anchor) still fails the whole build."""
    mini, before = built
    mini.guide("eviction", "ru", body="## A\n\nSee [the steps](police-detention.md#no-such-heading).\n")
    messages = failing_build(mini)
    assert any("[mkdocs]" in m and "no-such-heading" in m for m in messages), messages
    # Languages build in parallel processes; every language's warning is reported at once
    # (the other languages show the Russian original as a fallback, with the same link).
    for lang in ("tg", "ru", "en", "uz"):
        assert any(f"[{lang}]" in m and "no-such-heading" in m for m in messages), (lang, messages)
    assert site_snapshot(mini.root / "site") == before
