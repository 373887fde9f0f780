"""Generated content never crashes the build, never hangs it, and never injects code.

Front matter, profiles and Markdown are generated from YAML and HTML syntax noise, random
keys and types and any Unicode. Whatever comes in, the command line either builds (exit 0,
nothing printed, no executable construct in any page) or explains (exit 1, one problem per
line and a count that agrees, output/ untouched).

SCHOLARSITE_EXAMPLES sets how many examples the tests try in all (default 200; CI runs
10,000); the seed is fixed, so a failure found once is found again.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import TEMPLATES
from safety_report import TALLY, count_lost, count_traceback, scan_output, tree_hashes
from scholarsite import environment
from scholarsite.cli import main

EXAMPLES = int(os.environ.get("SCHOLARSITE_EXAMPLES", "200"))  # in all, shared by the tests
HANG_GUARD = 120  # seconds; a guard against a hang, far above any real build of this size

SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)

GOOD_FRONT = "title: A paper\ndate: 2020-01-01\nauthors:\n  - Ada Lovelace\n"
PROBLEM_LINE = re.compile(r"content/\S.*?: \S")
FAILED_LINE = re.compile(r"Build failed: ([0-9]+) problems?; the previous output was left as it was\.")

YAML_NOISE = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "? ", "&a ", "*a", "&b ", "*b", "<<: ",
    "!x ", "!!str ", "!!int ", "!!binary ", "!!python/object/apply:os.system ", "!!set ",
    "#", " #", "'", '"', "\\", "\t", "\n", "\r\n", "\r", "  ", "    ", "---", "...", "|", ">-",
    "%YAML 1.1", "@", "`", "\ufeff", "\x00", "\x1b", "\u200b", "\u202e", "~", "null",
    "title", "date", "authors", "arxiv", "citations", "url", "pdf", "code", "draft", "tags",
    "more_authors", "venue", "doi", "2020-01-01", "2026-13-01", "no", "on", "yes", "0755",
    "1:20", "2601.18210", "Update #2", "1e3", ".inf", "0x1A", "-4", "1,052", "true",
    "javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "https://example.org/",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}",
]
HTML_NOISE = [
    "<script>alert(1)</script>", "<script", "</script>", "<img src=x onerror=alert(1)>",
    "<iframe src=x>", "<object data=x>", "<embed src=x>", "<svg onload=alert(1)>", "<math>",
    "<style>", "<noscript>", "<template>", "<form action=javascript:alert(1)>", "<base href=x>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>", "<a href=\"", "<a href='",
    "<a href=", "javascript:", "JaVaScRiPt:", " javascript:", "\x01javascript:", "vbscript:",
    "data:text/html,", "&#106;avascript:", "jav&#x09;ascript:", "&colon;", "onclick=",
    " onmouseover=", "alert(1)", "[x](", "![x](", "](", ")", "[", "]", "[1]: ", "<", ">", "\"",
    "'", "=", "`", "```", "*", "_", "#", "\n", "\n\n", "    ", "-->", "<!--", "<![CDATA[",
    "$", "$$", "\\", "{{ 7*7 }}", "{% for x in y %}", "&", "&amp;", "&lt;script&gt;",
]


def noise(tokens: list[str]) -> st.SearchStrategy[str]:
    """Text made of syntax tokens and arbitrary Unicode, in any order."""
    piece = st.one_of(st.sampled_from(tokens), st.text(max_size=8))
    return st.lists(piece, max_size=40).map("".join)


scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.dates().map(str), st.sampled_from(YAML_NOISE),
)
keys = st.one_of(
    st.sampled_from(["title", "date", "authors", "more_authors", "arxiv", "citations", "venue",
                     "doi", "url", "pdf", "code", "tags", "draft"]),
    st.text(min_size=1, max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
# Well-formed YAML of random keys and types, as yaml.dump writes it.
dumped = st.dictionaries(keys, values, max_size=8).map(
    lambda mapping: yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False))


@st.composite
def spliced(draw: st.DrawFn) -> str:
    """Valid front matter with noise inserted somewhere."""
    at = draw(st.integers(0, len(GOOD_FRONT)))
    return GOOD_FRONT[:at] + draw(noise(YAML_NOISE)) + GOOD_FRONT[at:]


hostile_text = noise(HTML_NOISE).filter(str.strip)
addresses = st.one_of(hostile_text, st.sampled_from(HTML_NOISE), st.builds(
    "".join, st.lists(st.sampled_from(["https://", "http://", "mailto:", "/", "x", "?", "#", "&",
                                       "%0a", "\"", "'", "<", ">", "javascript:", " "]))))
# Valid fields holding hostile text: these build, so their pages are scanned.
hostile = st.fixed_dictionaries(
    {"title": hostile_text, "date": st.dates().map(str), "authors": st.lists(hostile_text, min_size=1,
                                                                      max_size=3)},
    optional={"venue": hostile_text, "tags": st.lists(hostile_text, max_size=3),
              "url": addresses, "pdf": addresses, "code": addresses},
).map(lambda mapping: yaml.safe_dump(mapping, allow_unicode=True))

front_matter = st.one_of(hostile, dumped, spliced(), noise(YAML_NOISE), st.text(max_size=200))
markdown = st.one_of(noise(HTML_NOISE), st.text(max_size=300))


class Project:
    """A small site in a folder, rebuilt in this process for every generated example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "papers").mkdir(parents=True)
        self.write("site.yaml", "base_url: https://ada.example.org/\n")
        self.write("profile.yaml", "name: Ada Lovelace\n")
        self.write("papers/engine.md", f"---\n{GOOD_FRONT}---\n\nA good abstract.\n")
        code, _ = self.build()
        assert code == 0

    def write(self, name: str, text: str) -> None:
        """Write a content file as UTF-8, keeping its line ends as generated."""
        (self.root / "content" / name).write_bytes(text.encode("utf-8", "surrogatepass"))

    def build(self) -> tuple[int, str]:
        """Run the command line here; return its exit code and what it printed on stderr."""
        err = io.StringIO()
        argv = ["build", "--root", str(self.root), "--templates", str(TEMPLATES), "--quiet"]
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            with hang_guard():
                try:
                    code = main(argv)
                except Exception:  # what a user would see as a traceback
                    TALLY.tracebacks += 1
                    raise
        return code, err.getvalue()

    def check(self) -> None:
        """Build and assert the outcome is one of the two allowed ones."""
        output = self.root / "output"
        before = tree_hashes(output, skip=())
        TALLY.generated += 1
        code, stderr = self.build()
        event("built" if code == 0 else "refused")
        assert not count_traceback(stderr)
        lines = stderr.splitlines()
        if code == 0:
            assert stderr == ""
            assert scan_output(output) == []
            return
        assert code == 1, stderr
        assert len(lines) >= 2 and all(PROBLEM_LINE.match(line) for line in lines[:-1]), stderr
        count = FAILED_LINE.fullmatch(lines[-1])
        assert count and int(count.group(1)) == len(lines) - 1, stderr
        assert count_lost(before, tree_hashes(output, skip=())) == []


@contextlib.contextmanager
def hang_guard() -> Iterator[None]:
    """Fail instead of waiting forever if a build never finishes."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"the build did not finish within {HANG_GUARD} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_GUARD)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float,
        strategy: st.SearchStrategy, apply: Callable[..., None]) -> None:
    """Check a share of the examples against one project.

    Compiling the templates is most of a small build's time and the templates never change
    here, so one Jinja environment serves every example.
    """
    cached = functools.cache(environment.make_environment)
    monkeypatch.setattr(environment, "make_environment", cached)
    project = Project(tmp_path / "site")

    @settings(SETTINGS, max_examples=max(1, round(EXAMPLES * share)))
    @given(strategy)
    def example(values: tuple) -> None:
        apply(project, *values)
        project.check()

    example()


def test_generated_front_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def apply(project: Project, front: str, body: str) -> None:
        project.write("papers/x.md", f"---\n{front}\n---\n\n{body}\n")

    run(tmp_path, monkeypatch, 0.5, st.tuples(front_matter, markdown), apply)


def test_generated_markdown_in_abstract_and_bio(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def apply(project: Project, abstract: str, bio: str) -> None:
        project.write("papers/x.md", f"---\n{GOOD_FRONT}---\n\n{abstract}\n")
        project.write("profile.yaml", yaml.safe_dump({"name": "Ada", "bio": bio}))

    run(tmp_path, monkeypatch, 0.3, st.tuples(markdown, markdown), apply)


def test_generated_profile_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    links = st.dictionaries(st.text(min_size=1, max_size=10),
                            st.one_of(noise(HTML_NOISE), st.sampled_from(YAML_NOISE)), max_size=4)
    profile = st.one_of(
        st.fixed_dictionaries({"name": st.text(min_size=1, max_size=20), "links": links,
                               "email": noise(HTML_NOISE), "initials": noise(HTML_NOISE)}),
        st.dictionaries(keys, values, max_size=6),
    ).map(lambda mapping: yaml.safe_dump(mapping, allow_unicode=True))

    def apply(project: Project, text: str, noisy: str) -> None:
        project.write("profile.yaml", text + noisy)

    run(tmp_path, monkeypatch, 0.2, st.tuples(profile, st.one_of(st.just(""), noise(YAML_NOISE))),
        apply)
