"""A second site with every field: drafts, computed metrics, Unicode, links, static files."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from conftest import SITES, Project
from scholarsite.metrics import h_index, i10_index


@pytest.fixture
def full(project: Project) -> Project:
    project.copy_from(SITES / "full" / "content")
    result = project.build()
    assert result.code == 0, result.err
    return project


def front_matter(path: Path) -> dict[str, str]:
    """The scalar lines of a fixture paper's front matter, read naively for cross-checking."""
    lines = path.read_text(encoding="utf-8").split("---")[1].strip().split("\n")
    return dict(line.split(": ", 1) for line in lines if ": " in line and not line.startswith(" "))


def papers(full: Project) -> list[dict[str, str]]:
    return [front_matter(p) | {"slug": p.stem} for p in sorted((full.content / "papers").glob("*.md"))]


def test_drafts_are_not_published(full: Project) -> None:
    published = [p for p in papers(full) if p.get("draft") != "true"]
    items = full.page().select("ol.papers > li")
    assert len(items) == len(published) == 32
    assert {i["id"] for i in items} == {p["slug"] for p in published}
    for draft in (p for p in papers(full) if p.get("draft") == "true"):
        assert not (full.output / "papers" / draft["slug"]).exists()


def test_metrics_are_computed_when_not_given(full: Project) -> None:
    counts = [int(p["citations"]) for p in papers(full) if p.get("draft") != "true"]
    metrics = {d.dt.get_text(strip=True): d.dd.get_text(strip=True)
               for d in full.page().select(".metrics div")}
    assert metrics == {"Total Citations": f"{sum(counts):,}", "h-index": str(h_index(counts)),
                       "i10-index": str(i10_index(counts)), "Papers": "32"}
    assert full.page().select_one(".metrics-note").get_text() == \
        "Computed from the papers listed here"


def test_order_is_newest_first_and_stable_on_equal_dates(full: Project) -> None:
    items = full.page().select("ol.papers > li")
    keys = [(i.time["datetime"], i["id"]) for i in items]
    assert keys == sorted(keys, key=lambda k: (k[0], [-ord(c) for c in k[1]]), reverse=True)
    same_day = [i["id"] for i in items if i.time["datetime"] == "2021-06-15"]
    assert same_day == ["paper-05", "paper-06", "paper-07"]


def test_authors_shown_setting_and_plus_n(full: Project) -> None:
    for item in full.page().select("ol.papers > li"):
        source = full.content / "papers" / f"{item['id']}.md"
        text = source.read_text(encoding="utf-8")
        named = text.split("authors:\n")[1].split("\n")
        names = [n.removeprefix("  - ") for n in takewhile(lambda n: n.startswith("  - "), named)]
        more = int(front_matter(source).get("more_authors", 0))
        shown = [li.get_text(strip=True) for li in item.select(".authors li:not(.more)")]
        # The owner, Zoë Müller, stays visible after "…" when she comes later in the list.
        later = names.index("Zoë Müller") if "Zoë Müller" in names[3:] else None
        owner = [] if "Zoë Müller" in names[:3] or later is None else ["Zoë Müller"]
        owner = ["…", *owner] if owner and later and later > 3 else owner
        assert shown == names[:3] + owner
        extra = item.select_one(".authors .more summary")
        total = len(names) + more
        hidden = total - len(names[:3]) - (1 if owner else 0)  # every author not shown
        assert (extra.get_text(strip=True) if extra else None) == (f"+{hidden}" if hidden else None)


def test_unicode_and_markup_in_values_are_escaped(full: Project) -> None:
    page = full.page("papers/paper-03/index.html")
    assert page.h1.get_text() == 'Escaping <script>alert("x")</script> & "quotes" in titles'
    assert not page.select("main script")
    raw = (full.output / "papers/paper-03/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    assert "Zoë Müller" in full.page().h1.get_text()


def test_profile_photo_links_and_bio(full: Project) -> None:
    page = full.page()
    assert page.select_one("img.avatar")["src"] == "zoe.svg"
    assert (full.output / "zoe.svg").is_file() and (full.output / "cv.pdf").is_file()
    links = {a.get_text(strip=True): a["href"] for a in page.select(".links a")}
    assert links["ORCID"] == "https://orcid.org/0000-0002-1825-0097"
    assert links["zoe@example.org"] == "mailto:zoe@example.org"
    assert page.select_one(".bio strong").get_text() == "graph learning"
    assert page.html["lang"] == "de"
    assert page.title.get_text() == "Zoë Müller — Research"


def test_paper_page_links_that_exist(full: Project) -> None:
    page = full.page("papers/paper-00/index.html")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".paper-links a")}
    assert links == {
        "arXiv": "https://arxiv.org/abs/1704.17602v3",
        "PDF": "https://example.org/paper0.pdf",
        "DOI": "https://doi.org/10.1145/2441955.8104",
        "Code": "https://github.com/zoe/paper0",
        "Web page": "https://example.org/paper0",
    }
    bare = full.page("papers/paper-01/index.html")
    assert [a.get_text(strip=True) for a in bare.select(".paper-links a")] == []
    assert page.select_one("link[rel=canonical]")["href"] == "https://zoe.github.io/lab/papers/paper-00/"


def internal_links(full: Project, site_path: str) -> list[tuple[str, str]]:
    """(page, target path in output/) for every internal href and src of every page.

    Relative URLs resolve from the page's folder; absolute paths (the 404 page's) start
    with the path the site is published under.
    """
    found = []
    for html in full.output.rglob("*.html"):
        page = full.page(html.relative_to(full.output).as_posix())
        for tag in page.select("[href], [src]"):
            url = urldefrag(tag.get("href") or tag.get("src"))[0]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if parts.path.startswith("/"):
                assert parts.path.startswith(site_path), f"{html}: {url} is outside the site"
                target = full.output / parts.path.removeprefix(site_path)
            else:
                target = html.parent / parts.path
            found.append((str(html), str(target.resolve())))
    return found


@pytest.mark.parametrize("site, site_path", [("full", "/lab/"), ("reference", "/")])
def test_every_internal_link_resolves(
    site: str, site_path: str, request: pytest.FixtureRequest
) -> None:
    built: Project = request.getfixturevalue(site)
    links = internal_links(built, site_path)
    assert len(links) > 10
    for page, target in links:
        path = Path(target)
        if path.is_dir():
            path = path / "index.html"
        assert path.is_file(), f"{page} links to missing {target}"
        assert path.resolve().is_relative_to(built.output.resolve())
