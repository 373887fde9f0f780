"""A live preview server on a free port, serving a temporary copy of the reference site."""

from __future__ import annotations

import asyncio
import http.client
import os
import shutil
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scholarsite.model import Paths
from scholarsite.serve import PreviewServer

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Served:
    """A running server and the project folder it watches."""

    server: PreviewServer
    root: Path

    @property
    def url(self) -> str:
        """The site's address, with the sub-path of base_url."""
        return self.server.url

    def save(self, name: str, text: str) -> None:
        """Save a file as an editor does: write a temporary file, then rename it over the old."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".swp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)

    def read(self, name: str) -> str:
        """A file of the project."""
        return (self.root / name).read_text(encoding="utf-8")

    def get(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """A raw GET (the path sent exactly as given), returning status, headers and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", f"127.0.0.1:{self.server.port}" if host is None else host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def wait_until(check: Callable[[], bool], seconds: float = 15) -> None:
    """Poll until check() holds; fail after the given seconds (a deadline, not a speed limit)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("the preview never got there")
        time.sleep(0.05)


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine on a thread of its own: the session's browser holds this thread's loop."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def copy_site(root: Path) -> Paths:
    """The repository's content/ and templates/, copied into root."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return Paths.under(root)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The reference site built and served on a free port by the real pipeline."""
    paths = copy_site(tmp_path / "site")
    server = PreviewServer(paths, port=0)
    server.start()
    yield Served(server, paths.root)
    server.stop()
