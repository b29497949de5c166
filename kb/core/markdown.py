"""Render Markdown bodies to sanitized HTML, and to plain text for the index."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML in content is never passed through; linkify is off to avoid a dependency.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str | None) -> Markup:
    """Render Markdown to HTML that cannot run scripts, whatever the input."""
    if not text:
        return Markup("")
    html = _parser().render(text)
    # Headings inside an article start below the page's own h1.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


_MARKUP_CHARS = re.compile(r"[*_`#>\[\]]|\]\([^)]*\)|^\s*[-+]\s+", re.MULTILINE)


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:])")
_PROTECTED = "\x00"


def markdown_to_text(text: str | None) -> str:
    """Reduce Markdown to plain words for indexing and snippets.

    Escaped characters are kept as written ("Migrant\\*innen" -> "Migrant*innen"), the
    markup characters themselves become spaces.
    """
    if not text:
        return ""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1 \2", text)
    escaped: list[str] = []

    def protect(match: re.Match) -> str:
        escaped.append(match.group(1))
        return _PROTECTED

    text = _MARKUP_CHARS.sub(" ", _ESCAPED.sub(protect, text))
    return re.sub(_PROTECTED, lambda _: escaped.pop(0), text)
