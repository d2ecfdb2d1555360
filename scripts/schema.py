"""What each content kind must say in its front matter, declared as data.

A field is *shared* when it describes the document rather than its wording (a guide's topics,
a module's order): it is read from the original, and a translation may omit it. A field is
*translatable* when its wording is part of what a translator translates: those fields (and the
body) make up the fingerprint that tells whether a translation is outdated.
"""

from __future__ import annotations

import datetime as dt
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
          help="only in translations: {lang: <code of the original>, hash: <stamped by kb>}"),
)

REVIEW = (
    Field("reviewed", "date", required=True, help="date of the last legal review, YYYY-MM-DD"),
    Field("legal_review", "choice", choices=("pending", "approved"),
          help="`pending` (the default) shows an 'awaiting legal review' notice"),
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
        REVIEW[1],  # legal_review: modules are marked "awaiting legal review" like guides
    ),
    "templates": COMMON + REVIEW + (
        Field("addressee", "text", required=True, translatable=True,
              help="to whom the letter is addressed (free text)"),
        Field("fields", "list", required=True, translatable=True,
              help="a list of {id, label, type, required, help, options?}"),
        Field("guides", "slugs", shared=True, help="slugs of the guides this template belongs to"),
    ),
}

SECTIONS: tuple[str, ...] = tuple(KINDS)


def field(section: str, name: str) -> Field | None:
    """The declared field `name` of a section's documents, or None if there is none."""
    return next((f for f in KINDS[section] if f.name == name), None)


def check_type(spec: Field, value: object) -> str | None:
    """Why `value` does not fit `spec`, in words for an editor, or None when it fits."""
    if spec.type == "text":
        if not isinstance(value, str) or not value.strip():
            return "must be non-empty text"
    elif spec.type == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            return "must be a date written YYYY-MM-DD"
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
