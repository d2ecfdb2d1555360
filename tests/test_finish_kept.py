"""Finishing a merged site works on the languages built, not on those kept as they were
(features.finish_site, safety/offline.py): a kept language's offline list is taken as it is,
and every language is finished again when the default language (the root) was built."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.features import finished_again
from scripts.project import Project
from scripts.safety.offline import LIST, WORKER, write_offline_lists

LANGUAGES = ["tg", "ru", "en", "uz"]
ROOTS = {"tg": "", "ru": "ru", "en": "en", "uz": "uz"}


def _site(root: Path) -> Path:
    site = root / "site"
    for lang, folder in ROOTS.items():
        base = site / folder
        base.mkdir(parents=True, exist_ok=True)
        (base / "index.html").write_text(f"<h1>{lang}</h1>", encoding="utf-8")
        (base / LIST).write_text(json.dumps({"language": lang}), encoding="utf-8")
    (site / WORKER).write_text('var DEPLOYMENT = "";\nvar ROOTS = [];\n', encoding="utf-8")
    return site


def _lists(site: Path) -> dict[str, dict]:
    return {lang: json.loads((site / folder / LIST).read_text(encoding="utf-8"))
            for lang, folder in ROOTS.items()}


def test_a_kept_language_keeps_its_list_and_a_built_one_is_listed_again(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first = write_offline_lists(site, "tg", LANGUAGES)
    before = _lists(site)
    # English built again (a page changed); Russian kept: its list is not made again.
    (site / "en" / "index.html").write_text("<h1>en, edited</h1>", encoding="utf-8")
    (site / "ru" / "index.html").write_text("<h1>ru, not listed again</h1>", encoding="utf-8")
    second = write_offline_lists(site, "tg", LANGUAGES, ["en"])
    after = _lists(site)
    assert after["ru"] == before["ru"] and after["tg"] == before["tg"]
    assert after["en"]["files"]["index.html"] != before["en"]["files"]["index.html"]
    assert second != first  # the deployment's fingerprint covers the new list
    # Every language again: the same lists as the incremental one, but Russian's new page.
    third = write_offline_lists(site, "tg", LANGUAGES)
    assert _lists(site)["en"] == after["en"] and _lists(site)["ru"] != before["ru"]
    assert third not in (first, second)


def test_a_kept_list_without_files_is_made(tmp_path: Path) -> None:
    site = _site(tmp_path)
    write_offline_lists(site, "tg", LANGUAGES, ["en"])
    assert all("index.html" in data["files"] for data in _lists(site).values())


def test_the_default_language_built_finishes_every_language(tmp_path: Path) -> None:
    project = Project(Path(__file__).resolve().parents[1])
    codes = project.codes
    default = project.default_language
    other = next(code for code in codes if code != default)
    assert finished_again(project, None) == codes
    assert finished_again(project, [default]) == codes
    assert finished_again(project, [other]) == (other,)
    assert finished_again(project, []) == ()


def test_the_size_check_reads_the_files_it_is_given(tmp_path: Path) -> None:
    """pdf/sizes.check_site on the files the built languages wrote: a placeholder in a kept
    language's page (checked when that language was built) is not read again."""
    from scripts.errors import Problems
    from scripts.pdf import sizes

    site = _site(tmp_path)
    holder = sizes.placeholder("tg/print/guide-tg-000000.pdf", "0" * 16, "PDF, {size} KB")
    for folder in ("en", "ru"):
        (site / folder / "index.html").write_text(f"<p>x {holder}</p>", encoding="utf-8")
    problems = Problems(tmp_path)
    sizes.check_site(site, problems, [site / "en" / "index.html", site / "en" / LIST])
    assert [p.file for p in problems.items] == ["site/en/index.html"]
    every = Problems(tmp_path)
    sizes.check_site(site, every)
    assert sorted(p.file for p in every.items) == ["site/en/index.html", "site/ru/index.html"]
