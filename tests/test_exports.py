"""BibTeX, RIS and CSL-JSON: checked with bibtexparser and the CSL schema, keys unique."""

from __future__ import annotations

import datetime as dt
import json
import re

import bibtexparser
import jsonschema
import pytest

from scholarsite.exports.bibtex import bibtex_entry, escape
from scholarsite.exports import SITE_BIBTEX, SITE_CSL_JSON, citation, site_files
from scholarsite.exports.csljson import csl_item
from scholarsite.exports.keys import base_key, citation_keys
from scholarsite.exports.ris import ris_record
from scholar_papers import AWKWARD, FLYWHEEL, REFERENCE, TESTS, full_site, paper

ALL = (*REFERENCE, *AWKWARD)
CSL_SCHEMA = json.loads((TESTS / "data" / "csl-data.json").read_text(encoding="utf-8"))


def published(papers) -> dict[str, bytes]:
    """The site-wide files of these papers, as a build writes them."""
    keys = citation_keys(papers)
    cited = [citation(paper, keys[paper.slug]) for paper in papers]
    files = site_files([c.bibtex.encode() for c in cited], [c.csl_item.encode() for c in cited])
    return {name: b"".join(pieces) for name, pieces in files.items()}


def parse_bib(text: str) -> bibtexparser.Library:
    """Parse with bibtexparser and insist that every block parsed."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def fields_of(text: str) -> dict[str, str]:
    """The one entry of a .bib text, as field name -> value."""
    (entry,) = parse_bib(text).entries
    return {field.key: field.value for field in entry.fields}


def test_reference_keys_are_readable() -> None:
    keys = citation_keys(REFERENCE)
    assert keys == {
        "characterflywheel": "guan2026characterflywheel",
        "paying-less-generalization-tax": "liu2026paying",
        "scale-adaptive-power-flow": "guan2026scale",
    }


def test_keys_fold_accents_and_skip_stop_words() -> None:
    assert base_key(AWKWARD[0]) == "muller2026sorting"
    assert base_key(AWKWARD[3]) == "lovelace2020deep"
    assert base_key(paper(authors=("Ludwig van Beethoven",), title="On the Ninth")) == \
        "beethoven2026ninth"
    assert base_key(paper(authors=("Łukasz Wróbel",), title="$x$ Ærodynamics")) == \
        "wrobel2026aerodynamics"


def test_colliding_keys_are_unique_and_the_oldest_keeps_the_plain_key() -> None:
    same = [paper(f"s{i}", title="Deep Nets", date=dt.date(2020, 1, 9 - i))
            for i in range(4)]
    keys = citation_keys(same)
    assert keys == {"s3": "lovelace2020deep", "s2": "lovelace2020deepb",
                    "s1": "lovelace2020deepc", "s0": "lovelace2020deepd"}
    assert citation_keys(list(reversed(same))) == keys


def test_a_suffixed_key_never_takes_another_paper_plain_key() -> None:
    a1 = paper("a1", title="Deep", date=dt.date(2020, 1, 1))
    a2 = paper("a2", title="Deep", date=dt.date(2020, 1, 2))
    b = paper("b", title="Deepb", date=dt.date(2020, 1, 3))
    keys = citation_keys([a1, a2, b])
    assert keys["b"] == "lovelace2020deepb"
    assert len(set(keys.values())) == 3


def test_keys_are_unique_across_the_full_site() -> None:
    papers = full_site().papers
    assert len(papers) >= 30
    keys = citation_keys(papers)
    assert len(set(keys.values())) == len(papers)
    assert all(re.fullmatch(r"[a-z]+\d{4}[a-z0-9]*", key) for key in keys.values())


def test_reference_bibtex_entry() -> None:
    text = bibtex_entry(FLYWHEEL, "guan2026characterflywheel")
    (entry,) = parse_bib(text).entries
    assert (entry.entry_type, entry.key) == ("misc", "guan2026characterflywheel")
    fields = {field.key: field.value for field in entry.fields}
    assert fields["author"] == "L. Guan and Lin Chen and Yixin Nie and Shigan Chu and " \
        "Ajay Thampi and others"
    assert fields["title"] == "{CharacterFlywheel}: Scaling Iterative Improvement of " \
        "Engaging and Steerable {LLMs} in Production"
    assert fields["eprint"] == "2603.01973"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["doi"] == "10.48550/arXiv.2603.01973"
    assert fields["year"] == "2026"
    assert "primaryClass" not in fields  # a new-style id does not name its subject class


def test_entry_types_follow_the_venue() -> None:
    by_slug = {p.slug: p for p in AWKWARD}
    journal = fields_of(bibtex_entry(by_slug["journal"], "k"))
    assert journal["journal"] == "Journal of Machine Learning Research"
    assert journal["doi"] == "10.5555/3455716.3455856"
    assert parse_bib(bibtex_entry(by_slug["journal"], "k")).entries[0].entry_type == "article"
    conference = parse_bib(bibtex_entry(by_slug["conference"], "k")).entries[0]
    assert conference.entry_type == "inproceedings"
    assert conference.fields_dict["booktitle"].value == "Proceedings of ICML 2020"
    assert conference.fields_dict["primaryClass"].value == "hep-th"
    assert conference.fields_dict["eprint"].value == "hep-th/9901001"
    assert parse_bib(bibtex_entry(by_slug["acronym"], "k")).entries[0].entry_type == \
        "inproceedings"


def test_special_characters_are_escaped_and_math_kept() -> None:
    fields = fields_of(bibtex_entry(AWKWARD[0], "k"))
    assert fields["title"] == (
        r"Sorting in {$\mathcal{O}(n \log n)$} \& 100\% of \textbraceleft{}cases"
        r"\textbraceright{}\_\#1 \textasciitilde{} \textasciicircum{}"
    )
    assert fields["author"] == "José Müller and Jan van der Berg and {Smith and Sons Ltd}"
    assert escape("a\\b") == r"a\textbackslash{}b"


def test_an_unbalanced_formula_is_escaped_as_text() -> None:
    fields = fields_of(bibtex_entry(paper(title=r"Odd $\{x$ title"), "k"))
    assert fields["title"] == r"Odd \$\textbackslash{}\textbraceleft{}x\$ title"


@pytest.mark.parametrize("papers", [ALL, None], ids=["awkward", "full-site"])
def test_every_bib_file_parses(papers: tuple | None) -> None:
    papers = papers or full_site().papers
    keys = citation_keys(papers)
    library = parse_bib(published(papers)[SITE_BIBTEX].decode())
    assert [entry.key for entry in library.entries] == [keys[p.slug] for p in papers]
    for entry, source in zip(library.entries, papers):
        assert entry.fields_dict["year"].value == str(source.date.year)


@pytest.mark.parametrize("papers", [ALL, None], ids=["awkward", "full-site"])
def test_csl_json_validates_against_the_csl_schema(papers: tuple | None) -> None:
    papers = papers or full_site().papers
    items = json.loads(published(papers)[SITE_CSL_JSON])
    jsonschema.validate(items, CSL_SCHEMA)
    assert len(items) == len(papers)


def test_the_schema_rejects_what_it_should() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "preprint"}], CSL_SCHEMA)


def test_csl_item_of_a_reference_paper() -> None:
    item = csl_item(FLYWHEEL, "guan2026characterflywheel")
    assert item["type"] == "article"
    assert item["author"][:2] == [{"family": "Guan", "given": "L."},
                                  {"family": "Chen", "given": "Lin"}]
    assert item["issued"] == {"date-parts": [[2026, 3, 2]]}
    assert item["DOI"] == "10.48550/arXiv.2603.01973"
    assert item["number"] == "arXiv:2603.01973"
    assert item["note"] == "22 authors; the first 5 are listed"
    assert item["abstract"].startswith("This report presents CharacterFlywheel")


def test_csl_types_and_plain_text() -> None:
    by_slug = {p.slug: p for p in AWKWARD}
    assert csl_item(by_slug["journal"], "k")["type"] == "article-journal"
    assert csl_item(by_slug["journal"], "k")["container-title"] == \
        "Journal of Machine Learning Research"
    assert csl_item(by_slug["conference"], "k")["type"] == "paper-conference"
    assert csl_item(by_slug["single"], "k")["author"] == [{"literal": "Aristotle"}]
    dollar = csl_item(by_slug["dollar"], "k")
    assert dollar["title"] == "Costs $5: On Prices"
    assert dollar["abstract"] == "We pay $5 for $x_i$ & more."


RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - .*")


@pytest.mark.parametrize("papers", [ALL, None], ids=["awkward", "full-site"])
def test_ris_tag_structure(papers: tuple | None) -> None:
    papers = papers or full_site().papers
    keys = citation_keys(papers)
    for source in papers:
        record = ris_record(source, keys[source.slug])
        assert record.endswith("\n") and "\n\n" not in record
        lines = record.removesuffix("\n").split("\n")
        assert lines[0] in ("TY  - UNPB", "TY  - JOUR", "TY  - CPAPER")
        assert lines[-1] == "ER  - "
        assert all(RIS_LINE.fullmatch(line) for line in lines), record
        assert sum(line.startswith("AU  - ") for line in lines) == len(source.authors)


def test_ris_record_of_a_reference_paper() -> None:
    lines = ris_record(FLYWHEEL, "guan2026characterflywheel").splitlines()
    assert lines[:4] == ["TY  - UNPB", "ID  - guan2026characterflywheel",
                         "TI  - CharacterFlywheel: Scaling Iterative Improvement of Engaging "
                         "and Steerable LLMs in Production", "AU  - Guan, L."]
    assert "DA  - 2026/03/02" in lines
    assert "DO  - 10.48550/arXiv.2603.01973" in lines
    assert "UR  - https://arxiv.org/abs/2603.01973v1" in lines
    journal = ris_record(AWKWARD[1], "k").splitlines()
    assert journal[0] == "TY  - JOUR"
    assert "T2  - Journal of Machine Learning Research" in journal


def test_csl_arrays_joined_from_items_equal_one_dump() -> None:
    keys = citation_keys(ALL)
    items = [csl_item(paper, keys[paper.slug]) for paper in ALL]
    expected = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    assert published(ALL)[SITE_CSL_JSON] == expected.encode()
    assert published([])[SITE_CSL_JSON] == (json.dumps([]) + "\n").encode()
    one = citation(ALL[0], keys[ALL[0].slug])
    assert one.files[f"{one.key}.json"] == (json.dumps(items[:1], ensure_ascii=False, indent=2)
                                            + "\n").encode()


def test_site_files_join_each_papers_citation() -> None:
    keys = citation_keys(REFERENCE)
    cited = [citation(paper, keys[paper.slug]) for paper in REFERENCE]
    files = published(REFERENCE)
    assert sorted(files) == [SITE_BIBTEX, SITE_CSL_JSON]
    # One entry after another, each closed by a newline, a blank line between two.
    assert files[SITE_BIBTEX] == "".join(c.bibtex + "\n\n" for c in cited)[:-1].encode()
    assert [e.key for e in parse_bib(files[SITE_BIBTEX].decode()).entries] == [
        c.key for c in cited]
    assert json.loads(files[SITE_CSL_JSON]) == [json.loads(c.csl_item) for c in cited]
    assert published([]) == {SITE_BIBTEX: b"", SITE_CSL_JSON: b"[]\n"}
    flywheel = next(c for c in cited if c.key == "guan2026characterflywheel")
    assert sorted(flywheel.files) == [f"guan2026characterflywheel.{ext}"
                                      for ext in ("bib", "json", "ris")]
    assert json.loads(flywheel.files["guan2026characterflywheel.json"]) == [
        csl_item(FLYWHEEL, "guan2026characterflywheel")]
    assert flywheel.files["guan2026characterflywheel.ris"] == ris_record(
        FLYWHEEL, "guan2026characterflywheel").encode()