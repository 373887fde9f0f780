"""One build, as a straight line: look at the inputs; if they changed, load, validate, make
each paper's share, render, write.

The look (listing.look) reads no content: content/'s file stamps, the templates, the code.
When they are those of the build in output/, the build ends there, before the libraries that
read and render content are even loaded: that loading was half of a 10,000-paper build with
nothing to do. Otherwise the stages run (stages.run), each skipping the work the previous
build already did; while they load, a second process compiles the templates if they changed
(environment.compiled_ahead).
"""

from __future__ import annotations

import dataclasses
import time

from . import workers
from .cache import Cache, NoCache
from .listing import look
from .manifest import Head, Manifest
from .model import Paths
from .progress import BuildReport, Progress
from .write import Spare, Staging, check_output, clean_leftovers


def build(
    paths: Paths,
    *,
    clean: bool = False,
    base_url: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    last: bool = False,
) -> BuildReport:
    """Build the site into paths.output, reusing what the previous build already made.

    progress, when given, follows the long stage: rendering (and writing) the papers.
    last says the process ends after this build (stages.run).
    """
    started = time.perf_counter()
    check_output(paths)
    clean_leftovers(paths.output)
    cache = NoCache(Cache.of(paths).folder) if clean else Cache.of(paths)
    inputs = look(paths, base_url)
    head = Head.of(cache, paths.output)
    if head is not None and head.signature == inputs.signature:
        return BuildReport(None, 0, head.files, time.perf_counter() - started, paths.output)
    jobs = jobs or workers.default_jobs()
    from . import environment  # here, not above: see the module's docstring

    with environment.compiled_ahead(paths.templates, cache, inputs.version, jobs, clean=clean):
        from . import stages

    with stages.collector_paused() as collecting:
        return stages.run(paths, cache, inputs, clean=clean, base_url=base_url, jobs=jobs,
                          progress=progress, last=last, collecting=collecting, started=started)


def prepare_spare(paths: Paths) -> bool:
    """Lay out the spare folder beside output/ when there is none; whether it did.

    The first build after one that had no output/ to replace (a first build, a clean one)
    finds no spare to update in place, and links every file into a fresh staging folder:
    2 s at 10,000 papers. A preview server does it here instead, while it waits for the
    first save.
    """
    cache = Cache.of(paths)
    previous = Manifest.of(cache, paths.output)
    if previous.build is None or previous.spare is not None:
        return False
    with Staging(paths.output, previous.hashes, None) as stage:
        stage.carry(previous.hashes, ())
        stage.set_aside(previous.build)
    dataclasses.replace(previous, spare=Spare(previous.build, {})).save(cache)
    return True
