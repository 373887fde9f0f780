"""Read scholarsite's content format for the converters to other generators' formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# BaseLoader keeps every scalar as the text typed (arXiv ids stay strings, as in scholarsite).
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class SourcePaper:
    """One paper file: its slug, front matter (all values as text) and Markdown abstract."""

    slug: str
    meta: dict[str, Any]
    abstract: str

    @property
    def authors(self) -> list[str]:
        """The named authors, in order."""
        return list(self.meta.get("authors", []))


@dataclass(frozen=True)
class SourceSite:
    """A whole content/ folder."""

    config: dict[str, Any]
    profile: dict[str, Any]
    papers: list[SourcePaper]


def read_site(content: Path) -> SourceSite:
    """Every file of a content/ folder, papers in file-name order."""
    config_file = content / "site.yaml"
    config = _load(config_file.read_text(encoding="utf-8")) if config_file.exists() else {}
    profile = _load((content / "profile.yaml").read_text(encoding="utf-8"))
    papers = [read_paper(path) for path in sorted((content / "papers").glob("*.md"))]
    return SourceSite(config or {}, profile, papers)


def read_paper(path: Path) -> SourcePaper:
    """Split a paper file into front matter and abstract."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return SourcePaper(path.stem, _load(front), body.strip() + "\n")


def _load(text: str) -> Any:
    """YAML as plain strings, lists and mappings."""
    return yaml.load(text, Loader=_LOADER)


def display_name(site: SourceSite) -> str:
    """The site's title, as scholarsite derives it."""
    return str(site.config.get("title") or site.profile["name"])
