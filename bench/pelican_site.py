"""Turn a scholarsite content/ folder into an equivalent Pelican site (same pages, same facts).

The theme in bench/templates_pelican/ shows what scholarsite's templates show; the settings
turn off every page scholarsite does not make (categories, tags, authors, archives, feeds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from content import SourcePaper, SourceSite, display_name, read_site
from trash import discard

HERE = Path(__file__).resolve().parent
THEME = HERE / "templates_pelican"
STYLESHEET = HERE.parent / "templates" / "assets" / "style.css"

SETTINGS = '''\
SITENAME = {title!r}
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = {language!r}
PROFILE = {profile!r}
AUTHORS_SHOWN = {authors_shown}
JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}}
ARTICLE_URL = "papers/{{slug}}/"
ARTICLE_SAVE_AS = "papers/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index", "404"]
DEFAULT_PAGINATION = False
DEFAULT_DATE_FORMAT = "%b %d, %Y"
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
PAGE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
STATIC_PATHS = []
LOAD_CONTENT_CACHE = False
'''


def write_pelican_site(content: Path, dest: Path) -> None:
    """Write dest/pelicanconf.py, dest/theme/ and dest/content/<slug>.md."""
    site = read_site(content)
    discard(dest)  # not deleted: see trash.py
    shutil.copytree(THEME / "templates", dest / "theme" / "templates")
    (dest / "theme" / "static").mkdir(parents=True)
    shutil.copy(STYLESHEET, dest / "theme" / "static" / "style.css")
    (dest / "pelicanconf.py").write_text(settings(site), encoding="utf-8")
    articles = dest / "content"
    articles.mkdir()
    for paper in site.papers:
        (articles / f"{paper.slug}.md").write_text(article_file(paper), encoding="utf-8")


def settings(site: SourceSite) -> str:
    """pelicanconf.py for this site."""
    profile = dict(site.profile)
    profile.setdefault("initials", profile["name"][0])
    return SETTINGS.format(
        title=display_name(site),
        language=site.config.get("language", "en"),
        profile=profile,
        authors_shown=int(site.config.get("authors_shown", 5)),
    )


def article_file(paper: SourcePaper) -> str:
    """Pelican's Markdown metadata lines, then the abstract."""
    meta = paper.meta
    lines = [
        f"Title: {meta['title']}",
        f"Date: {meta['date']}",
        f"Slug: {paper.slug}",
        # Pelican splits authors at commas; the corpus' names have none.
        f"Authors: {', '.join(paper.authors)}",
        f"Arxiv: {meta.get('arxiv', '')}",
        f"Citations: {meta.get('citations', 0)}",
        f"More_authors: {meta.get('more_authors', 0)}",
    ]
    return "\n".join(lines) + "\n\n" + paper.abstract


if __name__ == "__main__":
    import sys

    write_pelican_site(Path(sys.argv[1]), Path(sys.argv[2]))
