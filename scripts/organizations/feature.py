"""The organizations directory as a feature (see scripts/features.py): `organizations.md`
of every language lists the organizations of content/organizations.yml by region, in the
order of aggregates/vocabulary.yml's regions, with cities, key populations, services and
contacts in the reader's language (else the default language's, else the first given)."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problems
from ..features import ReadServices, RenderServices
from ..markup import front_matter, jinja_env
from ..plan import PlannedPage

PAGE = "organizations.md"

_env = jinja_env(Path(__file__).parent)


class OrganizationsDirectory:
    """The organizations page; the catalog it shows is read and checked by the core."""

    name = "organizations"
    render_reads = ()  # organizations.yml alone

    def read(self, ctx: ReadServices, problems: Problems) -> None:
        """Nothing to read: `catalogs.organizations` is read with the other catalogs."""

    def link_targets(self) -> set[str]:
        """The page is there in every language."""
        return {PAGE}

    def render(self, ctx: RenderServices, lang: str) -> dict[str, str | bytes]:
        """`{"organizations.md": Markdown}` for `lang`."""
        return {PAGE: directory_page(ctx, lang)}

    def render_document(self, ctx: RenderServices, page: PlannedPage) -> str | None:
        """No documents of its own."""
        return None

    def see_also(self, ctx: RenderServices, page: PlannedPage) -> list[dict]:
        """No links of its own on document pages."""
        return []


def directory_page(ctx: RenderServices, lang: str) -> str:
    """The Markdown of the organizations page in `lang`; regions without organizations are
    left out."""
    cats, default = ctx.catalogs, ctx.project.default_language

    def local(value: dict) -> str:
        return value.get(lang) or value.get(default) or next(iter(value.values()))

    regions = []
    for code in cats.codes("region"):
        orgs = [o for o in cats.organizations if o.get("region") == code]
        if not orgs:
            continue
        regions.append({
            "label": cats.label("region", code, lang),
            "organizations": [{
                "name": local(o["name"]),
                "city": local(o["city"]),
                "populations": ", ".join(cats.label("key_population", c, lang)
                                         for c in o.get("populations", [])),
                "services": ", ".join(cats.label("response", c, lang)
                                      for c in o.get("services", [])),
                "contacts": [(cats.t(f"contact_{kind}", lang),
                              local(v) if isinstance(v, dict) else str(v))
                             for kind, v in (o.get("contacts") or {}).items()],
            } for o in orgs],
        })
    return _env.get_template("organizations.md.j2").render(
        lang=lang,
        t=lambda key, **params: cats.t(key, lang, **params),
        front_matter=front_matter(title=cats.t("organizations_title", lang),
                                  description=cats.t("organizations_summary", lang)),
        regions=regions,
    )
