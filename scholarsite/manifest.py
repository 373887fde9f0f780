"""What the previous build wrote, as kept in the cache: the manifest of output/ and its head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cache import Cache
from .write import Spare, read_build_id


@dataclass(frozen=True)
class Manifest:
    """What the previous build wrote: every file's sha256 (for a file joined from cached parts,
    write.joined_sha), each paper's page key, and how the spare folder beside output/ differs
    from it.

    A paper's files are recorded by its page key once, not per file: they are made together,
    and at 10,000 papers the manifest is read and written on every build with work to do. The
    spare (the build before) is known by its differences alone, so that a rebuild fixes up the
    spare folder in as many steps as files changed.
    """

    build: str | None
    hashes: dict[str, str]
    pages: dict[str, str]  # by slug: the page key its folder's files were made with
    signature: str | None = None  # of the inputs it was built from: content, templates, code
    spare: Spare | None = None  # None when there is no spare, or what it holds is unknown

    @classmethod
    def of(cls, cache: Cache, output: Path) -> Manifest:
        """The cache's record of output/, if output/ is still the build it describes."""
        stored = cache.read_values("manifest")
        build = read_build_id(output)
        if not (isinstance(stored, tuple) and build is not None and stored[0] == build):
            return cls(None, {}, {})
        build, hashes, pages, signature, spare = stored
        return cls(build, hashes, pages, signature, Spare(*spare) if spare else None)

    def save(self, cache: Cache) -> None:
        """Keep this as the manifest of output/: as plain values, read and written on every
        build with work to do; then its head."""
        spare = (self.spare.build, self.spare.differs) if self.spare else None
        cache.write_values("manifest", (self.build, self.hashes, self.pages, self.signature, spare))
        # Written second: should it fail to be replaced, the head left names an older build
        # than output/'s and is not believed (Head.of), so a stale head never skips a build.
        cache.write_values("manifest-head", (self.build, self.signature, len(self.hashes)))


@dataclass(frozen=True)
class Head:
    """The start of the manifest, kept in a file of its own: all that a build reads to find it
    has nothing to do. The whole manifest of 10,000 papers lists 40,000 files (45 ms to read).
    """

    build: str
    signature: str | None  # of the inputs output/ was built from
    files: int  # in output/

    @classmethod
    def of(cls, cache: Cache, output: Path) -> Head | None:
        """The head of the cache's record of output/, if output/ is still the build it names."""
        stored = cache.read_values("manifest-head")
        build = read_build_id(output)
        if not (isinstance(stored, tuple) and build is not None and stored[0] == build):
            return None
        return cls(*stored)
