"""Run one command and measure it: wall time, processor time in user space and in the kernel,
and the peak memory of its whole process tree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Run:
    """The outcome of one timed command."""

    seconds: float
    peak_mb: float
    user: float  # processor seconds in user space, of every process and thread of the command
    kernel: float  # processor seconds in the kernel: creating files and folders, mostly
    code: int
    out: str
    err: str


# Runs the measured command as its own child and reports that child's time, processor time and
# peak resident size (wait4 counts the processor time of the child's own finished children
# too: a build's workers). A process forked straight from the benchmark would report the
# benchmark's own size as its peak: the kernel carries a process's peak over exec, and the
# benchmark holds large pages.
LAUNCHER = """import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{time.perf_counter() - started} {usage.ru_maxrss} {usage.ru_utime} "
                 f"{usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_timed(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run command; its peak memory is the larger of its biggest process (as the kernel
    records it) and the sampled sum over the process and its workers."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as report:
        launcher = [sys.executable, "-c", LAUNCHER, report.name]
        started = time.perf_counter()
        process = subprocess.Popen([*launcher, *command], cwd=cwd, env=env, stdout=out,
                                   stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(timeout, _kill_group, (process.pid,))
        timer.start()
        code = process.wait()
        timer.cancel()
        sampler.stop()
        # Killed on time-out, the launcher reports nothing: its own wall time stands in.
        fields = report.read().split() or [str(time.perf_counter() - started), "0", "0", "0"]
        seconds, peak_kb, user, kernel = map(float, fields)
        out.seek(0)
        err.seek(0)
        peak = max(peak_kb / 1024, sampler.peak_kb / 1024)
        return Run(seconds, peak, user, kernel, code,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def _kill_group(pid: int) -> None:
    """Stop a command that ran past its time limit, with every process it started."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class TreeSampler(threading.Thread):
    """Sum the proportional set size (PSS) of a process and its descendants, periodically.

    PSS splits pages shared between forked workers among them, so the sum is what the tree
    really occupies; where smaps_rollup is unreadable, resident size (RSS) is used.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self._done.wait(SAMPLE_SECONDS):
            # The first process is the launcher, not part of what is measured.
            total = sum(_memory_kb(pid) for pid in _tree(self.pid)[1:])
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """A process and all its descendants, as /proc lists them now."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in _listdir(f"/proc/{current}/task"):
            pending += [int(c) for c in _read(f"/proc/{current}/task/{task}/children").split()]
    return found


def _memory_kb(pid: int) -> float:
    """PSS of a process in kB (RSS when PSS is not available); 0 once it is gone."""
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            return float(line.split()[1])
    fields = _read(f"/proc/{pid}/statm").split()
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 if len(fields) > 1 else 0.0


def _read(path: str) -> str:
    """A /proc file's text, or "" when the process has ended."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _listdir(path: str) -> list[str]:
    """A /proc folder's entries, or none when the process has ended."""
    try:
        return os.listdir(path)
    except OSError:
        return []
