"""What a page's <head> tells search engines: Google Scholar (Highwire) tags, OpenGraph,
twitter cards and the meta description; all plain text, TeX kept as source."""

from __future__ import annotations

from collections.abc import Sequence

from .bibliographic import Kind, arxiv_base, doi_of, kind_of
from .mathtex import plain_text
from .model import Paper, Profile

Pair = tuple[str, str]  # (name or property, content) of one <meta> tag

_VENUE_TAGS = {Kind.JOURNAL: "citation_journal_title", Kind.CONFERENCE: "citation_conference_title"}
DESCRIPTION_LENGTH = 160  # what search engines show of a description


def highwire_tags(paper: Paper, page_url: str | None, pdf_file: str | None = None) -> list[Pair]:
    """Google Scholar's citation_* tags for a paper page, in its documented order.

    page_url is the page's absolute URL (None without base_url: then no URL tags). pdf_file
    is the name of a PDF served from the paper's own folder; Scholar ignores PDFs on other
    hosts, so an external `pdf:` link is never given here.
    """
    kind = kind_of(paper)
    pairs: list[Pair] = [("citation_title", plain_text(paper.title, markdown_source=False))]
    pairs += [("citation_author", " ".join(author.split())) for author in paper.authors]
    pairs.append(("citation_publication_date", paper.date.strftime("%Y/%m/%d")))
    if paper.venue and kind in _VENUE_TAGS:
        pairs.append((_VENUE_TAGS[kind], paper.venue))
    pairs.append(("citation_doi", doi_of(paper) or ""))
    pairs.append(("citation_arxiv_id", arxiv_base(paper.arxiv) if paper.arxiv else ""))
    pairs.append(("citation_abstract_html_url", page_url or ""))
    pairs.append(("citation_pdf_url", local_pdf_url(page_url, pdf_file) or ""))
    pairs += [("citation_keywords", tag) for tag in paper.tags]
    return _filled(pairs)


def local_pdf_url(page_url: str | None, pdf_file: str | None) -> str | None:
    """The absolute URL of a PDF that sits next to the page; None for anything else."""
    if not page_url or not pdf_file or any(c in pdf_file for c in "/\\:?#"):
        return None
    return page_url + pdf_file


def _filled(pairs: Sequence[Pair]) -> list[Pair]:
    """Only tags with content: an empty tag tells a crawler something false."""
    return [(name, content.strip()) for name, content in pairs if content and content.strip()]


def paper_description(paper: Paper) -> str:
    """A paper's meta description: the start of its abstract, else title and authors."""
    text = plain_text(paper.abstract)
    if not text:
        text = f"{plain_text(paper.title, markdown_source=False)}, by {', '.join(paper.authors)}"
    return shorten(text)


def profile_description(profile: Profile) -> str:
    """The profile's meta description: who the researcher is, else what the site lists."""
    role = ", ".join(part for part in (profile.position, profile.affiliation) if part)
    text = f"{profile.name}, {role}" if role else profile.name
    return shorten(f"{text}: publications and citations.")


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Text cut at a word boundary to at most limit characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def opengraph_paper(
    paper: Paper, url: str | None, site_name: str, description: str
) -> list[Pair]:
    """og:* and article:* properties of a paper page (rendered with property=)."""
    pairs = _opengraph("article", plain_text(paper.title, markdown_source=False), url,
                       site_name, description)
    pairs.append(("article:published_time", paper.date.isoformat()))
    pairs += [("article:tag", tag) for tag in paper.tags]
    return _filled(pairs)


def opengraph_profile(profile: Profile, url: str | None, site_name: str) -> list[Pair]:
    """og:* and profile:* properties of the profile page (rendered with property=)."""
    pairs = _opengraph("profile", profile.name, url, site_name, profile_description(profile))
    return _filled(pairs)


def _opengraph(
    kind: str, title: str, url: str | None, site_name: str, description: str
) -> list[Pair]:
    """The properties every page has."""
    return [("og:type", kind), ("og:title", title), ("og:description", description),
            ("og:url", url or ""), ("og:site_name", site_name)]


def twitter_card(title: str, description: str) -> list[Pair]:
    """twitter:* tags (rendered with name=): a summary card without an image."""
    return _filled([("twitter:card", "summary"), ("twitter:title", title),
                    ("twitter:description", description)])

