"""Render the model into pages: plan what each page shows, then fill its Jinja template."""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .authors import Authors, shorten
from .errors import Problem, SiteError, display_path
from .exports import SITE_BIBTEX, SITE_CSL_JSON, Citation
from .head import paper_head, profile_head
from .metrics import summarise
from .metrics_display import citation_chart, citation_header
from .model import Paper, Site
from .write import Data, Text

@dataclass(frozen=True)
class Neighbour:
    """What a paper page shows of the paper before or after it."""

    slug: str
    title: str


@dataclass(frozen=True)
class Page:
    """One output file: its path in output/, its template and everything the template sees."""

    path: str
    template: str
    context: dict[str, Any]


def entry_page(
    site: Site, paper: Paper, number: int, title: Markup, abstract: Markup, authors: Authors
) -> Page:
    """One paper's entry in the publication list, rendered on its own so an edit re-renders one.

    authors is the paper's author list marked (authors.mark_owner), as for its page. An
    entry's path is its paper's slug: entries are parts of index.html, not files.
    """
    return Page(paper.slug, "entry.html", {
        "root": "",
        "paper": paper,
        "number": number,
        "title": title,
        "abstract": abstract,
        "authors": shorten(paper, site.config.authors_shown, authors),
    })


def site_pages(
    site: Site, entries: Mapping[str, Markup | EntryMark], bio: Markup, assets: Mapping[str, str]
) -> list[Page]:
    """The pages about the whole site: the profile with its publication list, and the 404 page.

    entries holds each published paper's entry (or its mark), by slug.
    """
    common = _common(site, assets)
    given = site.profile.metrics
    metrics = summarise(given, site.papers)
    return [
        Page("index.html", "index.html", {
            **common,
            "root": "",
            "canonical": _absolute(site, ""),
            "head": profile_head(site),
            "header": citation_header(metrics, given),
            "chart": citation_chart(dict(given.citations_by_year)),
            "exports": {"bibtex": SITE_BIBTEX, "csl_json": SITE_CSL_JSON},
            "bio": bio,
            "papers": site.papers,
            "entries": entries,
        }),
        Page("404.html", "404.html", {**common, "root": _site_path(site), "canonical": None}),
    ]


def paper_page(
    site: Site,
    paper: Paper,
    title: Markup,
    abstract: Markup,
    citation: Citation,
    neighbours: tuple[Neighbour | None, Neighbour | None],
    assets: Mapping[str, str],
    authors: Authors,
) -> Page:
    """A paper's own page; neighbours are the papers before and after it in the list.

    authors is the paper's author list marked (authors.mark_owner), as for its entry.
    """
    newer, older = neighbours
    return Page(paper_path(paper), "paper.html", {
        **_common(site, assets),
        "root": "../../",
        "canonical": _absolute(site, f"papers/{paper.slug}/"),
        "head": paper_head(site.config, site.profile, paper, authors),
        "paper": paper,
        "title": title,
        "authors": authors,
        "abstract": abstract,
        "citation": citation,
        "newer": newer,
        "older": older,
    })


def paper_path(paper: Paper) -> str:
    """Where a paper's page is in output/."""
    return f"papers/{paper.slug}/index.html"


def neighbour(paper: Paper) -> Neighbour:
    """What the pages before and after a paper show of it (its slug and title, which
    paper_work._neighbour_part puts in their page keys)."""
    return Neighbour(paper.slug, paper.title)


def _common(site: Site, assets: Mapping[str, str]) -> dict[str, Any]:
    """What every page's template sees."""
    return {"site": site.config, "profile": site.profile, "assets": assets}


def _absolute(site: Site, path: str) -> str | None:
    """An absolute URL from base_url, or None when the site has none."""
    return site.config.base_url + path if site.config.base_url else None


def _site_path(site: Site) -> str:
    """The path the site is served under ('/' or '/repo/'), for pages served at any depth."""
    return urlsplit(site.config.base_url).path if site.config.base_url else "/"


def asset_urls(folder: Path) -> dict[str, str]:
    """Each theme asset's URL with a content hash, so browsers never keep a stale stylesheet."""
    if not folder.is_dir():
        return {}
    urls = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        version = hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
        urls[name] = f"assets/{name}?v={version}"
    return urls


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """Fill one page's template; a template mistake becomes a SiteError naming file and line."""
    try:
        return env.get_template(page.template).render(page.context).encode("utf-8")
    except jinja2.TemplateSyntaxError as error:
        raise SiteError([_template_problem(env, error.filename, error.lineno, error.message)])
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as error:
        filename, line = _template_frame(env, sys.exc_info()[2])
        raise SiteError([_template_problem(env, filename, line, _describe(error))]) from None


def _describe(error: Exception) -> str:
    """The message of a template runtime error, in the template's own words."""
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message} (check the variable's name)"
    return f"{type(error).__name__}: {error}"


def _template_frame(env: jinja2.Environment, tb: Any) -> tuple[str | None, int | None]:
    """The innermost traceback frame inside a template: Jinja maps those to template lines."""
    found: tuple[str | None, int | None] = (None, None)
    folder = _template_folder(env)
    for frame, line in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if folder and Path(name).is_relative_to(folder):
            found = (name, line)
    return found


def _template_folder(env: jinja2.Environment) -> Path | None:
    """The folder templates are loaded from."""
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return Path(loader.searchpath[0]).resolve()
    return None


def _template_problem(
    env: jinja2.Environment, filename: str | None, line: int | None, message: str | None
) -> Problem:
    """A Problem naming the template relative to the project (templates/x.html)."""
    folder = _template_folder(env)
    shown = filename or "templates"
    if filename and folder:
        shown = display_path(Path(filename).resolve(), folder.parent)
    return Problem(shown, line, None, message or "template error")


class EntryMark:
    """Stands for a paper's entry while the profile page renders: it prints as a mark that
    is then replaced by the entry's bytes. Anything but printing it fails, so a template that
    does more with an entry than show it is rendered with the entries themselves."""

    __slots__ = ("_mark",)

    def __init__(self, number: int) -> None:
        self._mark = f"\0{number}\0"

    def __html__(self) -> str:
        return self._mark  # made Markup by the escaping that asks for it, once

    def __str__(self) -> str:
        raise TypeError("an entry can only be shown")


def entry_marks(entries: Mapping[str, Text]) -> dict[str, EntryMark]:
    """A mark for each entry, numbered in the order of the list."""
    return {slug: EntryMark(number) for number, slug in enumerate(entries)}


def render_joined(
    env: jinja2.Environment, page: Page, entries: Mapping[str, Text]
) -> Data:
    """A page listing every entry, rendered with marks in their places, which are then
    replaced by the entries' bytes: the pieces of the page, in order (write.Data). At 10,000
    papers the entries are 25 MB, which Jinja would otherwise copy, join and encode again on
    every build."""
    try:
        marked = render_page(env, page).split(b"\0")
    except SiteError:
        marked = []
    if marked[1::2] != [b"%d" % number for number in range(len(entries))]:
        # A mark was not printed exactly once, in order: render with the entries themselves.
        return render_page(env, dataclasses.replace(
            page, context={**page.context, "entries": entries_markup(entries)}))
    marked[1::2] = entries.values()
    return marked


def entries_markup(entries: Mapping[str, Text]) -> dict[str, Markup]:
    """Entries as the template sees them when it is given the entries themselves."""
    return {slug: Markup(str(entry, "utf-8")) for slug, entry in entries.items()}
