"""Author lists as pages show them: the owner highlighted and never hidden behind '+N'."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from .model import Paper, Profile
from .names import owners_among


@dataclass(frozen=True)
class Author:
    """One name of an author list and whether it is the site's owner."""

    name: str
    owner: bool


@dataclass(frozen=True)
class Authors:
    """A paper's authors in order, each read as an Author.

    Names and the owner's places rather than an object per author: a paper may have 100,000
    authors, and the build's cache pickles and fingerprints this value.
    """

    names: tuple[str, ...]
    owner_places: frozenset[int]

    def __iter__(self) -> Iterator[Author]:
        owners = self.owner_places
        return (Author(name, place in owners) for place, name in enumerate(self.names))

    def __len__(self) -> int:
        return len(self.names)


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
    everyone: Authors
    unnamed: int


def owner_names(profile: Profile) -> tuple[str, ...]:
    """The spellings that identify the owner: the profile's name and its aliases."""
    return (profile.name, *profile.aliases)


def mark_owner(authors: Sequence[str], names: Sequence[str]) -> Authors:
    """Every author, marked when they are the owner."""
    owners = owners_among(authors, names)
    return Authors(tuple(authors), frozenset(place for place, mine in enumerate(owners) if mine))


def author_list(paper: Paper, shown: int, names: Sequence[str]) -> AuthorList:
    """The first `shown` authors, then the owner if later in the list, then '+N'."""
    return shorten(paper, shown, mark_owner(paper.authors, names))


def shorten(paper: Paper, shown: int, everyone: Authors) -> AuthorList:
    """author_list from the paper's authors already marked."""
    first = tuple(islice(everyone, shown))
    place = min(everyone.owner_places, default=None)
    later = place if place is not None and place >= shown else None
    owner = Author(everyone.names[later], True) if later is not None else None
    visible = len(first) + (1 if owner else 0)
    return AuthorList(
        first=first,
        owner=owner,
        gap=later is not None and later > shown,
        more=paper.author_count - visible,
        everyone=everyone,
        unnamed=paper.more_authors,
    )
