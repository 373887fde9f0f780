"""BibTeX entries for papers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..model import Paper


def bibtex_entries(papers: Sequence[Paper]) -> dict[str, str]:
    """A BibTeX entry for each paper, by slug."""
    return {paper.slug: bibtex_entry(paper, _key(paper)) for paper in papers}


def _key(paper: Paper) -> str:
    """family name + year + first title word, ASCII lowercase."""
    family = paper.authors[0].split()[-1]
    word = next((w for w in re.findall(r"[A-Za-z]+", paper.title) if len(w) > 3), "paper")
    raw = f"{family}{paper.date.year}{word}"
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", raw).lower())


def bibtex_entry(paper: Paper, key: str) -> str:
    """One @misc entry."""
    fields = [("title", f"{{{paper.title}}}"), ("author", " and ".join(paper.authors)
              + (" and others" if paper.more_authors else "")), ("year", str(paper.date.year))]
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
