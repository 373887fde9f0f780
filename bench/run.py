"""The speed benchmark: scholarsite, Hugo, Pelican and MkDocs on the same synthetic corpus,
with the Python baseline (baseline.py): what scholarsite's libraries cost on their own.

    python bench/run.py                      # N = 100, 1,000, 10,000; 3 runs each
    python bench/run.py --sizes 1000 --repeat 1 --only scholarsite

Each tool builds the same site (an index with every paper's abstract, one page per paper)
cold (no output, no cache), again with nothing changed (no-op) and, for scholarsite, after
one abstract was edited; the baseline only cold. Every build is a fresh process, so times
include interpreter start.
The table gives medians, the ratio to Hugo's time for the same build, the peak memory of the
build's process tree, and the goals of the speed issue with PASS or MISS. Work files go to
bench/.work/ (git-ignored); nothing touches the network.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from corpus import write_corpus
from hugo_site import write_hugo_site
from measure import Run, run_timed
from mkdocs_site import write_mkdocs_site
from pelican_site import write_pelican_site
from report import EDIT_SHOWN, TOOLS, Row, machine_line, table
from trash import discard, empty

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
PELICAN = WORK / "venv" / "bin" / "pelican"
MKDOCS = WORK / "venv" / "bin" / "mkdocs"
EDIT_MARKER = "Edited for benchmark run {}."


@dataclass
class Options:
    """What to measure."""

    sizes: list[int]
    repeat: int
    tools: tuple[str, ...]
    jobs: int | None
    seed: int
    timeout: float


@dataclass
class Results:
    """Every run, by (tool, papers, build)."""

    runs: dict[tuple[str, str, str], list[Run]] = field(default_factory=dict)
    written: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def add(self, key: tuple[str, str, str], run: Run, written: str = "") -> None:
        """Record one run and print it as progress."""
        self.runs.setdefault(key, []).append(run)
        self.written.setdefault(key, []).append(written)
        tool, papers, build = key
        print(f"  {tool:<11} {papers:>9} {build:<8} {run.seconds:7.2f} s (CPU {run.user:.2f} + "
              f"{run.kernel:.2f} s) {run.peak_mb:7.0f} MB {written}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    options = parse(argv)
    env = environment()
    available = [t for t in options.tools if installed(t)]
    for tool in sorted(set(options.tools) - set(available)):
        print(f"{tool} is not installed: skipped ({install_hint(tool)})", file=sys.stderr)
    results = Results()
    if "scholarsite" in available:
        bench_reference(options, env, results)
    for n in options.sizes:
        content = WORK / f"n{n}" / "content"
        print(f"Corpus of {n:,} papers in {content.relative_to(REPO)}", file=sys.stderr)
        write_corpus(content, n, options.seed)
        # scholarsite goes last: its one-edit builds change the corpus the others convert.
        for tool in sorted(available, key=lambda t: t == "scholarsite"):
            BENCHES[tool](content, n, options, env, results)
    rows = [Row.of(key, runs, results.written[key]) for key, runs in results.runs.items()]
    text = machine_line(tool_versions(available)) + "\n\n" + table(rows)
    (WORK / "results.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    empty()
    return 0


def parse(argv: list[str] | None) -> Options:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="comma-separated paper counts (default 100,1000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build (median)")
    parser.add_argument("--only", default=",".join(TOOLS),
                        help=f"comma-separated tools among {', '.join(TOOLS)}")
    parser.add_argument("--jobs", type=int, help="passed to scholarsite's --jobs")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per build")
    args = parser.parse_args(argv)
    tools = tuple(t.strip() for t in args.only.split(",") if t.strip())
    unknown = set(tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tool {', '.join(sorted(unknown))}: choose among {', '.join(TOOLS)}")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return Options(sizes, max(1, args.repeat), tools, args.jobs, args.seed, args.timeout)


def environment() -> dict[str, str]:
    """The environment of every build: a fixed locale, caches inside bench/.work/."""
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", TZ="UTC")
    env["HUGO_CACHEDIR"] = str(WORK / "hugo-cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def installed(tool: str) -> bool:
    """Whether a tool can be run here."""
    if tool == "hugo":
        return shutil.which("hugo") is not None
    if tool == "pelican":
        return PELICAN.exists()
    if tool == "mkdocs":
        return MKDOCS.exists()
    return True


def install_hint(tool: str) -> str:
    """How to install a missing tool."""
    if tool == "hugo":
        return "apt-get install hugo"
    return f"python -m venv {WORK / 'venv'} && {WORK / 'venv/bin/pip'} install {tool} markdown"


def tool_versions(tools: list[str]) -> dict[str, str]:
    """Each tool's version, for the line above the table."""
    own = _first_line([sys.executable, str(REPO / "build.py"), "--version"])
    versions = {"scholarsite": own.removeprefix("scholarsite ").strip(),
                "python": platform.python_version()}
    # The libraries a build spends its time in: a new release can change the figures alone
    # (Python-Markdown 3.11.4 doubled the time of converting an abstract with a link).
    for library in ("markdown", "jinja2", "pyyaml"):
        versions[library] = metadata.version(library)
    if "hugo" in tools:
        versions["hugo"] = _first_line(["hugo", "version"]).split("+")[0].replace("hugo v", "")
    if "pelican" in tools:
        versions["pelican"] = _first_line([str(PELICAN), "--version"])
    if "mkdocs" in tools:
        versions["mkdocs"] = _first_line([str(MKDOCS), "--version"]).split()[2].rstrip(",")
    return versions


def _first_line(command: list[str]) -> str:
    """The first line a command prints."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    said = (done.stdout or done.stderr).strip()
    return said.splitlines()[0] if said else "?"


# scholarsite ------------------------------------------------------------------------------

def scholarsite_command(root: Path, content: Path, options: Options, clean: bool) -> list[str]:
    """`python build.py` on a project folder whose cache lives in root/.cache/."""
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root),
               "--content", str(content), "--templates", str(REPO / "templates"),
               "--output", str(root / "output")]
    if options.jobs is not None:
        command += ["--jobs", str(options.jobs)]
    return command + (["--clean"] if clean else [])


def build_scholarsite(root: Path, content: Path, options: Options, env: dict[str, str],
                      clean: bool = False) -> tuple[Run, str]:
    """One build; a failed build stops the benchmark with its message."""
    run = run_timed(scholarsite_command(root, content, options, clean), REPO, env, options.timeout)
    if run.code != 0:
        raise SystemExit(f"scholarsite build failed ({run.code}):\n{run.err[-3000:]}")
    found = re.search(r"(\d+) files? written", run.out)
    return run, f"{found.group(1)} written" if found else ""


def cold_scholarsite(root: Path, content: Path, options: Options,
                     env: dict[str, str]) -> tuple[Run, str]:
    """A build with no output and no cache: root holds only what builds left there
    (output/, .cache/, the spare copy of the previous output), so all of it goes."""
    discard(root)  # not deleted: see trash.py
    root.mkdir(parents=True)
    return build_scholarsite(root, content, options, env, clean=True)


def bench_reference(options: Options, env: dict[str, str], results: Results) -> None:
    """The repository's own content/ (the reference profile), cold and no-op."""
    root, content = WORK / "reference" / "site", WORK / "reference" / "content"
    discard(content)
    shutil.copytree(REPO / "content", content)
    print("Reference profile", file=sys.stderr)
    # Three times the runs: its builds take a quarter of a second, where the machine's
    # hiccups weigh most, and its goal is a fixed time.
    for _ in range(3 * options.repeat):
        results.add(("scholarsite", "reference", "cold"),
                    *cold_scholarsite(root, content, options, env))
        results.add(("scholarsite", "reference", "no-op"),
                    *build_scholarsite(root, content, options, env))


def bench_scholarsite(content: Path, n: int, options: Options, env: dict[str, str],
                      results: Results) -> None:
    """Cold, no-op and two one-edit builds, repeat times."""
    root, key = WORK / f"n{n}" / "scholarsite", ("scholarsite", str(n))
    for attempt in range(options.repeat):
        results.add((*key, "cold"), *cold_scholarsite(root, content, options, env))
        results.add((*key, "no-op"), *build_scholarsite(root, content, options, env))
        # The first rebuild after a cold build also lays out the spare copy of output/ that
        # later rebuilds update in place; the goal is about those later, everyday rebuilds.
        for build in ("first edit", "one edit"):
            slug, marker = edit_abstract(content, f"{attempt}{build[0]}")
            before = time.time_ns()
            run, written = build_scholarsite(root, content, options, env)
            check = edit_check(root / "output", slug, marker, before)
            results.add((*key, build), run, f"{written}, {check}")


def edit_abstract(content: Path, attempt: object) -> tuple[str, str]:
    """Add a sentence to the abstract of the middle paper (by file name); return its slug."""
    papers = sorted((content / "papers").glob("*.md"))
    path = papers[len(papers) // 2]
    marker = EDIT_MARKER.format(attempt)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text} {marker}\n", encoding="utf-8")
    return path.stem, marker


def edit_check(output: Path, slug: str, marker: str, since_ns: int) -> str:
    """Whether the edit shows on the index and the paper's page, and every file the build
    changed shows it (a file whose bytes did not change keeps its old time: it is linked)."""
    changed = [path for path in output.rglob("*")
               if path.is_file() and path.name != ".scholarsite"
               and path.stat().st_mtime_ns >= since_ns]
    names = {path.relative_to(output).as_posix(): path for path in changed}
    missing = sorted({"index.html", f"papers/{slug}/index.html"} - names.keys())
    unrelated = sorted(name for name, path in names.items()
                       if marker not in path.read_text(encoding="utf-8", errors="replace"))
    if missing or unrelated:
        return f"EDIT NOT SHOWN IN {missing}; CHANGED WITHOUT IT: {unrelated}"
    return EDIT_SHOWN


# Hugo, Pelican and MkDocs ----------------------------------------------------------------

def bench_other(tool: str, command: list[str], site: Path, output: Path, n: int,
                options: Options, env: dict[str, str], results: Results,
                builds: tuple[str, ...] = ("cold", "no-op")) -> None:
    """Builds of another generator, repeat times: cold (output and caches removed), then
    no-op unless builds leaves it out."""
    for _ in range(options.repeat):
        for folder in (output, site / "resources", site / "__pycache__", WORK / "hugo-cache"):
            discard(folder)
        for build in builds:
            run = run_timed(command, site, env, options.timeout)
            if run.code != 0:
                raise SystemExit(f"{tool} failed ({run.code}):\n{(run.err or run.out)[-3000:]}")
            check_pages(tool, output, n)
            results.add((tool, str(n), build), run)


def check_pages(tool: str, output: Path, n: int) -> None:
    """Stop if a tool did not make the same pages as scholarsite: a page per paper, and an
    index listing every paper (a converter that lost pages would make its tool look fast)."""
    pages = len(list(output.glob("papers/*/index.html")))
    listed = (output / "index.html").read_text(encoding="utf-8").count('<li class="paper"')
    if pages != n or listed != n:
        raise SystemExit(f"{tool} made {pages} paper pages and listed {listed} papers, not {n}")


def bench_hugo(content: Path, n: int, options: Options, env: dict[str, str],
               results: Results) -> None:
    """Hugo on the converted corpus."""
    site = WORK / f"n{n}" / "hugo"
    write_hugo_site(content, site)
    command = ["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")]
    bench_other("hugo", command, site, site / "public", n, options, env, results)


def bench_pelican(content: Path, n: int, options: Options, env: dict[str, str],
                  results: Results) -> None:
    """Pelican on the converted corpus."""
    site = WORK / f"n{n}" / "pelican"
    write_pelican_site(content, site)
    command = [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    bench_other("pelican", command, site, site / "output", n, options, env, results)


def bench_mkdocs(content: Path, n: int, options: Options, env: dict[str, str],
                 results: Results) -> None:
    """MkDocs on the converted corpus."""
    site = WORK / f"n{n}" / "mkdocs"
    write_mkdocs_site(content, site)
    command = [str(MKDOCS), "build", "--quiet", "--config-file", "mkdocs.yml",
               "--site-dir", "output"]
    bench_other("mkdocs", command, site, site / "output", n, options, env, results)


def bench_baseline(content: Path, n: int, options: Options, env: dict[str, str],
                   results: Results) -> None:
    """The Python baseline, cold only: it keeps nothing from one build to the next."""
    site = WORK / f"n{n}" / "baseline"
    site.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(HERE / "baseline.py"), str(content), "output"]
    if options.jobs is not None:
        command += ["--jobs", str(options.jobs)]
    bench_other("baseline", command, site, site / "output", n, options, env, results, ("cold",))


BENCHES = {"scholarsite": bench_scholarsite, "hugo": bench_hugo, "pelican": bench_pelican,
           "mkdocs": bench_mkdocs, "baseline": bench_baseline}

if __name__ == "__main__":
    raise SystemExit(main())
