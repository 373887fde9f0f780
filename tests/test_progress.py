"""The progress line of long builds: pages done out of all, on a terminal only."""

from __future__ import annotations

import io

from conftest import REPO, SITES, Project

from scholarsite.model import Paths
from scholarsite.pipeline import build
from scholarsite.progress import TerminalProgress


class Terminal(io.StringIO):
    """A stream that says it is a terminal, keeping what is written to it."""

    def isatty(self) -> bool:
        return True


def paths(project: Project) -> Paths:
    return Paths(project.root, project.content, project.templates, project.output)


def test_a_long_build_counts_the_papers_it_renders(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    papers = len(list((project.content / "papers").glob("*.md")))
    terminal = Terminal()
    progress = TerminalProgress(terminal, after=0)  # every build counts as long
    report = build(paths(project), progress=progress)
    shown = terminal.getvalue()
    assert f"\r\x1b[KRendering papers: {report.papers:,}/{report.papers:,}" in shown
    assert report.papers and report.papers <= papers  # drafts have no page
    progress.clear()
    assert terminal.getvalue().endswith("\r\x1b[K"), "the line is cleared for the summary"


def test_a_rebuild_after_one_edit_counts_one_paper(project: Project) -> None:
    project.copy_from(REPO / "content")
    build(paths(project))
    path = project.content / "papers" / "characterflywheel.md"
    path.write_text(path.read_text(encoding="utf-8").replace("This report", "This new report"),
                    encoding="utf-8")
    terminal = Terminal()
    build(paths(project), progress=TerminalProgress(terminal, after=0))
    assert terminal.getvalue().endswith("Rendering papers: 1/1")


def test_nothing_is_shown_before_the_threshold_or_off_a_terminal(project: Project) -> None:
    project.copy_from(REPO / "content")
    terminal, log = Terminal(), io.StringIO()
    build(paths(project), progress=TerminalProgress(terminal, after=3600))
    build(paths(project), clean=True, progress=TerminalProgress(log, after=0))
    assert terminal.getvalue() == ""
    assert log.getvalue() == "", "a log or a pipe gets no progress line"


def test_the_command_line_build_ends_with_the_summary_alone(project: Project) -> None:
    project.copy_from(REPO / "content")
    result = project.build()
    assert result.code == 0
    assert "\x1b" not in result.out + result.err
    assert result.out.startswith("Built 3 papers: ")
