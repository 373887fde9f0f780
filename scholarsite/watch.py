"""Notice saved files promptly: stat snapshots of the watched folders, compared from a thread."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import select
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

# What identifies one version of a file: a save that replaces the file by renaming a new one over
# it keeps size and may keep mtime within the clock's resolution, but never keeps the inode.
Stamp = tuple[int, int, int]
Snapshot = dict[str, Stamp]

SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules"})
TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp~", "___jb_tmp___", "___jb_old___")


def is_editor_temp(name: str) -> bool:
    """Files editors write beside the one being saved (backups, swap and lock files)."""
    return (
        name.endswith(TEMP_SUFFIXES)
        or name.startswith(".#")  # Emacs lock file
        or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
        or name == "4913"  # Vim's probe for a writable folder
        or name == ".DS_Store"
    )


def snapshot(folders: Iterable[Path], seen: list[str] | None = None) -> Snapshot:
    """Stamp every file under the folders, leaving out editor temp files and VCS folders."""
    stamps: Snapshot = {}
    pending = [os.fspath(folder) for folder in folders]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    _add_entry(entry, stamps, pending)
            if seen is not None:
                seen.append(folder)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue  # a folder that vanished mid-scan shows up as removed files
    return stamps


def _add_entry(entry: os.DirEntry[str], stamps: Snapshot, pending: list[str]) -> None:
    """Stamp a file, or queue a folder for scanning."""
    try:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIPPED_FOLDERS:
                pending.append(entry.path)
        elif not is_editor_temp(entry.name):
            info = entry.stat()
            stamps[entry.path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    except FileNotFoundError:
        pass  # deleted between listing and stat


def changed_paths(before: Snapshot, after: Snapshot) -> set[str]:
    """Files added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Wakeup:
    """Sleeps until a watched folder changes: inotify on Linux, else until the timeout."""

    # Any change to an entry, or to the folder itself; the snapshot then says what changed.
    MASK = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800

    def __init__(self) -> None:
        self.watched: set[str] = set()
        self.libc: ctypes.CDLL | None = None
        self.fd = -1
        name = ctypes.util.find_library("c")
        try:
            self.libc = ctypes.CDLL(name, use_errno=True) if name else None
            flags = os.O_NONBLOCK | os.O_CLOEXEC  # inotify's IN_ flags share these values
            self.fd = self.libc.inotify_init1(flags) if self.libc else -1
        except (OSError, AttributeError):
            self.fd = -1  # not Linux: polling alone

    @property
    def active(self) -> bool:
        """Whether changes wake the watcher at once (else it polls)."""
        return self.fd >= 0

    def watch(self, folders: Iterable[str]) -> None:
        """Watch folders not yet watched (new ones appear as papers/ subfolders are made)."""
        for folder in folders:
            if self.active and folder not in self.watched:
                assert self.libc is not None
                if self.libc.inotify_add_watch(self.fd, os.fsencode(folder), self.MASK) >= 0:
                    self.watched.add(folder)

    def wait(self, timeout: float) -> bool:
        """Return when something changed, or after the timeout; whether something changed
        (without inotify, always False: only a new snapshot can tell)."""
        if not self.active:
            threading.Event().wait(timeout)
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                while os.read(self.fd, 65536):
                    pass
            except BlockingIOError:
                pass  # drained
        return bool(ready)

    def close(self) -> None:
        """Release the inotify descriptor."""
        if self.active:
            os.close(self.fd)
            self.fd = -1


class Watcher:
    """Calls on_change(changed files) once per burst of saves, from its own thread."""

    def __init__(
        self,
        folders: Iterable[Path],
        on_change: Callable[[list[str]], None],
        *,
        interval: float = 0.05,
        quiet: float = 0.02,
    ) -> None:
        self.folders = tuple(folders)
        self.on_change = on_change
        self.quiet = quiet
        self._wakeup = Wakeup()
        # With inotify a timed look is only a safety net; without it, it is how saves are found.
        self.interval = 0.5 if self._wakeup.active else interval
        # Taken now, so a save made while the first build runs is still noticed afterwards.
        self._current = self._snapshot()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scholarsite-watch", daemon=True)

    def start(self) -> None:
        """Start watching in the background."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching; waits for a build in progress up to the timeout."""
        self._stopping.set()
        if not self._thread.is_alive():
            self._wakeup.close()
        elif threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _snapshot(self) -> Snapshot:
        """A snapshot of the folders, watching any folder that appeared since the last one."""
        folders: list[str] = []
        stamps = snapshot(self.folders, folders)
        self._wakeup.watch(folders)
        return stamps

    def _run(self) -> None:
        """Watch until stopped; a failing callback is logged and watching goes on."""
        try:
            while not self._stopping.is_set():
                self._wakeup.wait(self.interval)
                changed = self._next_burst() if not self._stopping.is_set() else set()
                if changed:
                    try:
                        self.on_change(sorted(changed))
                    except Exception:
                        logger.exception("rebuild after a change failed")
        finally:
            self._wakeup.close()

    def _next_burst(self) -> set[str]:
        """The files changed since the last burst, once the folders have been quiet briefly."""
        latest = self._snapshot()
        changed = changed_paths(self._current, latest)
        if changed:
            logger.debug("noticed changes to %s", sorted(changed))
        # One save is often several writes and renames a few milliseconds apart, and "save all"
        # writes many files: wait until nothing moves so the whole burst makes one build.
        while changed and self._may_have_changed(self.quiet):
            settled = self._snapshot()
            more = changed_paths(latest, settled)
            # inotify may report a change the last snapshot already saw: then nothing is new,
            # but the quiet time starts again; a look that finds nothing new ends a poll.
            if not more and not self._wakeup.active:
                break
            changed |= more
            latest = settled
        self._current = latest
        return changed

    def _may_have_changed(self, quiet: float) -> bool:
        """Wait up to quiet seconds; whether the folders may have changed meanwhile (False
        when stopping). With inotify, only if it reported a change, at once: the snapshot that
        would find nothing new, 65 ms at 10,000 papers, is then not taken on every save."""
        if self._wakeup.active:
            return self._wakeup.wait(quiet) and not self._stopping.is_set()
        return not self._stopping.wait(quiet)
