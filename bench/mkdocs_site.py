"""Turn a scholarsite content/ folder into an equivalent MkDocs project (same pages, same facts).

The theme in bench/templates_mkdocs/ shows what scholarsite's templates show: the home page
lists every paper with its abstract (each page's HTML, converted once), and each paper has
its page. The navigation lists the papers newest first, as the profile does, and is not
printed; the search plugin, which scholarsite has no counterpart of, is off.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from content import SourcePaper, SourceSite, display_name, read_site
from trash import discard

HERE = Path(__file__).resolve().parent
THEME = HERE / "templates_mkdocs"
STYLESHEET = HERE.parent / "templates" / "assets" / "style.css"


def write_mkdocs_site(content: Path, dest: Path) -> None:
    """Write dest/mkdocs.yml, dest/theme/ and dest/docs/ (index.md, papers/<slug>.md)."""
    site = read_site(content)
    discard(dest)  # not deleted: see trash.py
    shutil.copytree(THEME, dest / "theme")
    docs = dest / "docs"
    (docs / "assets").mkdir(parents=True)
    shutil.copy(STYLESHEET, docs / "assets" / "style.css")
    (docs / "index.md").write_text(f"---\ntitle: {json.dumps(display_name(site))}\n---\n",
                                   encoding="utf-8")
    (docs / "papers").mkdir()
    for paper in site.papers:
        (docs / "papers" / f"{paper.slug}.md").write_text(paper_file(paper), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(settings(site), encoding="utf-8")


def settings(site: SourceSite) -> str:
    """mkdocs.yml, in JSON (which YAML reads): the theme, the profile and the papers' order."""
    profile = dict(site.profile)
    profile.setdefault("initials", profile["name"][0])
    # Newest first, papers of one date in file-name order (read_site's): as scholarsite lists.
    newest_first = sorted(site.papers, key=lambda p: str(p.meta["date"]), reverse=True)
    config = {
        "site_name": display_name(site),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {"name": None, "custom_dir": "theme", "static_templates": ["404.html"]},
        "plugins": [],
        "nav": ["index.md", *[f"papers/{paper.slug}.md" for paper in newest_first]],
        "extra": {"profile": profile, "language": site.config.get("language", "en"),
                  "authors_shown": int(site.config.get("authors_shown", 5))},
    }
    return json.dumps(config, ensure_ascii=False, indent=1) + "\n"


def paper_file(paper: SourcePaper) -> str:
    """Front matter (values in JSON, typed as the theme needs them), then the abstract."""
    meta = paper.meta
    front = {
        "title": meta["title"],
        "authors": paper.authors,
        "more_authors": int(meta.get("more_authors", 0)),
        "arxiv": meta.get("arxiv", ""),
        "citations": int(meta.get("citations", 0)),
    }
    lines = [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in front.items()]
    lines.insert(1, f"date: {meta['date']}")  # unquoted: read as a date
    return "---\n" + "\n".join(lines) + "\n---\n\n" + paper.abstract


if __name__ == "__main__":
    import sys

    write_mkdocs_site(Path(sys.argv[1]), Path(sys.argv[2]))
