"""CSL-JSON items (the input format of citeproc, Zotero and pandoc) for papers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..bibliographic import Kind, arxiv_base, doi_of, kind_of, landing_url, unnamed_note
from ..jsontext import indented
from ..mathtex import plain_text
from ..model import Paper
from ..names import split_name
from ..write import Text

# CSL's "article" is its type for preprints and working papers.
_TYPES = {Kind.PREPRINT: "article", Kind.JOURNAL: "article-journal",
          Kind.CONFERENCE: "paper-conference"}


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One CSL-JSON item; fields without a value are left out."""
    kind = kind_of(paper)
    item: dict[str, Any] = {
        "id": key,
        "citation-key": key,
        "type": _TYPES[kind],
        "title": plain_text(paper.title, markdown_source=False),
        "author": [_csl_name(author) for author in paper.authors],
        "issued": {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]},
    }
    optional = {
        "container-title": paper.venue if kind is not Kind.PREPRINT else None,
        "publisher": "arXiv" if kind is Kind.PREPRINT and paper.arxiv else None,
        "number": f"arXiv:{arxiv_base(paper.arxiv)}" if paper.arxiv else None,
        "DOI": doi_of(paper),
        "URL": landing_url(paper),
        "abstract": plain_text(paper.abstract) or None,
        "keyword": ", ".join(paper.tags) or None,
        "note": unnamed_note(paper),
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


def _csl_name(author: str) -> dict[str, str]:
    """family/given when the name splits, else the name as a literal."""
    name = split_name(author)
    if not name.given:
        return {"literal": author}
    parts = {"family": name.family, "given": name.given, "suffix": name.suffix}
    return {field: value for field, value in parts.items() if value}


def csl_text(item: Mapping[str, Any]) -> str:
    """One item as it stands inside an indented array, so arrays can be joined from items."""
    return "  " + indented(item, 2, level=1)  # as textwrap.indent(json.dumps(...), "  ")


def csl_array(items: Sequence[Text]) -> list[Text]:
    """Items from csl_text (as UTF-8) as the pieces of a JSON array: publications.json or a
    paper's file, the same text json.dumps(..., indent=2, ensure_ascii=False) writes.

    Pieces, as bibtex_join: the file is written from them without joining them.
    """
    if not items:
        return [b"[]\n"]
    pieces = [b",\n"] * (2 * len(items) + 1)
    pieces[0] = b"[\n"
    pieces[1::2] = items
    pieces[-1] = b"\n]\n"
    return pieces
