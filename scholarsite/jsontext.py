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
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        # Keys other than text raise TypeError here, where json.dumps would convert them.
        members = [f"{encode_basestring(key)}: {indented(item, indent, level + 1)}"
                   for key, item in value.items()]
        return _enclose("{", members, "}", indent, level)
    if isinstance(value, (list, tuple)):
        return _enclose("[", [indented(item, indent, level + 1) for item in value], "]",
                        indent, level)
    return json.dumps(value, ensure_ascii=False, indent=indent)  # numbers, true, false, null


def _enclose(start: str, members: list[str], end: str, indent: int, level: int) -> str:
    """Members one a line between brackets, or '[]' and '{}' when there are none."""
    if not members:
        return start + end
    inner = "\n" + " " * (indent * (level + 1))
    return start + inner + ("," + inner).join(members) + "\n" + " " * (indent * level) + end
