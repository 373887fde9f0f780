"""An abstract's plain text (meta description, JSON-LD, exports) comes from the same Markdown
conversion as its HTML, and says exactly what a conversion of its own would say."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.sane_lists import SaneListExtension

from scholarsite import mathtex
from scholarsite.markup import MarkdownRenderer, may_hold_lists

ABSTRACTS = [
    r"We *study* $\pi_\theta$ with `torch.compile` and [a link](https://example.org/).",
    "Costs \\$5, or $10 & <b>more</b>.\n\nA second paragraph with a_i * b_j and **bold**.",
    "Raw <script>alert(1)</script> and <img src=x alt=y> stay out of the page, not the text.",
    r"Display $$\frac{a}{b}$$ and \(x\) and \[ y \] and an unknown $\foo{x}$.",
    "> A quote with `code $x$` in it\n\nand # not a heading",
]
# Lines that may start list items: sane_lists reads these differently from the defaults.
WITH_LISTS = [
    "* one\n1. two",
    "Intro\n\n1. first $x$\n* second\n\n- third",
    "> - quoted item\n> 2. numbered",
]


def independent(text: str) -> str:
    """The plain text from a conversion of its own, nothing remembered."""
    mathtex._PLAIN.clear()
    return mathtex.plain_text(text)


@pytest.mark.parametrize("text", ABSTRACTS + WITH_LISTS)
def test_plain_text_after_rendering_is_the_same(text: str) -> None:
    expected = independent(text)
    mathtex._PLAIN.clear()
    MarkdownRenderer().render_math(text)
    assert mathtex.plain_text(text) == expected


# Texts of lines that may or may not start list items, joined at random.
LISTISH = st.lists(st.sampled_from(["* a", "1. b", "- c", "+ d", "2) e", "> ", "  ", "\t", "\n",
                                     "\r", "\n\n", "x", "3.", "*em*"]), max_size=12).map("".join)


@settings(max_examples=300, derandomize=True, database=None)
@given(LISTISH)
def test_plain_text_after_rendering_is_the_same_for_any_lines(text: str) -> None:
    expected = independent(text)
    mathtex._PLAIN.clear()
    MarkdownRenderer().render_math(text)
    assert mathtex.plain_text(text) == expected


@settings(max_examples=1000, derandomize=True, database=None)
@given(LISTISH)
def test_list_lines_are_found_on_every_line(text: str) -> None:
    line_start = re.compile(r"(?:^|\r)[ \t>]*(?:\d+\.|[*+-])(?:[ \t]|$)", re.MULTILINE)
    assert may_hold_lists(text) == (line_start.search(text) is not None)


@pytest.mark.parametrize("text", ABSTRACTS)
def test_plain_text_needs_no_second_conversion(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = independent(text)
    mathtex._PLAIN.clear()
    MarkdownRenderer().render_math(text)

    def refuse(source: str) -> str:
        raise AssertionError("converted a second time")

    monkeypatch.setattr(mathtex, "_markdown", refuse)
    assert mathtex.plain_text(text) == expected


@pytest.mark.parametrize("text", WITH_LISTS)
def test_list_lines_get_their_own_conversion(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mathtex._PLAIN.clear()
    MarkdownRenderer().render_math(text)
    converted: list[str] = []
    original = mathtex._markdown
    monkeypatch.setattr(mathtex, "_markdown", lambda s: converted.append(s) or original(s))
    mathtex.plain_text(text)
    assert converted


def test_lists_read_differently_by_sane_lists() -> None:
    """Why list lines are converted twice: the page's list and the default one differ."""
    text = "* one\n1. two"
    html = MarkdownRenderer().render(text)
    assert "<ol>" not in html  # sane_lists: '1. two' stays inside the first item
    assert independent(text) == "one two"  # the defaults make it a second item


# Markdown without '<' (no raw HTML, no autolinks), in pieces that make every kind of tag
# Python-Markdown writes, with characters it escapes in text and in attribute values.
NO_RAW_HTML = st.lists(st.sampled_from([
    "word", " ", "\n", "\n\n", "*em*", "**strong**", "_u_", "`a > b && c`", "    indented code\n",
    '[link](https://example.org/?a=1&b=2 "a > title")', "![alt](x.png)", "# Heading\n",
    "> quoted", "* item", "1. item", "---\n", "&amp;", "&copy;", "&#60;b&#62;", "AT&T", "a > b",
    "\"quoted\"", "'single'", "\\*", "  \n", "ünï", "$x > y$", "\t", "[ref][x]\n\n[x]: /u\n",
]), max_size=15).map("".join)


@settings(max_examples=500, derandomize=True, database=None)
@given(NO_RAW_HTML)
def test_the_text_of_markdowns_own_tags_is_the_parsers(text: str) -> None:
    """Where the source has no '<', the tags are found by a pattern, not by an HTMLParser
    (mathtex._text_of): the same text, with Python-Markdown's defaults and with the lists
    of the pages (sane_lists)."""
    with_lists = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
    for converted in (mathtex._markdown(text), with_lists.convert(text)):
        assert "<" in converted or not text.strip()
        assert (mathtex._text_of(converted, markdown_tags_only=True)
                == mathtex._text_of(converted))
