"""The owner's name: matched across spellings, highlighted, never hidden behind '+N'."""

from __future__ import annotations

import pytest

from scholarsite.authors import Author, author_list, mark_owner
from scholarsite.names import abbreviates, fold, is_owner, split_name
from scholar_papers import FLYWHEEL, GENERALIZATION, POWER_FLOW, paper


def test_fold_removes_accents_and_case() -> None:
    assert fold("Łukasz Müller-Søren Ærø ß") == "lukasz muller-soren aero ss"
    assert fold("李明") == ""


@pytest.mark.parametrize("name, given, family", [
    ("Lin Guan", "Lin", "Guan"),
    ("L. Guan", "L.", "Guan"),
    ("Guan, Lin", "Lin", "Guan"),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
    ("Martin Luther King Jr.", "Martin Luther", "King"),
    ("Aristotle", "", "Aristotle"),
    ("Nguyễn Văn An", "Nguyễn Văn", "An"),
])
def test_split_name(name: str, given: str, family: str) -> None:
    parts = split_name(name)
    assert (parts.given, parts.family) == (given, family)


@pytest.mark.parametrize("author, owner", [
    ("L. Guan", "L. Guan"),
    ("l guan", "L. Guan"),
    ("Guan, L.", "L. Guan"),
    ("L. Guan", "Lin Guan"),  # the author list shortened the owner's given name
    ("Lin Guan", "Lin Guan"),
    ("LIN GUAN", "Lin Guan"),
    ("José Álvarez", "Jose Alvarez"),
    ("Jose Alvarez", "José Álvarez"),
    ("J.-P. Serre", "Jean-Pierre Serre"),
    ("Jean-Pierre Serre", "Jean Pierre Serre"),
    ("L. Guan", "Lin X. Guan"),
    ("Ludwig van Beethoven", "Ludwig Van Beethoven"),
])
def test_spellings_of_the_owner(author: str, owner: str) -> None:
    assert abbreviates(author, owner)


@pytest.mark.parametrize("author, owner", [
    ("Lin Guan", "L. Guan"),  # never expand an initial: it may be a co-author
    ("Lei Guan", "Lin Guan"),
    ("Lin Chen", "L. Guan"),
    ("Guan", "L. Guan"),
    ("X. Guan", "Lin X. Guan"),
    ("L. Guang", "L. Guan"),
    ("李明", "Li Ming"),
    ("", "L. Guan"),
])
def test_other_people_are_not_the_owner(author: str, owner: str) -> None:
    assert not abbreviates(author, owner)


def test_aliases_add_spellings() -> None:
    names = ("L. Guan", "Lin Guan", "管林")
    assert is_owner("Lin Guan", names)
    assert is_owner("管林", names)
    assert not is_owner("Lei Guan", names)


OWNER = ("L. Guan",)


def names(authors: tuple[Author, ...]) -> list[str]:
    """The names of a list, with the owner starred."""
    return [a.name + ("*" if a.owner else "") for a in authors]


def test_reference_lists_show_five_and_the_rest_as_a_count() -> None:
    first = author_list(FLYWHEEL, 5, OWNER)
    assert names(first.first) == ["L. Guan*", "Lin Chen", "Yixin Nie", "Shigan Chu",
                                  "Ajay Thampi"]
    assert (first.owner, first.gap, first.more, first.unnamed) == (None, False, 17, 17)
    assert author_list(GENERALIZATION, 5, OWNER).more == 4
    assert names(author_list(GENERALIZATION, 5, OWNER).first)[3] == "L. Guan*"
    assert author_list(POWER_FLOW, 5, OWNER).more == 1


def test_an_owner_beyond_the_first_names_stays_visible() -> None:
    authors = ("A", "B", "C", "D", "E", "F", "G", "L. Guan", "H")
    shown = author_list(paper(authors=authors, more_authors=13), 5, OWNER)
    assert names(shown.first) == ["A", "B", "C", "D", "E"]
    assert shown.owner == Author("L. Guan", True)
    assert shown.gap is True
    assert shown.more == 22 - 6  # A, B, C, D, E, ..., L. Guan, +16
    assert names(shown.everyone) == ["A", "B", "C", "D", "E", "F", "G", "L. Guan*", "H"]


def test_an_owner_right_after_the_first_names_needs_no_ellipsis() -> None:
    shown = author_list(paper(authors=("A", "B", "L. Guan", "C")), 2, OWNER)
    assert shown.owner == Author("L. Guan", True)
    assert (shown.gap, shown.more) == (False, 1)


def test_short_lists_show_everyone() -> None:
    shown = author_list(paper(authors=("A", "L. Guan")), 5, OWNER)
    assert names(shown.first) == ["A", "L. Guan*"]
    assert (shown.owner, shown.more) == (None, 0)


def test_an_owner_among_the_unnamed_cannot_be_shown() -> None:
    shown = author_list(paper(authors=("A", "B"), more_authors=3), 1, OWNER)
    assert (shown.owner, shown.more) == (None, 4)


def test_mark_owner_marks_every_occurrence() -> None:
    marked = mark_owner(("Lin Guan", "Lin Chen", "L. Guan"), ("Lin Guan",))
    assert [a.owner for a in marked] == [True, False, True]


def test_marked_authors_read_as_author_items_in_order() -> None:
    marked = mark_owner(("A", "L. Guan", "B", "Lin Guan"), ("Lin Guan",))
    assert list(marked) == [Author("A", False), Author("L. Guan", True), Author("B", False),
                            Author("Lin Guan", True)]
    assert len(marked) == 4
    assert list(marked) == list(marked)  # read again, the same
