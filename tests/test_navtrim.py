"""Navigation trimming (scripts/navtrim.py) on MkDocs' own navigation objects, without a build."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from scripts import navtrim


def config() -> MkDocsConfig:
    cfg = MkDocsConfig()
    cfg.load_dict({"site_name": "test", "docs_dir": "/nowhere/docs"})
    return cfg


CONFIG = config()


def page(path: str) -> Page:
    return Page(path, File(path, "/nowhere/docs", "/nowhere/site", True), CONFIG)


def section(title: str, folder: str, count: int, index: bool = True) -> Section:
    children = ([page(f"{folder}/index.md")] if index else []) + [page(f"{folder}/p{i:03}.md")
                                                                    for i in range(count)]
    sec = Section(title, children)
    for child in children:
        child.parent = sec
    return sec


def titles(items: list) -> list[str]:
    return [item.title for item in items]


def test_a_small_section_is_left_as_it_is() -> None:
    guides = section("Guides", "guides", navtrim.LIMIT - 1)  # with its index: LIMIT pages
    current = guides.children[5]
    current.active = True
    items = [page("index.md"), guides]
    assert navtrim.trim(items, current) is items


def test_a_large_active_section_keeps_its_index_and_the_pages_around_the_current_one() -> None:
    guides = section("Guides", "guides", 100)
    current = guides.children[51]  # guides/p050.md
    current.active = True
    items = [page("index.md"), guides]
    trimmed = navtrim.trim(items, current)
    shown = trimmed[1].children
    assert titles(shown) == ["guides/index.md"] + [f"guides/p{i:03}.md" for i in range(45, 56)]
    assert len(shown) == 1 + 2 * navtrim.WINDOW + 1
    # The site's navigation itself is not changed: other pages still get all of it.
    assert len(guides.children) == 101 and trimmed[1] is not guides and items[1] is guides


def test_the_window_stops_at_the_ends_of_the_section() -> None:
    guides = section("Guides", "guides", 100, index=False)
    current = guides.children[1]
    current.active = True
    shown = navtrim.trim([guides], current)[0].children
    assert titles(shown) == [f"guides/p{i:03}.md" for i in range(0, 1 + navtrim.WINDOW + 1)]


def test_a_large_section_the_reader_is_not_in_is_left_to_material_to_prune() -> None:
    guides = section("Guides", "guides", 100)
    training = section("Training", "training", 3)
    current = training.children[1]
    current.active = True
    items = [guides, training]
    assert navtrim.trim(items, current) is items


def test_an_active_subsection_counts_as_the_current_place() -> None:
    outer = section("Statistics", "statistics", 60)
    inner = section("Cases", "statistics/cases", 2)
    outer.children.insert(40, inner)
    inner.parent = outer
    current = inner.children[1]
    current.active = True
    shown = navtrim.trim([outer], current)[0].children
    assert inner in shown and shown.index(inner) == 1 + navtrim.WINDOW  # index, 5 before, it
    assert len(shown) == 1 + 2 * navtrim.WINDOW + 1


def test_the_plugin_gives_the_page_a_trimmed_copy_of_the_navigation() -> None:
    guides = section("Guides", "guides", 100)
    nav = Navigation([guides], guides.children)
    current = guides.children[70]
    current.active = True
    context = navtrim.NavTrim().on_page_context({"nav": nav}, page=current, config=CONFIG, nav=nav)
    assert context["nav"] is not nav and len(context["nav"].items[0].children) == 12
    assert len(nav.items[0].children) == 101
