"""Owner matching gives the same answers as the rule written out plainly, on any names."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite.names import abbreviates, fold, is_owner, owners_among, split_name

# Pieces of names that exercise every branch: initials, particles, suffixes, hyphens, commas,
# accents, letters without a decomposition, compatibility forms and scripts that fold to nothing.
WORDS = st.sampled_from([
    "Lin", "L.", "L", "lin", "LIN", "Guan", "guan", "Guang", "Gu", "an", "X.", "Xu", "J.-P.",
    "Jean-Pierre", "van", "der", "de", "la", "Jr.", "III", "José", "Jose", "Łukasz", "Lukasz",
    "Ｌｉｎ", "Ｇｕａｎ", "ﬁnn", "管林", "管", "林", "İlkay", "O'Neil", "Al-Guan", "-", ".", "",
])
NAMES = st.lists(WORDS, max_size=4).flatmap(
    lambda words: st.sampled_from([" ".join(words), ", ".join(words[:1] + [" ".join(words[1:])]),
                                   "  ".join(words), "-".join(words)]))


def plain_abbreviates(author: str, owner: str) -> bool:
    """The rule as first written: split both names and compare their parts."""
    def normal(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    def family_key(family: str) -> str:
        return re.sub(r"[^a-z0-9]", "", fold(family))

    def given_tokens(given: str) -> list[str]:
        return [t for t in re.split(r"[\s.\-]+", fold(given)) if t]

    if normal(author) == normal(owner) != "":
        return True
    a, o = split_name(author), split_name(owner)
    if not family_key(a.family) or family_key(a.family) != family_key(o.family):
        return False
    a_given, o_given = given_tokens(a.given), given_tokens(o.given)
    if len(a_given) > len(o_given) or (o_given and not a_given):
        return False
    return all(x == y or (len(x) == 1 and y.startswith(x)) for x, y in zip(a_given, o_given))


@settings(max_examples=1000, derandomize=True, database=None)
@given(NAMES, NAMES)
def test_abbreviates_follows_the_rule(author: str, owner: str) -> None:
    assert abbreviates(author, owner) == plain_abbreviates(author, owner)


@settings(max_examples=300, derandomize=True, database=None)
@given(st.lists(NAMES, max_size=6), st.lists(NAMES, min_size=1, max_size=3))
def test_a_whole_list_at_once(authors: list[str], owner: list[str]) -> None:
    expected = [any(plain_abbreviates(a, name) for name in owner) for a in authors]
    assert owners_among(authors, owner) == expected
    assert [is_owner(a, owner) for a in authors] == expected


def test_fold_keeps_ascii_as_lowercase() -> None:
    assert fold("Ada O'Neil-Byron, Jr.") == "ada o'neil-byron, jr."
    assert fold("Łukasz Müller ﬁ 管") == "lukasz muller fi "
