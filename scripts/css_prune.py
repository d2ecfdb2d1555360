"""Style rules no page can match, left out of the stylesheet (issue 18.4).

Material's stylesheet styles every component Material has (code blocks, tabs, tooltips,
annotations, blog posts, the repository link, a hundred palette colours...); this site uses
a few. A browser matches every rule against every element at each style recalculation, so
on a phone the unused rules cost main-thread time as well as bytes (Lighthouse: "reduce
unused CSS", total blocking time on the template pages).

The selection works as PurgeCSS's does (the npm tool's default "extractor"): the
*vocabulary* is every word (`[A-Za-z0-9_-]+`) of the pages and of the scripts they load,
so a class a script adds at run time (`classList.add("react-quiz__done")`, markup built in
a string) counts as soon as its name is written anywhere. A selector is kept unless it
names a class, id, element or attribute (or an attribute's value) that is no word of the
vocabulary; states are never a reason to drop one (`:hover`, `:focus`, `:checked`,
`:not(...)`, pseudo-elements), nor is the medium (`@media print` rules are kept by the
same test). `:is()`, `:where()`, `:has()` need one of their alternatives. A rule whose
selectors are all dropped goes, and so does an `@media` or `@supports` block left empty;
every other at-rule (`@keyframes`, `@font-face`, `@page`...) is kept whole. A selector the
parser does not know (a vendor pseudo-element) is kept as written, so a list the browser
would reject stays rejected.

Parsing is tinycss2's (CSS Syntax Level 3) and cssselect2's (Selectors Level 4), the
libraries WeasyPrint uses. Limits (hence the test of every built page against the whole
stylesheet in Chromium, tests/test_css_prune.py): a class name a script assembles from
pieces (`"md-" + name`) is not a word of the vocabulary; write such names whole.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import cssselect2.parser as sel
import rcssmin
import tinycss2
import tinycss2.ast

from .write import read_cache_file, write_cache_file

WORD = re.compile(r"[A-Za-z0-9_-]+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A tag: its name, then its attributes' text up to the first ">" outside quotes. Each of its
# characters can be read in one way only (in a quoted value or not), so runs read
# possessively (no backtracking) find the tags one character at a time finds
# (tests/test_css_prune_tags.py), in half the time.
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_CUSTOM = re.compile(r"[{;](--[A-Za-z0-9_-]+)\s*:")
# At-rules whose block holds style rules, pruned like the top level.
_NESTING = {"media", "supports", "layer", "container"}
# A CSS escape (CSS Syntax Level 3, 4.3.7): hex digits and one optional white space, or one
# other character.
_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|(.))", re.S)
# How many pruned stylesheets `pruned` keeps on disk and in memory (the newest).
KEEP_ON_DISK = 8


def words(text: str) -> set[str]:
    """Every word (`[A-Za-z0-9_-]+`, PurgeCSS's default extractor) of `text` (a script)."""
    return set(WORD.findall(text))


def markup_words(html: str) -> set[str]:
    """The words of the tags of `html` (element and attribute names, lower-cased, and
    attribute values), not of its text, comments or inline scripts: what a selector can
    match (PurgeCSS's HTML extractor takes the same)."""
    return tag_words(tags(html))


def tags(html: str) -> set[tuple[str, str]]:
    """The distinct tags of `html` outside comments, as (element name, attributes text).
    Pages of one site repeat most of their tags: `tag_words` of the union of many pages'
    tags is the union of their `markup_words`, each distinct tag read once."""
    return set(_TAG.findall(_COMMENT.sub("", html)))


def tag_words(found_tags: Iterable[tuple[str, str]]) -> set[str]:
    """The words of tags (`tags`): element and attribute names, lower-cased, and the words
    of attribute values."""
    found: set[str] = set()
    for name, attributes in found_tags:
        found.add(name.lower())
        for attribute, *values in _ATTRIBUTE.findall(attributes):
            found.add(attribute.lower())
            for value in values:
                found.update(WORD.findall(value))
    return found


def _known(name: str, vocabulary: set[str], fold: bool = False) -> bool:
    """Whether `name` (a class, id, element or attribute name) may occur: a name with other
    characters than a word's is kept (the vocabulary cannot say)."""
    if not WORD.fullmatch(name):
        return True
    return (name.lower() if fold else name) in vocabulary


def _may_match(node: object, vocabulary: set[str]) -> bool:
    """Whether a parsed selector (a cssselect2 node) may match an element of pages and
    scripts whose words are `vocabulary`."""
    if isinstance(node, sel.Selector | sel.RelativeSelector):
        return _may_match(node.selector if isinstance(node, sel.RelativeSelector) else node.parsed_tree,
                          vocabulary)
    if isinstance(node, sel.CombinedSelector):
        return _may_match(node.left, vocabulary) and _may_match(node.right, vocabulary)
    if isinstance(node, sel.CompoundSelector):
        return all(_may_match(simple, vocabulary) for simple in node.simple_selectors)
    if isinstance(node, sel.ClassSelector):
        return _known(node.class_name, vocabulary)
    if isinstance(node, sel.IDSelector):
        return _known(node.ident, vocabulary)
    if isinstance(node, sel.LocalNameSelector):
        return _known(node.local_name, vocabulary, fold=True)
    if isinstance(node, sel.AttributeSelector):
        if not _known(node.name, vocabulary, fold=True):
            return False
        # [href^="#"], [data-md-color-primary=teal]: every word of the value must occur.
        return node.value is None or all(w in vocabulary or w.lower() in vocabulary
                                         for w in WORD.findall(node.value))
    if isinstance(node, sel.MatchesAnySelector | sel.SpecificityAdjustmentSelector
                  | sel.RelationalSelector):
        return any(_may_match(item, vocabulary) for item in node.selector_list)
    # :not(), :hover, :nth-child(), the universal selector, a namespace: never a reason.
    return True


def _split_selectors(prelude: list) -> list[list]:
    """The selectors of a rule's prelude (a list of tinycss2 tokens), split at top-level
    commas, each a list of tokens."""
    parts: list[list] = [[]]
    for token in prelude:
        if isinstance(token, tinycss2.ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _keep_selector(tokens: list, vocabulary: set[str]) -> bool:
    try:
        parsed = list(sel.parse(tokens))
    except sel.SelectorError:
        return True  # unknown to the parser (a vendor pseudo-element): kept as written
    return all(_may_match(item, vocabulary) for item in parsed)


def _rewrite(rules: Iterable, style_rule: Callable[[tinycss2.ast.QualifiedRule], str | None]) -> list[str]:
    """The rules serialized again, each style rule as `style_rule` writes it (None: left
    out), inside `@media`/`@supports`/... blocks too (a block left empty goes); every other
    at-rule whole; comments, white space and parse errors (which browsers drop too) go."""
    out: list[str] = []
    for rule in rules:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            written = style_rule(rule)
            if written is not None:
                out.append(written)
        elif isinstance(rule, tinycss2.ast.AtRule):
            if rule.lower_at_keyword in _NESTING and rule.content is not None:
                inner = _rewrite(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                          skip_whitespace=True), style_rule)
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            else:
                out.append(rule.serialize())
    return out


def _prune_rules(rules: Iterable, vocabulary: set[str]) -> list[str]:
    """The rules without the selectors no element can match (see `_keep_selector`)."""
    def style_rule(rule: tinycss2.ast.QualifiedRule) -> str | None:
        kept = [part for part in _split_selectors(rule.prelude) if _keep_selector(part, vocabulary)]
        if not kept:
            return None
        prelude = ",".join(tinycss2.serialize(part).strip() for part in kept)
        return f"{prelude}{{{tinycss2.serialize(rule.content)}}}"

    return _rewrite(rules, style_rule)


def _drop_properties(rules: Iterable, unused: set[str]) -> list[str]:
    """The rules serialized again without the declarations of the custom properties `unused`."""
    def style_rule(rule: tinycss2.ast.QualifiedRule) -> str | None:
        kept = [item for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                skip_whitespace=True)
                if not (isinstance(item, tinycss2.ast.Declaration) and item.name in unused)]
        if not kept:
            return None
        body = ";".join(item.serialize().strip() for item in kept)
        return f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}"

    return _rewrite(rules, style_rule)


@functools.lru_cache(maxsize=4)  # the stylesheet and what two rounds of `prune` keep: ~10 MB
def _rules(css: str) -> tuple:
    """The rules of the stylesheet `css` as tinycss2 parses it (no comments, no white space),
    parsed once a process: the languages' builds that share a worker process of kb build
    prune the same stylesheet, and their rounds of `prune` often keep the same rules.
    Parsing is about two thirds of `prune`'s time. Pruning only reads the nodes (tests/
    test_css_prune_cache.py); a pure function of `css`, so a fresh build may use it too."""
    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def prune(css: str, vocabulary: set[str], also_read: str = "") -> str:
    """`css` (a stylesheet) without the style rules that no element of pages and scripts
    whose words (see `words`) are `vocabulary` can match, then without the custom
    properties (`--name: value`) that nothing left reads (no `var(--name)` in the rules
    kept nor in `also_read`, another stylesheet of the page; `--name` no word of the
    vocabulary: a script may read it), minified by rcssmin.
    Raises nothing: what the parsers do not understand is kept or, for what browsers drop
    anyway (a parse error), dropped."""
    kept = "".join(_prune_rules(_rules(css), vocabulary))
    while True:  # a property read only by another unused one goes in the next round
        read = set(_VAR.findall(kept + also_read)) | vocabulary
        unused = set(_CUSTOM.findall(kept)) - read
        if not unused:
            return rcssmin.cssmin(kept)
        kept = "".join(_drop_properties(_rules(kept), unused))


def _unescaped(css: str) -> str:
    """`css` with its escapes decoded (`\\31 0` is `10`), so that an escaped name is a word."""
    def one(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else None
        if code is None:
            return match.group(2)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _ESCAPE.sub(one, css)


_looked_up: dict[str, frozenset[str]] = {}


def looked_up(css: str) -> frozenset[str]:
    """Every word `prune(css, ...)` can look up in its vocabulary: the words of `css`, as
    written and with escapes decoded, and their lower-case forms (element and attribute
    names are matched case-insensitively). Kept per stylesheet for the process."""
    key = hashlib.sha256(css.encode("utf-8")).hexdigest()
    found = _looked_up.get(key)
    if found is None:
        written = set(WORD.findall(css)) | set(WORD.findall(_unescaped(css)))
        found = _looked_up[key] = frozenset(written | {word.lower() for word in written})
    return found


_pruned: dict[str, str] = {}


def pruned(css: str, vocabulary: set[str], also_read: str = "", folder: Path | None = None,
           read: bool = True) -> str:
    """`prune(css, vocabulary, also_read)`, taken from a cache when the same stylesheet was
    pruned for the same words before. Only the words `prune` can look up (`looked_up`)
    make the key, so an edit that adds words no selector names (a page's text in a
    `<meta>` description, a new link) finds the stylesheet pruned before. The cache is this
    process's memory and, when `folder` is given, files in it (`<sha256 of the key>.css`,
    the `KEEP_ON_DISK` newest kept), shared by the builds of every language and by later
    builds. `read=False` prunes again whatever the cache holds (a fresh build) and stores
    the result. Raises OSError only when `folder` cannot be created or written."""
    words = sorted(vocabulary & looked_up(css))
    digest = hashlib.sha256()
    for part in (css, also_read, *words):
        data = part.encode("utf-8")
        digest.update(b"%d:" % len(data) + data)
    key = digest.hexdigest()
    if read and key in _pruned:
        _pruned[key] = _pruned.pop(key)  # the newest used
        return _pruned[key]
    path = folder / f"{key}.css" if folder is not None else None
    result = _stored(path) if read and path is not None else None
    if result is None:
        result = prune(css, vocabulary, also_read)
        if path is not None:
            _store(path, result)
    _pruned[key] = result
    while len(_pruned) > KEEP_ON_DISK:  # a long kb serve: the newest only, as on disk
        del _pruned[next(iter(_pruned))]
    return result


def _stored(path: Path) -> str | None:
    """The text of `path`, marked as the newest used; None when there is none (or another
    language's build, trimming the folder, removed it meanwhile)."""
    data = read_cache_file(path)  # None: none, changed since it was written, or no folder
    try:
        text = data.decode("utf-8") if data is not None else None
        if text is not None:
            os.utime(path)
    except (OSError, UnicodeDecodeError):
        return None
    return text


def _store(path: Path, text: str) -> None:
    """Write `path` atomically (the languages' builds run side by side), then remove all but
    the `KEEP_ON_DISK` newest files of its folder. A folder that cannot be made or written
    keeps nothing (a cache)."""
    if not write_cache_file(path, text.encode("utf-8")):
        return
    kept = sorted(path.parent.glob("*.css"), key=_age, reverse=True)
    for old in kept[KEEP_ON_DISK:]:
        old.unlink(missing_ok=True)


def _age(path: Path) -> int:
    """When `path` was last written or used (ns); 0 when another build removed it meanwhile."""
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
