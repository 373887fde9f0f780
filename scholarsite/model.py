"""The typed model of a site: plain frozen dataclasses, built once by validate, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    """Where a project's folders are; every other path is relative to these."""

    root: Path
    content: Path
    templates: Path
    output: Path

    @classmethod
    def under(cls, root: Path) -> Paths:
        """The default layout: content/, templates/ and output/ inside root."""
        root = root.resolve()
        return cls(root, root / "content", root / "templates", root / "output")


@dataclass(frozen=True)
class SiteConfig:
    """content/site.yaml: settings of the whole site."""

    title: str
    base_url: str | None  # absolute, ends with "/"; None when not configured
    language: str = "en"
    authors_shown: int = 5
    cname: str | None = None


@dataclass(frozen=True)
class Link:
    """A labelled link of the profile (Google Scholar, ORCID, GitHub...)."""

    label: str
    url: str


@dataclass(frozen=True)
class GivenMetrics:
    """Citation metrics as typed in profile.yaml; None where the user gave none."""

    citations: int | None = None
    h_index: int | None = None
    i10_index: int | None = None
    papers: int | None = None
    source: str | None = None  # where the given numbers come from, e.g. "Google Scholar"
    as_of: dt.date | None = None  # when they were read there
    citations_by_year: tuple[tuple[int, int], ...] = ()  # (year, citations), oldest first


@dataclass(frozen=True)
class Profile:
    """content/profile.yaml: the researcher the site is about."""

    name: str
    initials: str
    photo: str | None = None  # path relative to content/
    affiliation: str | None = None
    position: str | None = None
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings of the name in author lists
    links: tuple[Link, ...] = ()
    bio: str = ""  # Markdown source
    metrics: GivenMetrics = field(default_factory=GivenMetrics)

    @property
    def photo_path(self) -> str | None:
        """Where the photo is published: files under content/static/ keep their place there."""
        return self.photo.removeprefix("static/") if self.photo else None


@dataclass(frozen=True)
class Paper:
    """content/papers/<slug>.md: one paper, its front matter and its abstract."""

    slug: str
    source: str  # the file it came from, relative to the project root
    title: str
    date: dt.date
    authors: tuple[str, ...]
    abstract: str = ""  # Markdown source
    abstract_line: int = 1  # line of the file where the abstract starts, for warnings
    more_authors: int = 0
    arxiv: str | None = None
    citations: int = 0
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    pdf: str | None = None  # a link to a PDF elsewhere
    pdf_file: str | None = None  # a PDF under content/, published next to the page as <slug>.pdf
    code: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False

    @property
    def pdf_name(self) -> str | None:
        """The file name of the paper's own PDF in its folder, when it ships one."""
        return f"{self.slug}.pdf" if self.pdf_file else None

    @property
    def author_count(self) -> int:
        """Every author, named or counted in more_authors."""
        return len(self.authors) + self.more_authors


@dataclass(frozen=True)
class Metric:
    """One number of the citation summary and whether the user gave it or it was computed."""

    value: int
    given: bool


@dataclass(frozen=True)
class Metrics:
    """The citation summary shown in the profile header."""

    citations: Metric
    h_index: Metric
    i10_index: Metric
    papers: Metric


@dataclass(frozen=True)
class Site:
    """Everything a build renders: settings, profile and published papers, newest first."""

    config: SiteConfig
    profile: Profile
    papers: tuple[Paper, ...]
    static_files: tuple[str, ...] = ()  # paths under content/static/, copied as they are
    drafts: tuple[Paper, ...] = ()  # valid papers marked draft: not published
