"""Indented JSON text, the same as json.dumps(value, ensure_ascii=False, indent=n) writes."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

# json.dumps only uses its C encoder without indent; with indent it walks the data in Python
# generators, seconds for a paper with 100,000 authors. Strings, most of the text, are
# escaped here by the same C function the C encoder uses.


def indented(value: Any, indent: int, level: int = 0) -> str:
    """value as JSON, indent spaces a level; lines after the first start at `level`."""
    # Text members are written in place rather than by a call each: most values are text.
    if isinstance(value, str):
        return encode_basestring(value)
    deeper = level + 1
    if isinstance(value, dict):
        if not value:
            return "{}"
        # Keys other than text raise TypeError here, where json.dumps would convert them.
        members = [encode_basestring(key) + ": " + (encode_basestring(item) if type(item) is str
                                                    else indented(item, indent, deeper))
                   for key, item in value.items()]
        start, end = "{", "}"
    elif isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        members = [encode_basestring(item) if type(item) is str else indented(item, indent, deeper)
                   for item in value]
        start, end = "[", "]"
    else:
        return _scalar(value)
    inner = "\n" + " " * (indent * deeper)
    return start + inner + ("," + inner).join(members) + "\n" + " " * (indent * level) + end


def _scalar(value: Any) -> str:
    """A number, true, false or null as json.dumps writes it."""
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)  # what json.dumps writes for an int
    return json.dumps(value, ensure_ascii=False)  # floats (nan, inf), booleans, the rest
