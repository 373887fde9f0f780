"""A build killed with SIGKILL at any moment leaves output/ exactly as the last good build.

Twenty times: change the content (or ask for --clean), start the real command, kill it at a
random moment (fixed seed), and compare every file of output/ with the last finished build.
The next build must then succeed, equal a clean build of the same content, and leave no
staging or trash folders behind. (.output.spare, the build kept for reuse, is allowed.)
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, TEMPLATES
from safety_report import TALLY, count_lost, count_traceback, tree_hashes

PAPERS = 300
RUNS = 20
SEED = 20260305


def paper(number: int, title: str) -> str:
    """One paper file with a few paragraphs of abstract."""
    return (f"---\ntitle: {title}\ndate: 20{number % 25:02d}-0{number % 9 + 1}-1{number % 9}\n"
            f"authors:\n  - Ada Lovelace\n  - Author {number}\ncitations: {number}\n---\n\n"
            + f"Paragraph about *result {number}* with [a link](https://example.org/{number}).\n\n"
            * 5)


def write_site(content: Path) -> None:
    """A profile with PAPERS papers."""
    (content / "papers").mkdir(parents=True)
    (content / "site.yaml").write_text("base_url: https://ada.example.org/\n")
    (content / "profile.yaml").write_text("name: Ada Lovelace\nbio: Mathematician.\n")
    for number in range(PAPERS):
        (content / "papers" / f"p{number:03d}.md").write_text(paper(number, f"Paper {number}"))


def command(root: Path, *args: str) -> list[str]:
    """The build command a user types."""
    return [sys.executable, str(REPO / "build.py"), "--root", str(root), "--templates",
            str(TEMPLATES), "--quiet", *args]


def build(root: Path, *args: str) -> dict[str, str]:
    """Build to the end; return the hash of every file in output/."""
    result = subprocess.run(command(root, *args), capture_output=True, text=True, timeout=300,
                            check=False)
    assert not count_traceback(result.stderr), result.stderr
    assert (result.returncode, result.stderr) == (0, "")
    return tree_hashes(root / "output", skip=())


def edit(content: Path, rng: random.Random, run: int) -> list[str]:
    """Change the content the way a researcher would; return extra build arguments."""
    papers = sorted((content / "papers").glob("*.md"))
    kind = run % 5
    if kind == 0:
        target = rng.choice(papers)
        number = int(target.stem[1:])
        target.write_text(paper(number, f"Paper {number}, revised in run {run}"))
    elif kind == 1:
        (content / "papers" / f"new{run}.md").write_text(paper(1000 + run, f"New paper {run}"))
    elif kind == 2:
        rng.choice(papers).unlink()
    elif kind == 3:
        (content / "profile.yaml").write_text(f"name: Ada Lovelace\nbio: Revised {run}.\n")
    else:
        return ["--clean"]
    return []


def kill_during_build(root: Path, args: list[str], moment: float) -> int | None:
    """Start a build, SIGKILL it and its workers after `moment` seconds; its exit status."""
    process = subprocess.Popen(command(root, *args), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(moment)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return process.wait(timeout=60)


def leftovers(root: Path) -> list[str]:
    """Temporary folders of a build beside output/; the kept spare build is not one."""
    return sorted(p.name for p in root.iterdir()
                  if p.name.startswith(".output.") and p.name != ".output.spare")


def test_sigkill_at_random_moments_never_damages_output(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    root, reference = tmp_path / "site", tmp_path / "reference"
    write_site(root / "content")
    started = time.perf_counter()
    last_good = build(root, "--clean")
    duration = time.perf_counter() - started  # to spread the kills over a whole build
    killed_midway = 0
    for run in range(RUNS):
        args = edit(root / "content", rng, run)
        shutil.rmtree(reference, ignore_errors=True)
        shutil.copytree(root / "content", reference / "content")
        expected = build(reference, "--clean")

        # A rebuild is quicker than the clean build timed above: aim at its first part.
        status = kill_during_build(root, args, rng.uniform(0, 0.6 * duration))
        TALLY.killed += 1
        killed_midway += status == -signal.SIGKILL

        now = tree_hashes(root / "output", skip=())
        finished = now == expected  # the kill came after the swap: that build is the good one
        damage = [] if finished else count_lost(last_good, now)
        assert damage == [], f"run {run}: output/ damaged: {damage}"
        last_good = build(root)
        assert last_good == expected, f"run {run}: the build after a kill differs from a clean one"
        assert leftovers(root) == []
    assert killed_midway >= RUNS // 3  # kills must land inside builds to prove anything


def test_rebuilds_through_the_spare_equal_a_clean_build(tmp_path: Path) -> None:
    """Three builds in a row reuse the spare folder; the result holds nothing a clean build lacks."""
    root, reference = tmp_path / "site", tmp_path / "reference"
    write_site(root / "content")
    for run in range(3):
        build(root)
        (root / "content" / "papers" / "p000.md").write_text(paper(0, f"Edited {run}"))
    shutil.copytree(root / "content", reference / "content")
    assert build(root) == build(reference, "--clean")
