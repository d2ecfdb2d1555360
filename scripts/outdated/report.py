"""The changes of outdated translations' originals, for translators: as terminal text
(`kb translations`) and as one self-contained HTML page (`kb translations --report FILE`).

The HTML page holds everything it shows (its style inline, no script, no image, no request
to anything); every text from content goes through `text.html_text`. It is for coordinators,
written where they say, never into docs/ or site/: it is not published.
"""

from __future__ import annotations

from pathlib import Path

from ..text import html_text
from .blocks import FIELD, Block
from .diff import ADDED, CHANGED, REMOVED, Change
from .drift import Drift


def where(change: Change, drift: Drift) -> str:
    """Where a change is, for an editor: `field "summary"`, `under "## Rights"`, or
    `before the first heading`."""
    block = change.block
    if block.kind == FIELD:
        return f'field "{block.field}"'
    blocks = drift.new if change.new is not None else (drift.old or [])
    index = change.heading if change.new is not None else change.old_heading
    heading = _heading(blocks, index)
    if block.kind == "heading":
        return "heading"
    return f'under "{heading.text}"' if heading else "before the first heading"


def _heading(blocks: list[Block], index: int | None) -> Block | None:
    if index is None:
        return None
    found = [b for b in blocks if b.kind == "heading"]
    return found[index] if 0 <= index < len(found) else None


def safety(change: Change) -> str:
    """Why a change is safety-critical, or ""."""
    reasons = []
    if change.in_warning:
        reasons.append("inside a warning or danger note")
    gone, came = change.numbers
    if gone or came:
        reasons.append(f"numbers or dates: {', '.join(gone) or '(none)'} -> {', '.join(came) or '(none)'}")
    return "; ".join(reasons)


def counts(drift: Drift) -> str:
    """`1 changed, 1 added, 1 removed (2 safety-critical)`."""
    changes = drift.changes
    parts = [f"{sum(c.kind == kind for c in changes)} {kind}" for kind in (CHANGED, ADDED, REMOVED)]
    critical = sum(c.critical for c in changes)
    return ", ".join(parts) + (f" ({critical} safety-critical)" if critical else "")


def _no_snapshot(drift: Drift, root: Path) -> str:
    original = drift.original.path.relative_to(root).as_posix()
    if not drift.stamped:
        translation = drift.translation.path.relative_to(root).as_posix()
        return ("never stamped: once it matches the original, "
                f"`kb translations --stamp {translation}`")
    return ("no block list was kept when this translation was stamped (it was stamped before "
            f"`kb translations --stamp` kept one): compare it with the whole original, e.g. "
            f"`git log -p {original}`, then stamp it again")


def terminal(drift: Drift, root: Path) -> list[str]:
    """The lines `kb translations` prints under an outdated translation."""
    original = drift.original.path.relative_to(root).as_posix()
    lines = [f"  original {original}: stamped {drift.stamped or '(never)'}, now {drift.current}"]
    if drift.old is None:
        return [*lines, "  " + _no_snapshot(drift, root)]
    if not drift.changes:
        return [*lines, "  no block changed (only spacing or line breaks)"]
    lines[0] += f": {counts(drift)}"
    for change in drift.changes:
        lines.extend("  " + line for line in change_lines(change, drift, kind_width=8, indent=9))
    return lines


def change_lines(change: Change, drift: Drift, kind_width: int = 0, indent: int = 2) -> list[str]:
    """One change as text lines: its kind, block and place, then (indented by `indent`
    spaces) why it is safety-critical and which words changed, then its unified diff
    (indented by two). `kind_width` pads the kind so that a list of changes lines up."""
    pad = " " * indent
    lines = [f"{change.kind:<{kind_width}} {change.block.kind}, {where(change, drift)}  "
             f"[block {change.id}]"]
    reason = safety(change)
    if reason:
        lines.append(f"{pad}SAFETY-CRITICAL: {reason}")
    if change.kind == CHANGED:
        lines.append(f"{pad}words: {words(change)}")
    lines.extend(f"  {line}" for line in change.unified())
    return lines


def words(change: Change) -> str:
    """The changed words of a changed block: `"не обязательно" -> "необязательно"; ...`."""
    return "; ".join(f'"{old}" -> "{new}"' if old and new else
                     (f'+"{new}"' if new else f'-"{old}"') for old, new in change.words())


_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-top:1px solid #ccc;padding-top:1rem}
.change{border:1px solid #ccc;border-radius:4px;margin:1rem 0;padding:.5rem .75rem}
.critical{border:3px solid #b00020;background:#fff5f5}
.flag{color:#b00020;font-weight:bold}
.meta{color:#444}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.5rem;margin:.25rem 0}
.del{background:#ffd7d7}.add{background:#d4f7d4}.hunk{color:#555}
del{background:#ffd7d7}ins{background:#d4f7d4}
"""


def html_page(drifts: list[Drift], root: Path, title: str = "Outdated translations") -> str:
    """One HTML page with every outdated translation's block changes; every text escaped."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="robots" content="noindex">',
           f"<title>{html_text(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{html_text(title)}</h1>",
           f"<p>{len(drifts)} outdated translation{'s' if len(drifts) != 1 else ''}. "
           "Each change shows the original's block as it was when the translation was stamped "
           "(red, -) and as it is now (green, +). Safety-critical changes have a red frame.</p>"]
    if not drifts:
        out.append("<p>Every translation matches its original.</p>")
    for drift in drifts:
        translation = drift.translation.path.relative_to(root).as_posix()
        original = drift.original.path.relative_to(root).as_posix()
        out.append(f"<h2>{html_text(translation)}</h2>")
        out.append(f'<p class="meta">original {html_text(original)}: stamped '
                   f"{html_text(drift.stamped or '(never)')}, now {html_text(drift.current)}"
                   + (f": {html_text(counts(drift))}" if drift.old is not None else "") + "</p>")
        if drift.old is None:
            out.append(f"<p>{html_text(_no_snapshot(drift, root))}</p>")
            continue
        for change in drift.changes:
            css = "change critical" if change.critical else "change"
            out.append(f'<div class="{css}">')
            out.append(f"<p><strong>{html_text(change.kind)}</strong> "
                       f"{html_text(change.block.kind)}, {html_text(where(change, drift))} "
                       f'<span class="meta">[block {html_text(change.id)}]</span></p>')
            reason = safety(change)
            if reason:
                out.append(f'<p class="flag">Safety-critical: {html_text(reason)}</p>')
            if change.kind == CHANGED:
                out.append(f'<p lang="{html_text(drift.original.lang)}">Words: ' + "; ".join(
                    (f"<del>{html_text(old)}</del>" if old else "")
                    + (" → " if old and new else "")
                    + (f"<ins>{html_text(new)}</ins>" if new else "")
                    for old, new in change.words()) + "</p>")
            lines = []
            for line in change.unified():
                css = {"-": "del", "+": "add", "@": "hunk"}.get(line[:1], "")
                lines.append(f'<span class="{css}">{html_text(line)}</span>' if css
                             else html_text(line))
            out.append(f'<pre lang="{html_text(drift.original.lang)}">' + "\n".join(lines) + "</pre>")
            out.append("</div>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
