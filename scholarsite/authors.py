"""Author lists as pages show them: the owner highlighted and never hidden behind '+N'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Paper, Profile
from .names import owners_among


@dataclass(frozen=True)
class Author:
    """One name of an author list and whether it is the site's owner."""

    name: str
    owner: bool


@dataclass(frozen=True)
class AuthorList:
    """What a short author list shows: `A, B, C, D, E, …, Owner, +16`.

    `first` are the first names; `owner` is the owner's entry when it comes after them (shown
    after an ellipsis when `gap` says names were skipped); `more` is the '+N' count of every
    author not shown, named or not; `everyone` is the full named list for the expanded view
    and `unnamed` the number of authors the paper counts but does not name.
    """

    first: tuple[Author, ...]
    owner: Author | None
    gap: bool
    more: int
    everyone: tuple[Author, ...]
    unnamed: int


def owner_names(profile: Profile) -> tuple[str, ...]:
    """The spellings that identify the owner: the profile's name and its aliases."""
    return (profile.name, *profile.aliases)


def mark_owner(authors: Sequence[str], names: Sequence[str]) -> tuple[Author, ...]:
    """Every author, marked when they are the owner."""
    return tuple(map(Author, authors, owners_among(authors, names)))


def author_list(paper: Paper, shown: int, names: Sequence[str]) -> AuthorList:
    """The first `shown` authors, then the owner if later in the list, then '+N'."""
    everyone = mark_owner(paper.authors, names)
    first = everyone[:shown]
    place = next((i for i, author in enumerate(everyone) if author.owner), None)
    later = place if place is not None and place >= shown else None
    owner = everyone[later] if later is not None else None
    visible = len(first) + (1 if owner else 0)
    return AuthorList(
        first=first,
        owner=owner,
        gap=later is not None and later > shown,
        more=paper.author_count - visible,
        everyone=everyone,
        unnamed=paper.more_authors,
    )
