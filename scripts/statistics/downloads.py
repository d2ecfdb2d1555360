"""CSV and JSON downloads of a dataset, after disclosure control, in each language.

They are written from the publication, never copied from `aggregates/`: a withheld count has
an empty `count` and its marker in `shown`. `check_download` reads a CSV back as a reader
would and refuses it if any count in it is small or sensitive.
"""

from __future__ import annotations

import csv
import io
import json

from ..catalogs import Catalogs
from ..errors import BuildError, Problems
from .formatting import local
from .model import Key, Rules, period_sort_key
from .publication import Publication

COLUMNS = ("period", "region", "region_label", "dimension", "dimension_label", "category",
           "category_label", "count", "shown", "illustrative")


def column_meanings(lang: str, cats: Catalogs) -> dict[str, str]:
    """What each column of the downloads means, for the data dictionary."""
    return {c: cats.t("stat_col_label" if c.endswith("_label") else f"stat_col_{c}", lang) for c in COLUMNS}


def _order(pub: Publication):
    dims = list(pub.vocabulary)
    regions = list(pub.vocabulary["region"]["categories"])

    def key(k: Key) -> tuple:
        codes = list(pub.vocabulary[k.dimension]["categories"])
        return (period_sort_key(k.period), regions.index(k.region), dims.index(k.dimension),
                codes.index(k.category))
    return sorted(pub.figures.values(), key=lambda f: key(f.key))


def csv_text(pub: Publication, lang: str, cats: Catalogs) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in _order(pub):
        k = f.key
        writer.writerow([k.period, k.region, cats.label("region", k.region, lang), k.dimension,
                         pub.vocabulary[k.dimension]["label"].get(lang, k.dimension), k.category,
                         cats.label(k.dimension, k.category, lang),
                         "" if f.value is None else f.value, f.marker or f.value,
                         "yes" if pub.illustrative(k) else "no"])
    return out.getvalue()


def json_text(pub: Publication, lang: str, default: str, cats: Catalogs) -> str:
    meta = pub.meta
    published = pub.meta.get("published")
    data = {
        "dataset": pub.name,
        "language": lang,
        "title": local(meta.get("title"), lang, default)[0],
        "definition": local(meta.get("definition"), lang, default)[0],
        "source": local(meta.get("source"), lang, default)[0],
        "published": published.isoformat() if published else None,
        "illustrative": local(meta.get("illustrative"), lang, default)[0] or None,
        "disclosure_control": {
            "country_threshold": pub.rules.country_threshold,
            "region_threshold": pub.rules.region_threshold,
            "sensitive_below_country": sorted(f"{d}/{c}" for d, c in pub.rules.sensitive),
            "legend": cats.t("stat_legend", lang),
        },
        "columns": column_meanings(lang, cats),
        "figures": [{"period": f.key.period, "region": f.key.region, "dimension": f.key.dimension,
                     "category": f.key.category, "count": f.value, "shown": f.marker or str(f.value),
                     "illustrative": pub.illustrative(f.key)}
                    for f in _order(pub)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def check_download(name: str, text: str, rules: Rules) -> None:
    """Refuse (BuildError) a CSV that shows a small count or a sensitive sub-country count."""
    problems = Problems()
    for row in csv.DictReader(io.StringIO(text)):
        if not row["count"]:
            continue
        key = Key(row["period"], row["region"], row["dimension"], row["category"])
        value = int(row["count"])
        if rules.is_small(key, value) or rules.is_sensitive(key):
            problems.add(name, "disclosure", f"the download would show {'/'.join(key)} = {value}",
                         "this is a bug in the statistics code: report it; nothing was published")
    if problems:
        raise BuildError(problems)
