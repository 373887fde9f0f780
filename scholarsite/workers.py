"""Spread independent work items over the machine's cores.

Processes are forked, so the work function and its inputs (compiled templates, the model)
reach the workers without being pickled; only results travel back. Forking is safe only
while the process has a single thread, so a multi-threaded caller (the dev server) gets a
serial run instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_task: tuple[Callable[[object], object], Sequence[object]] | None = None

# At most this many items go to a worker at a time: a worker holds its chunk's results until
# the chunk is done, so large chunks add to the memory of every worker.
CHUNK = 100


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    min_items: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """work(item) for every item, in order; in parallel when there are enough items.

    done, when given, is told how many items are finished as they finish.
    """
    done = done or _ignore
    if jobs <= 1 or len(items) < min_items or not can_fork():
        results = []
        for item in items:
            results.append(work(item))
            done(len(results))
        return results
    size = max(1, min(-(-len(items) // (jobs * 4)), CHUNK))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    import multiprocessing  # here: small builds never start workers

    context = multiprocessing.get_context("fork")
    results = []
    with context.Pool(jobs, initializer=_receive, initargs=(work, items)) as pool:
        for part in pool.imap(_run_chunk, chunks, chunksize=1):
            results.extend(part)
            done(len(results))
    return results


def _ignore(count: int) -> None:
    """A done callback for callers that do not follow progress."""


def can_fork() -> bool:
    """Whether this process may fork: forking copies only the calling thread, and other
    threads' locks could stay held."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _receive(work: Callable[[object], object], items: Sequence[object]) -> None:
    """In a worker: keep the work function and items the parent handed over at fork."""
    global _task
    _task = (work, items)


def _run_chunk(bounds: tuple[int, int]) -> list[object]:
    """In a worker: do the work for items[start:end]."""
    assert _task is not None
    work, items = _task
    return [work(items[index]) for index in range(*bounds)]
