"""The faster spellings of Python-Markdown's patterns match what its own do."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import SetextHeaderProcessor
from markdown.inlinepatterns import BACKTICK_RE, LINK_RE

from scholarsite.markdown_scans import FASTER, use_fast_scans
from scholarsite.markup import MarkdownRenderer
from scholarsite.mathtex import _default_markdown

CODE, LINK = r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", r"(?<!\!)\["
SETEXT = r"^.*?\n(?:=+|-+)[ ]*(\n|$)"
# The flags Python-Markdown compiles each with: inline patterns, block processors' own.
FLAGS = {CODE: re.DOTALL | re.UNICODE, LINK: re.DOTALL | re.UNICODE, SETEXT: re.MULTILINE}
# Texts of what the patterns look at: backslashes, backticks, brackets, `!`, heading
# underlines, line ends, around a letter.
SCANNED = st.text(alphabet="\\`[]!=- a\n\r", max_size=30)
# Markdown fragments with code spans, escapes, links, images and setext headings, joined at
# random.
FRAGMENTS = st.lists(st.sampled_from([
    "`code`", "``two `ticks``", "\\`", "\\\\`x`", "\\\\\\`", "`unclosed", "```", "[text](/u)",
    "![alt](i.png)", "[ref][id]", "[id]", "!\\[", "\\[x](y)", "`[no](link)`", " ", "\n",
    "\n\n", "word", "*em*", "<b>", "&amp;", "\n===", "\n---", "\n- item", "\n= ", "--",
]), max_size=20).map("".join)

Found = list[tuple[tuple[int, int], tuple[object, ...]]]  # each match's span and groups


def matches(pattern: str, flags: int, text: str, start: int) -> Found:
    """Every match of pattern in text from start, as finditer finds them."""
    return [(m.span(), m.groups()) for m in re.compile(pattern, flags).finditer(text, start)]


def test_the_patterns_are_python_markdowns() -> None:
    """Only patterns spelled as this test knows them are replaced (and so compared here)."""
    assert set(FASTER) == set(FLAGS)


@pytest.mark.parametrize("original", list(FLAGS))
@settings(max_examples=1500, derandomize=True, database=None)
@given(text=SCANNED, start=st.integers(0, 30))
def test_same_matches_as_python_markdowns_pattern(original: str, text: str, start: int) -> None:
    start, flags = min(start, len(text)), FLAGS[original]
    assert matches(FASTER[original], flags, text, start) == matches(original, flags, text, start)
    fast, slow = (re.compile(p, flags).match(text, start) for p in (FASTER[original], original))
    assert (fast and (fast.span(), fast.groups())) == (slow and (slow.span(), slow.groups()))


def test_what_they_match() -> None:
    code, link = FASTER[CODE], FASTER[LINK]
    flags = FLAGS[CODE]
    assert matches(code, flags, r"a `b` \` \\`c\\\\`", 0) == [
        ((2, 3), (None,)), ((4, 5), (None,)), ((9, 11), ("\\\\",)), ((13, 17), ("\\\\\\\\",))]
    assert matches(code, flags, "\\\\\\`", 0) == []  # an odd number of backslashes escapes it
    assert matches(link, flags, "[a] ![b] \\[c]", 0) == [((0, 1), ()), ((10, 11), ())]
    setext = re.compile(FASTER[SETEXT], FLAGS[SETEXT])
    assert setext.match("Title\n=====\nmore") and setext.match("Title\n--  ")
    assert not setext.match("Title\ntext\n====") and not setext.match("Title ===")


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
    has the patterns they stand for; the class's own pattern is left as it was."""
    md = made()  # type: ignore[operator]
    spelled = {type(p).__name__: p.compiled_re.pattern for p in md.inlinePatterns}
    if BACKTICK_RE == CODE:
        assert spelled["BacktickInlineProcessor"] == FASTER[CODE]
    if LINK_RE == LINK:
        for name in ("LinkInlineProcessor", "ReferenceInlineProcessor",
                     "ShortReferenceInlineProcessor"):
            assert spelled[name] == FASTER[LINK]
    if SetextHeaderProcessor.RE.pattern == SETEXT:
        setext = next(p for p in md.parser.blockprocessors
                      if isinstance(p, SetextHeaderProcessor))
        assert setext.RE.pattern == FASTER[SETEXT]
    assert SetextHeaderProcessor.RE.pattern != FASTER[SETEXT]
