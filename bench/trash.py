"""Folders the benchmark no longer needs are set aside, and deleted only once it is over.

Deleting many files right before a timed build makes that build slow for a reason that has
nothing to do with the tool: ext4 without a journal (the file system of some virtual machines,
this benchmark's among them) will not give a new file an inode freed in the last one to six
minutes, and checks every such inode it passes over. A cold 10,000-paper build that follows
the deletion of the previous one then spends most of its time in the kernel, more so the more
files it writes, and by how much depends on how long ago the deletion was: the same build
took from 7 to 40 seconds. Renaming a folder frees nothing, so it costs no build anything.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRASH = HERE / ".work" / "trash"
_names = itertools.count()


def discard(folder: Path) -> None:
    """Move folder (if it exists) out of the way, into the trash on the same file system."""
    if not folder.exists():
        return
    TRASH.mkdir(parents=True, exist_ok=True)
    while True:
        target = TRASH / f"{os.getpid()}-{next(_names)}"
        if not target.exists():
            break
    folder.rename(target)


def empty() -> None:
    """Delete what was set aside: when the timing is over."""
    shutil.rmtree(TRASH, ignore_errors=True)
