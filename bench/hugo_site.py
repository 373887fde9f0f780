"""Turn a scholarsite content/ folder into an equivalent Hugo site (same pages, same facts).

The layouts in bench/templates_hugo/ show what scholarsite's templates show: the profile
header with the citation summary, every paper with its abstract on the index, and one page
per paper with title, all authors, date, links, abstract, citations, BibTeX and neighbours.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from content import SourcePaper, SourceSite, display_name, read_site
from trash import discard

HERE = Path(__file__).resolve().parent
LAYOUTS = HERE / "templates_hugo" / "layouts"
STYLESHEET = HERE.parent / "templates" / "assets" / "style.css"


def write_hugo_site(content: Path, dest: Path) -> None:
    """Write dest/hugo.toml, dest/layouts/, dest/static/ and dest/content/papers/."""
    site = read_site(content)
    discard(dest)  # not deleted: see trash.py
    shutil.copytree(LAYOUTS, dest / "layouts")
    (dest / "static" / "assets").mkdir(parents=True)
    shutil.copy(STYLESHEET, dest / "static" / "assets" / "style.css")
    (dest / "hugo.toml").write_text(hugo_config(site), encoding="utf-8")
    papers = dest / "content" / "papers"
    papers.mkdir(parents=True)
    for paper in site.papers:
        (papers / f"{paper.slug}.md").write_text(paper_file(paper), encoding="utf-8")


def hugo_config(site: SourceSite) -> str:
    """Only the kinds of page scholarsite makes: home, one per paper, and 404."""
    profile = site.profile
    return "\n".join([
        'baseURL = "/"',
        f"title = {json.dumps(display_name(site), ensure_ascii=False)}",
        f'languageCode = "{site.config.get("language", "en")}"',
        "relativeURLs = true",
        "disableHugoGeneratorInject = true",
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "section"]',
        "[params]",
        f"name = {json.dumps(profile['name'], ensure_ascii=False)}",
        "initials = "
        + json.dumps(profile.get("initials") or profile["name"][0], ensure_ascii=False),
        f"affiliation = {json.dumps(profile.get('affiliation', ''), ensure_ascii=False)}",
        f"position = {json.dumps(profile.get('position', ''), ensure_ascii=False)}",
        f"authors_shown = {int(site.config.get('authors_shown', 5))}",
        "[params.links]",
        *(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}"
          for k, v in profile.get("links", {}).items()),
        "",
    ])


def paper_file(paper: SourcePaper) -> str:
    """Hugo front matter in JSON (every value typed as Hugo needs it), then the abstract."""
    meta = paper.meta
    front = {
        "title": meta["title"],
        "date": meta["date"],
        "slug": paper.slug,
        "authors": paper.authors,
        "more_authors": int(meta.get("more_authors", 0)),
        "arxiv": meta.get("arxiv", ""),
        "citations": int(meta.get("citations", 0)),
    }
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + paper.abstract


if __name__ == "__main__":
    import sys

    write_hugo_site(Path(sys.argv[1]), Path(sys.argv[2]))
