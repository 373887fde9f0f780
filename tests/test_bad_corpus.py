"""The bad-input corpus: each folder of tests/bad_inputs/ is one case, run with the real command.

A case folder holds the files that differ from the minimal good site in `_base/` (written over
it), an optional `delete.txt` (files to remove, one per line), `expected.txt` (first line
`exit N`, then the exact lines printed on stderr) and, for cases that must build, an optional
`check.txt` of `page | CSS selector | text` lines the built pages must show.

Every case starts from a built good site. Afterwards nothing outside output/ may differ from
what the case wrote (the build cache aside); a failed build leaves output/ byte-identical, and
a successful one must hold no executable construct in any page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, TEMPLATES
from safety_report import (
    TALLY,
    count_lost,
    count_traceback,
    executable_constructs,
    scan_output,
    tree_hashes,
)

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
BASE = CORPUS / "_base"
CASE_FILES = {"expected.txt", "delete.txt", "check.txt"}
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Built by a successful build beside the sources: the site, and the previous build kept for reuse.
BUILT = ("output", ".output.spare")


def run_build(root: Path) -> subprocess.CompletedProcess[str]:
    """The command a user types, in a separate process."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "--quiet"],
        capture_output=True, text=True, errors="backslashreplace", check=False, timeout=120,
    )


@pytest.fixture(scope="session")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal good site with its own copy of the templates, built once."""
    root = tmp_path_factory.mktemp("good") / "site"
    shutil.copytree(BASE, root)
    shutil.copytree(TEMPLATES, root / "templates")
    result = run_build(root)
    assert (result.returncode, result.stderr) == (0, "")
    return root


def apply_case(case: Path, root: Path) -> None:
    """Write the case's files over the project and remove the ones it lists."""
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_file() and relative.as_posix() not in CASE_FILES:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    deleted = case / "delete.txt"
    for line in deleted.read_text("utf-8").splitlines() if deleted.exists() else ():
        (root / line).unlink()


def read_expected(case: Path) -> tuple[int, str]:
    """The exit code and the exact stderr a case must give."""
    first, _, rest = (case / "expected.txt").read_text("utf-8").partition("\n")
    assert first.startswith("exit "), f"{case.name}/expected.txt must start with 'exit N'"
    return int(first.removeprefix("exit ")), rest


def outside_output(hashes: dict[str, str]) -> dict[str, str]:
    """The files a build must never touch."""
    return {path: sha for path, sha in hashes.items() if path.split("/")[0] not in BUILT}


def check_pages(case: Path, output: Path) -> None:
    """Each `page | selector | text` line of check.txt holds in the built site."""
    checks = case / "check.txt"
    for line in checks.read_text("utf-8").splitlines() if checks.exists() else ():
        page, selector, text = (part.strip() for part in line.split("|"))
        soup = BeautifulSoup((output / page).read_text("utf-8"), "html5lib")
        found = soup.select_one(selector)
        assert found is not None, f"{page}: nothing matches {selector}"
        assert " ".join(found.get_text(" ").split()) == text, f"{page} {selector}"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("name", CASES)
def test_bad_input(good_project: Path, tmp_path: Path, name: str) -> None:
    case = CORPUS / name
    root = tmp_path / "site"
    shutil.copytree(good_project, root, symlinks=True)
    built = tree_hashes(root / "output", skip=())
    apply_case(case, root)
    before = tree_hashes(root)
    code, stderr = read_expected(case)
    TALLY.corpus += 1

    result = run_build(root)

    assert not count_traceback(result.stderr), result.stderr
    after = tree_hashes(root)
    assert count_lost(outside_output(before), outside_output(after)) == []
    assert (result.returncode, result.stderr) == (code, stderr)
    if code == 0:
        assert scan_output(root / "output") == []
        check_pages(case, root / "output")
    else:
        assert count_lost(built, tree_hashes(root / "output", skip=())) == []
        assert after == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".output.")]
    assert set(leftovers) <= {".output.spare"}


@pytest.mark.parametrize("html", [
    "<main><script>x</script></main>",
    "<main><iframe></iframe></main>",
    "<main><object></object><embed></main>",
    '<p onclick="x">',
    '<a href=" JaVaScRiPt:x">',
    '<a href="java&#x09;script:x">',
    '<a href="vbscript:x">',
    '<img src="data:text/html,x">',
    '<form action="javascript:x"></form>',
    '<meta http-equiv="Refresh" content="0">',
])
def test_the_scanner_sees_executable_constructs(html: str) -> None:
    assert executable_constructs(html)


def test_the_scanner_leaves_harmless_pages() -> None:
    html = ('<main><a href="https://x.org/">a</a><a href="javascript&amp;colon;x">b</a>'
            '<p title="onclick">javascript:alert(1)</p><a href="../x">c</a></main>')
    assert executable_constructs(html) == []
