"""What the safety tests look for in a project, and the tally they print at the end of the suite.

The tally is filled by the tests as they run (corpus cases, generated inputs, killed builds),
so the figures printed are what was actually tried and found, never a constant.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Tags that run code or pull another document into the page.
EXECUTABLE_TAGS = ("script", "iframe", "object", "embed", "frame", "frameset", "applet", "base")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background",
                  "xlink:href", "srcdoc", "codebase", "cite")
# What a browser drops before reading a URL's scheme: C0 controls and spaces at the ends,
# tabs and newlines anywhere (WHATWG URL parser).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+$|^[\x00-\x20]+|[\t\n\r]")
_BAD_SCHEME = re.compile(r"(?:javascript:|vbscript:|data:text/html|data:image/svg)", re.I)


@dataclass
class Tally:
    """Counts gathered while the suite runs."""

    corpus: int = 0  # hand-written cases of tests/bad_inputs run
    generated: int = 0  # generated examples built
    killed: int = 0  # builds killed with SIGKILL
    pathological: int = 0  # oversized inputs of test_bounded
    preview_edits: int = 0  # bad edits the live preview survived (test_serve_soak)
    tracebacks: int = 0
    files_lost: int = 0
    injections: int = 0
    pages_scanned: int = 0

    @property
    def bad_inputs(self) -> int:
        """Every bad or hostile input a build was given."""
        return self.corpus + self.generated + self.pathological + self.preview_edits

    def any(self) -> bool:
        """Whether a safety test ran at all in this session."""
        return bool(self.bad_inputs or self.killed)


TALLY = Tally()


def count_traceback(stderr: str) -> bool:
    """Record a traceback in a command's error output; True when there was one."""
    found = "Traceback (most recent call last)" in stderr
    TALLY.tracebacks += found
    return found


def tree_hashes(root: Path, skip: tuple[str, ...] = (".cache",)) -> dict[str, str]:
    """sha256 of every file under root (hidden ones too), by POSIX path; symlinks by target."""
    hashes = {}
    for dirpath, dirnames, filenames in os.walk(root):
        relative = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames if (relative / d).as_posix() not in skip)
        for name in filenames:
            path = Path(dirpath) / name
            key = (relative / name).as_posix()
            if path.is_symlink():
                hashes[key] = "link:" + os.readlink(path)
            else:
                hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def count_lost(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Files missing or changed compared with what should be there; recorded in the tally."""
    lost = sorted(path for path, sha in expected.items() if actual.get(path) != sha)
    added = sorted(actual.keys() - expected.keys())
    TALLY.files_lost += len(lost)
    return lost + [f"unexpected {path}" for path in added]


def executable_constructs(html: str) -> list[str]:
    """Everything in a page that could run code: tags, event handlers, script URLs."""
    soup = BeautifulSoup(html, "html5lib")
    found = []
    scope = soup.find("main") or soup
    for tag in scope.find_all(EXECUTABLE_TAGS):
        found.append(f"<{tag.name}> tag")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{name}= on <{tag.name}>")
            values = value if isinstance(value, list) else [value]
            if name.lower() in URL_ATTRIBUTES and any(_dangerous_url(v) for v in values):
                found.append(f"{name}={value!r} on <{tag.name}>")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    return found


def _dangerous_url(value: str) -> bool:
    """A URL whose scheme runs code when followed."""
    return bool(_BAD_SCHEME.match(_IGNORED_IN_URL.sub("", value)))


def scan_output(output: Path) -> list[str]:
    """Executable constructs in every built HTML page, each prefixed with its page."""
    found = []
    for page in sorted(output.rglob("*.html")):
        TALLY.pages_scanned += 1
        relative = page.relative_to(output).as_posix()
        found += [f"{relative}: {item}" for item in executable_constructs(page.read_text("utf-8"))]
    TALLY.injections += len(found)
    return found


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The safety figures, when any safety test ran."""
    if not TALLY.any():
        return
    write = terminalreporter.write_line
    terminalreporter.section("safety")
    write(f"bad inputs tried:  {TALLY.bad_inputs} ({TALLY.corpus} hand-written, "
          f"{TALLY.generated} generated, {TALLY.pathological} oversized, "
          f"{TALLY.preview_edits} in the live preview)")
    write(f"builds killed:     {TALLY.killed}")
    write(f"tracebacks:        {TALLY.tracebacks}")
    write(f"files lost:        {TALLY.files_lost}")
    write(f"injections found:  {TALLY.injections} (in {TALLY.pages_scanned} pages scanned)")
