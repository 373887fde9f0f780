"""Citation formats written from the model: BibTeX, RIS, CSL-JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Paper
from .bibtex import bibtex_entry, bibtex_join
from .csljson import csl_array, csl_item, csl_text
from .keys import citation_keys
from .ris import ris_record


@dataclass(frozen=True)
class Citation:
    """One paper's citation in every format, and the file names they are published under."""

    key: str
    bibtex: str
    ris: str
    csl_json: str

    @property
    def files(self) -> dict[str, str]:
        """File name (beside the paper's page) -> text."""
        return {f"{self.key}.bib": self.bibtex + "\n", f"{self.key}.ris": self.ris,
                f"{self.key}.json": self.csl_json}


@dataclass(frozen=True)
class Exports:
    """Every paper's citation by slug, and the files of the whole site's exports."""

    citations: dict[str, Citation]
    files: dict[str, str]  # path in output/ -> text


SITE_BIBTEX = "publications.bib"
SITE_CSL_JSON = "publications.json"


def site_exports(papers: Sequence[Paper]) -> Exports:
    """Citations of the published papers under site-wide unique keys, and their files.

    Each format is written once per paper; the site-wide files are joined from those texts.
    """
    keys = citation_keys(papers)
    items = {paper.slug: csl_text(csl_item(paper, keys[paper.slug])) for paper in papers}
    citations = {
        paper.slug: Citation(keys[paper.slug], bibtex_entry(paper, keys[paper.slug]),
                             ris_record(paper, keys[paper.slug]), csl_array([items[paper.slug]]))
        for paper in papers
    }
    files = {f"papers/{slug}/{name}": text
             for slug, citation in citations.items() for name, text in citation.files.items()}
    files[SITE_BIBTEX] = bibtex_join([citation.bibtex for citation in citations.values()])
    files[SITE_CSL_JSON] = csl_array(list(items.values()))
    return Exports(citations, files)
