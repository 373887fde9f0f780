"""Notice saved files promptly: stat snapshots of the watched folders, compared from a thread."""

from __future__ import annotations

import logging
import os
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


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """Stamp every file under the folders, leaving out editor temp files and VCS folders."""
    stamps: Snapshot = {}
    pending = [os.fspath(folder) for folder in folders]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    _add_entry(entry, stamps, pending)
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


class Watcher:
    """Calls on_change(changed files) once per burst of saves, from its own thread."""

    def __init__(
        self,
        folders: Iterable[Path],
        on_change: Callable[[list[str]], None],
        *,
        interval: float = 0.05,
        quiet: float = 0.04,
    ) -> None:
        self.folders = tuple(folders)
        self.on_change = on_change
        self.interval = interval
        self.quiet = quiet
        # Taken now, so a save made while the first build runs is still noticed afterwards.
        self._current = snapshot(self.folders)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scholarsite-watch", daemon=True)

    def start(self) -> None:
        """Start polling in the background."""
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop polling; waits for a build in progress up to the timeout."""
        self._stopping.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        """Poll until stopped; a failing callback is logged and polling goes on."""
        while not self._stopping.wait(self.interval):
            changed = self._next_burst()
            if changed:
                try:
                    self.on_change(sorted(changed))
                except Exception:
                    logger.exception("rebuild after a change failed")

    def _next_burst(self) -> set[str]:
        """The files changed since the last burst, once the folders have been quiet briefly."""
        latest = snapshot(self.folders)
        changed = changed_paths(self._current, latest)
        # One save is often several writes and renames a few milliseconds apart, and "save all"
        # writes many files: wait until nothing moves so the whole burst makes one build.
        while changed and not self._stopping.wait(self.quiet):
            settled = snapshot(self.folders)
            more = changed_paths(latest, settled)
            if not more:
                break
            changed |= more
            latest = settled
        self._current = latest
        return changed
