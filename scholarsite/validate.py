"""Turn raw documents into the typed model, collecting every problem before giving up.

The field tables below are the content format's single definition: the README documents
them and `python build.py fields` prints them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node

from . import fields as f
from .errors import Problem, SiteError
from .load import Document, PaperSource, Sources, paper_file, read_paper
from .model import GivenMetrics, Link, Paper, Profile, Site, SiteConfig


def nested(node: Node) -> Node:
    """A group of fields read by its own table."""
    if not isinstance(node, MappingNode):
        raise f.Invalid("expected fields as 'name: value' lines, indented under it")
    return node


SITE_FIELDS = (
    f.Field("title", f.text, "the site's title (default: the profile's name)"),
    f.Field("base_url", f.absolute_url, "where the site is published, e.g. https://name.github.io/"),
    f.Field("language", f.language, "language of the pages (default: en)"),
    f.Field("authors_shown", f.positive_count, "authors listed before '+N' (default: 5)"),
    f.Field("cname", f.host_name, "custom domain for GitHub Pages, e.g. www.example.org"),
)

METRICS_FIELDS = (
    f.Field("citations", f.count, "total citations (default: sum over the papers)"),
    f.Field("h_index", f.count, "h-index (default: computed from the papers)"),
    f.Field("i10_index", f.count, "papers with 10+ citations (default: computed)"),
    f.Field("papers", f.count, "number of papers (default: the papers listed)"),
    f.Field("source", f.text, "where the numbers come from, e.g. Google Scholar"),
    f.Field("as_of", f.date, "when they were read there, YYYY-MM-DD"),
    f.Field("citations_by_year", f.year_counts, "'YYYY: count' lines for a bar chart"),
)

PROFILE_FIELDS = (
    f.Field("name", f.text, "your name, e.g. name: Ada Lovelace", required=True),
    f.Field("initials", f.text, "letters in the round avatar (default: first letter of name)"),
    f.Field("photo", f.text, "a picture file under content/, e.g. static/me.jpg"),
    f.Field("affiliation", f.text, "institution"),
    f.Field("position", f.text, "role, e.g. PhD student"),
    f.Field("email", f.email, "contact address"),
    f.Field("aliases", f.text_list, "other spellings of your name in author lists"),
    f.Field("links", f.text_mapping, "label: URL lines (Google Scholar, ORCID, GitHub...)"),
    f.Field("bio", f.multiline_text, "a short biography in Markdown"),
    f.Field("metrics", nested, "citations, h_index, papers as shown in the header"),
)

PAPER_FIELDS = (
    f.Field("title", f.text, "the paper's title", required=True),
    f.Field("date", f.date, "publication date, YYYY-MM-DD", required=True),
    f.Field("authors", f.non_empty_list, "authors in order, one '- Name' line each", required=True),
    f.Field("more_authors", f.count, "number of further authors not named"),
    f.Field("arxiv", f.arxiv_id, "arXiv id, e.g. 2603.01973v1"),
    f.Field("citations", f.count, "citation count (default: 0)"),
    f.Field("venue", f.text, "journal or conference"),
    f.Field("doi", f.doi, "DOI, e.g. 10.1145/3368089.3409739"),
    f.Field("url", f.link, "the paper's web page"),
    f.Field("pdf", f.link, "the PDF: a file under content/ (published with the page) or a link"),
    f.Field("code", f.link, "link to the code"),
    f.Field("tags", f.text_list, "keywords, one '- tag' line each"),
    f.Field("draft", f.flag, "true: not published"),
)

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class CheckedPaper:
    """One paper file, read and validated on its own: the paper, or what is wrong with it."""

    slug: str
    path: str  # the file, as messages name it
    paper: Paper | None  # None when the file has problems
    problems: tuple[Problem, ...]


def check_paper(content: Path, root: Path, slug: str) -> CheckedPaper:
    """Read and validate the paper file of this slug (files are independent: any process can
    check any of them)."""
    source, problems = read_paper(content, root, slug)
    paper = _paper(source, content, problems) if source else None
    return CheckedPaper(slug, paper_file(content, root, slug), paper, tuple(problems))


def validate(
    sources: Sources,
    content: Path,
    checked: Sequence[CheckedPaper],
    known: Mapping[str, Paper] | None = None,
) -> Site:
    """Build the Site from raw sources and the checked paper files (check_paper, one for
    each of sources.changed), or raise SiteError with every problem found.

    known holds papers validated by an earlier build, for the files sources skipped.
    """
    problems: list[Problem] = list(sources.problems)
    profile = _profile(sources.profile, content, problems)
    config = _config(sources.site, profile.name if profile else "", problems)
    problems.extend(problem for one in checked for problem in one.problems)
    papers = [one.paper for one in checked if one.paper is not None]
    papers += [known[slug] for slug in sources.skipped] if known else []
    papers = [_own_pdf(paper, sources.pdfs) for paper in papers]
    papers.sort(key=attrgetter("slug"))  # the order _newest_first keeps for equal dates
    problems.extend(_same_names(sources, checked, known or {}))
    problems.extend(_same_arxiv(papers))
    if problems or profile is None or config is None:
        raise SiteError([_printable(problem) for problem in problems])
    published = _newest_first([p for p in papers if not p.draft])
    drafts = _newest_first([p for p in papers if p.draft])
    return Site(config, profile, tuple(published), sources.static_files, tuple(drafts))


def _newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest date first; papers of the same date in the order of their file names (as
    given: a reversed sort is stable, and its key is read in C for each of 10,000 papers)."""
    return sorted(papers, key=attrgetter("date"), reverse=True)


def _config(document: Document | None, name: str, problems: list[Problem]) -> SiteConfig | None:
    """content/site.yaml, every key optional."""
    if document is None:
        return SiteConfig(title=name, base_url=None)
    values = f.read_mapping(document, document.root, SITE_FIELDS, problems)
    values.setdefault("title", name)
    values.setdefault("base_url", None)
    return SiteConfig(**values)


def _profile(document: Document | None, content: Path, problems: list[Problem]) -> Profile | None:
    """content/profile.yaml, with its metrics and links."""
    if document is None:
        return None
    if document.root is None:
        problems.append(Problem(document.path, 1, None, "the file is empty: write at least "
                                "'name: Your Name'"))
        return None
    values = f.read_mapping(document, document.root, PROFILE_FIELDS, problems)
    metrics = f.read_mapping(document, values.pop("metrics", None), METRICS_FIELDS, problems,
                             prefix="metrics.")
    values["metrics"] = GivenMetrics(**metrics)
    values["links"] = tuple(Link(label, url) for label, url in values.get("links", ()))
    if "photo" in values:
        _check_file(document, "photo", values["photo"], content, problems)
    if "name" not in values:
        return None
    values.setdefault("initials", values["name"][0].upper())
    return Profile(**values)


def _check_file(
    document: Document, key: str, name: str, content: Path, problems: list[Problem]
) -> bool:
    """A file named by a field must be inside content/ and exist; False after a problem."""
    target = (content / name).resolve()
    line = _line_of(document, key)
    if not target.is_relative_to(content.resolve()):
        problems.append(Problem(document.path, line, key, f"must be a file inside content/, "
                                f"got '{name}'"))
    elif not target.is_file():
        problems.append(Problem(document.path, line, key, f"file not found: content/{name}"))
    else:
        return True
    return False


def _line_of(document: Document, key: str) -> int | None:
    """The line of a top-level key, for problems found after reading."""
    root = document.root
    if isinstance(root, MappingNode):
        for node, _ in root.value:
            if node.value == key:
                return document.line(node)
    return None


def _paper(source: PaperSource, content: Path, problems: list[Problem]) -> Paper | None:
    """One paper file; None when it has problems (they are added to the list)."""
    document = source.front
    before = len(problems)
    if not _SLUG.fullmatch(source.slug):
        problems.append(Problem(document.path, None, None, _slug_message(source.slug)))
    if document.root is None:
        problems.append(Problem(document.path, 2, None, "the front matter is empty: give at "
                                "least title, date and authors"))
        return None
    values: dict[str, Any] = f.read_mapping(document, document.root, PAPER_FIELDS, problems)
    pdf = values.get("pdf")
    if pdf and not urlsplit(pdf).scheme and _check_file(document, "pdf", pdf, content, problems):
        values["pdf_file"] = values.pop("pdf")  # a file of the site: published with the page
    if len(problems) > before:
        return None
    return Paper(slug=source.slug, source=document.path, abstract=source.body,
                 abstract_line=source.body_line, **values)


def _own_pdf(paper: Paper, pdfs: frozenset[str]) -> Paper:
    """content/papers/<slug>.pdf is the paper's PDF when pdf: names no other.

    Checked on every build, also for papers carried over from the last one: the PDF may
    have been added or removed while the paper's file stayed the same. pdfs holds the slugs
    that have one (from the listing of content/papers/, not one lookup per paper).
    """
    if paper.pdf or (paper.pdf_file and paper.pdf_file != f"papers/{paper.slug}.pdf"):
        return paper
    pdf_file = f"papers/{paper.slug}.pdf" if paper.slug in pdfs else None
    return paper if pdf_file == paper.pdf_file else dataclasses.replace(paper, pdf_file=pdf_file)


def _slug_message(slug: str) -> str:
    """Explain why a file name cannot be part of a web address, with a suggestion."""
    ascii_only = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    suggestion = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-") or "paper"
    return (
        f"the file name '{slug}.md' cannot be part of a web address: use only letters a-z, "
        f"digits, '-', '_' and '.', e.g. '{suggestion}.md'"
    )


def _same_names(
    sources: Sources, checked: Sequence[CheckedPaper], known: Mapping[str, Paper]
) -> list[Problem]:
    """Paper files whose names differ only in case or Unicode form: one web address, two files.

    Such files can stand side by side on Linux but not on macOS or Windows, or in a URL.
    """
    slugs = [one.slug for one in checked] + [slug for slug in sources.skipped if slug in known]
    if len({unicodedata.normalize("NFC", slug).casefold() for slug in slugs}) == len(slugs):
        return []  # no two alike, found in one pass: the files are named only when some are
    shown = {one.slug: one.path for one in checked}
    shown.update({slug: known[slug].source for slug in sources.skipped if slug in known})
    problems = []
    first: dict[str, str] = {}
    for slug in sorted(shown):
        key = unicodedata.normalize("NFC", slug).casefold()
        if key not in first:
            first[key] = slug
            continue
        other = first[key]
        same_form = unicodedata.normalize("NFC", slug) == unicodedata.normalize("NFC", other)
        how = _spelling(slug, other) if same_form else "names differ only in case"
        problems.append(Problem(shown[slug], None, None, f"has the same web address as "
                                f"{shown[other]} ({how}): rename one"))
    return problems


def _spelling(one: str, other: str) -> str:
    """How two names that look the same differ: the Unicode characters where they part."""
    start = len(os.path.commonprefix([one, other]))
    end = len(os.path.commonprefix([one[::-1], other[::-1]]))

    def codes(name: str) -> str:
        return " ".join(f"U+{ord(ch):04X}" for ch in name[start:len(name) - end])

    return (f"the same letters typed as different Unicode characters: {codes(one)} in one, "
            f"{codes(other)} in the other")


_ARXIV_VERSION = re.compile(r"v[0-9]+$")


def _same_arxiv(papers: list[Paper]) -> list[Problem]:
    """Two files for the same arXiv paper (any version)."""
    problems = []
    by_arxiv: dict[str, Paper] = {}
    for paper in papers:
        if paper.arxiv:
            arxiv_key = _ARXIV_VERSION.sub("", paper.arxiv)
            if arxiv_key in by_arxiv:
                other = by_arxiv[arxiv_key]
                problems.append(Problem(paper.source, None, "arxiv", f"{paper.arxiv} is also the "
                                        f"arXiv id of {other.source}: remove one of the two"))
            by_arxiv.setdefault(arxiv_key, paper)
    return problems


def _printable(problem: Problem) -> Problem:
    """A problem with invisible characters of file names and values shown as escapes.

    A terminal would act on an escape sequence in a file name, a newline (or U+2028) would
    break the one-problem-per-line report, and a bidi override would make a line read
    backwards.
    """
    def show(text: str) -> str:
        if text.isprintable():
            return text  # none of those characters: skip the loop, slow for 100,000 problems
        return "".join(_escape(ch) if unicodedata.category(ch) in _INVISIBLE else ch
                       for ch in text)
    return Problem(show(problem.path), problem.line, problem.field and show(problem.field),
                   show(problem.message))


# Control and format characters, and the Unicode line and paragraph separators (U+2028,
# U+2029), which end a line for many readers of the report as a newline does.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escape(ch: str) -> str:
    """A character as Python would write it in a string: \\x1b, \\u200b."""
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
