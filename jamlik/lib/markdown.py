"""The one way to turn author-written Markdown into HTML: render, then sanitise.

Raw HTML in the source is not passed through (``html: False``), and the output is cleaned
by nh3 with a short allow-list, so script, style, event handlers, ``javascript:`` links and
third-party images never reach a page. Stored HTML is never trusted: render at display time.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

# Headings start at h2 (the page's h1 is the lesson title). Images are blocks with alt text.
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    tokens = _md.parse(text or "")
    for token in tokens:  # the page's h1 is its title: "#" and "##" both become h2
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(int(token.tag[1]), 2)}"
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)
