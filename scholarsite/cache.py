"""The build cache under .cache/: what the previous build rendered, keyed by content hashes.

Every entry is keyed by a fingerprint of everything that went into it (the page's values,
the templates, scholarsite's own code), so a stale entry can only miss, never be used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import mmap
import os
import pickle
import struct
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .model import Paths

@dataclass(frozen=True)
class Cache:
    """The cache folder of one output folder."""

    folder: Path

    @classmethod
    def of(cls, paths: Paths) -> Cache:
        """Each output folder gets its own entries, so two outputs never mix."""
        key = hashlib.sha256(os.fsencode(paths.output.resolve())).hexdigest()[:12]
        return cls(paths.root / ".cache" / "scholarsite" / key)

    def read_objects(self, name: str) -> Any:
        """An entry of model objects, or None when missing or written by other code.

        Bytes stored out of band (write_objects) come back as read-only memoryviews of the
        file, mapped into memory: they are read from disk only when used, and never copied.
        """
        try:
            version, value = _RECENT.read(self.folder, f"{name}.pickle")
        except Exception:  # a damaged or foreign cache file only costs speed
            return None
        return value if version == code_version() else None

    def write_objects(self, name: str, value: Any) -> None:
        """Replace an entry of model objects; it is valid only for this version of the code.

        Bytes wrapped in pickle.PickleBuffer are stored out of band, after the pickle, as
        they are: a large site's cached entries and citations are tens of megabytes, which
        reading them back into the process would copy into memory page by page.
        """
        buffers: list[pickle.PickleBuffer] = []
        data = pickle.dumps((code_version(), value), protocol=5, buffer_callback=buffers.append)
        raw = [buffer.raw() for buffer in buffers]
        written = os.urandom(16)  # this file's id: what was read from it may be kept (_Recent)
        header = pickle.dumps((len(data), [len(piece) for piece in raw], written), protocol=5)
        self._replace(f"{name}.pickle", [_LENGTH.pack(len(header)), header, data, *raw])

    def read_values(self, name: str) -> Any:
        """An entry of plain values (write_values), or None when missing or written by other
        code."""
        try:
            version, value = marshal.loads((self.folder / f"{name}.marshal").read_bytes())
        except Exception:  # a damaged or foreign cache file only costs speed
            return None
        return value if version == code_version() else None

    def write_values(self, name: str, value: Any) -> None:
        """Replace an entry of plain values: strings, bytes, numbers, None and containers of
        them. marshal writes them without the memo pickle keeps of every object, which for
        the 100,000 strings of a 10,000-paper site's manifest costs two thirds of its 20 ms."""
        self._replace(f"{name}.marshal", [marshal.dumps((code_version(), value))])

    def read_table(self, name: str) -> dict[str, Any]:
        """A table of objects by key, kept in shards; missing or stale shards are empty."""
        try:
            files = sorted(os.listdir(self.folder / name))  # a small site fills a few shards
        except OSError:
            return {}
        return self._read_parts(name, [file[:-7] for file in files if file.endswith(".pickle")])

    def read_shards(self, name: str, keys: Iterable[str]) -> dict[str, Any]:
        """The shards of a table that hold these keys, whole: every item they hold."""
        return self._read_parts(name, [f"{shard:02x}" for shard in sorted(set(map(_shard, keys)))])

    def _read_parts(self, name: str, shards: Iterable[str]) -> dict[str, Any]:
        """The items of these shards of a table; missing or stale shards are empty."""
        table: dict[str, Any] = {}
        for shard in shards:
            part = self.read_objects(f"{name}/{shard}")
            if isinstance(part, dict):
                table.update(part)
        return table

    def write_table(
        self,
        name: str,
        table: Mapping[str, Any],
        before: Mapping[str, Any],
        stored: Callable[[Any], Any] | None = None,
    ) -> None:
        """Store a table that was `before` when read: only shards with a changed item are written.

        Items are compared by identity, so a table built from the values read costs nothing
        where it kept them; a one-paper edit of a large site rewrites one shard, not all.
        stored, when given, makes what is pickled of a value (read_table gives that back).
        """
        changed = {_shard(key) for key, value in table.items()
                   if before.get(key, _GONE) is not value}
        changed.update(_shard(key) for key in before.keys() - table.keys())
        if not changed:
            return
        shards: dict[int, dict[str, Any]] = {shard: {} for shard in changed}
        for key, shard in zip(table, map(_shard, table)):
            if shard in shards:
                shards[shard][key] = stored(table[key]) if stored else table[key]
        for shard, part in shards.items():
            self.write_objects(f"{name}/{shard:02x}", part)

    def _replace(self, name: str, pieces: list[bytes | memoryview]) -> None:
        """Write a file atomically; a cache that cannot be written only costs speed."""
        target = self.folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp",
                                             delete=False) as handle:
                handle.writelines(pieces)
            os.replace(handle.name, target)
        except OSError:
            pass


_LENGTH = struct.Struct("<Q")  # the length of a cache file's header, at its start


def _unpickle_mapped(path: Path) -> tuple[bytes, Callable[[], Any]]:
    """What write_objects stored: header, pickle, then the out-of-band buffers, in one file;
    as the id the file was written with and how to unpickle its objects.

    The file is mapped; the buffers handed to the pickle are slices of it. A cache file is
    only ever replaced, never written into, so a mapping stays valid while it is used.
    """
    with open(path, "rb") as handle:
        view = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    (length,) = _LENGTH.unpack_from(view)
    start = _LENGTH.size + length
    size, lengths, written = pickle.loads(view[_LENGTH.size:start])
    buffers, offset = [], start + size
    for each in lengths:
        buffers.append(view[offset:offset + each])
        offset += each
    if offset != len(view):
        raise ValueError(f"{path} is {len(view)} bytes, not {offset}")
    return written, lambda: pickle.loads(view[start:start + size], buffers=buffers)


class _Recent:
    """What this process last read from each cache file of one folder, kept under the id the
    file was written with (write_objects gives every file a new one).

    A process that builds again and again, the preview server, reads the same files on every
    build: those not replaced since are not unpickled again (at 10,000 papers, their tables
    were a fifth of each rebuild). Only the last folder read is kept, so that a process that
    builds many sites holds one site's tables, which its builds hold anyway while they run.
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.kept: dict[str, tuple[bytes, Any]] = {}

    def read(self, folder: Path, name: str) -> Any:
        """The objects in a file of a cache folder, unpickled only if not kept from it."""
        if folder != self.folder:
            self.folder, self.kept = folder, {}
        written, unpickle = _unpickle_mapped(folder / name)
        kept = self.kept.get(name)
        if kept is not None and kept[0] == written:
            return kept[1]
        value = unpickle()
        self.kept[name] = (written, value)
        return value


_RECENT = _Recent()


SHARDS = 64
_GONE = object()  # stands for a key a table did not have


def _shard(key: str) -> int:
    """The shard of a table that holds a key."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


class NoCache(Cache):
    """For --clean: remembers nothing from earlier builds, but records this one."""

    def read_objects(self, name: str) -> Any:
        return None

    def read_values(self, name: str) -> Any:
        return None


def digest_text(text: str) -> bytes:
    """A short digest of a text."""
    return digest_data(text.encode("utf-8", "surrogatepass"))


def digest_data(data: bytes) -> bytes:
    """A short digest of bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def fingerprint(*parts: object) -> str:
    """A digest of values: containers by their items, model objects by their repr."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(digest.update, parts)
    return digest.hexdigest()


def _feed(update: Callable[[bytes], None], value: object) -> None:
    """Feed a value to a digest so that no two different values feed the same bytes."""
    kind = type(value)
    if kind is str or kind is Markup:
        text = str(value).encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(text))
        update(text)
    elif kind is dict:
        update(b"{%d" % len(value))  # type: ignore[arg-type]
        for key, item in value.items():  # type: ignore[attr-defined]
            _feed(update, key)
            _feed(update, item)
    elif kind is list or kind is tuple:
        update(b"[%d" % len(value))  # type: ignore[arg-type]
        for item in value:  # type: ignore[attr-defined]
            _feed(update, item)
    elif hasattr(kind, "__dataclass_fields__"):
        update(digest_text(repr(value)))
    else:
        update(digest_text(f"{kind.__name__}:{value!r}"))


def folder_digest(folder: Path, suffix: str = "") -> str:
    """A digest of the path and bytes of every file under a folder whose name ends in suffix."""
    digest = hashlib.blake2b(digest_size=16)
    for name, path in sorted(_files_under(os.fspath(folder), "", suffix)):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _files_under(folder: str, prefix: str, suffix: str) -> list[tuple[str, str]]:
    """(relative POSIX name, path) of each file under a folder (os.scandir: pathlib's rglob
    costs more than the rest of a small build's fingerprinting)."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name == "__pycache__":  # compiled copies, rewritten by Python at will
                continue
            found.extend(_files_under(entry.path, f"{prefix}{entry.name}/", suffix))
        elif entry.name.endswith(suffix) and entry.is_file():
            found.append((prefix + entry.name, entry.path))
    return found


@cache
def code_version() -> str:
    """scholarsite's own code and the libraries that shape its output."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(folder_digest(Path(__file__).parent, ".py").encode())
    digest.update(sys.version.encode())
    for module in ("jinja2", "markupsafe", "markdown", "nh3", "yaml", "latex2mathml"):
        digest.update(_package_stamp(module).encode())
    return digest.hexdigest()


def _package_stamp(module: str) -> str:
    """A library's files by name, size and time: they change whenever it is installed anew.

    Not its version: latex2mathml reads its own from the package metadata when imported,
    which costs more than building a small site, and an editable install keeps its version.
    """
    spec = importlib.util.find_spec(module)
    folders = (spec.submodule_search_locations or []) if spec else []
    stamps = []
    for folder in folders:
        for name, path in sorted(_files_under(folder, "", "")):
            info = os.stat(path)
            stamps.append(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n")
    return f"{module}:{''.join(stamps)}"
