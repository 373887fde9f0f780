"""Readers for typed fields: each turns one YAML node into a value, or into a Problem.

Every scalar is read from the text as typed; YAML's own guess at its type is ignored, so
`title: No` is the text "No" and `arxiv: 2601.18210` keeps its trailing zero.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem
from .load import Document, is_plain


class Invalid(Exception):
    """A field's value is wrong; the message says how, in plain words."""

    def __init__(self, message: str, node: Node | None = None) -> None:
        super().__init__(message)
        self.node = node  # the part of the value that is wrong, when not the whole


Reader = Callable[[Node], Any]


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping: how to read it, whether it is required, what it means."""

    name: str
    read: Reader
    doc: str
    required: bool = False


def read_mapping(
    document: Document,
    node: Node | None,
    fields: tuple[Field, ...],
    problems: list[Problem],
    prefix: str = "",
) -> dict[str, Any]:
    """Read the known keys of a mapping; report unknown, missing and invalid ones.

    prefix names the group in messages (metrics.citations) when the mapping is nested.
    """
    if node is None:
        node = MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, MappingNode):
        problems.append(Problem(document.path, document.line(node), None,
                                "expected fields as 'name: value' lines"))
        return {}
    known = {field.name: field for field in fields}
    values: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue  # load reports keys that are not text
        field = known.get(key.value)
        if field is None:
            problems.append(_unknown(document, key, known, prefix))
            continue
        if _is_null(value):
            continue
        try:
            values[field.name] = field.read(value)
        except Invalid as error:
            line = document.line(error.node or value)
            problems.append(Problem(document.path, line, prefix + field.name, str(error)))
    for field in fields:
        if field.required and field.name not in values and not _reported(problems, document, field):
            line = document.line(node) if node.value else document.line_offset
            problems.append(Problem(document.path, line, prefix + field.name,
                                    f"missing: add it ({field.doc})"))
    return values


def _reported(problems: list[Problem], document: Document, field: Field) -> bool:
    """Whether a problem was already given for this field (so 'missing' is not added)."""
    return any(p.path == document.path and p.field == field.name for p in problems)


def _unknown(document: Document, key: ScalarNode, known: dict[str, Field], prefix: str) -> Problem:
    """An unknown key, with the closest known one as a suggestion."""
    close = difflib.get_close_matches(key.value, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(known)
    return Problem(document.path, document.line(key), prefix + key.value, f"unknown field ({hint})")


def _is_null(node: Node) -> bool:
    """An empty value (`key:`, `~`, `null`) means the field is not given."""
    return is_plain(node) and node.value in ("", "~", "null", "Null", "NULL")


def _scalar(node: Node, expected: str) -> str:
    """The text of a scalar node, or Invalid when the value is a list or mapping."""
    if isinstance(node, ScalarNode):
        return node.value
    got = "a list" if isinstance(node, SequenceNode) else "several 'name: value' lines"
    raise Invalid(f"expected {expected}, got {got}")


def text(node: Node) -> str:
    """Any text, exactly as typed."""
    value = _scalar(node, "text").strip()
    if not value:
        raise Invalid("is empty")
    return value


def multiline_text(node: Node) -> str:
    """Text that may span lines (Markdown), as typed."""
    return _scalar(node, "text")


_COUNT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


def count(node: Node) -> int:
    """A whole number of 0 or more; thousands may be written 1,052."""
    value = _scalar(node, "a whole number").strip()
    if value.startswith("-") and _COUNT.fullmatch(value[1:]):
        raise Invalid(f"must be 0 or more, got {value}")
    if not _COUNT.fullmatch(value):
        raise Invalid(f"expected a whole number such as 12, got '{value}'")
    if len(value) > 1 and value.startswith("0"):
        raise Invalid(f"write the number without leading zeros, got '{value}'")
    if len(value) > 15:
        raise Invalid(f"this number is too large, got '{value}'")
    return int(value.replace(",", ""))


def positive_count(node: Node) -> int:
    """A whole number of 1 or more."""
    value = count(node)
    if value < 1:
        raise Invalid(f"must be 1 or more, got {value}")
    return value


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date(node: Node) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    value = _scalar(node, "a date YYYY-MM-DD").strip()
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected YYYY-MM-DD, got '{value}'")


def flag(node: Node) -> bool:
    """true or false; YAML 1.1's yes/no/on/off are refused as ambiguous."""
    value = _scalar(node, "true or false").strip()
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise Invalid(f"expected true or false, got '{value}'")


def text_list(node: Node) -> tuple[str, ...]:
    """A list of texts, one per line starting with '- '."""
    if not isinstance(node, SequenceNode):
        raise Invalid("expected a list, one item per line starting with '- '")
    items = []
    for item in node.value:
        if _is_null(item):
            raise Invalid(f"item {len(items) + 1} of the list is empty", item)
        try:
            items.append(text(item))
        except Invalid as error:
            raise Invalid(f"item {len(items) + 1}: {error}", item) from None
    return tuple(items)


def non_empty_list(node: Node) -> tuple[str, ...]:
    """A list of texts with at least one item."""
    items = text_list(node)
    if not items:
        raise Invalid("the list is empty: give at least one")
    return items


_SAFE_SCHEMES = ("http", "https", "mailto")


def link(node: Node) -> str:
    """A web address: http(s), mailto, or a path relative to the site."""
    value = text(node)
    if any(ch.isspace() for ch in value):
        raise Invalid(f"a web address cannot contain spaces, got '{value}'")
    # Browsers skip control characters in a scheme (java\x01script:), and invisible ones
    # hide what a link really is: neither belongs in an address typed by hand.
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise Invalid(f"a web address cannot contain invisible characters, got '{value}'")
    parts = urlsplit(value)
    if parts.scheme and parts.scheme.lower() not in _SAFE_SCHEMES:
        raise Invalid(
            f"only http://, https:// and mailto: addresses or relative paths are allowed, "
            f"got '{value}'"
        )
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        raise Invalid(f"this web address has no host, got '{value}'")
    if not parts.scheme and (value.startswith("//") or ":" in value.split("/")[0]):
        raise Invalid(f"write the full address with https://, got '{value}'")
    return value


def absolute_url(node: Node) -> str:
    """An absolute http(s) URL ending in '/', where the site is published."""
    return site_url(text(node))


def site_url(value: str) -> str:
    """base_url as typed in site.yaml or given as --base-url, checked, with its trailing '/'."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise Invalid(
            f"expected the full address of the site, such as https://name.github.io/ "
            f"or https://name.github.io/repo/, got '{value}'"
        )
    return value if value.endswith("/") else value + "/"


_ARXIV = re.compile(r"[0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?"  # since 2007: 2601.18210v2
                    r"|[a-z][a-z-]*(?:\.[A-Z]{2})?/[0-9]{7}(?:v[0-9]+)?")  # before: math.AG/0601001


def arxiv_id(node: Node) -> str:
    """An arXiv identifier: 2603.01973, 2603.01973v1 or hep-th/9901001."""
    value = text(node)
    value = value.removeprefix("arXiv:").removeprefix("arxiv:")
    if not _ARXIV.fullmatch(value):
        raise Invalid(
            f"expected an arXiv id such as 2603.01973, 2603.01973v1 or hep-th/9901001, "
            f"got '{value}'"
        )
    return value


_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")


def doi(node: Node) -> str:
    """A DOI such as 10.1145/3368089; a https://doi.org/ prefix is dropped."""
    value = text(node)
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        value = value.removeprefix(prefix)
    if not _DOI.fullmatch(value):
        raise Invalid(f"expected a DOI such as 10.1145/3368089.3409739, got '{value}'")
    return value


def email(node: Node) -> str:
    """An e-mail address."""
    value = text(node)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise Invalid(f"expected an e-mail address such as name@example.org, got '{value}'")
    return value


def language(node: Node) -> str:
    """A language tag such as en, de or pt-BR."""
    value = text(node)
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise Invalid(f"expected a language code such as en, de or pt-BR, got '{value}'")
    return value


def host_name(node: Node) -> str:
    """A bare host name for a custom domain, such as www.example.org."""
    value = text(node)
    label = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
    if not re.fullmatch(rf"{label}(?:\.{label})+", value):
        raise Invalid("expected a domain name such as www.example.org (no https://), "
                      f"got '{value}'")
    return value.lower()


def text_mapping(node: Node) -> tuple[tuple[str, str], ...]:
    """A mapping of label to web address, in the order written."""
    if not isinstance(node, MappingNode):
        raise Invalid("expected one 'Label: https://...' line per link")
    pairs = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            raise Invalid("a label must be text", key)
        try:
            pairs.append((key.value, link(value)))
        except Invalid as error:
            raise Invalid(f"{key.value}: {error}", value) from None
    return tuple(pairs)


def year_counts(node: Node) -> tuple[tuple[int, int], ...]:
    """A mapping of year to citation count, such as '2024: 312', sorted by year."""
    if not isinstance(node, MappingNode):
        raise Invalid("expected one 'YYYY: count' line per year")
    pairs = []
    for key, value in node.value:
        year = _scalar(key, "a year").strip()
        if not re.fullmatch(r"[0-9]{4}", year):
            raise Invalid(f"expected a year such as 2024, got '{year}'", key)
        try:
            pairs.append((int(year), count(value)))
        except Invalid as error:
            raise Invalid(f"{year}: {error}", value) from None
    return tuple(sorted(pairs))
