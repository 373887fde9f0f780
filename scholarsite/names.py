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


@dataclass(frozen=True)
class PersonName:
    """A name split as bibliographies need it; given is empty for one-word names."""

    given: str
    family: str
    suffix: str = ""


def fold(text: str) -> str:
    """Lowercase ASCII spelling: 'Łukasz Müller' -> 'lukasz muller'; other scripts vanish."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def split_name(name: str) -> PersonName:
    """'Family, Given' or 'Given Family' (with particles and Jr./III) into its parts."""
    if "," in name:
        family, _, given = (part.strip() for part in name.partition(","))
        return PersonName(given, family)
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return PersonName(" ".join(words[:start]), " ".join(words[start:]), suffix)


def _given_tokens(given: str) -> list[str]:
    """'Jean-Pierre' -> ['jean', 'pierre']; 'J.-P.' -> ['j', 'p']."""
    return [t for t in re.split(r"[\s.\-]+", fold(given)) if t]


def _family_key(family: str) -> str:
    """Family names compare without case, accents, spaces or hyphens."""
    return re.sub(r"[^a-z0-9]", "", fold(family))


def abbreviates(author: str, owner: str) -> bool:
    """True when author is owner's name, possibly with given names cut to initials.

    The rule only shortens the owner's spelling, never expands it: owner 'Lin Guan' matches
    'L. Guan', 'lin guan' and 'Guan, L.', but owner 'L. Guan' does not match 'Lin Guan' or
    'Lei Guan' (either may be a co-author); list such spellings under aliases instead.
    """
    if _same_text(author, owner):
        return True  # also covers scripts that fold to nothing, such as Chinese names
    a, o = split_name(author), split_name(owner)
    if not _family_key(a.family) or _family_key(a.family) != _family_key(o.family):
        return False
    a_given, o_given = _given_tokens(a.given), _given_tokens(o.given)
    if len(a_given) > len(o_given) or (o_given and not a_given):
        return False
    return all(x == y or (len(x) == 1 and y.startswith(x)) for x, y in zip(a_given, o_given))


def _same_text(a: str, b: str) -> bool:
    """Equal up to Unicode form, case and spacing."""
    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return normal(a) == normal(b) != ""


def is_owner(author: str, owner_names: Iterable[str]) -> bool:
    """True when author is one of the owner's names (profile name or an alias)."""
    return _is_owner(author, tuple(owner_names))


@lru_cache(maxsize=1 << 16)
def _is_owner(author: str, owner_names: tuple[str, ...]) -> bool:
    """is_owner, remembered: co-authors recur across a long list of papers."""
    return any(abbreviates(author, name) for name in owner_names)
