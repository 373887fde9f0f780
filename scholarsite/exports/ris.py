"""RIS records (Zotero, EndNote, Mendeley) for papers."""

from __future__ import annotations

from ..bibliographic import Kind, arxiv_base, doi_of, kind_of, landing_url, unnamed_note
from ..mathtex import plain_text
from ..model import Paper
from ..names import split_name

# UNPB (unpublished work) is RIS's type for preprints; CPAPER is a paper in proceedings.
_TYPES = {Kind.PREPRINT: "UNPB", Kind.JOURNAL: "JOUR", Kind.CONFERENCE: "CPAPER"}
_VENUE_TAGS = {Kind.PREPRINT: "PB", Kind.JOURNAL: "T2", Kind.CONFERENCE: "T2"}


def ris_record(paper: Paper, key: str) -> str:
    """One record: 'TY  - ' first, one 'XX  - value' line per field, 'ER  - ' last."""
    kind = kind_of(paper)
    title = plain_text(paper.title, markdown_source=False)
    lines = [("TY", _TYPES[kind]), ("ID", key), ("TI", title)]
    lines += [("AU", _ris_name(author)) for author in paper.authors]
    lines += [("PY", str(paper.date.year)), ("DA", paper.date.strftime("%Y/%m/%d"))]
    if paper.venue:
        lines.append((_VENUE_TAGS[kind], paper.venue))
    lines += _identifiers(paper)
    if paper.abstract.strip():
        lines.append(("AB", plain_text(paper.abstract)))
    lines += [("KW", tag) for tag in paper.tags]
    note = unnamed_note(paper)
    lines += [("N1", note)] if note else []
    body = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)
    return body + "ER  - \n"


def _identifiers(paper: Paper) -> list[tuple[str, str]]:
    """DOI, landing page and the arXiv id as the record's number."""
    lines = []
    doi, url = doi_of(paper), landing_url(paper)
    if doi:
        lines.append(("DO", doi))
    if url:
        lines.append(("UR", url))
    if paper.arxiv:
        lines.append(("M1", f"arXiv:{arxiv_base(paper.arxiv)}"))
    return lines


def _ris_name(author: str) -> str:
    """'Family, Given' as RIS wants names."""
    name = split_name(author)
    parts = [name.family, name.given, name.suffix]
    return ", ".join(part for part in parts if part) or author


def _one_line(value: str) -> str:
    """RIS values end at the line's end: newlines become spaces."""
    return " ".join(value.split())
