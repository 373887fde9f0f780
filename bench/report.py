"""The benchmark's table: medians, ratios to Hugo, peak memory, and the goals of the issue."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from measure import Run

EDIT_SHOWN = "edit in index, paper page and every changed file"

Key = tuple[str, str, str]  # tool, papers ("100" or "reference"), build ("cold", ...)


@dataclass(frozen=True)
class Row:
    """The medians of one tool's runs of one build at one size."""

    key: Key
    seconds: float
    peak_mb: float
    user: float
    kernel: float
    runs: int
    written: str

    @classmethod
    def of(cls, key: Key, runs: list[Run], written: list[str]) -> Row:
        """Summarise repeated runs."""
        notes = " / ".join(dict.fromkeys(w for w in written if w))
        return cls(key, statistics.median(r.seconds for r in runs),
                   statistics.median(r.peak_mb for r in runs),
                   statistics.median(r.user for r in runs),
                   statistics.median(r.kernel for r in runs), len(runs), notes)


@dataclass(frozen=True)
class Goal:
    """One goal of the speed issue, attached to the row it judges."""

    key: Key
    text: str
    met: Callable[[Row, Mapping[Key, Row]], bool | None]  # None: cannot be judged here


def _hugo_key(key: Key) -> Key:
    """Hugo's comparable build: it rebuilds everything, so an edit compares with its no-op."""
    _, papers, build = key
    return ("hugo", papers, "cold" if build == "cold" else "no-op")


def ratio_to_hugo(row: Row, rows: Mapping[Key, Row]) -> float | None:
    """This row's time over Hugo's for the same build and size."""
    hugo = rows.get(_hugo_key(row.key))
    return row.seconds / hugo.seconds if hugo else None


def _at_most_hugo(factor: float) -> Callable[[Row, Mapping[Key, Row]], bool | None]:
    """Time at most factor times Hugo's."""
    def met(row: Row, rows: Mapping[Key, Row]) -> bool | None:
        ratio = ratio_to_hugo(row, rows)
        return None if ratio is None else ratio <= factor
    return met


def _faster_than(tool: str, factor: float) -> Callable[[Row, Mapping[Key, Row]], bool | None]:
    """At least factor times faster than another tool's cold build."""
    def met(row: Row, rows: Mapping[Key, Row]) -> bool | None:
        other = rows.get((tool, row.key[1], "cold"))
        return None if other is None else other.seconds >= factor * row.seconds
    return met


def _half_hugo_memory(row: Row, rows: Mapping[Key, Row]) -> bool | None:
    """Peak memory at most half of Hugo's."""
    hugo = rows.get(("hugo", row.key[1], "cold"))
    return None if hugo is None else row.peak_mb <= hugo.peak_mb / 2


def _within(seconds: float, edit: str = "") -> Callable[[Row, Mapping[Key, Row]], bool]:
    """Time within a limit; with edit, every run also passed that check of its pages."""
    def met(row: Row, rows: Mapping[Key, Row]) -> bool:
        pages_ok = not edit or all(edit in note for note in row.written.split(" / "))
        return row.seconds <= seconds and pages_ok
    return met


GOALS = (
    Goal(("scholarsite", "10000", "cold"), "≤ 1.0× Hugo", _at_most_hugo(1.0)),
    Goal(("scholarsite", "10000", "cold"), "≥ 5× faster than Pelican", _faster_than("pelican", 5)),
    Goal(("scholarsite", "10000", "cold"), "≥ 10× faster than MkDocs", _faster_than("mkdocs", 10)),
    Goal(("scholarsite", "10000", "cold"), "memory ≤ ½ Hugo's", _half_hugo_memory),
    Goal(("scholarsite", "10000", "no-op"), "≤ 0.5 s", _within(0.5)),
    Goal(("scholarsite", "10000", "one edit"), "≤ 0.8 s, edit shown where the abstract is",
         _within(0.8, EDIT_SHOWN)),
    Goal(("scholarsite", "1000", "cold"), "≤ 1.5× Hugo", _at_most_hugo(1.5)),
    Goal(("scholarsite", "reference", "cold"), "< 0.3 s with interpreter start", _within(0.3)),
)

HEADER = ("Tool", "Papers", "Build", "Median", "vs Hugo", "CPU user + kernel", "Peak memory",
          "Files", "Goal", "Result")


def table(rows: list[Row]) -> str:
    """One Markdown table, a row per tool, size and build, goals beside the rows they judge."""
    by_key = {row.key: row for row in rows}
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in sorted(rows, key=_order):
        goals = [goal for goal in GOALS if goal.key == row.key]
        ratio = ratio_to_hugo(row, by_key)
        cells = (
            row.key[0], _papers(row.key[1]), row.key[2], f"{row.seconds:.2f} s",
            f"{ratio:.2f}×" if ratio is not None else "–",
            f"{row.user:.2f} + {row.kernel:.2f} s", f"{row.peak_mb:,.0f} MB",
            row.written or "–", "; ".join(goal.text for goal in goals) or "–",
            verdict(row, goals, by_key),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\n{_runs(rows)} {NOTE}\n"


def _runs(rows: list[Row]) -> str:
    """How many runs the medians are of (the reference profile is run more often)."""
    others = [row.runs for row in rows if row.key[1] != "reference"]
    reference = [row.runs for row in rows if row.key[1] == "reference"]
    runs = max(others or reference)
    text = f"Median of {runs} run{'s' if runs != 1 else ''}"
    if reference and others and max(reference) != runs:
        text += f" ({max(reference)} for the reference profile)"
    return text + "."


NOTE = (
    "Every build is a new process, interpreter start included. vs Hugo: time over Hugo's "
    "for the same build (Hugo re-renders everything, so an edit compares with its no-op). "
    "First edit: one abstract changed, in the first rebuild after a cold build; one edit: "
    "the same in a later rebuild, the everyday case the goal is about. "
    "CPU: processor time of the build's processes and threads, in user space and in the "
    "kernel (median of each); on two cores a build can take up to twice its wall time. "
    "Peak memory: the build's process tree (proportional set size summed over workers, or "
    "the largest process's peak resident size if higher). "
    "baseline: bench/baseline.py, scholarsite's libraries alone (PyYAML's C loader, "
    "Python-Markdown as installed, Jinja) reading, converting and writing a minimal page per "
    "paper and the index, on every core: what a plain build with them takes."
)


def verdict(row: Row, goals: list[Goal], rows: Mapping[Key, Row]) -> str:
    """PASS when every goal of the row is met, MISS naming those that are not."""
    if not goals:
        return "–"
    outcomes = [(goal, goal.met(row, rows)) for goal in goals]
    missed = [goal.text for goal, met in outcomes if met is False]
    unknown = [goal.text for goal, met in outcomes if met is None]
    if missed:
        return "**MISS** (" + "; ".join(missed) + ")"
    if unknown:
        return "n/a (" + "; ".join(unknown) + ": tool not run)"
    return "PASS"


TOOLS = ("scholarsite", "hugo", "pelican", "mkdocs", "baseline")  # in the table's order
_BUILDS = ("cold", "no-op", "first edit", "one edit")


def _order(row: Row) -> tuple[int, int, int]:
    """Reference first, then by size; within a size scholarsite, Hugo, Pelican, MkDocs, the
    baseline."""
    tool, papers, build = row.key
    size = -1 if papers == "reference" else int(papers)
    return size, TOOLS.index(tool), _BUILDS.index(build)


def _papers(papers: str) -> str:
    """10000 -> '10,000'; the reference profile by name."""
    return "reference (3)" if papers == "reference" else f"{int(papers):,}"


def machine_line(versions: Mapping[str, str]) -> str:
    """The machine and the versions the table was measured with."""
    cpu = _cpu_model()
    tools = ", ".join(f"{name} {version}" for name, version in versions.items())
    system = f"{platform.system()} {platform.release()}"
    return f"Machine: {cpu}, {os.cpu_count()} cores, {system}; {tools}."


def _cpu_model() -> str:
    """The processor's name, from /proc/cpuinfo where there is one."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
