"""The `fields:` list of a template: what the form asks, checked item by item.

Each item is `{id, label, type, required, help, options?}`. Ids are the contract between
languages (every language declares the same ids, types and number of options) and between
the front matter and the letter (`{{ id }}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TYPES = ("text", "textarea", "date", "select")
ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Words Jinja reads as something other than a name: they cannot be field ids.
RESERVED = {"true", "false", "none", "and", "or", "not", "in", "is", "if", "else", "loop", "self"}
KEYS = ("id", "label", "type", "required", "help", "options")


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    type: str
    required: bool
    help: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldIssue:
    index: int  # position in the list, to find the item's line
    message: str
    fix: str


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def read_fields(items: object) -> tuple[list[FieldSpec], list[FieldIssue]]:
    """The fields that are well-formed, and an issue for everything that is not."""
    if not isinstance(items, list) or not items:
        return [], [FieldIssue(-1, "`fields` must be a list with at least one field",
                               "write `fields:` and under it items like `- {id: full_name, label: ..., "
                               "type: text, required: true, help: ...}`")]
    specs: list[FieldSpec] = []
    issues: list[FieldIssue] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        def bad(message: str, fix: str, index: int = index) -> None:
            issues.append(FieldIssue(index, message, fix))

        if not isinstance(item, dict):
            bad(f"field {index + 1} is not a mapping", "write it as `- id: ...` with label, type, "
                "required and help under it")
            continue
        fid = item.get("id")
        name = f"field `{fid}`" if isinstance(fid, str) else f"field {index + 1}"
        unknown = sorted(set(map(str, item)) - set(KEYS))
        if unknown:
            bad(f"{name} has unknown keys: {', '.join(unknown)}", "allowed keys: " + ", ".join(KEYS))
        if not isinstance(fid, str) or not ID.match(fid) or fid in RESERVED:
            bad(f"{name}: `id` must be lower-case Latin letters, digits and `_`, starting with a letter",
                "write an id like `full_name` (the same in every language; not true, false, none, "
                "and, or, not, in, is, if, else, loop, self)")
            continue
        if fid in seen:
            bad(f"field `{fid}` is declared twice", "give each field its own id")
            continue
        seen.add(fid)
        ok = True
        for key in ("label", "help"):
            if not _text(item.get(key)):
                bad(f"{name}: `{key}` must be non-empty text",
                    f"add `{key}:` in this file's language"
                    + (" (a short explanation in plain words of what to write)" if key == "help" else ""))
                ok = False
        ftype = item.get("type")
        if ftype not in TYPES:
            bad(f"{name}: `type` is `{ftype}`", "use one of: " + ", ".join(TYPES))
            ok = False
        required = item.get("required")
        if not isinstance(required, bool):
            bad(f"{name}: `required` must be true or false", "write `required: true` or `required: false`")
            ok = False
        options = item.get("options")
        if ftype == "select":
            if not isinstance(options, list) or not options or not all(_text(o) for o in options):
                bad(f"{name}: a `select` field needs `options`, a list of choices",
                    "write `options: [\"first choice\", \"second choice\"]`")
                ok = False
        elif options is not None:
            bad(f"{name}: only `select` fields have `options`", "remove `options`, or use `type: select`")
            ok = False
        if ok and isinstance(ftype, str) and isinstance(required, bool):  # ok says both are
            specs.append(FieldSpec(fid, item["label"].strip(), ftype, required, item["help"].strip(),
                                   tuple(o.strip() for o in options or ())))
    return specs, issues


def differences(original: list[FieldSpec], translation: list[FieldSpec]) -> list[str]:
    """How a translation's fields differ from the original's, in words (empty when they match)."""
    mine = {f.id: f for f in translation}
    theirs = {f.id: f for f in original}
    words = []
    missing = [i for i in theirs if i not in mine]
    extra = [i for i in mine if i not in theirs]
    if missing:
        words.append("missing ids: " + ", ".join(missing))
    if extra:
        words.append("ids the original does not have: " + ", ".join(extra))
    for fid, spec in mine.items():
        other = theirs.get(fid)
        if other is None:
            continue
        if spec.type != other.type:
            words.append(f"`{fid}` is {spec.type} here but {other.type} in the original")
        if spec.required != other.required:
            words.append(f"`{fid}` is required: {str(spec.required).lower()} here but "
                         f"{str(other.required).lower()} in the original")
        if len(spec.options) != len(other.options):
            words.append(f"`{fid}` has {len(spec.options)} options here but {len(other.options)} "
                         "in the original")
    return words
