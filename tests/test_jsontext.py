"""Indented JSON written by scholarsite is the very text json.dumps writes."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite.jsontext import indented

# Any text (quotes, backslashes, control characters, '</script>', emoji) and every JSON type.
SCALARS = st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(),
                    st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=200, derandomize=True, database=None)
@given(VALUES, st.sampled_from([1, 2, 4]))
def test_same_text_as_json_dumps(value: object, indent: int) -> None:
    assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@settings(max_examples=100, derandomize=True, database=None)
@given(st.dictionaries(st.text(max_size=6), VALUES, min_size=1, max_size=4))
def test_starting_level_indents_like_textwrap(value: dict) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # textwrap also breaks lines at U+0085, U+2028 and U+2029, which JSON leaves unescaped:
    # it would put spaces inside such strings, and indented() does not.
    if not any(mark in text for mark in "\x85\u2028\u2029"):
        assert "  " + indented(value, 2, level=1) == textwrap.indent(text, "  ")
    assert _same_data(indented(value, 2, level=1), text)


def _same_data(a: str, b: str) -> bool:
    """Both texts parse to the same values (compared as text: NaN is not equal to itself)."""
    return json.dumps(json.loads(a)) == json.dumps(json.loads(b))


def test_empty_containers_and_nesting() -> None:
    value = {"a": [], "b": {}, "c": [[1, {"d": None}]], "é": "\u2028\"\\"}
    assert indented(value, 1) == json.dumps(value, ensure_ascii=False, indent=1)


def test_keys_must_be_text() -> None:
    with pytest.raises(TypeError):
        indented({1: "one"}, 2)
