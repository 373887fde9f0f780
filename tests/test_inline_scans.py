"""The faster spellings of Python-Markdown's inline patterns match what its own do."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import BACKTICK_RE, LINK_RE

from scholarsite.inline_scans import FASTER, use_fast_scans
from scholarsite.markup import MarkdownRenderer
from scholarsite.mathtex import _default_markdown

FLAGS = re.DOTALL | re.UNICODE  # what Python-Markdown compiles its inline patterns with
# Texts of what the patterns look at: backslashes, backticks, brackets, `!`, around a letter.
SCANNED = st.text(alphabet="\\`[]!a \n", max_size=30)
# Markdown fragments with code spans, escapes, links and images, joined at random.
FRAGMENTS = st.lists(st.sampled_from([
    "`code`", "``two `ticks``", "\\`", "\\\\`x`", "\\\\\\`", "`unclosed", "```", "[text](/u)",
    "![alt](i.png)", "[ref][id]", "[id]", "!\\[", "\\[x](y)", "`[no](link)`", " ", "\n",
    "\n\n", "word", "*em*", "<b>", "&amp;",
]), max_size=20).map("".join)


Found = list[tuple[tuple[int, int], tuple[object, ...]]]  # each match's span and groups


def matches(pattern: str, text: str, start: int) -> Found:
    """Every match of pattern in text from start, as Python-Markdown looks for them."""
    return [(m.span(), m.groups()) for m in re.compile(pattern, FLAGS).finditer(text, start)]


@pytest.mark.parametrize("original", list(FASTER))
@settings(max_examples=1500, derandomize=True, database=None)
@given(text=SCANNED, start=st.integers(0, 30))
def test_same_matches_as_python_markdowns_pattern(original: str, text: str, start: int) -> None:
    start = min(start, len(text))
    assert matches(FASTER[original], text, start) == matches(original, text, start)


def test_what_they_match() -> None:
    code, link = FASTER[r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"], FASTER[r"(?<!\!)\["]
    assert matches(code, r"a `b` \` \\`c\\\\`", 0) == [
        ((2, 3), (None,)), ((4, 5), (None,)), ((9, 11), ("\\\\",)), ((13, 17), ("\\\\\\\\",))]
    assert matches(code, "\\\\\\`", 0) == []  # an odd number of backslashes escapes the tick
    assert matches(link, "[a] ![b] \\[c]", 0) == [((0, 1), ()), ((10, 11), ())]


@settings(max_examples=500, derandomize=True, database=None)
@given(FRAGMENTS)
def test_same_html_as_python_markdown(text: str) -> None:
    source = f"{text}\n\n[id]: https://example.org/ref"
    plain = markdown.Markdown(output_format="html")
    fast = use_fast_scans(markdown.Markdown(output_format="html"))
    assert fast.convert(source) == plain.convert(source)


@pytest.mark.parametrize("made", [lambda: MarkdownRenderer()._md, _default_markdown])
def test_the_renderers_scan_fast(made: object) -> None:
    """Both Markdown instances of the build have the faster spellings, where this Python-Markdown
    has the patterns they stand for."""
    md = made()  # type: ignore[operator]
    spelled = {type(p).__name__: p.compiled_re.pattern for p in md.inlinePatterns}
    if BACKTICK_RE in FASTER:
        assert spelled["BacktickInlineProcessor"] == FASTER[BACKTICK_RE]
    assert LINK_RE in FASTER
    for name in ("LinkInlineProcessor", "ReferenceInlineProcessor",
                 "ShortReferenceInlineProcessor"):
        assert spelled[name] == FASTER[LINK_RE]
