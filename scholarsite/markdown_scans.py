"""Python-Markdown's patterns, spelled so that re can skip to where they may match.

re finds a pattern fast when it starts with a character, or one of a few: it jumps from one
occurrence of those to the next. Python-Markdown's code-span and link patterns start with a
lookbehind instead ("not after a backslash", "not after a `!`"), so re tried them at every
position of every paragraph: the code-span pattern alone took a fifth of the time of
converting a typical abstract, the three link patterns a seventh. The same patterns with the
lookbehind after the first character match the same spans with the same groups, and take a
few hundredths of that. The setext heading test is the same kind of case: `.*?` (lazy)
steps through a paragraph's first line one character at a time, `[^\\n]*` runs through it.
"""

from __future__ import annotations

import re

import markdown

# Python-Markdown's pattern as it spells it (spelled out, not imported: a release that
# changes a pattern keeps its own) -> the same pattern, starting with a character.
# `(?<!\\\\)` after a backslash: "this and the one before are not both backslashes".
FASTER = {
    # Code spans (inlinepatterns.BACKTICK_RE, since 3.11.4)
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": r"(?:(\\(?<!\\\\)\\(?:\\{2})*)(?=`+)|`(?<!\\`))",
    # Links, references and short references (inlinepatterns.LINK_RE)
    r"(?<!\!)\[": r"\[(?<!\!\[)",
    # A paragraph that is a setext heading (SetextHeaderProcessor.RE): `.` is `[^\n]` here
    r"^.*?\n(?:=+|-+)[ ]*(\n|$)": r"^[^\n]*\n(?:=+|-+)[ ]*(\n|$)",
}
# Where the patterns are: inline patterns compile theirs as compiled_re, block processors as RE.
_ATTRIBUTES = ("compiled_re", "RE")


def use_fast_scans(md: markdown.Markdown) -> markdown.Markdown:
    """Give md's inline patterns and block processors that FASTER knows their faster spelling
    (on the instance: other Markdown instances keep the class's)."""
    for owner in (*md.inlinePatterns, *md.parser.blockprocessors):
        for name in _ATTRIBUTES:
            compiled = getattr(owner, name, None)
            faster = FASTER.get(compiled.pattern) if isinstance(compiled, re.Pattern) else None
            if faster is not None:
                setattr(owner, name, re.compile(faster, compiled.flags))
    return md
