"""Everything a page's <head> says about it to search engines, collected for the template."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .authors import Authors, mark_owner, owner_names
from .jsonld import profile_page, scholarly_article, script_json
from .mathtex import plain_text
from .model import Paper, Profile, Site, SiteConfig
from .scholar_meta import (
    Pair,
    highwire_tags,
    opengraph_paper,
    opengraph_profile,
    paper_description,
    profile_description,
    twitter_card,
)


@dataclass(frozen=True)
class Head:
    """A page's meta description, <meta name> and <meta property> tags and its JSON-LD."""

    description: str
    names: tuple[Pair, ...]  # Highwire citation_* and twitter:* tags
    properties: tuple[Pair, ...]  # OpenGraph og:*, article:* tags
    json_ld: Markup  # already safe inside <script type="application/ld+json">


def profile_head(site: Site) -> Head:
    """The profile page: a ProfilePage with its Person, og:type profile."""
    url = site.config.base_url
    description = profile_description(site.profile)
    return Head(
        description,
        tuple(twitter_card(site.profile.name, description)),
        tuple(opengraph_profile(site.profile, url, site.config.title)),
        Markup(script_json(profile_page(site.profile, url))),
    )


def paper_head(config: SiteConfig, profile: Profile, paper: Paper,
               authors: Authors | None = None) -> Head:
    """A paper page: Google Scholar tags, a ScholarlyArticle, og:type article.

    authors is the paper's author list already marked (found from the profile if None).
    """
    base = config.base_url
    url = f"{base}papers/{paper.slug}/" if base else None
    description = paper_description(paper)
    title = plain_text(paper.title, markdown_source=False)
    marked = authors if authors is not None else mark_owner(paper.authors, owner_names(profile))
    article = scholarly_article(paper, url, marked.owner_places, base)
    return Head(
        description,
        tuple(highwire_tags(paper, url, paper.pdf_name) + twitter_card(title, description)),
        tuple(opengraph_paper(paper, url, config.title, description)),
        Markup(script_json(article)),
    )
