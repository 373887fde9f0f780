"""Citation keys: stable, unique and readable, like guan2026characterflywheel."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..mathtex import Formula, split_math
from ..model import Paper
from ..names import fold, split_name

# Words a key skips to reach the first one that says what the paper is about.
_STOP_WORDS = frozenset("""
    a an the on of for in to and or with without towards toward via from at by as into is are
    be do does how what why when where which who can we our your its it this that these those
    beyond through using under over between about
""".split())


def citation_keys(
    papers: Sequence[Paper], bases: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A unique key for each paper, by slug, the same for the same papers in any order.

    bases may hold the papers' base keys (base_key) by slug, as computed by an earlier build.

    Papers whose keys collide are taken oldest first (then by slug): the first keeps the
    plain key and the others get b, c, ... so adding a newer paper never renames an older
    paper's key that readers may already cite.
    """
    keys: dict[str, str] = {}
    taken: set[str] = set()
    bases = bases or {paper.slug: base_key(paper) for paper in papers}
    plain = set(bases.values())
    # Where each base's search for a free key goes on: a candidate refused once stays refused
    # (taken only grows), so thousands of papers sharing a base cost no more than distinct ones.
    tried: dict[str, int] = {}
    for paper in sorted(papers, key=lambda p: (p.date, p.slug)):
        base = bases[paper.slug]
        number = tried.get(base, 0)
        while (key := _candidate(base, number)) in taken or (number and key in plain):
            number += 1
        tried[base] = number + 1
        keys[paper.slug] = key
        taken.add(key)
    return keys


def _candidate(base: str, number: int) -> str:
    """The number-th key for a base: base, then baseb, basec, ..., basez, baseaa, baseab, ..."""
    return base + _letters(number) if number else base


def _letters(number: int) -> str:
    """1 -> 'b', 25 -> 'z', 26 -> 'aa' ...: 'a' would be the plain key itself."""
    number += 1  # count in letters from 'a' = 1, like spreadsheet columns
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def base_key(paper: Paper) -> str:
    """First author's family name, year and first significant title word, in ASCII."""
    family = _family(paper.authors[0] if paper.authors else "")
    return f"{family}{paper.date.year}{_word(paper.title)}"


def _family(author: str) -> str:
    """The last word of the family name: 'Ludwig van Beethoven' -> 'beethoven'."""
    words = re.findall(r"[a-z0-9]+", fold(split_name(author).family))
    return words[-1] if words else "anon"


def _word(title: str) -> str:
    """The first word of the title that is not a stop word, formulas left out."""
    text = " ".join(p for p in split_math(title, code=False) if not isinstance(p, Formula))
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'", ""))
    return next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")
