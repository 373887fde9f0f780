"""Markdown to safe HTML: Python-Markdown for the conversion, nh3 to sanitise its output."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markupsafe import Markup

from .link_brackets import use_fast_brackets
from .markdown_scans import use_fast_scans
from .mathtex import (
    MATHML_ATTRIBUTES,
    MATHML_TAGS,
    MathWarning,
    convert_markdown_with_math,
    remember_plain_text,
)

# Raw HTML in Markdown passes through Python-Markdown untouched; the sanitiser is what keeps
# <script>, event handlers and javascript: links out of the pages.
# Obsolete tags (center, tt...) would make pages invalid HTML5; images need alt text we cannot
# check.
# MathML comes from mathtex, which already keeps only these tags and attributes.
_TAGS = (nh3.ALLOWED_TAGS - {"img", "center", "strike", "tt", "acronym", "area", "map"}
         | MATHML_TAGS)
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"},
               **MATHML_ATTRIBUTES}
_SCHEMES = {"http", "https", "mailto"}
# A line that may start a list item, also inside a quote. Only there does sane_lists read a
# text differently from Python-Markdown's defaults, which plain_text follows; elsewhere the
# page's conversion also gives the plain text. Looked for after a line end (the text is
# searched with one put before it): re skips ahead to those, and would try `^` everywhere.
_LIST_ITEM = re.compile(r"[\n\r][ \t>]*(?:\d+\.|[*+-])(?:[ \t]|$)", re.MULTILINE)


class MarkdownRenderer:
    """One configured Markdown instance, reset between documents (building one is slow)."""

    def __init__(self) -> None:
        # The extension itself, not its name: a name makes Markdown scan the metadata of
        # every installed package for extensions, which costs more than a small build.
        self._md = use_fast_scans(use_fast_brackets(
            markdown.Markdown(extensions=[SaneListExtension()], output_format="html")))

    def render(self, source: str) -> Markup:
        """Convert Markdown to sanitised HTML, safe to put in a page as it is."""
        return self.render_math(source)[0]

    def render_math(self, source: str) -> tuple[Markup, list[MathWarning]]:
        """Markdown with TeX math as MathML; formulas that fail come with a warning each."""
        if not source.strip():
            return Markup(""), []
        html, plain, warnings = convert_markdown_with_math(
            source, lambda s: self._md.reset().convert(s), plain=not may_hold_lists(source))
        if plain is not None:
            remember_plain_text(source, plain)
        return Markup(sanitise(html)), warnings


def may_hold_lists(source: str) -> bool:
    """Whether a line of source (the first too) may start a list item."""
    return _LIST_ITEM.search("\n" + source) is not None


def _cleaner() -> Callable[[str], str]:
    """nh3 configured once: nh3.clean takes in its lists again on every call, which costs
    several times the cleaning of a title; nh3.Cleaner, where there, takes them once."""
    options: dict[str, Any] = {"tags": _TAGS, "attributes": _ATTRIBUTES,
                               "url_schemes": _SCHEMES, "link_rel": "noopener"}
    if hasattr(nh3, "Cleaner"):
        return nh3.Cleaner(**options).clean  # type: ignore[no-any-return]
    return functools.partial(nh3.clean, **options)


_clean = _cleaner()


def sanitise(html: str) -> str:
    """Keep only harmless tags, attributes and link schemes."""
    return _clean(html)
