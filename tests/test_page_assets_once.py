"""The joined, minified and hashed files every page names are made once a build
(scripts/page_assets.py): each page must come out as it does when it is the only page its
plugin rewrites, and the files recorded to be written must be those of every page alone."""

from __future__ import annotations

import posixpath
from pathlib import Path

import material
from mkdocs.config import load_config

from scripts.boundary import mkdocs
from scripts.page_assets import PLUGIN_NAME, Assets

from .conftest import REPO

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
PARTS = ["md-base", "md-palette", "palette", "md-content"]


def _config(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    return load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                       site_dir=str(tmp_path / "site"))


def _page(page_dir: str, config, marker: str, absolute: bool, variant: int) -> str:
    """A page's HTML as the theme renders it, before the plugin (overrides/main.html); its
    stylesheets and scripts as mkdocs.yml lists them, or (`variant`) fewer, in another order."""
    up = "/" if absolute else "../" * len(page_dir.split("/")) if page_dir else ""
    sheets = [f"assets/stylesheets/{p.name}" for p in sorted(MATERIAL_STYLESHEETS.glob("*.min.css"))]
    sheets += [str(getattr(item, "path", item)) for item in config.extra_css]
    extra = [str(getattr(item, "path", item)) for item in config.extra_javascript]
    if variant == 1:
        sheets, extra = sheets[:-1], extra[1:]
    elif variant == 2:
        sheets, extra = sheets[::-1], extra[::-1]
    elif variant == 3:  # the same first ones, one left out after them
        sheets, extra = sheets[:3] + sheets[4:], extra[:2] + extra[3:]
    head = [f'<link rel="icon" href="{up}assets/images/favicon.png">',
            '<link rel="alternate" href="/ru/" hreflang="ru">',
            *(f'<link rel="stylesheet" href="{up}{sheet}">' for sheet in sheets),
            '<link rel="stylesheet" href="https://fonts.example.org/x.css">']
    scripts = [f'<script src="{up}assets/javascripts/{part}.js" data-md-scope="{up or "."}"></script>'
               for part in PARTS]
    scripts += [f'<script src="{up}{item}"></script>' for item in extra]
    scripts += [f'<script src="{up}assets/javascripts/not-found.js" defer></script>',
                '<script src="https://elsewhere.example.org/x.js"></script>']
    return ("<!doctype html><html><head>\n" + "\n".join(head) + "\n</head><body>"
            f"<div {marker}>text</div>\n" + "\n".join(scripts) + "\n</body></html>\n")


def _pages(config) -> list[tuple[str, str]]:
    """(folder, HTML) of pages at every depth, using different feature scripts."""
    pages = []
    for number, page_dir in enumerate(["", "guides", "guides/police-detention", "ru/guides/x",
                                       "training/trainer/handouts/documenting-cases"]):
        for variant, marker in enumerate(["", "data-kb-quiz", "data-appeal-form data-kb-finder",
                                          "data-react-not-found"]):
            pages.append((page_dir, _page(page_dir, config, marker, absolute=number == 3,
                                          variant=(variant + number) % 4)))
    return pages


def _plugin(config) -> Assets:
    """A new `react-assets` plugin with mkdocs.yml's settings, started for a build."""
    configured = mkdocs.plugin(config, PLUGIN_NAME)
    assets = Assets()
    assets.config = configured.config
    assets.on_config(config)
    assets.on_pre_build(config=config)
    return assets


def test_every_page_is_rewritten_as_when_it_is_the_only_one(tmp_path: Path) -> None:
    config = _config(tmp_path)
    pages = _pages(config)
    together = _plugin(config)
    rewritten = [together.rewrite(html, page_dir, config) for page_dir, html in pages]
    outputs: dict[str, bytes] = {}
    replaced: set[str] = set()
    sheets: dict[str, list] = {}
    for (page_dir, html), out in zip(pages, rewritten, strict=True):
        alone = _plugin(config)
        assert alone.rewrite(html, page_dir, config) == out, page_dir
        outputs.update(alone.outputs)
        replaced |= alone.replaced
        sheets.update(alone.sheets)
    assert together.outputs == outputs
    assert together.replaced == replaced
    assert together.sheets == sheets
    # The pages really name joined and hashed files, and leave out the scripts they do not use.
    assert len(sheets) == 4  # the pages' four lists of stylesheets
    assert all(posixpath.basename(joined).startswith("react.") for joined in sheets)
    assert any("quiz." in out for out in rewritten) and not all("quiz." in out for out in rewritten)
    assert all("hreflang" not in out for out in rewritten)


def test_a_build_after_the_last_records_the_joined_files_again(tmp_path: Path) -> None:
    """kb serve's partial builds run `on_pre_build`, not `on_config`, with the plugin of the
    last build, whose `on_post_build` replaced the joined stylesheet by its pruned copy."""
    config = _config(tmp_path)
    page_dir, html = _pages(config)[0]
    assets = _plugin(config)
    first = assets.rewrite(html, page_dir, config)
    [joined] = assets.sheets
    del assets.outputs[joined]  # as `_prune` does
    assets.on_pre_build(config=config)
    assert assets.rewrite(html, page_dir, config) == first
    assert joined in assets.outputs
