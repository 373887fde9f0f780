"""Citation formats written from the model: BibTeX, RIS, CSL-JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Paper
from .bibtex import bibtex_entry
from .csljson import csl_array, csl_item, csl_text
from .ris import ris_record


@dataclass(frozen=True)
class Citation:
    """One paper's citation in every format, and the file names they are published under."""

    key: str
    bibtex: str
    ris: str
    csl_item: str  # the CSL-JSON item alone, as it stands inside an array (csl_text)

    @property
    def csl_json(self) -> str:
        """The paper's CSL-JSON file: an array holding its one item."""
        return csl_array([self.csl_item])

    @property
    def files(self) -> dict[str, str]:
        """File name (beside the paper's page) -> text, in the order of CITATION_FILES."""
        return {f"{self.key}.bib": self.bibtex + "\n", f"{self.key}.ris": self.ris,
                f"{self.key}.json": self.csl_json}


CITATION_FILES = (".bib", ".ris", ".json")  # the endings of a paper's citation files


def citation(paper: Paper, key: str) -> Citation:
    """One paper's citation in every format."""
    return Citation(key, bibtex_entry(paper, key), ris_record(paper, key),
                    csl_text(csl_item(paper, key)))


SITE_BIBTEX = "publications.bib"
SITE_CSL_JSON = "publications.json"


def site_files(bibtex: Sequence[bytes], csl_items: Sequence[bytes]) -> dict[str, bytes]:
    """The site-wide files, joined from each paper's BibTeX entry and CSL-JSON item (in order),
    as UTF-8: the same bytes as bibtex_join and csl_array, without decoding thousands of parts."""
    return {
        SITE_BIBTEX: b"\n\n".join(bibtex) + b"\n" if bibtex else b"",
        SITE_CSL_JSON: b"[\n" + b",\n".join(csl_items) + b"\n]\n" if csl_items else b"[]\n",
    }
