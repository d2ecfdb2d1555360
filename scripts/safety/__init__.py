"""Reader safety: quick exit, the neutral exit page, the page's security policy, per-language search.

- `feature.SafetyFeature` (pipeline): writes the neutral page the quick exit leads to;
- `plugin.SafetyPlugin` (MkDocs plugin `react-safety`): gives the theme its UI strings in the
  page's language and writes one search index per language;
- `search_index`: turns a rendered page into search entries.
"""
