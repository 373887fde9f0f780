"""The command line: parse arguments, call one library function, print the outcome."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__, deploy
from .errors import SiteError
from .model import Paths
from .pipeline import build
from .progress import BuildReport, TerminalProgress


def parser() -> argparse.ArgumentParser:
    """The scholarsite command and its subcommands."""
    top = argparse.ArgumentParser(
        prog="scholarsite",
        description="Build a researcher's profile site from content/ into output/.",
    )
    top.add_argument("--version", action="version", version=f"scholarsite {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    _add_paths(top)
    _add_paths(commands.add_parser("build", help="build the site into output/ (the default)"))
    publish = commands.add_parser("deploy", help="build, then push output/ to the gh-pages branch")
    _add_paths(publish)
    deploy.add_arguments(publish)
    preview = commands.add_parser(
        "serve", help="build, serve at http://127.0.0.1:8000/ and rebuild on every save")
    _add_paths(preview)
    _add_serve_arguments(preview)
    return top


def _add_serve_arguments(command: argparse.ArgumentParser) -> None:
    """The options of the serve command (kept here so that building does not load the server)."""
    command.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this machine only)")
    command.add_argument("--port", type=_port, default=8000,
                         help="port to listen on; 0 picks a free one (default: 8000)")
    command.add_argument("--open", dest="open_browser", action="store_true",
                         help="open the site in the default browser")


def _port(text: str) -> int:
    """--port: a TCP port, 0 meaning any free one."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port number (0 to 65535)")
    return int(text)


def _add_paths(command: argparse.ArgumentParser) -> None:
    """Folder options, shared by every subcommand."""
    default = argparse.SUPPRESS
    command.add_argument("--root", type=Path, default=default,
                         help="project folder holding content/, templates/, output/")
    command.add_argument("--content", type=Path, default=default, help="content folder")
    command.add_argument("--templates", type=Path, default=default, help="templates folder")
    command.add_argument("--output", type=Path, default=default, help="output folder")
    command.add_argument("--base-url", default=default, type=_base_url,
                         help="absolute URL the site is published at (overrides site.yaml)")
    command.add_argument("--clean", action="store_true", default=default,
                         help="ignore the build cache and render every page")
    command.add_argument("-j", "--jobs", type=_jobs, default=default,
                         help="processes to render with (default: all cores)")
    command.add_argument("-q", "--quiet", action="store_true", default=default,
                         help="print only errors")


def _jobs(value: str) -> int:
    """--jobs: a whole number of 1 or more."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{value}'")
    return int(value)


def _base_url(value: str) -> str:
    """--base-url, checked and completed as base_url in site.yaml is."""
    from .fields import Invalid, site_url  # with PyYAML, which a build may not need (pipeline)

    try:
        return site_url(value)
    except Invalid as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def paths_from(args: argparse.Namespace, root: Path) -> Paths:
    """The project's folders: each defaults to its name inside the root."""
    base = Paths.under(getattr(args, "root", root))
    return Paths(
        base.root,
        _resolve(getattr(args, "content", None), base.content),
        _resolve(getattr(args, "templates", None), base.templates),
        _resolve(getattr(args, "output", None), base.output),
    )


def _resolve(given: Path | None, default: Path) -> Path:
    """A folder given on the command line is taken relative to where the command runs."""
    return given.absolute() if given is not None else default


def main(argv: list[str] | None = None, root: Path | None = None, last: bool = False) -> int:
    """Run the command line; return the exit code (0 ok, 1 content errors, 2 usage).

    last says the process ends right after, as in run(): a build need not free its memory.
    """
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    paths = paths_from(args, root or Path.cwd())
    configured = functools.partial(
        build, clean=getattr(args, "clean", False), base_url=getattr(args, "base_url", None),
        jobs=getattr(args, "jobs", None))
    if args.command == "deploy":
        return deploy.run(args, paths, build=configured)
    if args.command == "serve":
        from . import serve  # the server's libraries load only when serving

        return serve.run(args, paths, build=configured)
    quiet = getattr(args, "quiet", False)
    progress = TerminalProgress(sys.stderr)
    try:
        report = configured(paths, progress=None if quiet else progress, last=last)
    except SiteError as error:
        progress.clear()
        _print_problems(error)
        return 1
    except KeyboardInterrupt:
        progress.clear()
        print("Stopped; output/ is as it was before.", file=sys.stderr)
        return 130
    progress.clear()
    if not quiet:
        print(summary(report, paths))
    return 0


def run(root: Path | None = None) -> NoReturn:
    """The command line as a program: main(), then the process ends at once.

    Freeing the objects still alive, one by one, would be for nothing, as the process is
    over: after a rebuild of 10,000 papers, 40 ms in the interpreter's teardown, and 40 ms
    more for the build's model and tables, which the build leaves alive when told it is the
    last. main() has closed every file and stopped every worker and server by then; only
    the output streams and the log handlers still hold what they were given, and are
    flushed here. (A preview's thread laying out the spare folder may be cut short, as at
    any exit: the next build removes what it left.)
    """
    code = main(root=root, last=True)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _print_problems(error: SiteError) -> None:
    """Every problem, one per line, then a count; the previous site stays as it was."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"Build failed: {count} problem{'s' if count != 1 else ''}; "
          "the previous output was left as it was.", file=sys.stderr)


def summary(report: BuildReport, paths: Paths) -> str:
    """What was built, how long it took, where it is and how to look at it."""
    index = paths.output / "index.html"
    shown = os.path.relpath(index) if index.is_relative_to(Path.cwd()) else str(index)
    what = ("Nothing changed" if report.papers is None else
            f"Built {report.papers} paper{'s' if report.papers != 1 else ''}")
    return (
        f"{what}: {report.pages_written} files written, {report.pages_unchanged} unchanged "
        f"in {report.seconds:.2f} s.\n"
        f"Open {shown} in a browser, or run 'python build.py serve' for a live preview."
    )
