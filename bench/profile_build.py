"""Where a scholarsite build spends its time: cProfile of cold, no-op and one-edit builds.

The first edit after a cold build also lays out the spare copy of output/; the second is
the everyday rebuild.

    python bench/profile_build.py 10000          # corpus of 10,000 papers
    python bench/profile_build.py 1000 --top 40

Each build runs in this process through the library's build(), once plain (the wall times
printed first) and once under cProfile; the profiles are saved as bench/.work/profile-*.prof
for `python -m pstats` or snakeviz, and the heaviest functions are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable

from corpus import write_corpus
from run import REPO, WORK, edit_abstract
from trash import discard, empty

sys.path.insert(0, str(REPO))

from scholarsite.model import Paths  # noqa: E402  (the repository, not an installed copy)
from scholarsite.pipeline import build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Time and profile the three kinds of build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="papers in the corpus")
    parser.add_argument("--top", type=int, default=25, help="functions to list per profile")
    args = parser.parse_args(argv)
    root = WORK / f"profile-n{args.n}" / "site"
    paths = Paths(root, root.parent / "content", REPO / "templates", root / "output")
    builds: list[tuple[str, Callable[[], object]]] = [
        ("cold", lambda: cold(paths)),
        ("no-op", lambda: build(paths)),
        ("first-edit", lambda: edited(paths)),  # also lays out the spare copy of output/
        ("edit", lambda: edited(paths)),
    ]
    write_corpus(paths.content, args.n)
    for name, run in builds:
        started = time.perf_counter()
        report = run()
        print(f"{name}: {time.perf_counter() - started:.2f} s  {report}")
    for name, run in builds:
        profile = cProfile.Profile()
        profile.runcall(run)
        profile.dump_stats(WORK / f"profile-{name}.prof")
        print(summary(name, profile, args.top))
    empty()
    return 0


def cold(paths: Paths) -> object:
    """No output, no cache."""
    discard(paths.root)  # output/, .cache/ and the spare output; not deleted: see trash.py
    paths.root.mkdir(parents=True)
    return build(paths, clean=True)


_edits = iter(range(10**6))


def edited(paths: Paths) -> object:
    """One abstract changed since the previous build."""
    edit_abstract(paths.content, next(_edits))
    return build(paths)


def summary(name: str, profile: cProfile.Profile, top: int) -> str:
    """The heaviest functions, by time including callees and by own time."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    out.write(f"\n==== {name}: by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"\n==== {name}: by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
