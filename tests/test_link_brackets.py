"""The fast bracket matching gives Python-Markdown's own answer, and the renderers use it."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor

from scholarsite import link_brackets
from scholarsite.link_brackets import LinkEnds, bracket_ends, use_fast_brackets
from scholarsite.markup import MarkdownRenderer

SCANS = hasattr(LinkInlineProcessor, "_findBracketEnds")
needs_scan = pytest.mark.skipif(not SCANS, reason="this Python-Markdown has no bracket scan")

# Texts made of what link parsing looks at: brackets, parentheses, quotes, escapes, spaces.
BRACKETY = st.text(alphabet="[]()!\\\"' a", max_size=40)
# Markdown fragments that make links, images and references, joined at random.
FRAGMENTS = st.lists(st.sampled_from([
    "[text](https://example.org)", "[a [nested] one](/x)", "![alt](i.png)", "[unclosed",
    "closed]", "[ref][id]", "[id]", '[t](/u "title")', "[t](/u 'ti)tle')", "(", ")", "\\[",
    "`[code](x)`", " ", "\n", "\n\n", "word", "*em*", "[[double]]", "]([", "<https://a.b>",
]), max_size=25).map("".join)


@needs_scan
@settings(max_examples=2000, derandomize=True, database=None)
@given(BRACKETY)
def test_same_ends_as_python_markdown(text: str) -> None:
    assert bracket_ends(text) == LinkInlineProcessor._findBracketEnds(text)


@needs_scan
@pytest.mark.parametrize("scan", [link_brackets.SCAN, 1])  # 1: every bracket's end at once
@settings(max_examples=1000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the same SCAN each time
@given(text=BRACKETY)
def test_link_ends_asked_one_by_one_are_python_markdowns(
    scan: int, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(link_brackets, "SCAN", scan)
    ends = LinkEnds(text)
    assert [ends[index] for index in range(len(text) + 1)] == (
        LinkInlineProcessor._findBracketEnds(text))


@needs_scan
@settings(max_examples=500, derandomize=True, database=None)
@given(FRAGMENTS)
def test_same_html_as_python_markdown(text: str) -> None:
    source = f"{text}\n\n[id]: https://example.org/ref"
    plain = markdown.Markdown(output_format="html")
    fast = use_fast_brackets(markdown.Markdown(output_format="html"))
    assert fast.convert(source) == plain.convert(source)


def test_ends_of_a_paragraph_with_a_link() -> None:
    text = "See [the [code]](x) and [this"
    ends = bracket_ends(text)
    assert ends[text.index("the")] == text.index("(x)")  # just past the closing bracket
    assert ends[text.index("code")] == text.index("](x)")
    assert ends[text.index("this")] is None  # never closed
    assert len(ends) == len(text) + 1
    one_by_one = LinkEnds(text)
    assert [one_by_one[index] for index in range(len(text) + 1)] == ends


@needs_scan
def test_renderer_does_not_scan_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan(data: str) -> list[int | None]:
        raise AssertionError("Python-Markdown's own bracket scan ran")

    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(scan))
    html = MarkdownRenderer().render("A [link](https://example.org) and ![image](i.png).")
    assert '<a href="https://example.org" rel="noopener">link</a>' in html
