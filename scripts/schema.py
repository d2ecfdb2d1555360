"""What each content kind must say in its front matter, declared as data.

A field is *shared* when it describes the document rather than its wording (a guide's topics,
a module's order): it is read from the original, and a translation may omit it. A field is
*translatable* when its wording is part of what a translator translates: those fields (and the
body) make up the fingerprint that tells whether a translation is outdated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | date | int | slugs | codes | choice | list | mapping
    required: bool = False
    shared: bool = False
    translatable: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


COMMON = (
    Field("title", "text", required=True, translatable=True, help="the page title"),
    Field("summary", "text", required=True, translatable=True,
          help="one or two sentences, shown in lists and in the page description"),
    Field("translated_from", "mapping",
          help="only in translations: {lang: <code of the original>, hash: <stamped by kb>, "
               "into: <this file's language, stamped by kb>}"),
)

# `reviewed` is the date of the last review of the text (SPEC §3): while `legal_review` is
# `pending`, the day its editor last wrote or updated it (no lawyer has checked it, and the page
# says "written or updated"); once `approved`, the day the reviewer named in `reviewed_by`
# checked it. Only an approved text is ever called checked.
REVIEWED = Field("reviewed", "date", required=True,
                 help="the date of the last review of the text, YYYY-MM-DD: while pending, the day "
                      "it was written or updated; when approved, the day the reviewer checked it")
REVIEWED_BY = Field("reviewed_by", "text",
                    help="who checked the text, as a role, never a name (e.g. \"program lawyer\"); "
                         "required with `legal_review: approved`")
REVIEW = (
    REVIEWED,
    Field("legal_review", "choice", choices=("pending", "approved"),
          help="`pending` (the default) shows an 'awaiting legal review' notice; `approved` needs "
               "`reviewed_by` and `reviewed`"),
    REVIEWED_BY,
)

KINDS: dict[str, tuple[Field, ...]] = {
    "pages": COMMON,
    "guides": COMMON + REVIEW + (
        Field("topics", "codes", shared=True, help="topic ids from content/topics.yml"),
        Field("populations", "codes", shared=True,
              help="key_population codes from aggregates/vocabulary.yml"),
        Field("templates", "slugs", shared=True, help="slugs of appeal templates to link to"),
        Field("training", "slugs", shared=True, help="slugs of training modules to link to"),
    ),
    "training": COMMON + (
        Field("order", "int", required=True, shared=True, help="position in the curriculum"),
        Field("duration", "int", required=True, shared=True, help="length in minutes"),
        Field("objectives", "list", required=True, translatable=True,
              help="a list of learning objectives"),
        Field("quiz", "list", translatable=True,
              help="a list of {question, options: [...], answer: <index>, explanation}"),
        # legal_review: modules are marked "awaiting legal review" like guides; a module's
        # `reviewed` date is optional until it is approved.
        REVIEW[1], Field("reviewed", "date", help=REVIEWED.help), REVIEWED_BY,
    ),
    "templates": COMMON + REVIEW + (
        Field("addressee", "text", required=True, translatable=True,
              help="to whom the letter is addressed (free text)"),
        Field("fields", "list", required=True, translatable=True,
              help="a list of {id, label, type, required, help, options?}"),
        Field("guides", "slugs", shared=True, help="slugs of the guides this template belongs to"),
    ),
    # Evidence briefs (scripts/briefs/): the figures they draw on are checked by that feature.
    "briefs": COMMON + REVIEW + (
        Field("audience", "codes", required=True, shared=True,
              help="who the brief is for, a list of: health, police, penitentiary, policy"),
        Field("dataset", "text", required=True, shared=True,
              help="the dataset the figures come from, e.g. `cases` (aggregates/cases.csv)"),
        Field("periods", "codes", required=True, shared=True,
              help='the published periods the figures come from, in quotes: ["2020", "2021"]'),
        Field("dimensions", "codes", required=True, shared=True,
              help="the dimensions the brief draws on, e.g. [perpetrator, violation]: "
                   "the page shows their charts"),
        Field("guides", "slugs", shared=True, help="slugs of the guides the brief refers to"),
        Field("templates", "slugs", shared=True, help="slugs of appeal templates the brief refers to"),
    ),
}

SECTIONS: tuple[str, ...] = tuple(KINDS)


def field(section: str, name: str) -> Field | None:
    """The declared field `name` of a section's documents, or None if there is none."""
    return next((f for f in KINDS[section] if f.name == name), None)


def _date_hint(value: object) -> str:
    """What an editor probably meant by a date YAML did not read as one."""
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f" without quotes: `{text}` in quotes is text, not a date"
    local = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if local:
        day, month, year = local.groups()
        return f" (year first): `{text}` is written `{year}-{int(month):02d}-{int(day):02d}`"
    return ""


def check_type(spec: Field, value: object) -> str | None:
    """Why `value` does not fit `spec`, in words for an editor, or None when it fits."""
    if spec.type == "text":
        if not isinstance(value, str) or not value.strip():
            return "must be non-empty text"
    elif spec.type == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            return "must be a date written YYYY-MM-DD" + _date_hint(value)
    elif spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a whole number, 0 or more"
    elif spec.type in ("slugs", "codes"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return "must be a list of codes, like [a, b]"
    elif spec.type == "choice":
        if value not in spec.choices:
            return "must be one of: " + ", ".join(spec.choices)
    elif spec.type == "list" and not isinstance(value, list):
        return "must be a list"
    elif spec.type == "mapping" and not isinstance(value, dict):
        return "must be a mapping like {lang: ru}"
    return None


# Values inside list and mapping fields that must be text, as paths with `*` for any item:
# YAML reads `no`, `012` or `+992...` as a boolean or a number unless they are quoted.
_NESTED_TEXT: dict[str, tuple[tuple[object, ...], ...]] = {
    "objectives": (("objectives", "*"),),
    "quiz": (("quiz", "*", "question"), ("quiz", "*", "options", "*"), ("quiz", "*", "explanation")),
    "fields": (("fields", "*", "id"), ("fields", "*", "label"), ("fields", "*", "help"),
               ("fields", "*", "options", "*")),
    "translated_from": (("translated_from", "lang"), ("translated_from", "hash"),
                        ("translated_from", "into")),
}


def text_paths(section: str) -> tuple[tuple[object, ...], ...]:
    """Where a document of `section` must hold text: text and choice fields, every code of a
    list of codes or slugs, and the text inside lists (quiz, objectives, template fields)."""
    paths: list[tuple[object, ...]] = []
    for spec in KINDS[section]:
        if spec.type in ("text", "choice"):
            paths.append((spec.name,))
        elif spec.type in ("slugs", "codes"):
            paths.append((spec.name, "*"))
        paths.extend(_NESTED_TEXT.get(spec.name, ()))
    return tuple(paths)


def code_paths(section: str) -> tuple[tuple[object, ...], ...]:
    """Where a document of `section` holds codes, slugs and ids (Latin letters only)."""
    paths: list[tuple[object, ...]] = [("translated_from", "lang"), ("translated_from", "into")]
    for spec in KINDS[section]:
        if spec.type in ("slugs", "codes"):
            paths.append((spec.name, "*"))
        elif spec.type == "choice":
            paths.append((spec.name,))
        elif spec.name == "fields":
            paths.append(("fields", "*", "id"))
    return tuple(paths)
