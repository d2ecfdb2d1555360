"""A large, realistic search corpus without a site build: `kb bench`'s N synthetic guides per
language (the sample's guides picked at random, sentences shuffled: `bench.synthetic_guides`),
each guide's Markdown rendered by Python-Markdown with the site's block extensions and cut into
search entries by the plugin's own `page_entries`, in the order a build sees them."""

from __future__ import annotations

import frontmatter
import markdown

from scripts.bench import synthetic_guides
from scripts.safety.search_index import page_entries

from .conftest import REPO

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def guide_entries(n: int, languages: tuple[str, ...]) -> dict[str, list[dict]]:
    """{lang: entries} of the sample's guides plus `n` synthetic guides per language."""
    guides = REPO / "content" / "guides"
    files = {p.name: p.read_text(encoding="utf-8") for p in guides.glob("*.md")}
    files.update(synthetic_guides(guides, n))
    result: dict[str, list[dict]] = {}
    for lang in languages:
        entries: list[dict] = []
        for name in sorted(f for f in files if f.endswith(f".{lang}.md")):
            post = frontmatter.loads(files[name])
            html = markdown.markdown(post.content, extensions=EXTENSIONS)
            url = f"guides/{name.split('.')[0]}/"
            entries += page_entries(html, url=url, title=str(post["title"]), lang=lang)
        result[lang] = entries
    return result
