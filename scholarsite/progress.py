"""What a build shows while it runs, on a terminal, and what it reports when it is done."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

Progress = Callable[[str, int, int], None]  # what is being done, items done, items in all


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line."""

    papers: int | None  # None when nothing changed and the content was not even read
    pages_written: int
    pages_unchanged: int
    seconds: float
    output: Path


class TerminalProgress:
    """'Writing pages: 4,000/10,000' on one terminal line, once a build has run a while.

    Short builds show nothing (a line that flashes by is noise), and neither does a stream
    that is not a terminal: CI logs and pipes get only the summary.
    """

    def __init__(self, stream: TextIO, after: float = 2.0) -> None:
        self._stream, self._after = stream, after
        self._started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Show that done of total items of a stage are finished (at most ten times a second)."""
        now = time.monotonic()
        if now - self._started < self._after or (now - self._last < 0.1 and done < total):
            return
        if not self._stream.isatty():
            return
        self._last = now
        self._stream.write(f"\r\033[K{stage}: {done:,}/{total:,}")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Remove the line, so that the summary or an error message takes its place."""
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._shown = False
