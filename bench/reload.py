"""Save-to-visible time of the live preview, measured in a real Chromium.

    python bench/reload.py [--saves 20] [--papers 1000] [--only reference|large]

For the reference profile (3 papers) and a generated site of 1,000 papers, this starts
`serve` on a free port in a temporary copy, opens the profile page in headless Chromium (for
the large site also the edited paper's own page, the one a writer usually looks at), and
saves a paper's abstract again and again with a new sentence. Each time it measures from the
moment before the file is written to the first animation frame in which the open page contains
the new sentence (browser and script read the same system clock). It prints the median and the
worst of the saves beside the goals: 250 ms at 3 papers, 500 ms at 1,000 papers (median).
Exit status 1 when a median misses its goal.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VERBOSE = bool(os.environ.get("BENCH_VERBOSE"))  # also print where each save's time went
SERVE = (
    "import logging, sys; from pathlib import Path; from scholarsite.model import Paths; "
    "from scholarsite.serve import serve; "
    + ("logging.basicConfig(level=logging.DEBUG, format='%(created).3f %(message)s'); "
       if VERBOSE else "")
    + "sys.exit(serve(Paths.under(Path(sys.argv[1])), port=0))"
)
# The browser's timing of the current page's load, in ms from navigation start.
NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const marks = ["requestStart", "responseEnd", "domInteractive", "loadEventEnd"];
  return marks.map(k => k + " " + Math.round(n[k])).join(", ");
}"""
# Run in every page before its own scripts: note, in epoch milliseconds, the first animation
# frame after the document is parsed and after each later change to it (the preview patches a
# page in place when it can), i.e. when the page last showed new content.
FIRST_FRAME = """
document.addEventListener("DOMContentLoaded", () => {
  const now = () => performance.timeOrigin + performance.now();
  const note = () => {
    window.__changedAt = now();
    requestAnimationFrame(() => { window.__shownAt = now(); });
  };
  note();
  new MutationObserver(note).observe(document.documentElement,
    {subtree: true, childList: true, characterData: true, attributes: true});
});
"""
# When the open page shows the marker: its navigation start and the frame that showed it.
SEEN = """marker => document.body && document.body.textContent.includes(marker)
  && window.__shownAt >= window.__changedAt && [performance.timeOrigin, window.__shownAt]"""


@dataclass(frozen=True)
class Scenario:
    """A site to measure: its name, how to make its content/, the goal for the median."""

    name: str
    papers: int
    goal_ms: float
    make: Callable[[Path], Path]  # writes content/ under a root, returns the paper to edit
    view: str = "profile"  # the page open in the browser: the profile or the edited paper's


def reference_site(root: Path) -> Path:
    """The repository's own content: the reference profile."""
    shutil.copytree(REPO / "content", root / "content")
    return sorted((root / "content" / "papers").glob("*.md"))[0]


def generated_site(papers: int) -> Callable[[Path], Path]:
    """A synthetic site: bench/corpus.py's when it is there, else a small stand-in."""
    def make(root: Path) -> Path:
        try:
            from corpus import write_corpus  # bench/corpus.py, the shared benchmark corpus
        except ImportError:
            write_corpus = write_simple_corpus
        write_corpus(root / "content", papers)
        files = sorted((root / "content" / "papers").glob("*.md"))
        return files[len(files) // 2]
    return make


def write_simple_corpus(content: Path, papers: int) -> None:
    """n papers with plain front matter and a paragraph of abstract each."""
    (content / "papers").mkdir(parents=True)
    (content / "profile.yaml").write_text("name: Synthetic Researcher\n", encoding="utf-8")
    for i in range(papers):
        (content / "papers" / f"paper-{i:04d}.md").write_text(
            f"---\ntitle: Synthetic Paper {i}\n"
            f"date: {2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"authors:\n  - Author {i % 7}\n  - Author {i % 11}\ncitations: {i % 50}\n---\n\n"
            + f"Abstract {i}: we study problem {i} and show it is hard. " * 6 + "\n",
            encoding="utf-8",
        )


def with_abstract(source: str, sentence: str) -> str:
    """A paper file with its abstract replaced by one sentence."""
    front = re.match(r"(?s)\A---\n.*?\n---\n", source)
    assert front, "paper without front matter"
    return f"{front.group(0)}\n{sentence}\n"


def save(path: Path, text: str) -> None:
    """Save as an editor does: write beside the file, then rename over it."""
    temp = path.with_name(path.name + ".swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def start_server(root: Path) -> tuple[subprocess.Popen[str], str, list[str]]:
    """`serve` on a free port in its own process; its URL and the lines it prints."""
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(root)], cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving on "):
            break
    else:
        raise SystemExit(f"serve did not start (exit {process.wait()})")
    lines: list[str] = []
    output = process.stdout
    threading.Thread(target=lambda: lines.extend(output), daemon=True).start()
    return process, line.split()[2], lines


def measure(scenario: Scenario, saves: int, context: Any) -> list[float]:
    """Milliseconds from each save to the first frame that shows it, reloaded or patched."""
    with tempfile.TemporaryDirectory(prefix="reload-bench-") as folder:
        root = Path(folder)
        paper = scenario.make(root)
        shutil.copytree(REPO / "templates", root / "templates")
        process, url, lines = start_server(root)
        try:
            page = context.new_page()
            page.add_init_script(FIRST_FRAME)
            page.goto(url if scenario.view == "profile" else f"{url}papers/{paper.stem}/")
            original = paper.read_text(encoding="utf-8")
            times = []
            for i in range(saves):
                marker = f"Benchmark sentence {i} {time.time_ns()}."
                started = time.time()
                save(paper, with_abstract(original, marker))
                shown = page.wait_for_function(SEEN, arg=marker, timeout=20_000)
                reloaded, seen = shown.json_value()
                times.append(seen - started * 1000)
                if VERBOSE:
                    explain(page, started, reloaded, seen, lines)
                time.sleep(0.3)  # a person saves again after looking, not in the same instant
            page.close()
            return times
        finally:
            process.terminate()
            process.wait(10)


def explain(page: Any, started: float, reloaded: float, seen: float, lines: list[str]) -> None:
    """Where one save's time went: the server's log, then the browser's."""
    time.sleep(0.1)  # let the server's last lines arrive
    print(f"  saved at {started:.3f}")
    print("".join(f"    {line}" for line in lines[-6:] if line[:10].isdigit()), end="")
    if reloaded < started * 1000:
        print(f"    patched in place: save to seen {seen - started * 1000:.0f} ms")
    else:
        print(f"    save to reload {reloaded - started * 1000:.0f} ms, reload to seen "
              f"{seen - reloaded:.0f} ms ({page.evaluate(NAVIGATION)})")
    lines.clear()


def main(argv: list[str] | None = None) -> int:
    """Measure every scenario and print the table; 1 when a median misses its goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--only", choices=["reference", "large", "large-paper"])
    args = parser.parse_args(argv)
    scenarios = [
        Scenario("reference", 3, 250, reference_site),
        Scenario("large", args.papers, 500, generated_site(args.papers)),
        Scenario("large-paper", args.papers, 500, generated_site(args.papers), view="paper"),
    ]
    from playwright.sync_api import sync_playwright

    print(f"{'site':<12} {'page':<8} {'papers':>6} {'saves':>5} {'median':>9} {'worst':>9}"
          f" {'goal':>8}")
    missed = False
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for scenario in scenarios:
            if args.only and args.only != scenario.name:
                continue
            times = measure(scenario, args.saves, context)
            median = statistics.median(times)
            verdict = "ok" if median <= scenario.goal_ms else "MISSED"
            missed = missed or median > scenario.goal_ms
            print(f"{scenario.name:<12} {scenario.view:<8} {scenario.papers:>6} {len(times):>5}"
                  f" {median:>6.0f} ms"
                  f" {max(times):>6.0f} ms {scenario.goal_ms:>5.0f} ms  {verdict}", flush=True)
        context.close()
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
