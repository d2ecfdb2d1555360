"""Within a language, only the pages an edit changed are rendered again (scripts/incremental.py).

The decisions are tested on inventories written by hand (no MkDocs): which files of docs/ a
language renders, or why it renders every page. Then one real build: after one translation's
edit, only that language is built, MkDocs renders only that page, and the site equals a clean
build byte for byte.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from scripts import incremental
from scripts.build import build_site
from scripts.errors import BuildError
from scripts.incremental import NAV, outline, plan
from scripts.mkdocs_run import Progress, anchor_ids

from .conftest import MiniProject

LANGS = ("tg", "ru", "en", "uz")


def inventory(**pages: str) -> dict[str, str]:
    """A stored inventory: shared inputs, two pages and the navigation of every language;
    `pages` ({"en_guide": "new hash"}) changes some of them."""
    files = {"mkdocs.yml": "m", "scripts/render.py": "r", "overrides/main.html": "o",
             "package mkdocs": "1.6.1", "content/guides/x.ru.md": "c"}
    for lang in LANGS:
        for name in ("index", "guide"):
            files[f"name docs/{lang}/{name}.md"] = ""
            files[f"docs/{lang}/{name}.md"] = pages.get(f"{lang}_{name}", f"{lang}-{name}")
        files[NAV.format(lang=lang)] = pages.get(f"{lang}_nav", f"{lang}-nav")
    return files


def test_a_translation_edit_renders_that_page_only() -> None:
    after = {**inventory(en_guide="edited"), "content/guides/x.en.md": "edited"}
    assert plan("en", LANGS, inventory(), after) == incremental.Plan(("en/guide.md",), "1 changed file")


def test_an_original_edit_renders_its_page_in_each_language_that_shows_it() -> None:
    after = inventory(tg_guide="e", ru_guide="e", uz_guide="e")
    after["content/guides/x.ru.md"] = "edited"  # sources are not inputs of MkDocs: docs/ is
    for lang in ("tg", "ru", "uz"):
        assert plan(lang, LANGS, inventory(), after).files == (f"{lang}/guide.md",)
    assert plan("en", LANGS, inventory(), after).files == ()  # en shows its own translation


def test_a_changed_title_or_heading_renders_every_page_of_that_language_only() -> None:
    after = inventory(en_guide="e", en_nav="other title")
    assert plan("en", LANGS, inventory(), after).everything
    assert "title" in plan("en", LANGS, inventory(), after).why
    assert plan("ru", LANGS, inventory(), after).files == ()  # another language's navigation


@pytest.mark.parametrize("name", ["scripts/render.py", "overrides/main.html", "mkdocs.yml",
                                  "package mkdocs"])
def test_a_shared_input_renders_every_page(name: str) -> None:
    after = {**inventory(en_guide="e"), name: "changed"}
    result = plan("en", LANGS, inventory(), after)
    assert result.everything and name in result.why


def test_an_added_page_renders_every_page() -> None:
    after = {**inventory(), "name docs/en/new.md": "", "docs/en/new.md": "n"}
    result = plan("en", LANGS, inventory(), after)
    assert result.everything and "docs/en/new.md" in result.why


def test_without_a_record_every_page_is_rendered() -> None:
    assert plan("en", LANGS, {}, inventory()).everything
    older = {k: v for k, v in inventory().items() if not k.startswith("nav ")}  # an older digest
    assert plan("en", LANGS, older, inventory()).everything


def test_the_outline_is_the_title_headings_and_ids_not_the_text() -> None:
    page = '---\ntitle: "Police"\nsummary: "x"\n---\n\n## Steps {#steps}\n\nText.\n\n<p id="a">b</p>\n'
    assert outline(page) == '"Police"\n## Steps {#steps}\nid="a"'
    assert outline(page.replace("Text.", "Other text.")) == outline(page)
    assert outline(page.replace("summary: \"x\"", "summary: \"y\"")) == outline(page)
    assert outline(page.replace("## Steps", "## Stages")) != outline(page)
    assert outline(page.replace('"Police"', '"Detention"')) != outline(page)
    assert outline(page.replace("summary", "nav_order: 2\nsummary")) != outline(page)


def test_the_outline_has_every_heading_indented_or_underlined() -> None:
    """Headings inside a note or list item, and setext headings, make anchors too (found by
    a tester: renaming one rendered one page, and a page linking to it was published with a
    broken link a clean build refuses)."""
    page = '---\ntitle: "Police"\n---\n\nText.\n\n!!! note "N"\n    ### More\n\n    Text.\n'
    assert "### More" in outline(page)
    assert outline(page.replace("### More", "### Other")) != outline(page)
    for underline in ("-------", "=======", "  ---  "):
        setext = f'---\ntitle: "Police"\n---\n\nText.\n\nFurther\n{underline}\n\nText.\n'
        assert "Further" in outline(setext)
        assert outline(setext.replace("Further", "Later")) != outline(setext)
        assert outline(setext.replace("Text.", "Other text.")) == outline(setext)
    assert outline('---\ntitle: "Police"\n---\n\nText.\n') == '"Police"'  # the front matter's end


def test_the_outline_ignores_white_space_at_a_headings_end_and_an_underlines_length() -> None:
    """Markdown makes the same heading of them: a trailing space must not render every page."""
    page = '---\ntitle: "Police"\n---\n\n## Steps\n\nText.\n\nFurther\n-------\n\n  ### More {#more}\n'
    assert outline(page) == '"Police"\n## Steps\n  ### More {#more}\nFurther\n-'
    for edit in (("## Steps", "## Steps  "), ("## Steps", "## Steps\t"), ("Further", "Further "),
                 ("-------", "---"), ("-------", "-------  "), ("{#more}", "{#more} ")):
        assert outline(page.replace(*edit)) == outline(page), edit
    for edit in (("## Steps", "### Steps"), ("-------", "======="), ("Further", "Later"),
                 ("{#more}", "{#most}"), ("-------", " -------"), ("-------", "    ---")):
        assert outline(page.replace(*edit)) != outline(page), edit


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".build-digest"}


def assert_same_as_clean_build(mini: MiniProject, site: Path, clean: Path) -> None:
    """`site` holds, byte for byte, what a clean build (`--force`, into `clean`) of the same
    input makes: the same files, none differing."""
    build_site(mini.project, force=True, site=clean)
    partial, full = tree(site), tree(clean)
    assert sorted(partial) == sorted(full)
    assert [name for name in full if partial[name] != full[name]] == []


@pytest.mark.slow
def test_a_translation_edit_renders_one_page_and_equals_a_clean_build(mini: MiniProject,
                                                                      tmp_path: Path) -> None:
    mini.linked_guides()
    build_site(mini.project)
    site = mini.root / "site"
    tajik = (site / "index.html").stat().st_ino

    guide = mini.root / "content/guides/police-detention.en.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Text.", "Text, edited."), encoding="utf-8")
    reports: list[Progress] = []
    result = build_site(mini.project, progress=reports.append)
    # The changed files of docs/: the page, and its PDF when it was laid out before MkDocs
    # started (at once from the PDF cache, which earlier tests may have filled; else the last
    # pass writes it: scripts/pdf/step.py). MkDocs renders the one page either way.
    assert result.built == ("en",) and result.rendered["en"] in ("1 changed file", "2 changed files")
    assert [(r.language, r.done) for r in reports if r.finished] == [("en", 1)]  # one page rendered
    assert (site / "index.html").stat().st_ino == tajik  # other languages: the previous files
    assert "Text, edited." in (site / "en/guides/police-detention/index.html").read_text(encoding="utf-8")

    assert_same_as_clean_build(mini, site, tmp_path / "clean")

    # A heading changed: every English page is rendered (links to it are checked again).
    guide.write_text(guide.read_text(encoding="utf-8").replace("## Steps", "## Stages"), encoding="utf-8")
    result = build_site(mini.project, progress=reports.append)
    assert result.built == ("en",) and result.rendered["en"].startswith("every page")


# (language, its guide edited: what it says before and after, its folder in site/)
EDITS = {"en": ("police-detention.en.md", "Text.", "Text, edited.", "en/"),
         "tg": ("police-detention.tg.md", "Матн.", "Матни нав.", "")}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(EDITS))
def test_a_partial_build_links_the_unchanged_pages_and_pdfs_and_writes_none(mini: MiniProject,
                                                                             tmp_path: Path,
                                                                             lang: str) -> None:
    """The previous output of a partially built language is copied, but its PDFs and its
    pages' HTML, most of its bytes and files, are linked (mkdocs_run.copy_previous): the build
    must never write one in place, or the previous site would change under its readers (and
    stay changed if the build failed). Among them a page MkDocs' dirty build renders again
    though it did not change (its docs/ file newer than its output, as a hand's `touch` makes
    it): its output too is a new file. A translation's edit (English) and an original's
    (Tajik, the default language at the site's root, every language built)."""
    name, old, new, prefix = EDITS[lang]
    others = set(mini.project.codes) - {mini.project.default_language}
    mini.linked_guides()
    build_site(mini.project)
    site = mini.root / "site"

    def language_files() -> dict[str, Path]:
        return {rel: path for path in site.rglob("*")
                if (rel := path.relative_to(site).as_posix()).startswith(prefix)
                and (prefix or rel.split("/", 1)[0] not in others)
                and (path.name in ("index.html", "404.html") or path.suffix == ".pdf")}

    before = language_files()
    assert any(rel.endswith(".pdf") for rel in before), "the language's pages have PDFs"
    held = tmp_path / "held"  # a second name for each previous file: its bytes as the old site has them
    held.mkdir()
    kept = {}
    for index, (rel, path) in enumerate(sorted(before.items())):
        (held / str(index)).hardlink_to(path)
        kept[rel] = (held / str(index), path.read_bytes(), path.stat().st_ino)

    touched = mini.root / f"docs/{lang}/guides/free-legal-aid.md"
    assert touched.is_file()
    later = time.time() + 60
    os.utime(touched, (later, later))
    guide = mini.root / "content/guides" / name
    guide.write_text(guide.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = build_site(mini.project)
    assert lang in result.built and "changed file" in result.rendered[lang]

    for rel, (link, data, _inode) in kept.items():
        assert link.read_bytes() == data, f"{rel} of the previous site was written in place"
    after = {rel: path for rel, path in language_files().items() if rel in kept}
    same = [rel for rel in after if after[rel].read_bytes() == kept[rel][1]]
    changed = [rel for rel in after if rel not in same]
    assert f"{prefix}guides/police-detention/index.html" in changed  # the edited guide
    assert any(rel.endswith(".pdf") for rel in changed)  # its PDF
    assert any(rel.endswith(".pdf") for rel in same) and len(same) > 5
    assert [rel for rel in same if after[rel].stat().st_ino != kept[rel][2]  # linked, 404.html copied
            and rel not in (f"{prefix}guides/free-legal-aid/index.html", f"{prefix}404.html")] == []
    assert [rel for rel in changed if after[rel].stat().st_ino == kept[rel][2]] == []
    rendered_again = after[f"{prefix}guides/free-legal-aid/index.html"]
    assert rendered_again.stat().st_ino != kept[f"{prefix}guides/free-legal-aid/index.html"][2]
    # Rendered again, it has its language menu (the other languages' same page), as every
    # page of a clean build: a fresh tester found it linking each language's home page.
    assert_same_as_clean_build(mini, site, tmp_path / "clean")
    assert build_site(mini.project).built == ()


@pytest.mark.slow
def test_an_original_edit_with_a_site_address_keeps_every_language_menu_and_the_sitemap(
        mini: MiniProject, tmp_path: Path) -> None:
    """A partial build gives static-i18n's alternates only to the pages it renders, unless it
    writes the sitemap, which lists every page's (the default language's build, with
    `site_url`): an original's edit renders its page in each language, and the site, the
    sitemap and every language menu equal a clean build's."""
    address = "https://example.org/kb/"
    mini.linked_guides()
    build_site(mini.project, site_url=address)
    site = mini.root / "site"
    guide = mini.root / "content/guides/police-detention.tg.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Матн.", "Матни нав."), encoding="utf-8")
    result = build_site(mini.project, site_url=address)
    assert set(result.built) == set(mini.project.codes)
    assert all(not why.startswith("every page") for why in result.rendered.values()), result.rendered
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="ru" href="{address}ru/guides/police-detention/"' in sitemap
    clean = tmp_path / "clean"
    build_site(mini.project, force=True, site_url=address, site=clean)
    partial, full = tree(site), tree(clean)
    assert sorted(partial) == sorted(full)
    assert [name for name in full if partial[name] != full[name]] == []


@pytest.mark.parametrize("html, ids", [
    ('<h2 id="steps">Steps</h2>', {"steps"}),
    ("<p id='a-b'>", {"a-b"}),
    ("id=first <b id=second>", {"first", "second"}),
    ('<div data-id="kept">', {"kept"}),  # a word starts after "-", as `\bid=` sees it
    ('<p valid="no" grid=no _id=no>', set()),
    ("<p\tid=\"tab\"\nid='line'>", {"tab", "line"}),
    ('<h2 id="Қадамҳо">', {"Қадамҳо"}),
    ('<p dataҚid="no">', set()),  # a Tajik letter is a word character
])
def test_anchor_ids_are_the_ids_where_a_word_starts(html: str, ids: set[str]) -> None:
    assert anchor_ids(html) == ids


def test_anchor_ids_equal_the_word_boundary_expression_on_every_built_page(built_site: Path) -> None:
    """`anchor_ids` searches `id=` and checks the word start itself (ten times faster):
    on every page of the sample site it finds what `\\bid=` finds."""
    expression = re.compile(r"""\bid=["']?([^"'\s>]+)""")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert anchor_ids(html) == set(expression.findall(html)), page


@pytest.mark.slow
@pytest.mark.parametrize("heading, old, renamed, anchor", [
    ('!!! note "Note"\n    ### More\n\n    Text.\n', "### More", "### Less", "more"),
    ("Further\n-------\n\nText.\n", "Further\n", "Later\n", "further")])
def test_a_renamed_heading_checks_again_the_pages_linking_to_it(mini: MiniProject, heading: str, old: str,
                                                                 renamed: str, anchor: str) -> None:
    """A heading inside a note or a setext heading renamed while another page links to its
    anchor: the build refuses the link, as a clean build does (found by a tester: only the
    renamed page was rendered, and the broken link published)."""
    mini.linked_guides()
    target = mini.root / "content/guides/police-detention.tg.md"
    linking = mini.root / "content/guides/free-legal-aid.tg.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + heading, encoding="utf-8")
    build_site(mini.project)
    linking.write_text(linking.read_text(encoding="utf-8")
                       + f"\n[Боздошт](police-detention.md#{anchor})\n", encoding="utf-8")
    build_site(mini.project)
    target.write_text(target.read_text(encoding="utf-8").replace(old, renamed), encoding="utf-8")
    with pytest.raises(BuildError, match=f"#{anchor}"):
        build_site(mini.project)


@pytest.mark.slow
def test_an_edit_of_the_words_the_safety_plugin_reads_renders_every_page(mini: MiniProject,
                                                                          tmp_path: Path) -> None:
    """content/ui/safety.yml (the quick exit's, search box's and 404 page's words) is read by
    the MkDocs plugin, not through docs/: its edit builds every language, every page, and the
    site equals a clean build (found by a tester: "site/ is up to date")."""
    mini.linked_guides()
    build_site(mini.project)
    catalog = mini.root / "content/ui/safety.yml"
    text = catalog.read_text(encoding="utf-8")
    assert 'en: "Exit"' in text
    catalog.write_text(text.replace('en: "Exit"', 'en: "Leave now"', 1), encoding="utf-8")
    result = build_site(mini.project)
    assert result.built == LANGS and all(how.startswith("every page") for how in result.rendered.values())
    site = mini.root / "site"
    assert "Leave now" in (site / "en/guides/police-detention/index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(mini, site, tmp_path / "clean")


@pytest.mark.slow
def test_files_of_site_changed_by_hand_are_built_again(mini: MiniProject, tmp_path: Path) -> None:
    """A page of site/ changed, or removed, by hand: the next build builds its language again,
    every page, and the site equals a clean build; then nothing is left to do (found by a
    tester: "site/ is up to date", and a later edit's partial build carried the hand-edited
    page, and its bytes into the offline lists, into the new site)."""
    mini.linked_guides()
    build_site(mini.project)
    site, clean = mini.root / "site", tmp_path / "clean"
    page = site / "en/guides/police-detention/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>by hand</p>", encoding="utf-8")
    other = mini.root / "content/guides/free-legal-aid.en.md"
    other.write_text(other.read_text(encoding="utf-8").replace("[Detention]", "[Detention, again]"),
                     encoding="utf-8")
    result = build_site(mini.project)
    assert result.built == ("en",) and result.rendered["en"].startswith("every page")
    assert_same_as_clean_build(mini, site, clean)
    (site / "guides/free-legal-aid/index.html").unlink()  # the default language's
    result = build_site(mini.project)
    assert result.built == ("tg",) and "site/" in " ".join(result.reasons["tg"])
    assert_same_as_clean_build(mini, site, clean)
    assert build_site(mini.project).built == ()
