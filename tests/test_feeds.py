"""sitemap.xml, robots.txt, feed.xml, .nojekyll and CNAME: what a site carries beside its pages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import REPO, Project
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite import feeds
from scholarsite.model import Paper, Profile, Site, SiteConfig

BASE = "https://example.github.io/repo/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def paper(slug: str, title: str, date: str, draft: bool = False, tags: str = "") -> str:
    """A paper file in the content format."""
    return (
        f"---\ntitle: {title!r}\ndate: {date}\n"
        "authors:\n  - Ada Lovelace\n  - Émilie du Châtelet\n"
        f"draft: {str(draft).lower()}\n{tags}---\n\n"
        f"Abstract of *{slug}* with a [link](https://example.org/).\n"
    )


PAPERS = {
    "papers/engine.md": paper("engine", "Notes on the Analytical Engine", "1843-09-01"),
    "papers/bernoulli.md": paper("bernoulli", "Bernoulli numbers & <tables>", "1843-10-15",
                                 tags="tags:\n  - algebra\n"),
    "papers/same-day.md": paper("same-day", "Same day, filed later", "1843-10-15"),
    "papers/secret.md": paper("secret", "A draft nobody may see", "1844-01-01", draft=True),
}
PUBLISHED = {"engine": "1843-09-01", "bernoulli": "1843-10-15", "same-day": "1843-10-15"}


@pytest.fixture
def published(project: Project) -> Project:
    """A site with base_url under a sub-path, three papers and a draft, built."""
    project.write({
        "site.yaml": f"base_url: {BASE.rstrip('/')}\ncname: www.example.org\n",
        "profile.yaml": "name: Ada Lovelace\n",
        **PAPERS,
    })
    result = project.build()
    assert result.code == 0, result.err
    return project


def parse(project: Project, name: str) -> ET.Element:
    """An output file parsed as XML (a parse error fails the test)."""
    return ET.fromstring((project.output / name).read_bytes())


def test_sitemap_lists_every_page_with_absolute_urls_and_dates(published: Project) -> None:
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in parse(published, "sitemap.xml").iter(f"{SITEMAP}url")
    }
    expected = {f"{BASE}papers/{slug}/": date for slug, date in PUBLISHED.items()}
    expected[BASE] = "1843-10-15"  # the profile changes with its newest paper
    assert urls == expected
    # Every listed page exists in output/ (the sitemap is not a list of guesses).
    for url in urls:
        assert (published.output / url.removeprefix(BASE) / "index.html").is_file()


def test_robots_points_at_the_sitemap(published: Project) -> None:
    robots = (published.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_feed_is_atom_with_every_published_paper_newest_first(published: Project) -> None:
    root = parse(published, "feed.xml")
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == BASE
    assert root.findtext(f"{ATOM}title") == "Ada Lovelace"
    assert root.findtext(f"{ATOM}updated") == "1843-10-15T00:00:00Z"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Ada Lovelace"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{BASE}feed.xml"
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    # Newest first; two papers of one day keep the site's order (the profile page's order).
    listed = [a["href"] for a in published.page().select("a[href^='papers/']")]
    order = dict.fromkeys(BASE + href.removesuffix("index.html") for href in listed)
    same_day = [url for url in order if "engine" not in url]
    assert len(same_day) == 2
    assert ids == [*same_day, f"{BASE}papers/engine/"]


def test_feed_entries_carry_what_atom_requires(published: Project) -> None:
    feed = parse(published, "feed.xml")
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.iter(f"{ATOM}entry")}
    entry = entries[f"{BASE}papers/bernoulli/"]
    # Escaped when written, so read back as typed.
    assert entry.findtext(f"{ATOM}title") == "Bernoulli numbers & <tables>"
    assert entry.findtext(f"{ATOM}updated") == "1843-10-15T00:00:00Z"
    assert entry.findtext(f"{ATOM}published") == "1843-10-15T00:00:00Z"
    link = entry.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == f"{BASE}papers/bernoulli/"
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Ada Lovelace", "Émilie du Châtelet"]
    assert entry.findtext(f"{ATOM}summary") == "Abstract of bernoulli with a link."
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["algebra"]
    for each in entries.values():
        for required in ("id", "title", "updated", "published", "summary"):
            assert len(each.findall(f"{ATOM}{required}")) == 1, required


def test_drafts_are_in_no_published_file(published: Project) -> None:
    for name in ("sitemap.xml", "feed.xml", "robots.txt"):
        text = (published.output / name).read_text(encoding="utf-8")
        assert "secret" not in text and "draft nobody" not in text, name


def test_every_page_links_the_feed_in_its_head(published: Project) -> None:
    pages = ["index.html", "404.html", *(f"papers/{slug}/index.html" for slug in PUBLISHED)]
    for path in pages:
        links = published.page(path).select("head link[rel=alternate][type='application/atom+xml']")
        assert [link["href"] for link in links] == [f"{BASE}feed.xml"], path


def test_publishing_files_nojekyll_and_cname(published: Project) -> None:
    assert (published.output / ".nojekyll").read_bytes() == b""
    assert (published.output / "CNAME").read_text(encoding="ascii") == "www.example.org\n"


def test_without_base_url_the_build_succeeds_and_says_what_is_left_out(project: Project) -> None:
    project.write({"profile.yaml": "name: Ada Lovelace\n", **PAPERS})
    # A real process: what the user reads on the terminal, not what a test's log capture keeps.
    argv = ["build", "--root", str(project.root), "--templates", str(project.templates)]
    code = f"from scholarsite.cli import main; raise SystemExit(main({argv!r}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    said = "sitemap.xml, robots.txt and feed.xml need base_url in content/site.yaml; left out"
    assert said in result.stderr
    for name in ("sitemap.xml", "robots.txt", "feed.xml", "CNAME"):
        assert not (project.output / name).exists(), name
    assert (project.output / ".nojekyll").is_file()
    assert not project.page().select("link[rel=alternate]")


def test_a_static_file_of_the_user_wins_over_the_generated_one(project: Project) -> None:
    project.write({
        "site.yaml": f"base_url: {BASE}\n",
        "profile.yaml": "name: Ada Lovelace\n",
        "static/robots.txt": "User-agent: *\nDisallow: /\n",
        **PAPERS,
    })
    assert project.build().code == 0
    robots = (project.output / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nDisallow: /\n"
    assert (project.output / "sitemap.xml").is_file()


def model_site(title: str, abstract: str = "", papers: int = 1) -> Site:
    """A site built directly in the model, for values validation might not let through."""
    return Site(
        SiteConfig(title=title, base_url=BASE),
        Profile(name="A & B <c>", initials="A"),
        tuple(
            Paper(slug=f"p{n}", source=f"content/papers/p{n}.md", title=title,
                  date=dt.date(2020, 1, 1 + n), authors=("X",), abstract=abstract)
            for n in range(papers)
        ),
    )


@pytest.mark.parametrize(
    "title", ["]]> & <script>alert(1)</script>", "bell\x07 and nul\x00", "\ufffe"]
)
def test_any_text_gives_parsable_xml(title: str) -> None:
    site = model_site(title, abstract=f"*{title}*")
    for data in (feeds.feed(site), feeds.sitemap(site, ["index.html", "papers/p0/index.html"])):
        ET.fromstring(data)  # raises on a broken document
    entry_title = ET.fromstring(feeds.feed(site)).findtext(f"{ATOM}entry/{ATOM}title")
    assert entry_title == "".join(ch for ch in title if ch not in "\x07\x00\ufffe")


def test_a_feed_without_papers_is_still_valid_and_stable() -> None:
    site = model_site("Nobody", papers=0)
    root = ET.fromstring(feeds.feed(site))
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"
    assert root.findall(f"{ATOM}entry") == []
    assert feeds.feed(site) == feeds.feed(site)


def test_page_urls() -> None:
    assert feeds.page_url(BASE, "index.html") == BASE
    assert feeds.page_url(BASE, "papers/x/index.html") == f"{BASE}papers/x/"
    assert feeds.page_url(BASE, "notes.html") == f"{BASE}notes.html"
    assert feeds.page_url(BASE, "papers/ü b/index.html") == f"{BASE}papers/%C3%BC%20b/"


def elementtree_feed(site: Site) -> bytes:
    """The feed as ElementTree writes it: the text feeds.feed must keep, byte for byte."""
    def text(parent: ET.Element, tag: str, value: str) -> ET.Element:
        child = ET.SubElement(parent, tag)
        child.text = feeds._clean(value)
        return child

    base = site.config.base_url
    papers = sorted(site.papers, key=lambda p: p.date, reverse=True)
    root = ET.Element("feed", {"xmlns": feeds.ATOM_NS, "xml:lang": site.config.language})
    for tag, value in (("id", base), ("title", site.config.title),
                       ("updated", f"{papers[0].date if papers else feeds.EPOCH}T00:00:00Z")):
        text(root, tag, value)
    author = ET.SubElement(root, "author")
    text(author, "name", site.profile.name)
    text(author, "uri", base)
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=base)
    text(root, "generator", "scholarsite").set("version", feeds.__version__)
    for paper in papers:
        entry = ET.SubElement(root, "entry")
        url = feeds.paper_url(base, paper)
        for tag, value in (("id", url), ("title", feeds._plain_title(paper.title)),
                           ("updated", f"{paper.date}T00:00:00Z"),
                           ("published", f"{paper.date}T00:00:00Z")):
            text(entry, tag, value)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
        for name in paper.authors:
            text(ET.SubElement(entry, "author"), "name", name)
        for tag in paper.tags:
            ET.SubElement(entry, "category", term=feeds._clean(tag))
        text(entry, "summary", feeds.plain_text(paper.abstract)).set("type", "text")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# Markup, quotes, line breaks and tabs, characters XML cannot carry, surrogates, emoji.
AWKWARD_TEXT = st.text(st.sampled_from(list("aZ &<>\"'\t\r\n\x00\x07\ufffe\ud800é😀 ")),
                       max_size=8)


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(st.lists(st.tuples(AWKWARD_TEXT, st.lists(AWKWARD_TEXT, min_size=1, max_size=3),
                          st.lists(AWKWARD_TEXT, max_size=2), AWKWARD_TEXT), max_size=3),
       AWKWARD_TEXT, AWKWARD_TEXT)
def test_feed_is_the_text_elementtree_writes(papers: list, title: str, language: str) -> None:
    site = Site(
        SiteConfig(title=title, base_url=BASE + "\"&<\t>/", language=language),
        Profile(name=title + "<name>", initials="A"),
        tuple(Paper(slug=f"p{n}", source="", title=paper_title, date=dt.date(2020, 1, 1 + n),
                    authors=tuple(authors), tags=tuple(tags), abstract=abstract)
              for n, (paper_title, authors, tags, abstract) in enumerate(papers)),
    )
    assert feeds.feed(site) == elementtree_feed(site)


def test_sitemap_is_the_text_elementtree_writes() -> None:
    site = model_site("T", papers=2)
    paths = ["index.html", "404.html", "papers/p1/index.html", "papers/p0/index.html", "a&b.html"]
    urlset = ET.Element("urlset", xmlns=feeds.SITEMAP_NS)
    for path, lastmod in (("a&b.html", None), ("index.html", "2020-01-02"),
                          ("papers/p0/index.html", "2020-01-01"),
                          ("papers/p1/index.html", "2020-01-02")):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = feeds.page_url(BASE, path)
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    ET.indent(urlset)
    expected = ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    assert feeds.sitemap(site, paths) == expected
