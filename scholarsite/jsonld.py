"""schema.org structured data (JSON-LD): ProfilePage with its Person, ScholarlyArticle."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .bibliographic import Kind, arxiv_base, arxiv_url, doi_of, kind_of
from .jsontext import indented
from .mathtex import plain_text
from .model import Paper, Profile

_CONTEXT = "https://schema.org"
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
# Characters that could end or confuse a <script> element, spelled as JSON escapes.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                "\u2028": "\\u2028", "\u2029": "\\u2029"}

Data = dict[str, Any]


def script_json(data: Mapping[str, Any]) -> str:
    """JSON for inside <script type="application/ld+json">: '</script>' cannot end it early."""
    text = indented(data, 1)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_SAFE[m.group()], text)


def profile_page(profile: Profile, url: str | None) -> Data:
    """The profile page and the researcher it is about."""
    page: Data = {"@context": _CONTEXT, "@type": "ProfilePage", "mainEntity": person(profile, url)}
    return _without_empty({**page, "url": url})


def person(profile: Profile, url: str | None) -> Data:
    """The researcher: name, other spellings, affiliation, links as sameAs, ORCID as identifier."""
    links = [link.url for link in profile.links]
    orcid = orcid_of(links)
    data: Data = {
        "@type": "Person",
        "name": profile.name,
        "alternateName": list(profile.aliases),
        "jobTitle": profile.position,
        "affiliation": {"@type": "Organization", "name": profile.affiliation}
        if profile.affiliation else None,
        "url": url,
        "sameAs": links,
        "identifier": _property("ORCID", orcid) if orcid else None,
    }
    return _without_empty(data)


def orcid_of(urls: Sequence[str]) -> str | None:
    """The ORCID iD of the first orcid.org link, e.g. '0000-0002-1825-0097'."""
    for url in urls:
        parts = urlsplit(url)
        found = _ORCID.search(parts.path)
        if parts.hostname in ("orcid.org", "www.orcid.org") and found:
            return found.group()
    return None


def scholarly_article(
    paper: Paper, url: str | None, owner_places: Collection[int] = (),
    owner_url: str | None = None,
) -> Data:
    """One paper with every named author; the owner's entries (owner_places, positions in
    the author list) point to the profile page."""
    title = plain_text(paper.title, markdown_source=False)
    data: Data = {
        "@context": _CONTEXT,
        "@type": "ScholarlyArticle",
        "name": title,
        "headline": title,
        "author": [_author(name, owner_url if place in owner_places else None)
                   for place, name in enumerate(paper.authors)],
        "datePublished": paper.date.isoformat(),
        "abstract": plain_text(paper.abstract),
        "url": url,
        "identifier": _identifiers(paper),
        "sameAs": [arxiv_url(paper.arxiv)] if paper.arxiv else [],
        "keywords": list(paper.tags),
        **_venue(paper),
    }
    return _without_empty(data)


def _author(name: str, url: str | None) -> Data:
    """A Person for one author name, with the profile's URL when it is the owner."""
    author: Data = {"@type": "Person", "name": " ".join(name.split())}
    if url:
        author["url"] = url
    return author


def _identifiers(paper: Paper) -> list[Data]:
    """arXiv id and DOI as schema.org PropertyValues."""
    found = [("arXiv", arxiv_base(paper.arxiv) if paper.arxiv else None), ("DOI", doi_of(paper))]
    return [_property(kind, value) for kind, value in found if value]


def _property(kind: str, value: str) -> Data:
    """A schema.org PropertyValue naming its scheme."""
    return {"@type": "PropertyValue", "propertyID": kind, "value": value}


def _venue(paper: Paper) -> Data:
    """The journal (isPartOf a Periodical) or conference (publication event)."""
    if not paper.venue:
        return {}
    kind = kind_of(paper)
    if kind is Kind.JOURNAL:
        return {"isPartOf": {"@type": "Periodical", "name": paper.venue}}
    if kind is Kind.CONFERENCE:
        return {"publication": {"@type": "PublicationEvent", "name": paper.venue}}
    return {}


def _without_empty(data: Data) -> Data:
    """Leave out fields without a value: structured data never states an empty fact."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
