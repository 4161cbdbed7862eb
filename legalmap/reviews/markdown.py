"""Comment bodies: Markdown in, safe HTML out.

Two locks, either enough on its own for the common attacks: markdown-it with raw HTML
off (``<script>`` arrives as text) and its link validator (no ``javascript:``), then
nh3 (ammonia) with a small allow-list, which also rewrites every link's ``rel`` and
drops URL schemes other than http, https and mailto.
"""

import nh3
from markdown_it import MarkdownIt

# Images are off: a reviewer's comment should not load a third party's pixel in the
# student's browser. ``![alt](url)`` then reads as "!" and a plain link.
_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow ugc"


def render(body: str) -> str:
    """Safe HTML for a comment body (Markdown, CommonMark flavour)."""
    if not body:
        return ""
    return sanitize(_markdown.render(body))


def sanitize(html: str) -> str:
    """The allow-list alone: what survives even if the Markdown step let HTML through."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
