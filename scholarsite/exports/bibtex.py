"""BibTeX entries for papers and the site-wide publications.bib."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..bibliographic import Kind, arxiv_archive, arxiv_base, doi_of, kind_of, landing_url
from ..mathtex import Formula, split_math
from ..model import Paper
from ..write import Text

_ENTRY_TYPES = {Kind.PREPRINT: "misc", Kind.JOURNAL: "article", Kind.CONFERENCE: "inproceedings"}
_VENUE_FIELDS = {Kind.JOURNAL: "journal", Kind.CONFERENCE: "booktitle"}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# Braces and backslashes are spelled as commands: BibTeX counts every brace, escaped or not.
_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL_CHARACTER = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# Words whose capitals must survive a style that lowercases titles: LLMs, CharacterFlywheel, 3D.
_KEEP_CASE = re.compile(r"\b\w*(?:[A-Z]\w*[A-Z]|[0-9][A-Za-z]|[a-z][A-Z])\w*")
# 'and' separates names in BibTeX, so a name holding the word is braced.
_AND = re.compile(r"\band\b", re.IGNORECASE)


def bibtex_join(entries: Sequence[Text]) -> list[Text]:
    """Entries (as UTF-8) as the pieces of one .bib file, in order: a blank line between
    entries, a newline at the end.

    Pieces, not one joined text: a large site's file is written from thousands of entries
    kept as bytes, without copying them into one.
    """
    pieces = [b"\n\n"] * (2 * len(entries))
    pieces[::2] = entries
    if pieces:
        pieces[-1] = b"\n"
    return pieces


def bibtex_entry(paper: Paper, key: str) -> str:
    """One entry: @misc for preprints, @article or @inproceedings when the venue says so."""
    kind = kind_of(paper)
    fields = [
        ("title", title_value(paper.title)),
        ("author", author_value(paper.authors, paper.more_authors)),
        ("year", str(paper.date.year)),
        ("month", _MONTHS[paper.date.month - 1]),
        *_venue(paper, kind),
        *_arxiv(paper),
        *_links(paper),
    ]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {_wrap(name, value)}" for name, value in fields)
    return f"@{_ENTRY_TYPES[kind]}{{{key},\n{body}\n}}"


def _wrap(name: str, value: str) -> str:
    """Values in braces; the month as BibTeX's own macro (jan...dec) so styles can name it."""
    return value if name == "month" else f"{{{value}}}"


def _venue(paper: Paper, kind: Kind) -> list[tuple[str, str]]:
    """journal or booktitle from the venue; a preprint's venue (if any) as a note."""
    if not paper.venue:
        return []
    return [(_VENUE_FIELDS.get(kind, "note"), escape(paper.venue))]


def _arxiv(paper: Paper) -> list[tuple[str, str]]:
    """eprint, archivePrefix and, for old-style ids, primaryClass."""
    if not paper.arxiv:
        return []
    fields = [("eprint", arxiv_base(paper.arxiv)), ("archivePrefix", "arXiv")]
    archive = arxiv_archive(paper.arxiv)
    return fields + ([("primaryClass", archive)] if archive else [])


def _links(paper: Paper) -> list[tuple[str, str]]:
    """doi and url, when there are any."""
    doi, url = doi_of(paper), landing_url(paper)
    return ([("doi", _verbatim(doi))] if doi else []) + ([("url", _verbatim(url))] if url else [])


def _verbatim(value: str) -> str:
    """DOIs and URLs are read verbatim by styles: percent-encode only what BibTeX cannot hold."""
    return value.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def escape(text: str) -> str:
    """Text with LaTeX's special characters spelled so that they print as themselves."""
    return _SPECIAL_CHARACTER.sub(lambda m: _SPECIAL[m.group()], text)


def title_value(title: str) -> str:
    """The title escaped, with its formulas kept as TeX and odd capitals protected."""
    parts: list[str] = []
    for piece in split_math(title, code=False):
        if isinstance(piece, Formula) and _balanced(piece.source):
            parts.append("{" + piece.source + "}")
        else:
            text = piece.source if isinstance(piece, Formula) else piece
            parts.append(_KEEP_CASE.sub(lambda m: "{" + m.group() + "}", escape(text)))
    return "".join(parts)


def _balanced(tex: str) -> bool:
    """True when every brace closes, so the formula cannot end the BibTeX value early."""
    depth = 0
    for character in tex:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def author_value(authors: Sequence[str], more_authors: int) -> str:
    """Names joined with ' and '; 'and others' stands for the authors not named."""
    names = [_name(author) for author in authors]
    return " and ".join(names + (["others"] if more_authors else []))


def _name(author: str) -> str:
    """A name escaped; braced when it holds the word 'and', which would split it."""
    name = escape(" ".join(author.split()))
    return f"{{{name}}}" if _AND.search(name) else name
