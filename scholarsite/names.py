"""Personal names: ASCII folding, splitting into given and family names, and owner matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus accents.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i",
})
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Lowercase particles that belong to the family name: "Ludwig van Beethoven", "Vera de Souza".
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das",
              "la", "le", "ter", "ten", "zu", "bin", "al"}
_GIVEN_SEPARATORS = re.compile(r"[\s.\-]+")
_NOT_IN_KEY = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class PersonName:
    """A name split as bibliographies need it; given is empty for one-word names."""

    given: str
    family: str
    suffix: str = ""


def fold(text: str) -> str:
    """Lowercase ASCII spelling: 'Łukasz Müller' -> 'lukasz muller'; other scripts vanish."""
    if text.isascii():
        return text.lower()  # the same result, without three passes over the text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=4096)  # a paper's every author is split for RIS and for CSL-JSON
def split_name(name: str) -> PersonName:
    """'Family, Given' or 'Given Family' (with particles and Jr./III) into its parts."""
    if "," in name:
        family, _, given = name.partition(",")
        return PersonName(given.strip(), family.strip())
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return PersonName(" ".join(words[:start]), " ".join(words[start:]), suffix)


def _given_tokens(given: str) -> list[str]:
    """'Jean-Pierre' -> ['jean', 'pierre']; 'J.-P.' -> ['j', 'p']."""
    return [t for t in _GIVEN_SEPARATORS.split(fold(given)) if t]


def _family_key(family: str) -> str:
    """Family names compare without case, accents, spaces or hyphens."""
    return _NOT_IN_KEY.sub("", fold(family))


def abbreviates(author: str, owner: str) -> bool:
    """True when author is owner's name, possibly with given names cut to initials.

    The rule only shortens the owner's spelling, never expands it: owner 'Lin Guan' matches
    'L. Guan', 'lin guan' and 'Guan, L.', but owner 'L. Guan' does not match 'Lin Guan' or
    'Lei Guan' (either may be a co-author); list such spellings under aliases instead.
    """
    return _matches(author, (_spelling(owner),))


@dataclass(frozen=True)
class _Spelling:
    """One of the owner's names, taken apart once for comparing with every author."""

    text: str  # as _normal spells it
    family: str  # as _family_key spells it
    given: tuple[str, ...]


@lru_cache(maxsize=256)
def _spelling(name: str) -> _Spelling:
    """The owner's name as abbreviates compares it: the same few names for every author."""
    parts = split_name(name)
    return _Spelling(_normal(name), _family_key(parts.family), tuple(_given_tokens(parts.given)))


def _matches(author: str, owners: tuple[_Spelling, ...]) -> bool:
    """True when author is any of the owner's names."""
    text, key = _compared(author)
    for owner in owners:  # a loop, not any() over a generator: this runs once per author
        if text == owner.text != "" or (owner.family != "" and owner.family in key
                                        and _shortens(author, owner)):
            return True
    return False


@lru_cache(maxsize=8192)  # co-authors come back paper after paper
def _compared(author: str) -> tuple[str, str]:
    """An author's name as _matches compares it: whole (_normal), and as a key in which a
    family's key is a piece (folding goes letter by letter), so that most co-authors are
    ruled out without splitting their names: long lists stay fast."""
    return _normal(author), _family_key(author)


def _shortens(author: str, owner: _Spelling) -> bool:
    """True when author has the owner's family name and given names or their initials."""
    name = split_name(author)
    if _family_key(name.family) != owner.family:
        return False
    given = _given_tokens(name.given)
    if len(given) > len(owner.given) or (owner.given and not given):
        return False
    return all(x == y or (len(x) == 1 and y.startswith(x)) for x, y in zip(given, owner.given))


def _normal(text: str) -> str:
    """Text up to Unicode form, case and spacing."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_owner(author: str, owner_names: Iterable[str]) -> bool:
    """True when author is one of the owner's names (profile name or an alias)."""
    return _matches(author, tuple(_spelling(name) for name in owner_names))


def owners_among(authors: Iterable[str], owner_names: Iterable[str]) -> list[bool]:
    """is_owner for each author of a list, the owner's names taken apart once."""
    owners = tuple(_spelling(name) for name in owner_names)
    return [_matches(author, owners) for author in authors]
