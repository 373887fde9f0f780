"""Pathological content must finish quickly and in bounded memory, error or success.

    python bench/safety.py            # every case, a table against the limits
    python bench/safety.py bomb deep  # some cases

Each case is a small good site with one pathological part, built by the real command in a
child process with its address space capped (RLIMIT_AS), so a blow-up ends in MemoryError,
not in a swapping machine. The limits of issue 5 (10 s, 512 MB per pathological input) are
checked here, not in the unit tests, which only check each outcome (tests/test_bounded.py).
Memory is the child's peak resident set; worker processes of a large build are measured
one by one, the largest counting.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECONDS = 10.0
MEGABYTES = 512
ADDRESS_SPACE = 1 << 30  # the cap for the child: generous, but a blow-up still stops
PAPER = "---\ntitle: {title}\ndate: 2020-01-01\nauthors:\n  - Ada Lovelace\n{extra}---\n\n{body}\n"


def _bomb() -> str:
    """A billion laughs: nine levels of nine aliases each."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "".join(line + "\n" for line in lines)


def _papers(count: int) -> dict[str, str]:
    """count good papers with a short abstract each."""
    return {
        f"papers/p{number:05d}.md": PAPER.format(
            title=f"Paper {number}", extra=f"citations: {number % 97}\n",
            body=f"Abstract of paper {number}, with *emphasis* and a [link](https://example.org/).")
        for number in range(count)
    }


@dataclass(frozen=True)
class Case:
    """One pathological input: the files it adds to a good site and the exit code it must give."""

    name: str
    description: str
    files: Callable[[], dict[str, str]]
    code: int


CASES = (
    Case("bomb", "alias bomb (9 levels of 9 aliases) in front matter",
         lambda: {"papers/x.md": PAPER.format(title="T", extra=_bomb(), body="")}, 1),
    Case("abstract", "10 MB abstract",
         lambda: {"papers/x.md": PAPER.format(
             title="T", extra="", body="A long abstract sentence. " * 400_000)}, 0),
    Case("links", "10,000 links in one paragraph, then 10,000 [",
         lambda: {"papers/x.md": PAPER.format(
             title="T", extra="", body="[a](https://example.org/) " * 10_000 + "[" * 10_000)}, 0),
    Case("title", "1 MB title",
         lambda: {"papers/x.md": PAPER.format(title="Long " * 200_000, extra="", body="")}, 0),
    Case("deep", "10,000-deep nesting in front matter",
         lambda: {"papers/x.md": PAPER.format(title="T", extra="tags: " + "[" * 10_000
                                              + "]" * 10_000 + "\n", body="")}, 1),
    Case("deep-block", "10,000-deep indented mappings in profile.yaml",
         lambda: {"profile.yaml": "name: Ada\nmetrics:\n" + "".join(
             " " * (level + 1) + f"k{level}:\n" for level in range(10_000))}, 1),
    Case("authors", "100,000 authors on one paper",
         lambda: {"papers/x.md": PAPER.format(title="T", extra="".join(
             f"  - Author {n}\n" for n in range(100_000)), body="")}, 0),
    Case("papers", "5,000 papers",
         lambda: _papers(5_000), 0),
)


@dataclass(frozen=True)
class Outcome:
    """How one build of a case ended."""

    code: int | None  # None: stopped by the timeout
    seconds: float
    megabytes: float
    stderr: str


def prepare(case: Case, root: Path) -> None:
    """A good one-paper site plus the case's files, under root/content."""
    files = {"site.yaml": "base_url: https://ada.example.org/\n", "profile.yaml": "name: Ada\n",
             "papers/engine.md": PAPER.format(title="Engine", extra="", body="Good.")}
    files.update(case.files())
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def measure(root: Path, timeout: float, address_space: int = ADDRESS_SPACE) -> Outcome:
    """Build root with the real command in a capped child process."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--templates",
               str(REPO / "templates"), "--quiet"]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                   preexec_fn=cap)
        code, usage = _wait(process, timeout)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return Outcome(code, seconds, usage.ru_maxrss / 1024 if usage else 0.0, stderr)


def _wait(
    process: subprocess.Popen, timeout: float
) -> tuple[int | None, resource.struct_rusage | None]:
    """Wait for the child and read its peak memory; kill it at the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        time.sleep(0.02)
    process.kill()
    process.wait()
    return None, None


def main(names: list[str]) -> int:
    """Run the chosen cases (all by default) and print one row each; 1 if any is over a limit."""
    chosen = [case for case in CASES if not names or case.name in names]
    print(f"{'case':<52} {'exit':>4} {'seconds':>8} {'MB':>6}  within {SECONDS:.0f} s, "
          f"{MEGABYTES} MB")
    failures = 0
    for case in chosen:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            prepare(case, root)
            outcome = measure(root, timeout=10 * SECONDS)
        ok = (outcome.code == case.code and outcome.seconds <= SECONDS
              and outcome.megabytes <= MEGABYTES and "Traceback" not in outcome.stderr)
        failures += not ok
        print(f"{case.description:<52} {outcome.code if outcome.code is not None else '-':>4} "
              f"{outcome.seconds:>8.2f} {outcome.megabytes:>6.0f}  {'yes' if ok else 'NO'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
