"""Every kind of bad content gives a clear message with file and line, exit 1, and no damage."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import MINIMAL, REPO, Project

PAPER = "content/papers/engine.md"


def paper(front: str, body: str = "Text.") -> str:
    """A paper file with the given front matter lines."""
    return f"---\n{front}---\n\n{body}\n"


GOOD_FRONT = "title: T\ndate: 2020-01-01\nauthors:\n  - A\n"

# (id, files replacing the minimal site's, expected lines on stderr)
CASES = [
    ("invalid-yaml", {"papers/engine.md": paper("title: [unclosed\n")},
     [f"{PAPER}:3: this is not valid YAML (did not find expected ',' or ']'): "
      "check the indentation and quotes"]),
    ("colon-in-value", {"papers/engine.md": paper("title: Part 1: Start\n")},
     [f"{PAPER}:2: a value contains ': ' (colon and space): put the whole value in quotes, "
      'e.g. title: "Part 1: The Beginning"']),
    ("tab-indent", {"papers/engine.md": paper("title: T\nauthors:\n\t- A\n")},
     [f"{PAPER}:4: this line is indented with a tab: YAML needs spaces"]),
    ("no-front-matter", {"papers/engine.md": "Just an abstract.\n"},
     [f"{PAPER}:1: missing front matter: the file must start with a line '---', then the "
      "paper's fields (title, date, authors...), then another '---'"]),
    ("front-matter-not-closed", {"papers/engine.md": "---\ntitle: T\n"},
     [f"{PAPER}:1: the front matter is not closed: add a line '---' after it"]),
    ("empty-front-matter", {"papers/engine.md": "---\n---\nText\n"},
     [f"{PAPER}:2: the front matter is empty: give at least title, date and authors"]),
    ("missing-title", {"papers/engine.md": paper("date: 2020-01-01\nauthors: [A]\n")},
     [f"{PAPER}:2: title: missing: add it (the paper's title)"]),
    ("missing-everything", {"papers/engine.md": paper("venue: Nature\n")},
     [f"{PAPER}:2: authors: missing: add it (authors in order, one '- Name' line each)",
      f"{PAPER}:2: date: missing: add it (publication date, YYYY-MM-DD)",
      f"{PAPER}:2: title: missing: add it (the paper's title)"]),
    ("bad-date", {"papers/engine.md": paper("title: T\ndate: 2026-13-01\nauthors: [A]\n")},
     [f"{PAPER}:3: date: expected YYYY-MM-DD, got '2026-13-01'"]),
    ("date-wrong-shape", {"papers/engine.md": paper("title: T\ndate: 03/02/2026\nauthors: [A]\n")},
     [f"{PAPER}:3: date: expected YYYY-MM-DD, got '03/02/2026'"]),
    ("authors-not-a-list", {"papers/engine.md": paper("title: T\ndate: 2020-01-01\nauthors: A\n")},
     [f"{PAPER}:4: authors: expected a list, one item per line starting with '- '"]),
    ("authors-empty", {"papers/engine.md": paper("title: T\ndate: 2020-01-01\nauthors: []\n")},
     [f"{PAPER}:4: authors: the list is empty: give at least one"]),
    ("title-is-a-list", {"papers/engine.md": paper("title: [a, b]\ndate: 2020-01-01\nauthors: [A]\n")},
     [f"{PAPER}:2: title: expected text, got a list"]),
    ("negative-citations", {"papers/engine.md": paper(GOOD_FRONT + "citations: -4\n")},
     [f"{PAPER}:6: citations: must be 0 or more, got -4"]),
    ("fractional-citations", {"papers/engine.md": paper(GOOD_FRONT + "citations: 2.5\n")},
     [f"{PAPER}:6: citations: expected a whole number such as 12, got '2.5'"]),
    ("negative-more-authors", {"papers/engine.md": paper(GOOD_FRONT + "more_authors: -1\n")},
     [f"{PAPER}:6: more_authors: must be 0 or more, got -1"]),
    ("octal-looking-count", {"papers/engine.md": paper(GOOD_FRONT + "citations: 0755\n")},
     [f"{PAPER}:6: citations: write the number without leading zeros, got '0755'"]),
    ("draft-yes", {"papers/engine.md": paper(GOOD_FRONT + "draft: yes\n")},
     [f"{PAPER}:6: draft: expected true or false, got 'yes'"]),
    ("unknown-key", {"papers/engine.md": paper(GOOD_FRONT + "titel: X\n")},
     [f"{PAPER}:6: titel: unknown field (did you mean 'title'?)"]),
    ("unknown-key-no-match", {"papers/engine.md": paper(GOOD_FRONT + "zzz: X\n")},
     [f"{PAPER}:6: zzz: unknown field (known fields: title, date, authors, more_authors, "
      "arxiv, citations, venue, doi, url, pdf, code, tags, draft)"]),
    ("duplicate-key", {"papers/engine.md": paper(GOOD_FRONT + "title: Again\n")},
     [f"{PAPER}:6: title: given twice (first on line 2): keep one"]),
    ("bad-arxiv", {"papers/engine.md": paper(GOOD_FRONT + "arxiv: 26.1\n")},
     [f"{PAPER}:6: arxiv: expected an arXiv id such as 2603.01973, 2603.01973v1 or "
      "hep-th/9901001, got '26.1'"]),
    ("bad-doi", {"papers/engine.md": paper(GOOD_FRONT + "doi: nonsense\n")},
     [f"{PAPER}:6: doi: expected a DOI such as 10.1145/3368089.3409739, got 'nonsense'"]),
    ("javascript-url", {"papers/engine.md": paper(GOOD_FRONT + "url: javascript:alert(1)\n")},
     [f"{PAPER}:6: url: only http://, https:// and mailto: addresses or relative paths are "
      "allowed, got 'javascript:alert(1)'"]),
    ("yaml-alias", {"papers/engine.md": paper("title: &t T\nvenue: *t\ndate: 2020-01-01\nauthors: [A]\n")},
     [f"{PAPER}:3: YAML aliases (*t) are not supported: write the value out"]),
    ("yaml-tag", {"papers/engine.md": paper("title: !!python/object:os.system T\ndate: 2020-01-01\nauthors: [A]\n")},
     [f"{PAPER}:2: YAML tags such as !!python/object:os.system are not supported: remove the "
      "tag or quote the value"]),
    ("not-url-safe-slug", {"papers/My Paper.md": paper(GOOD_FRONT)},
     ["content/papers/My Paper.md: the file name 'My Paper.md' cannot be part of a web "
      "address: use only letters a-z, digits, '-', '_' and '.', e.g. 'my-paper.md'"]),
    ("not-utf8", {"papers/engine.md": None},
     [f"{PAPER}:2: the file is not UTF-8 text: save it with UTF-8 encoding"]),
    ("missing-profile", {"profile.yaml": None},
     ["content/profile.yaml: file not found: every site needs a profile with at least your "
      "name (name: Your Name)"]),
    ("empty-profile", {"profile.yaml": ""},
     ["content/profile.yaml:1: the file is empty: write at least 'name: Your Name'"]),
    ("profile-without-name", {"profile.yaml": "affiliation: MIT\n"},
     ["content/profile.yaml:1: name: missing: add it (your name, e.g. name: Ada Lovelace)"]),
    ("profile-unknown-key", {"profile.yaml": "name: A\nnmae: B\n"},
     ["content/profile.yaml:2: nmae: unknown field (did you mean 'name'?)"]),
    ("negative-metric", {"profile.yaml": "name: A\nmetrics:\n  h_index: -2\n"},
     ["content/profile.yaml:3: metrics.h_index: must be 0 or more, got -2"]),
    ("missing-photo", {"profile.yaml": "name: A\nphoto: static/me.jpg\n"},
     ["content/profile.yaml:2: photo: file not found: content/static/me.jpg"]),
    ("photo-outside-content", {"profile.yaml": "name: A\nphoto: ../../etc/passwd\n"},
     ["content/profile.yaml:2: photo: must be a file inside content/, got '../../etc/passwd'"]),
    ("bad-link", {"profile.yaml": "name: A\nlinks:\n  Home: vbscript:x\n"},
     ["content/profile.yaml:3: links: Home: only http://, https:// and mailto: addresses or "
      "relative paths are allowed, got 'vbscript:x'"]),
    ("bad-base-url", {"site.yaml": "base_url: name.github.io\n"},
     ["content/site.yaml:1: base_url: expected the full address of the site, such as "
      "https://name.github.io/ or https://name.github.io/repo/, got 'name.github.io'"]),
    ("zero-authors-shown", {"site.yaml": "authors_shown: 0\n"},
     ["content/site.yaml:1: authors_shown: must be 1 or more, got 0"]),
    ("hash-cuts-value", {"papers/engine.md": paper(GOOD_FRONT + "venue: Update #2\n")},
     [f"{PAPER}:6: '#2' starts a YAML comment, so the value would be cut to 'Update': put "
      "the whole value in quotes"]),
    ("same-arxiv-twice", {"papers/other.md": paper(GOOD_FRONT + "arxiv: 2601.00001v2\n"),
                          "papers/engine.md": paper(GOOD_FRONT + "arxiv: 2601.00001\n")},
     ["content/papers/other.md: arxiv: 2601.00001v2 is also the arXiv id of "
      "content/papers/engine.md: remove one of the two"]),
]


def write_case(project: Project, files: dict[str, str | None]) -> None:
    """Apply a case's files: text replaces, None deletes (or, for not-utf8, writes Latin-1)."""
    for name, text in files.items():
        path = project.content / name
        if text is None and name.endswith(".md"):
            path.write_bytes(b"---\ntitle: Caf\xe9\ndate: 2020-01-01\n---\n")
        elif text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case, files, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_explained_and_output_kept(
    project: Project, case: str, files: dict[str, str | None], expected: list[str]
) -> None:
    project.write(MINIMAL)
    assert project.build().code == 0
    before = project.tree()
    write_case(project, files)
    result = project.build()
    assert result.code == 1
    lines = result.err.strip().split("\n")
    assert lines[:-1] == expected
    assert lines[-1].startswith(f"Build failed: {len(expected)} problem")
    assert "Traceback" not in result.err
    assert project.tree() == before
    assert not list(project.root.glob(".output.*"))


def test_all_problems_are_reported_in_one_run(project: Project) -> None:
    project.write(MINIMAL)
    for case, files, _ in CASES[:12]:
        write_case(project, {f"papers/{case}.md": files.get("papers/engine.md") or "x"})
    result = project.build()
    assert result.code == 1
    assert result.err.count("content/papers/") >= 12


def test_yaml_traps_keep_text_as_typed(project: Project) -> None:
    project.write({
        "profile.yaml": "name: Norway\naffiliation: no\n",
        "papers/a.md": paper("title: No\ndate: 2020-01-01\nauthors:\n  - On\n  - 1:20\n"
                             "arxiv: 2601.18210\nvenue: '0755'\n"),
    })
    assert project.build().code == 0
    item = project.page().select_one("ol.papers > li")
    assert item.select_one(".paper-title").get_text(strip=True) == "No"
    assert item.select_one("a.arxiv").get_text(strip=True) == "2601.18210"
    assert [li.get_text(strip=True) for li in item.select(".authors li")] == ["On", "1:20"]
    assert item.select_one(".venue").get_text(strip=True) == "0755"
    assert project.page().select_one(".affiliation").get_text(strip=True) == "no"


def test_command_line_has_no_traceback_and_exit_codes(project: Project) -> None:
    project.write(MINIMAL)
    (project.content / "papers" / "engine.md").write_text("---\ntitle: [\n---\n")
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project.root)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1
    assert "content/papers/engine.md:3:" in run.stderr and "Traceback" not in run.stderr
    usage = subprocess.run([sys.executable, str(REPO / "build.py"), "--no-such-option"],
                           capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "usage:" in usage.stderr


def test_command_line_output_reaches_a_pipe(project: Project) -> None:
    """The program ends without the interpreter's teardown (cli.run): what it printed and
    logged must still arrive, although a pipe is not flushed line by line."""
    project.write(MINIMAL)
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project.root), "--templates",
         str(project.templates)],
        capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )
    assert run.returncode == 0
    assert run.stdout.startswith("Built 1 paper: ")
    assert "Open " in run.stdout and "'python build.py serve'" in run.stdout
    assert "need base_url in content/site.yaml" in run.stderr


def test_invisible_characters_of_a_message_are_shown_as_escapes(project: Project) -> None:
    project.write({**MINIMAL, "papers/engine.md": paper(
        'title: T\ndate: "2020\\u202e\\e[31m"\nauthors:\n  - Ünïcödé – ok\n')})
    result = project.build()
    assert result.code == 1
    assert result.err.split("\n")[0] == (
        "content/papers/engine.md:3: date: expected YYYY-MM-DD, got '2020\\u202e\\x1b[31m'")


def test_a_line_separator_in_a_key_stays_on_its_problems_line(project: Project) -> None:
    """U+2028 ends a line for str.splitlines and many editors: it is shown as an escape."""
    project.write({**MINIMAL, "papers/engine.md": paper(
        "title: T\ndate: 2020-01-01\nauthors:\n  - A\n? \"\\u2028\"\n")})
    result = project.build()
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0] == ("content/papers/engine.md:6: \\u2028: unknown field (known fields: "
                        "title, date, authors, more_authors, arxiv, citations, venue, doi, url, "
                        "pdf, code, tags, draft)")
    assert lines[1] == "Build failed: 1 problem; the previous output was left as it was."
