"""Citation formats written from the model: BibTeX, RIS, CSL-JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Paper
from ..write import Text
from .bibtex import bibtex_entry, bibtex_join
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
        return b"".join(csl_array([self.csl_item.encode("utf-8")])).decode("utf-8")

    @property
    def files(self) -> dict[str, bytes]:
        """File name (beside the paper's page) -> bytes, in the order of CITATION_FILES."""
        return {f"{self.key}.bib": b"".join(bibtex_join([self.bibtex.encode("utf-8")])),
                f"{self.key}.ris": self.ris.encode("utf-8"),
                f"{self.key}.json": b"".join(csl_array([self.csl_item.encode("utf-8")]))}


CITATION_FILES = (".bib", ".ris", ".json")  # the endings of a paper's citation files


def citation(paper: Paper, key: str) -> Citation:
    """One paper's citation in every format."""
    return Citation(key, bibtex_entry(paper, key), ris_record(paper, key),
                    csl_text(csl_item(paper, key)))


SITE_BIBTEX = "publications.bib"
SITE_CSL_JSON = "publications.json"


def site_files(bibtex: Sequence[Text], csl_items: Sequence[Text]) -> dict[str, list[Text]]:
    """The site-wide files, as pieces (write.Data), from each paper's BibTeX entry and CSL-JSON
    item (in order, as UTF-8)."""
    return {SITE_BIBTEX: bibtex_join(bibtex), SITE_CSL_JSON: csl_array(csl_items)}
