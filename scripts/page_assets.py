"""Each page loads only what it uses, under names that never go stale (issue 18, point 1).

The MkDocs plugin `react-assets` (an entry point in pyproject.toml, listed in mkdocs.yml, so
`mkdocs build` by hand does the same as `kb build`, `kb dist` and `kb serve`) rewrites the
`<head>` and scripts of every page and of the 404 page once MkDocs has rendered them:

- **One stylesheet.** The page's stylesheets of this site (Material's built CSS, unchanged
  but for its source-map comment, then mkdocs.yml's `extra_css`, minified with rcssmin) are
  joined, in the page's order, into `assets/stylesheets/react.<hash>.css`: one request, kept
  by browsers across every page.
- **Scripts only where they work.** A feature's script listed under the plugin's
  `only_where` (script path -> a text its page's HTML holds, such as `data-kb-quiz`) is
  left out of every page without that text. The other scripts of `extra_javascript`, which
  every page uses (quick exit, opening the search, offline reading, print title), are
  minified with rjsmin and joined into `assets/javascripts/react.<hash>.js`. Material's helper scripts
  (overrides/partials/javascripts/) and the feature scripts get a hashed name of their own.
- **Scripts loaded on demand.** A script listed under the plugin's `on_demand` (script
  path -> an attribute, such as `data-react-search-script`) has no tag on any page: the
  attribute's value, its address, is renamed to its hashed, minified copy, which a script
  of the page loads when the reader needs it (the search, 6 KB gzip, once the reader opens
  it: search-open.js).
- **Scripts run in parts.** The scripts named under the plugin's `parts` (a joined file ->
  its parts) are joined into that file, which each of their tags loads and runs only its
  own part of (scripts/script_parts.py): Material's moved inline scripts cost one request.
- **Long-lived names.** Every name is `<name>.<first 10 hex digits of the SHA-256 of the
  bytes>.<ext>`: a host may let browsers keep them for a year, and a changed file gets a new
  name. Material's own bundle already carries its hash. The unhashed originals are removed
  from the site. Material's files no page loads (its bundle, search worker, lunr, source
  maps) stay: the outputs are recorded page by page (a partial build knows only its pages'),
  so this plugin cannot tell them from files kept pages load; each offline ZIP holds only
  what its pages reach (scripts/dist_refs.py). The service
  worker keeps its fixed name (`sw.js`): browsers look for updates at that address.
- **No language look-ups.** The `<link rel="alternate" hreflang>` tags of the head go:
  Material's bundle fetched `sitemap.xml` under every language's root for each of them, on
  every page load, to check whether the page exists in that language. The language selector
  holds real links to the page in each language instead (static-i18n writes them; every page
  exists in every language, a translation or a fallback).

Scripts keep working where they are: the joined and hashed files stay in the folder of the
original (relative addresses computed from `document.currentScript` are unchanged), and
everything stays on this site (the security policy, scripts/safety/policy.py, allows
nothing else).
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import rcssmin
import rjsmin
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from . import css_prune, script_parts
from .boundary import static_i18n
from .memo import FileStore

PLUGIN_NAME = "react-assets"
# Pruned stylesheets kept between builds, relative to the folder of mkdocs.yml.
PRUNE_CACHE = Path(".cache") / "css-prune"
# The words of each page's tags, by the digest of its HTML, one file per language (written
# by that language's build only), relative to the folder of mkdocs.yml (`Assets._page_words`).
WORDS_CACHE = Path(".cache") / "css-words"
BUNDLE_STEM = "react"
HASH_DIGITS = 10
# `_page_words`' kind of entry, and the fingerprint of what makes its words.
_PAGE_WORDS = "the words of a page's tags"
_EXTRACTOR = hashlib.sha256(Path(css_prune.__file__).read_bytes()).hexdigest()
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/?>\n?')
_STYLESHEET_BYTES = re.compile(rb'<link rel="stylesheet" href="[^"]+"\s*/?>')
_SCRIPT = re.compile(r'<script src="([^"]+)"([^>]*)></script>\n?')
_ICON = re.compile(r'(<link rel="icon" href=")([^"]+)(")')
_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*"\s*/?>\n?')
_SOURCE_MAP = re.compile(rb"/[*/]# sourceMappingURL=[^\n]*?(\*/)?\s*$")
# A name that already carries a content hash (Material's bundle.a5f9d56c.min.js).
_HASHED = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(js|css)$")


def hashed_name(rel: str, data: bytes) -> str:
    """`rel` (a '/'-separated path) with the content hash of `data` before its extension:
    `assets/javascripts/quiz.js` -> `assets/javascripts/quiz.0123456789.js`."""
    folder, name = posixpath.split(rel)
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_DIGITS]
    return posixpath.join(folder, f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}")


def minify_css(data: bytes, name: str) -> bytes:
    """A stylesheet as it goes into the joined one: an already minified (`.min.css`) file
    unchanged but for its source-map comment, any other minified by rcssmin."""
    if name.endswith(".min.css"):
        return _SOURCE_MAP.sub(b"", data).rstrip() + b"\n"
    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8") + b"\n"


def minify_js(data: bytes, name: str) -> bytes:
    """A script minified by rjsmin (an `.min.js` file only loses its source-map comment)."""
    if name.endswith(".min.js"):
        return _SOURCE_MAP.sub(b"", data).rstrip() + b"\n"
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8") + b"\n"


class AssetsConfig(base.Config):
    # Script path (as in extra_javascript) -> a text the HTML of a page that uses it holds.
    only_where = c.Type(dict, default={})
    # Joined script (path) -> the scripts it runs in parts, each at its own tag's place
    # (scripts/script_parts.py).
    parts = c.Type(dict, default={})
    # Script path (as in extra_javascript) -> the attribute of a page's element whose value
    # is its address: no page loads it with a tag; a script of the page loads it from there
    # when the reader needs it (the search: search-open.js).
    on_demand = c.Type(dict, default={})


class Assets(BasePlugin[AssetsConfig]):
    """The `react-assets` plugin (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        # Site path -> bytes of every joined or hashed file pages name; written after the build.
        self.outputs: dict[str, bytes] = {}
        # Site paths of the originals the outputs replace (removed from the site).
        self.replaced: set[str] = set()
        # Joined stylesheet (site path) -> its parts: (minified bytes, the theme's: pruned).
        self.sheets: dict[str, list[tuple[bytes, bool]]] = {}
        self._sources: dict[str, bytes | None] = {}
        self._joined: dict[str, str] = {}  # joined script of parts -> its hashed name
        # The pruned stylesheet is taken from `.cache/css-prune/` beside mkdocs.yml when the
        # same stylesheet was pruned for the same words before (css_prune.pruned); a fresh
        # build (`kb build --force`) prunes it again (and stores it).
        self.fresh = False
        # The words of a page's tags the stylesheet names (a bit mask over `_named`) by its
        # digest, kept across the builds of one process (kb serve's workers rebuild a page or
        # two each time) and in `WORDS_CACHE` between builds (`_page_words`).
        self._words: dict[bytes, int] = {}
        self._named: list[str] = []
        # The stylesheet links of each page `_page_words` read (`_relink` reads only those to change).
        self._links: dict[Path, list[bytes]] = {}
        # {(page, inode, size, modification time in ns): (BLAKE2b of its bytes without its
        # stylesheet links, those links)} of the pages `_page_words` saw in the last build.
        self._read: dict[tuple[str, int, int, int], tuple[bytes, list[bytes]]] = {}
        # What every page of a build names alike, joined, minified and hashed once a build
        # (`on_pre_build`): joined stylesheet or script (its parts' site paths) -> its site
        # path; (site path, minified) -> its hashed copy's site path, None: kept as it is.
        self._joined_sheets: dict[tuple[str, ...], str] = {}
        self._joined_scripts: dict[tuple[str, ...], str] = {}
        self._hashed: dict[tuple[str, bool], str | None] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.outputs, self.replaced, self.sheets, self._sources = {}, set(), {}, {}
        self._joined = {}
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Also before kb serve's partial builds (boundary.mkdocs.rebuild_files), which run no
        # `on_config`: the joined stylesheet the last build pruned must be recorded again.
        self._joined_sheets, self._joined_scripts, self._hashed = {}, {}, {}

    # -- where files come from -------------------------------------------------------------
    def _source(self, rel: str, config: MkDocsConfig) -> bytes | None:
        """The bytes of the site file `rel` as MkDocs copies it: from the theme's folders
        (overrides/ first, then Material's), else from docs/; None if it is none of these."""
        if rel not in self._sources:
            found = None
            for folder in [*config.theme.dirs, config.docs_dir]:
                path = Path(folder) / rel
                if path.is_file():
                    found = path.read_bytes()
                    break
            self._sources[rel] = found
        return self._sources[rel]

    @staticmethod
    def _site_path(href: str, page_dir: str, config: MkDocsConfig) -> str | None:
        """The site path an asset address of a page in `page_dir` names, or None when it is
        not a file of this site (another host, a data: address)."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            site = urlsplit(config.site_url or "")
            if parts.scheme not in ("http", "https") or parts.netloc != site.netloc:
                return None
        path = parts.path
        if path.startswith("/"):
            root = urlsplit(config.site_url or "").path or "/"
            root = root if root.endswith("/") else root + "/"
            if not path.startswith(root):
                return None
            return path[len(root):]
        return posixpath.normpath(posixpath.join(page_dir, path))

    def _output(self, rel: str, data: bytes, original: list[str]) -> str:
        """Record a file to write (`rel`, `data`) that replaces `original`; its href name."""
        self.outputs[rel] = data
        self.replaced.update(original)
        return rel

    # -- the page --------------------------------------------------------------------------
    def rewrite(self, html: str, page_dir: str, config: MkDocsConfig) -> str:
        """`html` of a page whose folder in the site is `page_dir` ('' for the root),
        with its assets joined, left out or renamed as the module's docstring says."""
        html = _ALTERNATE.sub("", html)
        html = self._stylesheets(html, page_dir, config)
        html = self._scripts(html, page_dir, config)
        html = self._on_demand(html, page_dir, config)
        return _ICON.sub(lambda m: m.group(1) + self._renamed(m.group(2), page_dir, config) + m.group(3),
                         html)

    def _renamed(self, href: str, page_dir: str, config: MkDocsConfig, minify: bool = False) -> str:
        """`href` of a file of this site, renamed to its hashed copy (minified if asked)."""
        rel = self._site_path(href, page_dir, config)
        new = self._hashed_copy(rel, minify, config) if rel else None
        if rel is None or new is None:
            return href
        return href[: len(href) - len(posixpath.basename(rel))] + posixpath.basename(new)

    def _hashed_copy(self, rel: str, minify: bool, config: MkDocsConfig) -> str | None:
        """The site path of the hashed copy of the site file `rel` (minified if asked),
        recorded to be written; None when `rel` is no file of this site or already carries
        a hash."""
        if (rel, minify) not in self._hashed:
            data = self._source(rel, config)
            new = None
            if data is not None and not _HASHED.search(rel):
                if minify:
                    data = minify_js(data, rel)
                new = self._output(hashed_name(rel, data), data, [rel])
            self._hashed[rel, minify] = new
        return self._hashed[rel, minify]

    def _stylesheets(self, html: str, page_dir: str, config: MkDocsConfig) -> str:
        found = []
        for match in _STYLESHEET.finditer(html):
            rel = self._site_path(match.group(1), page_dir, config)
            if rel and self._source(rel, config) is not None:
                found.append((match, rel))
        if not found:
            return html
        folder = posixpath.dirname(found[0][1])
        # Only sheets of one folder are joined, so their relative url()s keep their meaning.
        joined = [item for item in found if posixpath.dirname(item[1]) == folder]
        rel = self._joined_sheet(tuple(item[1] for item in joined), config)
        first = joined[0][0]
        href = first.group(1)
        href = href[: len(href) - len(posixpath.basename(joined[0][1]))] + posixpath.basename(rel)
        drop = {item[0].start() for item in joined}
        out, last = [], 0
        for match in _STYLESHEET.finditer(html):
            if match.start() not in drop:
                continue
            out.append(html[last:match.start()])
            if match.start() == first.start():
                out.append(f'<link rel="stylesheet" href="{href}">\n')
            last = match.end()
        out.append(html[last:])
        return "".join(out)

    def _joined_sheet(self, parts: tuple[str, ...], config: MkDocsConfig) -> str:
        """The site path of the stylesheet that joins the site files `parts` (of one folder,
        in the page's order), recorded to be written with its parts (`self.sheets`)."""
        if parts not in self._joined_sheets:
            minified = [minify_css(self._source(part, config) or b"", part) for part in parts]
            data = b"".join(minified)
            rel = self._output(hashed_name(posixpath.join(posixpath.dirname(parts[0]),
                                                          f"{BUNDLE_STEM}.css"), data),
                               data, list(parts))
            own = {str(getattr(item, "path", item)) for item in config.extra_css}
            self.sheets[rel] = [(sheet, part not in own) for sheet, part in zip(minified, parts, strict=True)]
            self._joined_sheets[parts] = rel
        return self._joined_sheets[parts]

    def _joined_script(self, parts: tuple[str, ...], config: MkDocsConfig) -> str:
        """The site path of the script that joins the site files `parts` (in the page's
        order, in the folder of the first), minified, recorded to be written."""
        if parts not in self._joined_scripts:
            data = b";\n".join(minify_js(self._source(part, config) or b"", part) for part in parts)
            self._joined_scripts[parts] = self._output(
                hashed_name(posixpath.join(posixpath.dirname(parts[0]), f"{BUNDLE_STEM}.js"), data),
                data, list(parts))
        return self._joined_scripts[parts]

    def _scripts(self, html: str, page_dir: str, config: MkDocsConfig) -> str:
        only_where: dict[str, str] = self.config.only_where
        extra = {str(getattr(item, "path", item)) for item in config.extra_javascript}
        matches = list(_SCRIPT.finditer(html))
        rels = [self._site_path(match.group(1), page_dir, config) for match in matches]
        common = []
        for match, rel in zip(matches, rels, strict=True):
            if (rel in extra and rel not in only_where and rel not in self.config.on_demand
                    and not match.group(2).strip()
                    and self._source(rel, config) is not None):
                common.append((match, rel))
        joined_href = None
        if common:
            rel = self._joined_script(tuple(item[1] for item in common), config)
            href = common[0][0].group(1)
            joined_href = href[: len(href) - len(posixpath.basename(common[0][1]))] + posixpath.basename(rel)
        common_starts = {match.start() for match, _ in common}
        out, last = [], 0
        for match, rel in zip(matches, rels, strict=True):
            out.append(html[last:match.start()])
            last = match.end()
            href, attributes = match.group(1), match.group(2)
            if match.start() in common_starts:
                if match.start() == common[0][0].start():
                    out.append(f'<script src="{joined_href}"></script>\n')
                continue
            if rel is not None and (part := self._part(rel, config)) is not None:
                out.append(f'<script src="{href[: len(href) - len(posixpath.basename(rel))]}'
                           f'{posixpath.basename(part)}"{attributes} '
                           f'{script_parts.ATTRIBUTE}="{script_parts.part_name(rel)}"></script>\n')
                continue
            if rel is not None and ((rel in only_where and str(only_where[rel]) not in html)
                                    or rel in self.config.on_demand):
                self.replaced.add(rel)
                continue
            out.append(f'<script src="{self._renamed(href, page_dir, config, minify=True)}"'
                       f"{attributes}></script>\n")
        out.append(html[last:])
        return "".join(out)

    def _on_demand(self, html: str, page_dir: str, config: MkDocsConfig) -> str:
        """`html` with the address each `on_demand` attribute holds renamed to the script's
        hashed, minified copy (its tag is left out by `_scripts`)."""
        for attribute in dict(self.config.on_demand).values():
            html = re.sub(rf'(\s{re.escape(str(attribute))}=")([^"]+)(")',
                          lambda m: m[1] + self._renamed(m[2], page_dir, config, minify=True) + m[3],
                          html)
        return html

    def _part(self, rel: str, config: MkDocsConfig) -> str | None:
        """The hashed name of the joined script that runs the script `rel` as a part, None
        when `rel` is no part. Raises ValueError when a part is missing or in another folder."""
        for target, sources in dict(self.config.parts).items():
            if rel not in sources:
                continue
            if target in self._joined:
                return self._joined[target]
            files = []
            for source in sources:
                data = self._source(source, config)
                if data is None or posixpath.dirname(source) != posixpath.dirname(target):
                    raise ValueError(f"react-assets parts: {source} is no file beside {target}")
                files.append((source, minify_js(data, source)))
            data = script_parts.joined(files)
            self._joined[target] = self._output(hashed_name(target, data), data, list(sources))
            return self._joined[target]
        return None

    # -- events ----------------------------------------------------------------------------
    @event_priority(-150)  # after the plugins that add to the page, before react-compact
    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        return self.rewrite(output, posixpath.dirname(page.file.dest_uri), config)

    @event_priority(-150)
    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self.rewrite(output_content, posixpath.dirname(template_name), config)

    # Before react-safety's (0): by hand (scripts/by_hand.py) it keeps the default language's
    # 404 page and moves another language's away, so the pages must name the pruned sheet.
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        pruned = self._prune(site, config)
        for rel in sorted(self.replaced - set(self.outputs)):
            (site / rel).unlink(missing_ok=True)
        for rel, data in sorted(self.outputs.items()):
            target = site / rel
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
        if pruned:
            self._relink(site, config, *pruned)

    # -- the stylesheet without the rules no page uses ----------------------------------------
    def _language_pages(self, site: Path, config: MkDocsConfig) -> tuple[str, list[Path]]:
        """(root of the language being built: '' or 'ru/', its built HTML files): every HTML
        file under the root but other languages' folders, and the build's own `404.html`."""
        lang, default = static_i18n.build_languages(config)
        root = "" if lang == default else f"{lang}/"
        others = {code for code, _ in static_i18n.site_languages(config)} - {lang}
        # os.walk and strings: Path's rglob and sorting were a third of an edit's render
        # in kb serve's worker (0.15 s of 560 pages).
        found = []
        base = os.fspath(site / root)
        for folder, folders, names in os.walk(base):
            if folder == base and not root:
                folders[:] = [name for name in folders if name not in others]
            found += [os.path.join(folder, name) for name in names if name.endswith(".html")]
        pages = [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))]
        if root and (site / "404.html").is_file():
            pages.append(site / "404.html")  # kb build's part of a language (mkdocs_run.py)
        return root, pages

    def _prune(self, site: Path, config: MkDocsConfig) -> tuple[str, str, list[Path]] | None:
        """Replace this build's joined stylesheet (in `self.outputs`) with its pruned copy
        under the language's root (scripts/css_prune.py: the theme's rules that no page of
        the language, built now or before, nor any of its scripts can match are left out;
        the site's own `extra_css` stays whole). Returns (joined name the pages of this
        build hold, pruned name, the language's pages), None when no page was built."""
        if len(self.sheets) != 1:
            return None
        [(joined, parts)] = self.sheets.items()
        root, pages = self._language_pages(site, config)
        theme = b"".join(data for data, prunable in parts if prunable).decode("utf-8")
        vocabulary = self._page_words(pages, css_prune.looked_up(theme), config)
        scripts = {rel for rel in self.outputs if rel.endswith(".js")}
        scripts |= {str(getattr(item, "path", item)) for item in config.extra_javascript}
        for rel in sorted(scripts):
            data = self.outputs.get(rel) or self._source(rel, config) or b""
            vocabulary |= css_prune.words(data.decode("utf-8"))
        own = b"".join(data for data, prunable in parts if not prunable)
        cache = Path(config.config_file_path).parent / PRUNE_CACHE
        data = css_prune.pruned(theme, vocabulary, also_read=own.decode("utf-8"),
                                folder=cache, read=not self.fresh).encode("utf-8")
        data += b"\n" + own
        rel = hashed_name(root + joined.rsplit(".", 2)[0] + ".css", data)
        del self.outputs[joined]
        self.replaced.discard(joined)
        self.outputs[rel] = data
        return joined, rel, pages

    def _page_words(self, pages: list[Path], named: frozenset[str], config: MkDocsConfig) -> set[str]:
        """The words of the tags of `pages` (built HTML files; css_prune.markup_words) that
        the stylesheet names (`named`: css_prune.looked_up; no other word changes what
        `css_prune.prune` keeps). Each page's are taken by the BLAKE2b digest of its bytes
        from this process's memory or, in a process's first build unless `fresh`, from
        `WORDS_CACHE/<language>.json`; read from its tags otherwise (about 0.4 s of a
        language's 560 pages, most of them unchanged in an edit's build). The file is
        `memo.FileStore`'s, under the fingerprint of css_prune.py (what a word of a tag is)
        and of `named`, each page's words kept as a bit mask over `named` sorted (hex).
        A page's digest and words leave out its stylesheet links, whose words are added
        once: a page kept from the previous site names the stylesheet css_share.py chose.
        The first edit after a full build still reads the pages whose PDF sizes the last
        pass filled in (scripts/pdf/sizes.py) after the words were taken."""
        lang, _ = static_i18n.build_languages(config)
        path = Path(config.config_file_path).parent / WORDS_CACHE / f"{lang}.json"
        order = sorted(named)
        if order != self._named:  # another stylesheet: other bits
            self._words, self._named = {}, order
        bit = {word: 1 << at for at, word in enumerate(order)}
        code = hashlib.sha256("\0".join([_EXTRACTOR, *order]).encode("utf-8")).hexdigest()
        # kb serve's later builds have the words in memory.
        store = None if self._words else FileStore(code) if self.fresh else FileStore.read(path, code)
        known: dict[bytes, int] = {}
        mask = 0
        links: set[bytes] = set()
        self._links = {}
        read, self._read = self._read, {}
        for page in pages:
            # A page not replaced since this process last read it (its status: kb serve's
            # worker, where an edit replaces a page or two of 560) is not read again.
            stat = page.stat()
            status = (str(page), stat.st_ino, stat.st_size, stat.st_mtime_ns)
            data: bytes | None = None
            if status in read:
                digest, page_links = read[status]
            else:
                # Without its stylesheet's link, whose address changes when a page is kept
                # from the previous site (css_share.py names the shared copy): its words
                # come apart.
                data = page.read_bytes()
                page_links = _STYLESHEET_BYTES.findall(data)
                data = _STYLESHEET_BYTES.sub(b"", data)
                digest = hashlib.blake2b(data, digest_size=16).digest()
            self._read[status] = (digest, page_links)
            self._links[page] = page_links
            links.update(page_links)
            found = self._words.get(digest, known.get(digest))
            if found is None:
                kept = store.lookup(_PAGE_WORDS, digest.hex()) if store is not None else None
                try:
                    found = int(kept, 16) if isinstance(kept, str) else None
                except ValueError:
                    found = None
                if found is None:
                    found = 0
                    if data is None:
                        data = _STYLESHEET_BYTES.sub(b"", page.read_bytes())
                    for word in css_prune.markup_words(data.decode("utf-8")):
                        found |= bit.get(word, 0)
            if store is not None:
                store.keep(_PAGE_WORDS, digest.hex(), format(found, "x"))
            known[digest] = found
            mask |= found
        self._words = known  # the pages as they are now: no older page's words kept
        if store is not None:
            store.write(path)
        for link in links:
            mask |= sum(bit.get(word, 0) for word in css_prune.markup_words(link.decode("utf-8")))
        return {word for word, flag in bit.items() if mask & flag}

    def _relink(self, site: Path, config: MkDocsConfig, joined: str, pruned: str,
                pages: list[Path]) -> None:
        """Point every page of the language at the pruned stylesheet (the pages of this
        build name the joined one, pages kept from a previous build an older pruned one)
        and remove the language's older stylesheets. A page is replaced, never written
        through (a kept page may be a hard link to the previous site's: mkdocs_run.py)."""
        folder = posixpath.dirname(pruned)
        mine = {joined} | {f"{folder}/{p.name}" for p in (site / folder).glob(f"{BUNDLE_STEM}.*.css")}
        root_path = urlsplit(config.site_url or "").path or "/"
        root_path = root_path if root_path.endswith("/") else root_path + "/"

        def relinked(match: re.Match[str], page_dir: str) -> str:
            href = match.group(1)
            if self._site_path(href, page_dir, config) not in mine:
                return match.group(0)
            new = (root_path + pruned if href.startswith("/")
                   else posixpath.relpath(pruned, page_dir or "."))
            return match.group(0).replace(href, new)

        for page in pages:
            page_dir = page.parent.relative_to(site).as_posix()
            page_dir = "" if page_dir == "." else page_dir
            # A page whose links `_page_words` found are all as they should be is not read
            # again (in an edit's build, all but the pages it rendered).
            tags = self._links.get(page)
            if tags is not None and all(relinked(match, page_dir) == match.group(0)
                                        for tag in tags
                                        for match in _STYLESHEET.finditer(tag.decode("utf-8"))):
                continue
            html = page.read_text(encoding="utf-8")
            changed = _STYLESHEET.sub(functools.partial(relinked, page_dir=page_dir), html)
            if changed != html:
                tmp = page.with_name(page.name + ".tmp")
                tmp.write_text(changed, encoding="utf-8")
                tmp.replace(page)
        for old in mine - {pruned, joined}:
            (site / old).unlink(missing_ok=True)
