"""The pages' security policy (Content-Security-Policy): its one source of truth.

Every page of the site carries it as a `<meta http-equiv>` (overrides/main.html, from the
template context `safety_csp` the `react-safety` plugin gives it); the neutral exit page has
its own, stricter one. A `<meta>` policy cannot set `frame-ancestors` or `report-uri`: those
need HTTP headers, which a static host may add on top.

Why each directive is spelt out: `base-uri` and `form-action` do NOT fall back to
`default-src` (CSP Level 3, "fetch directives" only do), so without them an injected
`<base href>` would move every relative link and an injected form could post anywhere.
`img-src data:` is for the icons Material's CSS embeds as `data:` URLs. No inline script
runs (Material's inline scripts were moved to files); inline `<script type=
"application/json">` is data and needs no permission. No inline `style` attribute applies
either: Markdown tables align their columns with `align` attributes instead (mkdocs.yml),
charts use SVG presentation attributes.
"""

from __future__ import annotations

# Directive -> sources, in the order they are written.
PAGE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# The neutral page the quick exit leads to: nothing may run or load but the page itself.
EXIT_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'none'",),
}


def serialize(policy: dict[str, tuple[str, ...]]) -> str:
    """The policy as the `content` of its `<meta>`: `directive source ...; ...`."""
    return "; ".join(" ".join((name, *sources)) for name, sources in policy.items())


def page_policy(serving: bool = False) -> str:
    """The policy of every page. `serving`: the local preview of `kb serve`, whose live
    reload is an inline script MkDocs injects; a build for publishing never allows it."""
    policy = dict(PAGE_POLICY)
    if serving:
        policy["script-src"] = (*policy["script-src"], "'unsafe-inline'")
    return serialize(policy)


def exit_policy() -> str:
    """The policy of the neutral exit page."""
    return serialize(EXIT_POLICY)
