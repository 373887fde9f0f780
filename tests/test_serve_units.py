"""The preview server's pure parts: script injection, error page, Host check, watching."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scholarsite.preview import error_page, host_allowed, inject, url_prefix
from scholarsite.watch import Watcher, is_editor_temp, snapshot
from serving import wait_until

SCRIPT = b"<script src='/livereload.js'></script>"


@pytest.mark.parametrize("page, expected", [
    (b"<html><head><title>t</title></head><body>x</body></html>",
     b"<html><head><title>t</title>" + SCRIPT + b"</head><body>x</body></html>"),
    (b"<HTML><HEAD></HEAD ><BODY></BODY></HTML>",
     b"<HTML><HEAD>" + SCRIPT + b"</HEAD ><BODY></BODY></HTML>"),
    (b"<p>no head</p></body>", b"<p>no head</p>" + SCRIPT + b"</body>"),
    (b"<p>fragment</p>", b"<p>fragment</p>" + SCRIPT),
])
def test_script_goes_before_head_end_whatever_its_case(page: bytes, expected: bytes) -> None:
    assert inject(page, SCRIPT) == expected


def test_script_is_injected_past_64_kib() -> None:
    page = b"<html><head><!--" + b"x" * 100_000 + b"--></head><body></body></html>"
    assert inject(page, SCRIPT).endswith(SCRIPT + b"</head><body></body></html>")


def test_error_page_escapes_and_marks_where() -> None:
    page = BeautifulSoup(error_page(["content/papers/<x>.md:4: title: <script>alert(1)</script>"]),
                         "html5lib")
    item = page.find(id="build-error").find("li")
    assert item.find(class_="where").get_text() == "content/papers/<x>.md:4"
    assert item.get_text() == "content/papers/<x>.md:4: title: <script>alert(1)</script>"
    assert page.find("script") is None


@pytest.mark.parametrize("header, bound, allowed", [
    ("127.0.0.1:8000", "127.0.0.1", True),
    ("localhost:8000", "127.0.0.1", True),
    ("[::1]:8000", "127.0.0.1", True),
    ("attacker.example:8000", "127.0.0.1", False),
    ("localhost.attacker.example", "127.0.0.1", False),
    ("127.0.0.1:8000/x", "127.0.0.1", False),
    (None, "127.0.0.1", False),
    ("192.168.1.20:8000", "0.0.0.0", True),
    ("attacker.example", "0.0.0.0", False),
    ("laptop.local", "laptop.local", True),
])
def test_host_header_must_name_this_server(header: str | None, bound: str, allowed: bool) -> None:
    assert host_allowed(header, bound) is allowed


@pytest.mark.parametrize("base_url, prefix", [
    (None, "/"), ("https://x.github.io/", "/"), ("https://x.github.io", "/"),
    ("https://x.github.io/repo/", "/repo/"), ("https://x.github.io/a/b", "/a/b/"),
])
def test_url_prefix_is_the_path_of_base_url(base_url: str | None, prefix: str) -> None:
    assert url_prefix(base_url) == prefix


@pytest.mark.parametrize("name, temp", [
    ("paper.md.swp", True), (".paper.md.swx", True), ("paper.md~", True), ("4913", True),
    (".#paper.md", True), ("#paper.md#", True), ("paper.md", False), ("style.css", False),
    ("4913.md", False),
])
def test_editor_temp_files(name: str, temp: bool) -> None:
    assert is_editor_temp(name) is temp


def test_snapshot_sees_replaced_files_and_skips_temp_files(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    paper = tmp_path / "papers" / "a.md"
    paper.write_text("one")
    (tmp_path / "papers" / "a.md.swp").write_text("swap")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    before = snapshot([tmp_path, tmp_path / "missing"])
    assert list(before) == [str(paper)]
    replacement = tmp_path / "papers" / "new"
    replacement.write_text("two")
    replacement.replace(paper)
    assert snapshot([tmp_path]) != before


def test_watcher_reports_the_saved_file_only(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    watcher = Watcher([tmp_path], calls.append)
    watcher.start()
    try:
        (tmp_path / "a.md.swp").write_text("swap")
        (tmp_path / "4913").write_text("")
        (tmp_path / "a.md").write_text("saved")
        wait_until(lambda: bool(calls))
    finally:
        watcher.stop()
    assert calls[0] == [str(tmp_path / "a.md")]


@pytest.mark.parametrize("inotify", [True, False], ids=["inotify", "polling"])
def test_watcher_reports_a_burst_of_saves_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inotify: bool
) -> None:
    """Saves a few milliseconds apart ("save all") make one call with every file, though the
    first save wakes the watcher before the others are written."""
    if not inotify:  # as where there is no inotify: the watcher finds saves by looking
        monkeypatch.setattr("scholarsite.watch.ctypes.util.find_library", lambda name: None)
    calls: list[list[str]] = []
    watcher = Watcher([tmp_path], calls.append, quiet=0.2)
    assert watcher._wakeup.active is inotify
    watcher.start()
    names = ["a.md", "b.md", "c.md"]
    try:
        for name in names:
            (tmp_path / name).write_text("saved")
            time.sleep(0.03)
        wait_until(lambda: bool(calls))
        time.sleep(0.5)  # a second call would come within this
    finally:
        watcher.stop()
    assert calls == [[str(tmp_path / name) for name in names]]
