"""Google Scholar (Highwire) tags, OpenGraph, twitter cards and meta descriptions."""

from __future__ import annotations

import datetime as dt

from scholarsite.model import Profile
from scholarsite.scholar_meta import (
    highwire_tags,
    local_pdf_url,
    opengraph_paper,
    opengraph_profile,
    paper_description,
    profile_description,
    shorten,
    twitter_card,
)
from scholar_papers import AWKWARD, FLYWHEEL, paper

PAGE = "https://guan.github.io/papers/characterflywheel/"


def values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    """Every content of tags with this name, in order."""
    return [content for key, content in pairs if key == name]


def test_reference_paper_tags() -> None:
    tags = highwire_tags(FLYWHEEL, PAGE)
    assert tags == [
        ("citation_title", "CharacterFlywheel: Scaling Iterative Improvement of Engaging and "
                           "Steerable LLMs in Production"),
        ("citation_author", "L. Guan"),
        ("citation_author", "Lin Chen"),
        ("citation_author", "Yixin Nie"),
        ("citation_author", "Shigan Chu"),
        ("citation_author", "Ajay Thampi"),
        ("citation_publication_date", "2026/03/02"),
        ("citation_doi", "10.48550/arXiv.2603.01973"),
        ("citation_arxiv_id", "2603.01973"),
        ("citation_abstract_html_url", PAGE),
    ]


def test_no_tag_is_ever_empty() -> None:
    for case in (*AWKWARD, FLYWHEEL):
        for page_url in (None, PAGE):
            assert all(content.strip() for _, content in highwire_tags(case, page_url))


def test_without_base_url_there_are_no_url_tags() -> None:
    tags = highwire_tags(FLYWHEEL, None, "characterflywheel.pdf")
    assert values(tags, "citation_abstract_html_url") == []
    assert values(tags, "citation_pdf_url") == []


def test_doi_venue_and_keywords() -> None:
    journal, conference = AWKWARD[1], AWKWARD[2]
    tags = highwire_tags(journal, PAGE)
    assert values(tags, "citation_doi") == ["10.5555/3455716.3455856"]
    assert values(tags, "citation_journal_title") == ["Journal of Machine Learning Research"]
    assert values(tags, "citation_arxiv_id") == []
    tags = highwire_tags(conference, PAGE)
    assert values(tags, "citation_conference_title") == ["Proceedings of ICML 2020"]
    assert values(tags, "citation_journal_title") == []
    assert values(tags, "citation_arxiv_id") == ["hep-th/9901001"]
    assert values(highwire_tags(AWKWARD[5], PAGE), "citation_keywords") == ["a", "b"]


def test_one_and_thirty_authors() -> None:
    assert values(highwire_tags(AWKWARD[4], PAGE), "citation_author") == ["Aristotle"]
    crowd = values(highwire_tags(AWKWARD[5], PAGE), "citation_author")
    assert crowd == [f"Author{i} Person{i}" for i in range(30)]


def test_a_preprint_without_arxiv_has_no_identifier_tags() -> None:
    tags = highwire_tags(paper(title="Plain"), PAGE)
    assert [name for name, _ in tags] == ["citation_title", "citation_author",
                                          "citation_publication_date",
                                          "citation_abstract_html_url"]


def test_pdf_url_only_for_a_pdf_in_the_paper_folder() -> None:
    tags = highwire_tags(FLYWHEEL, PAGE, "characterflywheel.pdf")
    assert values(tags, "citation_pdf_url") == [PAGE + "characterflywheel.pdf"]
    for outside in ("../other.pdf", "https://arxiv.org/pdf/2603.01973", "sub/x.pdf", ""):
        assert local_pdf_url(PAGE, outside) is None


def test_titles_keep_tex_source() -> None:
    tags = highwire_tags(paper(title=r"On $\mathcal{O}(n)$ and \$5"), None)
    assert values(tags, "citation_title") == [r"On $\mathcal{O}(n)$ and $5"]


def test_descriptions() -> None:
    assert paper_description(FLYWHEEL) == \
        "This report presents CharacterFlywheel, an iterative flywheel process."
    assert paper_description(paper(title="T", authors=("A", "B"))) == "T, by A, B"
    long = paper_description(paper(abstract="word " * 100))
    assert len(long) <= 160 and long.endswith("word…")
    profile = Profile(name="L. Guan", initials="L", position="Research Scientist",
                      affiliation="Meta")
    assert profile_description(profile) == \
        "L. Guan, Research Scientist, Meta: publications and citations."
    assert shorten("a b c", 3) == "a…"


def test_opengraph_and_twitter() -> None:
    og = opengraph_paper(FLYWHEEL, PAGE, "L. Guan", "About it")
    assert dict(og)["og:type"] == "article"
    assert dict(og)["og:url"] == PAGE
    assert dict(og)["article:published_time"] == "2026-03-02"
    assert "og:url" not in dict(opengraph_paper(FLYWHEEL, None, "L. Guan", "About it"))
    profile = opengraph_profile(Profile(name="L. Guan", initials="L"), "https://g.io/", "L. Guan")
    assert dict(profile)["og:type"] == "profile"
    assert dict(profile)["og:title"] == "L. Guan"
    assert twitter_card("T", "") == [("twitter:card", "summary"), ("twitter:title", "T")]


def test_dates_are_zero_padded() -> None:
    tags = highwire_tags(paper(date=dt.date(2021, 1, 5)), None)
    assert values(tags, "citation_publication_date") == ["2021/01/05"]
