"""The build cache under .cache/: what the previous build rendered, keyed by content hashes.

Every entry is keyed by a fingerprint of everything that went into it (the page's values,
the templates, scholarsite's own code), so a stale entry can only miss, never be used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .model import Paths

FORMAT = 1


@dataclass(frozen=True)
class Cache:
    """The cache folder of one output folder."""

    folder: Path

    @classmethod
    def of(cls, paths: Paths) -> Cache:
        """Each output folder gets its own entries, so two outputs never mix."""
        key = hashlib.sha256(os.fsencode(paths.output.resolve())).hexdigest()[:12]
        return cls(paths.root / ".cache" / "scholarsite" / key)

    def read(self, name: str) -> Any:
        """A JSON entry, or None when it is missing, unreadable or of another format."""
        try:
            data = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data.get("value") if isinstance(data, dict) and data.get("format") == FORMAT else None

    def write(self, name: str, value: Any) -> None:
        """Replace an entry atomically; a cache that cannot be written only costs speed."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=self.folder, suffix=".tmp", delete=False
            ) as handle:
                json.dump({"format": FORMAT, "value": value}, handle, separators=(",", ":"))
            os.replace(handle.name, self.folder / f"{name}.json")
        except OSError:
            pass


def fingerprint(*parts: object) -> str:
    """A digest of values' reprs: frozen dataclasses, strings and numbers repr stably."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """A digest of the path and bytes of every file matching pattern under a folder."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def code_version() -> str:
    """scholarsite's own code and the libraries that shape its output."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(folder_digest(Path(__file__).parent, "*.py").encode())
    digest.update(sys.version.encode())
    for package in ("jinja2", "markdown", "nh3", "pyyaml"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()
