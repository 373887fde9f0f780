"""A build's inputs seen without reading them: content/'s files by name and stamp, the
templates and the code, and a signature of them all.

A build first asks whether anything changed since the last one; this answers from the file
system alone, without loading the libraries that read and render content.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from .cache import code_version, fingerprint, folder_digest
from .model import Paths

Stamp = tuple[int, int, int]  # size, modification and change time (ns) of a file


@dataclass(frozen=True)
class Listing:
    """What content/ holds, by name and stamp, found without reading any file."""

    signature: str  # a digest of every content file's name and stamp: equal when untouched
    stamps: dict[str, Stamp]  # each paper file's stamp by slug, in the order of file names
    pdfs: frozenset[str]  # the names (without .pdf) of the PDFs beside the paper files


def list_content(content: Path) -> Listing:
    """Stamp every file under content/ once: for the signature of the whole folder and, in
    content/papers/, for telling which paper files changed (editor leftovers and hidden
    files are not papers)."""
    papers = os.path.join(content, "papers")
    lines = []  # digested at once: 10,000 papers are 10,000 lines
    stamps: dict[str, Stamp] = {}
    pdfs = set()
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        names = sorted(filenames)
        for name, info in zip(names, _stat_all(dirpath, names)):
            stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            lines.append(f"{dirpath}/{name}\0{stamp[0]}\0{stamp[1]}\0{stamp[2]}\n")
            if dirpath != papers or name.startswith((".", "#")) or not S_ISREG(info.st_mode):
                continue
            if name.endswith(".md"):
                stamps[name[:-3]] = stamp
            elif name.endswith(".pdf"):
                pdfs.add(name[:-4])
    listed = "".join(lines).encode("utf-8", "surrogateescape")
    return Listing(hashlib.blake2b(listed, digest_size=16).hexdigest(), stamps, frozenset(pdfs))


def _stat_all(folder: str, names: list[str]) -> list[os.stat_result]:
    """The stat of each file in a folder, each looked up by its name in the open folder: a
    quarter less time than by full path, which the kernel walks from the root every time."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return [os.stat(name, dir_fd=handle) for name in names]
    finally:
        os.close(handle)


@dataclass(frozen=True)
class Inputs:
    """What a build is made from, seen without reading any of it."""

    version: str  # of scholarsite's code, the libraries that shape its output, the templates
    listing: Listing  # of content/
    signature: str  # of all of them and the base URL: equal when a build would make the same


def look(paths: Paths, base_url: str | None) -> Inputs:
    """A build's inputs, from file stamps and the templates' bytes."""
    version = fingerprint(code_version(), folder_digest(paths.templates))
    listing = list_content(paths.content)
    return Inputs(version, listing, fingerprint(version, listing.signature, base_url))
