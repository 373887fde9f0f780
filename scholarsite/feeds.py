"""Files a published site carries beside its pages: sitemap, robots, Atom feed, .nojekyll, CNAME."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from scholarsite import __version__
from scholarsite.mathtex import plain_text
from scholarsite.model import Paper, Site

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
SITEMAP_FILE = "sitemap.xml"
# A fixed date for a feed without papers keeps two builds of the same content byte-identical.
EPOCH = dt.date(1970, 1, 1)
# Characters XML 1.0 cannot carry even escaped; they would make the whole document unparsable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Pages that are not content: search engines must not list the error page.
_UNLISTED = {"404.html"}


def extra_files(
    site: Site, page_paths: Iterable[str], entries: Mapping[str, str] | None = None
) -> dict[str, bytes]:
    """Every file beside the pages, by path in output/ (page_paths are paths in output/ too).

    entries holds papers' feed entries made earlier (feed_entry), by slug.
    """
    # Without .nojekyll GitHub Pages runs Jekyll, which hides files and folders starting with "_".
    files = {".nojekyll": b""}
    if site.config.cname:
        files["CNAME"] = f"{site.config.cname}\n".encode("ascii")
    base_url = site.config.base_url
    if base_url is None:
        logger.warning(
            "sitemap.xml, robots.txt and feed.xml need base_url in content/site.yaml; left out"
        )
    else:
        files[SITEMAP_FILE] = sitemap(site, page_paths)
        files["robots.txt"] = robots(base_url)
        files[FEED_FILE] = feed(site, entries)
    # A file of the user's own in content/static/ (their robots.txt, say) wins over ours.
    return {name: data for name, data in files.items() if name not in site.static_files}


def page_url(base_url: str, page_path: str) -> str:
    """A page's absolute URL from its path in output/ ("papers/x/index.html" -> ".../papers/x/")."""
    if page_path == "index.html" or page_path.endswith("/index.html"):
        page_path = page_path[: -len("index.html")]
    return base_url + quote(page_path)


def paper_url(base_url: str, paper: Paper) -> str:
    """The absolute URL of a paper's page."""
    return page_url(base_url, f"papers/{paper.slug}/index.html")


def sitemap(site: Site, page_paths: Iterable[str]) -> bytes:
    """sitemap.xml listing every page with an absolute URL and, where known, its lastmod."""
    base_url = _require_base_url(site)
    lastmods = _lastmods(site)
    urls = []
    for path in sorted(set(page_paths) - _UNLISTED):
        fields = [_leaf("loc", page_url(base_url, path))]
        if path in lastmods:
            fields.append(_leaf("lastmod", lastmods[path].isoformat()))
        urls.append(_parent("url", fields, 1))
    return _document(_parent("urlset", urls, 0, {"xmlns": SITEMAP_NS}))


def robots(base_url: str) -> bytes:
    """robots.txt allowing every crawler and pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP_FILE}\n".encode()


def feed(site: Site, entries: Mapping[str, str] | None = None) -> bytes:
    """An Atom feed of the published papers, newest first.

    The feed is joined from each paper's entry text (taken from entries when given), so a
    large site's feed costs a join.
    """
    base_url = _require_base_url(site)
    papers = sorted(_published(site), key=lambda p: p.date, reverse=True)  # stable sort
    author = [_leaf("name", site.profile.name), _leaf("uri", base_url)]
    head = [
        _leaf("id", base_url),
        _leaf("title", site.config.title),
        _leaf("updated", _timestamp(papers[0].date if papers else EPOCH)),
        _parent("author", author, 1),
        _link("self", base_url + FEED_FILE, "application/atom+xml"),
        _link("alternate", base_url, "text/html"),
        _leaf("generator", "scholarsite", {"version": __version__}),
    ]
    texts = [(entries or {}).get(paper.slug) or feed_entry(base_url, paper) for paper in papers]
    return _document(_parent("feed", head + texts, 0,
                             {"xmlns": ATOM_NS, "xml:lang": site.config.language}))


def feed_entry(base_url: str, paper: Paper) -> str:
    """One paper's Atom entry as XML text, indented to stand inside the feed.

    Title and summary are plain text with TeX kept as typed.
    """
    url = paper_url(base_url, paper)
    fields = [
        _leaf("id", url),
        _leaf("title", _plain_title(paper.title)),
        _leaf("updated", _timestamp(paper.date)),
        _leaf("published", _timestamp(paper.date)),
        _link("alternate", url, "text/html"),
        # Written in one step, not by _parent: a paper may have 100,000 authors.
        *(f"<author>{_AUTHOR_INDENT}{_leaf('name', name)}{_ENTRY_INDENT}</author>"
          for name in paper.authors),
        *(_leaf("category", "", {"term": _clean(tag)}) for tag in paper.tags),
        _leaf("summary", plain_text(paper.abstract), {"type": "text"}),
    ]
    return _parent("entry", fields, 1)


def _plain_title(title: str) -> str:
    """A title as text: formulas keep their TeX source, no Markdown applies."""
    return plain_text(title, markdown_source=False)


def _lastmods(site: Site) -> dict[str, dt.date]:
    """lastmod per output path: a paper's page has its date, the profile its newest paper's."""
    papers = _published(site)
    dates = {f"papers/{p.slug}/index.html": p.date for p in papers}
    if papers:
        dates["index.html"] = max(p.date for p in papers)
    return dates


def _published(site: Site) -> list[Paper]:
    """The papers a reader may see (the model should hold no drafts; a feed must never leak one)."""
    return [p for p in site.papers if not p.draft]


def _require_base_url(site: Site) -> str:
    """The base URL, which absolute URLs cannot do without."""
    if site.config.base_url is None:
        raise ValueError("sitemap and feed need base_url in content/site.yaml")
    return site.config.base_url


def _link(rel: str, href: str, media_type: str) -> str:
    """An Atom link."""
    return _leaf("link", "", {"rel": rel, "type": media_type, "href": href})


def _clean(text: str) -> str:
    """Drop the control characters XML cannot represent (the rest are escaped)."""
    return _NOT_XML.sub("", text)


def _timestamp(day: dt.date) -> str:
    """An RFC 3339 timestamp at midnight UTC, as Atom requires a time."""
    return f"{day.isoformat()}T00:00:00Z"


# The XML is written as text, the very text ElementTree.indent and tostring gave, because
# ElementTree's serialiser is pure Python per element: a second for a paper of 100,000
# authors. Elements either hold text (one line) or other elements (one a line, indented).
_INDENT = "  "
_ENTRY_INDENT = "\n" + _INDENT * 2  # before an entry's fields and after an author's name
_AUTHOR_INDENT = "\n" + _INDENT * 3  # before an author's name


def _leaf(tag: str, text: str, attributes: dict[str, str] | None = None) -> str:
    """An element holding text, which loses the characters XML cannot carry."""
    start = _start(tag, attributes)
    text = _escape_text(_clean(text))
    return f"{start}>{text}</{tag}>" if text else start + " />"


def _parent(tag: str, children: list[str], level: int,
            attributes: dict[str, str] | None = None) -> str:
    """An element holding elements, at indentation level `level` of the document."""
    start = _start(tag, attributes)
    if not children:
        return start + " />"
    inner = "\n" + _INDENT * (level + 1)
    return f"{start}>{inner}{inner.join(children)}\n{_INDENT * level}</{tag}>"


def _start(tag: str, attributes: dict[str, str] | None) -> str:
    """An element's start tag without its closing '>'."""
    return "<" + tag + "".join(f' {name}="{_escape_attribute(value)}"'
                               for name, value in (attributes or {}).items())


def _escape_text(text: str) -> str:
    """Text with &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    """An attribute value with markup, quotes and line breaks escaped."""
    value = _escape_text(value).replace('"', "&quot;")
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _document(root: str) -> bytes:
    """UTF-8 XML with a declaration (characters UTF-8 cannot carry as references)."""
    return f"<?xml version='1.0' encoding='utf-8'?>\n{root}\n".encode("utf-8", "xmlcharrefreplace")
