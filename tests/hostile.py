"""A copy of the project whose every text field holds hostile markup (issue 19, point 5).

Every editor's text (titles, summaries, objectives, quiz, template fields, topics,
organizations, UI strings, vocabulary labels, dataset texts, the finder's labels) keeps its words and gains
`HOSTILE`: elements, attributes, a refresh, a link, template braces, Markdown syntax and a
literal `&amp;`. A site built from it must show every one of those characters as text.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# What an attacker (or a careless paste) may put in any field. Each piece is a different way
# out of text: an element, an event attribute, a redirect, breaking out of an attribute, a
# link, template syntax, Markdown syntax, an entity that must stay literally "&amp;".
# UI strings are Python format strings (`{count}`): braces there are the format's own, so they
# get HOSTILE_UI, which every other field holds too, after template braces.
HOSTILE_UI = ('<script>alert(1)</script> <img src=x onerror=alert(2)> '
              '<meta http-equiv="refresh" content="0;url=https://evil.invalid/"> '
              '"><a href="https://evil.invalid/">x</a> \'> '
              "&amp; R&D < 18 *a* _b_ `c` [d](https://evil.invalid/) | #e")
HOSTILE = "{{ x }} {% y %} " + HOSTILE_UI
# Letters are plain text with `{{ field }}` slots: any other braces stop the build.
HOSTILE_LETTER = HOSTILE_UI
# In every text the payload reaches, this part is there; where it is, all of HOSTILE_UI must be.
SENTINEL = "R&D < 18"

# Fields holding words, per kind of front matter; everything else is a code, date or number.
FRONT_TEXT = ("title", "summary", "addressee", "objectives")
QUIZ_TEXT = ("question", "options", "explanation")
FIELD_TEXT = ("label", "help", "options")


def spoil(text: str, payload: str = HOSTILE) -> str:
    return f"{text} {payload}"


def _spoil_list(values: list, payload: str = HOSTILE) -> list:
    return [spoil(str(v), payload) for v in values]


def _spoil_front(meta: dict) -> dict:
    for key in FRONT_TEXT:
        if isinstance(meta.get(key), str):
            meta[key] = spoil(meta[key])
        elif isinstance(meta.get(key), list):
            meta[key] = _spoil_list(meta[key])
    for item in meta.get("quiz") or []:
        for key in QUIZ_TEXT:
            item[key] = _spoil_list(item[key]) if isinstance(item[key], list) else spoil(item[key])
    for item in meta.get("fields") or []:
        for key in FIELD_TEXT:
            if key in item:
                item[key] = _spoil_list(item[key]) if isinstance(item[key], list) else spoil(item[key])
    return meta


def _spoil_letter(body: str) -> str:
    marker = "<!-- letter -->"
    if marker not in body:
        return body
    explanation, letter = body.split(marker, 1)
    return f"{explanation}{marker}{letter.rstrip()} {HOSTILE_LETTER}\n"  # in its last line


def spoil_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = _spoil_front(yaml.safe_load(fm))
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{dumped}---\n{_spoil_letter(body)}", encoding="utf-8")


def _labels(mapping: dict, payload: str = HOSTILE) -> dict:
    # A UI string with plural forms is a mapping of CLDR category to text: spoil each form.
    return {lang: {form: spoil(t, payload) for form, t in text.items()} if isinstance(text, dict)
            else spoil(text, payload) for lang, text in mapping.items()}


def _rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(data), allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")


def _organizations(orgs: list) -> list:
    for org in orgs:
        org["name"], org["city"] = _labels(org["name"]), _labels(org["city"])
        for kind, value in (org.get("contacts") or {}).items():
            org["contacts"][kind] = _labels(value) if isinstance(value, dict) else spoil(str(value))
    return orgs


def _vocabulary(data: dict) -> dict:
    for dim in data["dimensions"].values():
        dim["label"] = _labels(dim["label"])
        dim["categories"] = {code: _labels(labels) for code, labels in dim["categories"].items()}
    return data


def _dataset(data: dict) -> dict:
    for key in ("title", "definition", "source", "illustrative"):
        if isinstance(data.get(key), dict):
            data[key] = _labels(data[key])
    return data


def _finder(data: dict) -> dict:
    regions = data["regions"]
    regions["question"], regions["elsewhere"] = _labels(regions["question"]), _labels(regions["elsewhere"])
    for question in data["questions"]:
        question["text"] = _labels(question["text"])
        if "hint" in question:
            question["hint"] = _labels(question["hint"])
        for answer in question["answers"]:
            answer["label"] = _labels(answer["label"])
    for result in data["results"]:
        result["title"], result["summary"] = _labels(result["title"]), _labels(result["summary"])
        result["urgent"] = {lang: _spoil_list(steps) for lang, steps in result["urgent"].items()}
    return data


def spoil_project(root: Path) -> None:
    """Turn the project copy at `root` into its hostile twin, in place."""
    for path in sorted((root / "content").glob("*/*.md")):
        spoil_document(path)
    for path in [root / "content" / "ui.yml", *sorted((root / "content" / "ui").glob("*.yml"))]:
        _rewrite(path, lambda data: {key: _labels(v, HOSTILE_UI) for key, v in data.items()})
    _rewrite(root / "content" / "topics.yml", lambda data: {k: _labels(v) for k, v in data.items()})
    _rewrite(root / "content" / "organizations.yml", _organizations)
    if (root / "content" / "finder.yml").is_file():
        _rewrite(root / "content" / "finder.yml", _finder)
    _rewrite(root / "aggregates" / "vocabulary.yml", _vocabulary)
    for path in sorted((root / "aggregates").glob("*.yml")):
        if path.stem not in ("vocabulary", "publishing"):
            _rewrite(path, _dataset)
