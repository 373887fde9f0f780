"""Files a published site carries beside its pages: sitemap, robots, Atom feed, .nojekyll, CNAME."""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
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
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for path in sorted(set(page_paths) - _UNLISTED):
        url = ET.SubElement(urlset, "url")
        _text(url, "loc", page_url(base_url, path))
        if path in lastmods:
            _text(url, "lastmod", lastmods[path].isoformat())
    return _serialise(urlset)


def robots(base_url: str) -> bytes:
    """robots.txt allowing every crawler and pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP_FILE}\n".encode()


def feed(site: Site, entries: Mapping[str, str] | None = None) -> bytes:
    """An Atom feed of the published papers, newest first.

    The feed is joined from each paper's entry text (taken from entries when given), so a
    large site's feed costs a join, not a new XML tree.
    """
    base_url = _require_base_url(site)
    papers = sorted(_published(site), key=lambda p: p.date, reverse=True)  # stable sort
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.config.language})
    _text(root, "id", base_url)
    _text(root, "title", site.config.title)
    _text(root, "updated", _timestamp(papers[0].date if papers else EPOCH))
    author = ET.SubElement(root, "author")
    _text(author, "name", site.profile.name)
    _text(author, "uri", base_url)
    _link(root, "self", base_url + FEED_FILE, "application/atom+xml")
    _link(root, "alternate", base_url, "text/html")
    _text(root, "generator", "scholarsite").set("version", __version__)
    entries = entries or {}
    texts = [entries.get(p.slug) or feed_entry(base_url, p) for p in papers]
    head = _serialise(root).removesuffix(b"</feed>\n")
    return head + "".join(f"  {text}\n" for text in texts).encode("utf-8") + b"</feed>\n"


def feed_entry(base_url: str, paper: Paper) -> str:
    """One paper's Atom entry as XML text, indented to stand inside the feed.

    Title and summary are plain text with TeX kept as typed.
    """
    entry = ET.Element("entry")
    url = paper_url(base_url, paper)
    _text(entry, "id", url)
    _text(entry, "title", _plain_title(paper.title))
    _text(entry, "updated", _timestamp(paper.date))
    _text(entry, "published", _timestamp(paper.date))
    _link(entry, "alternate", url, "text/html")
    for name in paper.authors:
        _text(ET.SubElement(entry, "author"), "name", name)
    for tag in paper.tags:
        ET.SubElement(entry, "category", term=_clean(tag))
    _text(entry, "summary", plain_text(paper.abstract)).set("type", "text")
    ET.indent(entry, level=1)
    return ET.tostring(entry, encoding="unicode")


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


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """Add a child element holding text."""
    child = ET.SubElement(parent, tag)
    child.text = _clean(text)
    return child


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    """Add an Atom link."""
    ET.SubElement(parent, "link", rel=rel, type=media_type, href=href)


def _clean(text: str) -> str:
    """Drop the control characters XML cannot represent (the rest ElementTree escapes)."""
    return _NOT_XML.sub("", text)


def _timestamp(day: dt.date) -> str:
    """An RFC 3339 timestamp at midnight UTC, as Atom requires a time."""
    return f"{day.isoformat()}T00:00:00Z"


def _serialise(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented so a reader can check it by eye."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
