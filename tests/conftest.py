"""Shared fixtures: small projects in temporary folders, built with the real command line."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import browser_context, chromium, chromium_path, page  # noqa: F401  (one per session)
from safety_report import pytest_terminal_summary  # noqa: F401  (prints the safety figures)
from scholarsite.cli import main

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
SITES = Path(__file__).resolve().parent / "sites"


@dataclass
class Result:
    """The outcome of one run of the command line."""

    code: int
    out: str
    err: str


class Project:
    """A project folder in tmp_path: content/ written from a dict, the repo's templates."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.templates = TEMPLATES
        self._capsys = capsys

    def write(self, files: dict[str, str]) -> Project:
        """Write files under content/, dedenting each text."""
        for name, text in files.items():
            path = self.content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return self

    def copy_from(self, content: Path) -> Project:
        """Start from an existing content folder."""
        shutil.copytree(content, self.content, dirs_exist_ok=True)
        return self

    def build(self, *args: str) -> Result:
        """Run `scholarsite build` on this project and capture what it prints."""
        self._capsys.readouterr()
        argv = ["build", "--root", str(self.root), "--templates", str(self.templates), *args]
        code = main(argv)
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def page(self, path: str = "index.html") -> BeautifulSoup:
        """A built page, parsed as a browser would."""
        return BeautifulSoup((self.output / path).read_text(encoding="utf-8"), "html5lib")

    def tree(self) -> dict[str, bytes]:
        """Every file of output/ with its bytes, to compare builds."""
        return {
            p.relative_to(self.output).as_posix(): p.read_bytes()
            for p in sorted(self.output.rglob("*")) if p.is_file()
        }


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    """An empty project; tests write its content."""
    return Project(tmp_path / "site", capsys)


@pytest.fixture
def reference(project: Project) -> Project:
    """The repository's default content (the reference profile), copied and built."""
    project.copy_from(REPO / "content")
    assert project.build().code == 0
    return project


MINIMAL = {
    "profile.yaml": "name: Ada Lovelace\n",
    "papers/engine.md": """
        ---
        title: Notes on the Analytical Engine
        date: 1843-09-01
        authors:
          - Ada Lovelace
        citations: 3
        ---

        The engine *weaves* algebraic patterns.
        """,
}
