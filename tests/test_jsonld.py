"""schema.org JSON-LD: complete, parseable, and safe inside a <script> element."""

from __future__ import annotations

import dataclasses
import json

import pytest
from bs4 import BeautifulSoup
from scholar_papers import AWKWARD, FLYWHEEL, paper

from scholarsite.authors import mark_owner
from scholarsite.jsonld import orcid_of, profile_page, scholarly_article, script_json
from scholarsite.model import Link, Profile

# Profile.aliases is proposed for the model; until it exists these tests cannot run.
needs_aliases = pytest.mark.skipif(
    "aliases" not in {f.name for f in dataclasses.fields(Profile)},
    reason="scholarsite.model.Profile has no aliases field yet",
)
PAGE = "https://guan.github.io/papers/characterflywheel/"


def embedded(data: dict) -> dict:
    """Put the data into a page as the template does and read it back as a browser would."""
    page = f'<html><head><script type="application/ld+json">{script_json(data)}</script>' \
           f"</head><body><p>after</p></body></html>"
    soup = BeautifulSoup(page, "html5lib")
    (script,) = soup.find_all("script")
    assert soup.body.p.text == "after"
    return json.loads(script.string)


def test_script_end_in_a_title_stays_inside_the_string() -> None:
    evil = paper(title="Breaking </script><script>alert(1)</script> & <!-- out")
    data = scholarly_article(evil, PAGE)
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert embedded(data)["name"] == "Breaking </script><script>alert(1)</script> & <!-- out"


def test_scholarly_article_of_a_reference_paper() -> None:
    owner = mark_owner(FLYWHEEL.authors, ("L. Guan",)).owner_places
    data = embedded(scholarly_article(FLYWHEEL, PAGE, owner, "https://guan.github.io/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"].startswith("CharacterFlywheel: Scaling")
    assert data["author"][0] == {"@type": "Person", "name": "L. Guan",
                                 "url": "https://guan.github.io/"}
    assert [a["name"] for a in data["author"]] == list(FLYWHEEL.authors)
    assert data["datePublished"] == "2026-03-02"
    assert data["url"] == PAGE
    assert data["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "arXiv", "value": "2603.01973"},
        {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.48550/arXiv.2603.01973"},
    ]
    assert data["abstract"] == FLYWHEEL.abstract


def test_every_author_of_a_long_list() -> None:
    crowd = AWKWARD[5]
    assert len(scholarly_article(crowd, None)["author"]) == 30


def test_abstract_and_title_are_plain_text_with_tex() -> None:
    math = paper(title=r"On $\mathcal{O}(n)$", abstract="We *show* $a_i * b_j$ \\$5.")
    data = scholarly_article(math, None)
    assert data["name"] == r"On $\mathcal{O}(n)$"
    assert data["abstract"] == "We show $a_i * b_j$ $5."
    assert "url" not in data  # no base_url, no URL: never an empty value


def test_venues() -> None:
    assert scholarly_article(AWKWARD[1], None)["isPartOf"] == \
        {"@type": "Periodical", "name": "Journal of Machine Learning Research"}
    assert scholarly_article(AWKWARD[2], None)["publication"]["name"] == \
        "Proceedings of ICML 2020"


def test_orcid_from_links() -> None:
    assert orcid_of(["https://github.com/x", "https://orcid.org/0000-0002-1825-0097"]) == \
        "0000-0002-1825-0097"
    assert orcid_of(["https://example.org/0000-0002-1825-0097"]) is None


@needs_aliases
def test_profile_page_with_person() -> None:
    profile = Profile(  # type: ignore[call-arg]
        name="L. Guan", initials="L", affiliation="Meta", position="Research Scientist",
        links=(Link("ORCID", "https://orcid.org/0000-0002-1825-0097"),
               Link("GitHub", "https://github.com/lguan")),
        aliases=("Lin Guan",),
    )
    data = embedded(profile_page(profile, "https://guan.github.io/"))
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "L. Guan"
    assert person["alternateName"] == ["Lin Guan"]
    assert person["affiliation"] == {"@type": "Organization", "name": "Meta"}
    assert person["sameAs"] == ["https://orcid.org/0000-0002-1825-0097",
                                "https://github.com/lguan"]
    assert person["identifier"]["value"] == "0000-0002-1825-0097"


@needs_aliases
def test_a_bare_profile_states_no_empty_facts() -> None:
    data = profile_page(Profile(name="A", initials="A"), None)
    assert data == {"@context": "https://schema.org", "@type": "ProfilePage",
                    "mainEntity": {"@type": "Person", "name": "A"}}
