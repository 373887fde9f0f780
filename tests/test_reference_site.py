"""The default content reproduces every fact of the reference profile page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Project

REFERENCE = Path(__file__).parent / "data" / "reference-profile.txt"


@dataclass
class RefPaper:
    number: int
    arxiv: str
    date: str
    title: str
    abstract: str
    authors: list[str]
    more: str
    citations: str


def reference_papers() -> tuple[list[str], list[RefPaper]]:
    """Parse the reference page's text: header lines, then one block per paper."""
    text = REFERENCE.read_text(encoding="utf-8")
    head, *blocks = re.split(r"\n(?=#\d+ )", text)
    papers = []
    for block in blocks:
        first, title, abstract, authors, citations = [l for l in block.strip().split("\n") if l]
        number, arxiv, *date = first.split()
        names, more = authors.rsplit(" +", 1)
        papers.append(RefPaper(int(number[1:]), arxiv, " ".join(date), title, abstract,
                               names, "+" + more, citations))
    return [l for l in head.split("\n") if l], papers


HEAD, PAPERS = reference_papers()


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_header_shows_avatar_name_and_metrics(reference: Project) -> None:
    page = reference.page()
    assert HEAD[:2] == ["L", "L. Guan"]
    assert text(page.select_one(".avatar")) == "L"
    assert text(page.select_one("h1")) == "L. Guan"
    metrics = {text(d.find("dt")): text(d.find("dd")) for d in page.select(".metrics div")}
    assert metrics == {"Total Citations": "1,052", "h-index": "11", "Papers": "3"}
    assert HEAD[2:8] == ["Total Citations", "1,052", "h-index", "11", "Papers", "3"]
    assert text(page.select_one("#publications-heading")) == "Publications"


@pytest.mark.parametrize("ref", PAPERS, ids=lambda p: p.arxiv)
def test_each_paper_in_the_list(reference: Project, ref: RefPaper) -> None:
    item = reference.page().select("ol.papers > li")[ref.number - 1]
    assert text(item.select_one(".number")) == f"#{ref.number}"
    arxiv = item.select_one("a.arxiv")
    assert text(arxiv) == ref.arxiv
    assert arxiv["href"] == f"https://arxiv.org/abs/{ref.arxiv}"
    assert text(item.select_one("time")) == ref.date
    assert text(item.select_one(".paper-title")) == ref.title
    assert text(item.select_one(".abstract")) == ref.abstract
    names = [text(li) for li in item.select(".authors li:not(.more)")]
    assert " ".join(names) == ref.authors and len(names) == 5
    assert text(item.select_one(".authors .more summary")) == ref.more
    assert text(item.select_one(".citations")) == ref.citations


def test_papers_are_newest_first_and_three(reference: Project) -> None:
    items = reference.page().select("ol.papers > li")
    assert [text(i.select_one("a.arxiv")) for i in items] == [p.arxiv for p in PAPERS]


@pytest.mark.parametrize("ref", PAPERS, ids=lambda p: p.arxiv)
def test_each_paper_has_its_page(reference: Project, ref: RefPaper) -> None:
    index = reference.page()
    link = index.select("ol.papers > li")[ref.number - 1].select_one(".paper-title a")["href"]
    page = reference.page(link)
    assert text(page.select_one("h1")) == ref.title
    assert text(page.select_one("title")) == f"{ref.title} - L. Guan"
    assert text(page.select_one("time")) == ref.date
    assert text(page.select_one(".abstract")) == ref.abstract
    assert " ".join(text(li) for li in page.select(".authors-full li:not(.more)")) == ref.authors
    assert text(page.select_one(".authors-full .more")) == f"and {ref.more[1:]} more"
    assert text(page.select_one(".citations")) == ref.citations
    links = {text(a): a["href"] for a in page.select(".paper-links a")}
    assert links["arXiv"] == f"https://arxiv.org/abs/{ref.arxiv}"
    bibtex = text(page.select_one(".bibtex"))
    assert bibtex.startswith("@") and ref.arxiv in bibtex
    assert page.select_one(".breadcrumb a")["href"] == "../../index.html"


def test_paper_pages_link_to_their_neighbours(reference: Project) -> None:
    slugs = [a["href"] for a in reference.page().select(".paper-title a")]
    first, middle, last = (reference.page(s) for s in slugs)
    assert [a["rel"] for a in first.select(".paper-nav a")] == [["next"]]
    assert {a["rel"][0]: a["href"] for a in middle.select(".paper-nav a")} == {
        "prev": "../../" + slugs[0], "next": "../../" + slugs[2]}
    assert [a["rel"] for a in last.select(".paper-nav a")] == [["prev"]]


def test_build_prints_what_it_built_and_where(project: Project) -> None:
    from conftest import REPO
    project.copy_from(REPO / "content")
    result = project.build()
    assert result.code == 0
    assert "Built 3 papers" in result.out
    assert "index.html" in result.out and "serve" in result.out
