"""The build cache gives back what it stored, maps stored bytes instead of copying them, and
treats a damaged file as missing: a cache can only cost speed, never break a build."""

from __future__ import annotations

from pathlib import Path
from pickle import PickleBuffer

import pytest

from scholarsite import cache as cache_module
from scholarsite.cache import Cache


def test_objects_come_back_with_out_of_band_bytes_as_views_of_the_file(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    entry = "<li>Ünïcode entry</li>".encode() * 1000
    cache.write_objects("table", {"entry": PickleBuffer(entry), "plain": (b"kept", "text", 3)})
    value = cache.read_objects("table")
    assert isinstance(value["entry"], memoryview)
    assert value["entry"].readonly
    assert bytes(value["entry"]) == entry
    assert value["plain"] == (b"kept", "text", 3)  # bytes not wrapped are pickled as usual


def test_views_stay_valid_when_the_entry_is_replaced(tmp_path: Path) -> None:
    """A rebuild reads a shard, then writes a new one in its place while still using the
    entries it read (the file is replaced, never written into)."""
    cache = Cache(tmp_path)
    cache.write_objects("shard", [PickleBuffer(b"old entry")])
    (old,) = cache.read_objects("shard")
    cache.write_objects("shard", [PickleBuffer(b"the new entry")])
    assert bytes(old) == b"old entry"
    assert bytes(cache.read_objects("shard")[0]) == b"the new entry"


def test_tables_store_what_they_are_asked_to(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    table = {f"key{number}": f"entry {number}".encode() for number in range(300)}
    cache.write_table("entries", table, {}, PickleBuffer)
    read = cache.read_table("entries")
    assert {key: bytes(value) for key, value in read.items()} == table
    assert all(isinstance(value, memoryview) for value in read.values())


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage", "longer"])
def test_a_damaged_entry_reads_as_missing(tmp_path: Path, damage: str) -> None:
    cache = Cache(tmp_path)
    cache.write_objects("entry", {"text": PickleBuffer(b"x" * 5000)})
    path = tmp_path / "entry.pickle"
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:-100], "empty": b"", "garbage": b"\xff" * 64,
                      "longer": data + b"\0"}[damage])
    assert cache.read_objects("entry") is None
    assert cache.read_table("missing") == {}


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage"])
def test_plain_values_come_back_or_read_as_missing_when_damaged(tmp_path: Path,
                                                                damage: str) -> None:
    cache = Cache(tmp_path)
    values = ("build", {"index.html": "0" * 64}, [b"\x00digest", "Ünïcode"], None)
    cache.write_values("manifest", values)
    assert cache.read_values("manifest") == values
    path = tmp_path / "manifest.marshal"
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:-10], "empty": b"", "garbage": b"\xff" * 64}[damage])
    assert cache.read_values("manifest") is None
    assert cache.read_values("missing") is None


def test_entries_written_by_other_code_read_as_missing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entry is tied to the version of the code that wrote it (and of the libraries that
    shape the output): other code reads it as missing, never as its own."""
    cache = Cache(tmp_path)
    cache.write_objects("objects", {"entry": b"made by this code"})
    cache.write_values("values", ("made by this code",))
    assert cache.read_objects("objects") == {"entry": b"made by this code"}
    assert cache.read_values("values") == ("made by this code",)
    monkeypatch.setattr(cache_module, "code_version", lambda: "another version")
    assert cache.read_objects("objects") is None
    assert cache.read_values("values") is None


def test_a_process_reading_a_file_again_gets_what_it_read_until_the_file_is_replaced(
    tmp_path: Path,
) -> None:
    """The preview server reads the same cache files on every build: one not replaced since
    is not unpickled again, one replaced is, and a damaged one still reads as missing."""
    cache = Cache(tmp_path)
    cache.write_objects("shard", {"paper": ("title", 3)})
    first = cache.read_objects("shard")
    assert cache.read_objects("shard") is first
    cache.write_objects("shard", {"paper": ("title", 3)})  # equal objects, written anew
    second = cache.read_objects("shard")
    assert second == first and second is not first
    assert Cache(tmp_path / "other").read_objects("shard") is None
    assert cache.read_objects("shard") == first  # kept for one folder at a time
    path = tmp_path / "shard.pickle"
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.read_objects("shard") is None
