"""Where a Markdown link's text ends: Python-Markdown's own answer, found in a fraction of the time.

Python-Markdown 3.11.4 finds the closing bracket of every `[` in a paragraph at once, so that
unclosed brackets can no longer make a conversion quadratic. It does so character by
character in Python, one pass over the whole paragraph for every paragraph with a link (half
the time of converting a typical abstract), and again after each link it replaces, as the
paragraph's text is then a new string (a paragraph of 3,000 links took 33 s; 0.1 s before
3.11.4). LinkEnds answers for one `[` at a time from the brackets that follow it, as earlier
versions did; only for a bracket still open after SCAN more does it find every bracket's end
at once, from the brackets alone (bracket_ends), which keeps unclosed brackets linear.
"""

from __future__ import annotations

import re

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKETS = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> list[int | None]:
    """For each index of data (and its end), the index just past the `]` that closes a bracket
    opened before it, or None: LinkInlineProcessor._findBracketEnds, found by runs.

    The positions from just past one bracket to the next bracket (included) all lie at one
    depth, so they share their answer: the start of the first later run at a lower depth.
    """
    ends: list[int | None] = [None] * (len(data) + 1)
    waiting: list[tuple[int, int, int]] = []  # runs (start, stop, depth), depth increasing
    depth = start = 0
    for bracket in _BRACKETS.finditer(data):
        stop = bracket.end()
        _close(ends, waiting, start, stop, depth)
        depth += 1 if bracket.group() == "[" else -1
        start = stop
    _close(ends, waiting, start, len(data) + 1, depth)
    return ends


def _close(ends: list[int | None], waiting: list[tuple[int, int, int]], start: int, stop: int,
           depth: int) -> None:
    """The run start..stop at depth begins: it closes the waiting runs deeper than it."""
    while waiting and waiting[-1][2] > depth:
        first, last, _ = waiting.pop()
        ends[first:last] = [start] * (last - first)
    waiting.append((start, stop, depth))


# Brackets looked at after one `[` before finding every bracket's end at once: a link's text
# holds a few, and a text with a bracket left open this long may have many more.
SCAN = 32


class LinkEnds:
    """bracket_ends(data), each item found when asked for."""

    __slots__ = ("_data", "_all")

    def __init__(self, data: str) -> None:
        self._data = data
        self._all: list[int | None] | None = None

    def __getitem__(self, index: int) -> int | None:
        if self._all is not None:
            return self._all[index]
        depth = 0
        for seen, bracket in enumerate(_BRACKETS.finditer(self._data, index)):
            if seen == SCAN:
                break
            depth += 1 if bracket.group() == "[" else -1
            if depth < 0:
                return bracket.end()
        else:
            return None  # the text ends with the bracket still open
        self._all = bracket_ends(self._data)
        return self._all[index]


def use_fast_brackets(md: markdown.Markdown) -> markdown.Markdown:
    """Give md's link and reference patterns LinkEnds, where Python-Markdown has the scan it
    replaces (earlier versions look only as far as the closing bracket, which is fast)."""
    if hasattr(LinkInlineProcessor, "_findBracketEnds"):
        for pattern in md.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor):
                pattern._findBracketEnds = LinkEnds  # type: ignore[method-assign]
    return md
