"""Facts about a paper that every citation format shares: its kind, identifiers and links."""

from __future__ import annotations

import enum
import re

from .model import Paper

# Venue words and acronyms of conferences; any other venue is taken to be a journal.
_CONFERENCE_WORDS = re.compile(
    r"\b(conference|proceedings|proc\.|workshop|symposium|congress|colloquium|meeting|summit)\b",
    re.IGNORECASE,
)
_CONFERENCE_ACRONYMS = frozenset("""
    AAAI AAMAS ACL AISTATS ASE ASPLOS CAV CCS CHI CIKM COLING COLT CONLL CORL CRYPTO CSCW CVPR
    DAC EACL ECAI ECCV ECIR EMNLP EUROCRYPT EUROSYS FAST FOCS FSE HPCA ICALP ICASSP ICCV ICDE
    ICDM ICLR ICML ICRA ICSE IJCAI IJCNLP INFOCOM INTERSPEECH IROS ISCA ISIT ISSAC KDD LICS
    MICCAI MICRO MLSYS MOBICOM NAACL NDSS NEURIPS NIPS NSDI OOPSLA OSDI PLDI PODC PODS POPL
    RECSYS RSS SIGCOMM SIGGRAPH SIGIR SIGMOD SODA SOSP STOC UAI UIST USENIX VLDB WACV WSDM WWW
""".split())
_PREPRINT_WORDS = re.compile(r"\b(arxiv|preprint|biorxiv|medrxiv|ssrn|under review|"
                             r"submitted|in preparation|working paper)\b", re.IGNORECASE)
# Journals whose names look like conferences: PNAS, Proc. IEEE, TACL, IEEE Transactions...
_JOURNAL_WORDS = re.compile(
    r"\b(journal|transactions|letters|magazine|review|reviews|PNAS)\b|^proceedings of the "
    r"(national academy|royal society|ieee$|american mathematical|london mathematical|vldb)",
    re.IGNORECASE,
)
_VERSION = re.compile(r"v\d+$")  # of an arXiv id
_OLD_STYLE_ARXIV = re.compile(r"^([a-z\-]+(?:\.[A-Z]{2})?)/\d{7}")


class Kind(enum.Enum):
    """What kind of publication a paper is, as far as its venue tells."""

    PREPRINT = "preprint"
    JOURNAL = "journal"
    CONFERENCE = "conference"


def kind_of(paper: Paper) -> Kind:
    """Conference when the venue names one, preprint without a venue, journal otherwise."""
    venue = (paper.venue or "").strip()
    if not venue or _PREPRINT_WORDS.search(venue):
        return Kind.PREPRINT
    if _JOURNAL_WORDS.search(venue):
        return Kind.JOURNAL
    if _CONFERENCE_WORDS.search(venue):
        return Kind.CONFERENCE
    words = {w.upper() for w in re.findall(r"[A-Za-z]+", venue)}
    return Kind.CONFERENCE if words & _CONFERENCE_ACRONYMS else Kind.JOURNAL


def arxiv_base(arxiv: str) -> str:
    """The arXiv id without its version: '2603.01973v1' -> '2603.01973'."""
    return _VERSION.sub("", arxiv)


def arxiv_archive(arxiv: str) -> str | None:
    """The subject class an old-style id names ('hep-th/9901001' -> 'hep-th'), else None."""
    match = _OLD_STYLE_ARXIV.match(arxiv)
    return match.group(1) if match else None


def doi_of(paper: Paper) -> str | None:
    """The paper's DOI, or the DOI arXiv registers for every paper it hosts."""
    if paper.doi:
        return paper.doi
    return f"10.48550/arXiv.{arxiv_base(paper.arxiv)}" if paper.arxiv else None


def arxiv_url(arxiv: str) -> str:
    """The paper's abstract page on arXiv."""
    return f"https://arxiv.org/abs/{arxiv}"


def landing_url(paper: Paper) -> str | None:
    """Where readers find the paper: its own web page, else arXiv, else its DOI."""
    if paper.url:
        return paper.url
    if paper.arxiv:
        return arxiv_url(paper.arxiv)
    return f"https://doi.org/{paper.doi}" if paper.doi else None


def unnamed_note(paper: Paper) -> str | None:
    """Formats without 'and others' say how many authors the list leaves out."""
    if not paper.more_authors:
        return None
    return f"{paper.author_count} authors; the first {len(paper.authors)} are listed"
