"""The benchmark's corpus: the same seed gives the same bytes, scholarsite builds it, and so
does the Python baseline the benchmark times beside it, with a page for every paper."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scholarsite.cli import main

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

# bench/ is a folder of scripts, not a package: imported from its path, set above.
from baseline import build as build_baseline  # noqa: E402
from corpus import write_corpus  # noqa: E402


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 30, seed=7)
    write_corpus(tmp_path / "b", 30, seed=7)
    write_corpus(tmp_path / "c", 30, seed=8)
    first = tree(tmp_path / "a")
    assert len([name for name in first if name.startswith("papers/")]) == 30
    assert first == tree(tmp_path / "b")
    assert first != tree(tmp_path / "c")


def test_rewriting_replaces_the_papers(tmp_path: Path) -> None:
    write_corpus(tmp_path / "content", 30)
    write_corpus(tmp_path / "content", 5)
    assert len(list((tmp_path / "content" / "papers").glob("*.md"))) == 5


def test_the_corpus_builds_and_shows_what_it_generated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    write_corpus(root / "content", 20)
    templates = Path(__file__).resolve().parent.parent / "templates"
    assert main(["build", "--root", str(root), "--templates", str(templates)]) == 0
    assert capsys.readouterr().err == ""
    page = BeautifulSoup((root / "output" / "index.html").read_text(encoding="utf-8"), "html5lib")
    papers = page.select("li.paper")
    assert len(papers) == 20
    dates = [p.select_one("time")["datetime"] for p in papers]
    assert dates == sorted(dates, reverse=True)
    abstracts = page.select(".abstract")
    assert all(len(a.get_text().split()) >= 150 for a in abstracts)
    # Markdown was converted: emphasis, inline code and links appear as HTML, not as text.
    assert all(a.find("em") and a.find("code") and a.find("a", href=True) for a in abstracts)
    assert not any("*" in a.get_text() or "`" in a.get_text() for a in abstracts)
    authors = " ".join(li.get_text() for li in page.select("ul.authors li"))
    assert not authors.isascii()
    assert any(li.get_text().startswith("+") for li in page.select("ul.authors li.more"))
    for paper in papers:
        slug = paper["id"]
        assert (root / "output" / "papers" / slug / "index.html").is_file()


def test_the_baseline_makes_a_page_for_every_paper_and_lists_them_all(tmp_path: Path) -> None:
    write_corpus(tmp_path / "content", 30)
    assert build_baseline(tmp_path / "content", tmp_path / "output", jobs=2) == 30
    index = BeautifulSoup((tmp_path / "output" / "index.html").read_text(encoding="utf-8"),
                          "html5lib")
    entries = index.select("li.paper")
    assert len(entries) == 30
    for entry in entries:
        slug = entry.a["href"].split("/")[1]
        page = BeautifulSoup((tmp_path / "output" / "papers" / slug / "index.html")
                             .read_text(encoding="utf-8"), "html5lib")
        assert page.h1.get_text() == entry.a.get_text()
        # The abstract is converted Markdown, on the page and in the list.
        assert page.find("em") and page.find("code") and entry.find("em")
        assert len(page.main.div.get_text().split()) >= 150
