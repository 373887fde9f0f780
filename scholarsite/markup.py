"""Markdown to safe HTML: Python-Markdown for the conversion, nh3 to sanitise its output."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

# Raw HTML in Markdown passes through Python-Markdown untouched; the sanitiser is what keeps
# <script>, event handlers and javascript: links out of the pages.
# Obsolete tags (center, tt...) would make pages invalid HTML5; images need alt text we cannot check.
_TAGS = nh3.ALLOWED_TAGS - {"img", "center", "strike", "tt", "acronym", "area", "map"}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents (building one is slow)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")

    def render(self, source: str) -> Markup:
        """Convert Markdown to sanitised HTML, safe to put in a page as it is."""
        if not source.strip():
            return Markup("")
        html = self._md.reset().convert(source)
        return Markup(sanitise(html))


def sanitise(html: str) -> str:
    """Keep only harmless tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener",
    )
