"""The output folder is only ever replaced whole, by a finished build, and never a wrong one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, Project
from scholarsite import write


def build_into(project: Project, output: Path | str) -> tuple[int, str]:
    result = project.build("--output", str(output))
    return result.code, result.err


@pytest.mark.parametrize("target", [".", "content", "content/papers", "..", "/"])
def test_refuses_folders_that_hold_the_project(project: Project, target: str) -> None:
    project.write(MINIMAL)
    before = sorted(p for p in project.root.rglob("*"))
    code, err = build_into(project, project.root / target)
    assert code == 1
    assert "output folder would replace" in err or "output folder is inside" in err
    assert sorted(p for p in project.root.rglob("*")) == before


def test_refuses_templates_and_home(project: Project) -> None:
    project.write(MINIMAL)
    code, err = build_into(project, project.templates)
    assert code == 1 and "output folder would replace" in err
    code, err = build_into(project, Path.home())
    assert code == 1 and "output folder would replace" in err


def test_refuses_a_folder_of_other_files(project: Project) -> None:
    project.write(MINIMAL)
    precious = project.root / "thesis"
    precious.mkdir(parents=True)
    (precious / "chapter1.tex").write_text("months of work")
    code, err = build_into(project, precious)
    assert code == 1
    assert err.startswith("thesis: output folder holds files scholarsite did not write")
    assert (precious / "chapter1.tex").read_text() == "months of work"


def test_refuses_a_symlink_and_a_file(project: Project) -> None:
    project.write(MINIMAL)
    real = project.root / "real"
    real.mkdir()
    os.symlink(real, project.root / "link")
    code, err = build_into(project, project.root / "link")
    assert code == 1 and "output folder is a symbolic link" in err
    (project.root / "afile").write_text("x")
    code, err = build_into(project, project.root / "afile")
    assert code == 1 and "output folder is a file" in err


def test_an_empty_folder_and_our_own_output_are_fine(project: Project) -> None:
    project.write(MINIMAL)
    project.output.mkdir(parents=True)
    assert project.build().code == 0
    assert (project.output / ".scholarsite").is_file()
    assert project.build().code == 0


def test_rebuild_leaves_no_temporary_folders(project: Project) -> None:
    project.write(MINIMAL)
    project.build()
    (project.root / ".output.staging-99999").mkdir()
    (project.root / ".output.staging-99999" / "half.html").write_text("half")
    assert project.build().code == 0
    assert sorted(p.name for p in project.root.iterdir()) == [".cache", "content", "output"]


def test_a_cut_swap_is_repaired(project: Project) -> None:
    """If a build died between the two renames of a non-atomic swap, output/ comes back."""
    project.write(MINIMAL)
    project.build()
    before = project.tree()
    os.rename(project.output, project.root / ".output.old-4242")
    assert project.build().code == 0
    assert project.tree() == before


def test_a_file_of_pieces_is_written_whole_after_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large site-wide files are written from pieces with writev, which may write less than
    asked (a signal, a nearly full disk): the rest must still reach the file, in order."""
    pieces = [b"[\n", *(b"piece %d," % number * 50 for number in range(3000)), b"\n]\n"]
    calls = []

    def short_writev(fd: int, batch: list[bytes]) -> int:
        calls.append(len(batch))
        return os.write(fd, batch[0][:7])  # far less than the batch: seven bytes

    monkeypatch.setattr(write.os, "writev", short_writev)
    target = tmp_path / "publications.json"
    write._write_new(target, pieces)
    assert target.read_bytes() == b"".join(pieces)
    assert len(calls) == 3  # 3,002 pieces: batches of at most 1,024
    assert write.data_sha(pieces) == write.data_sha(b"".join(pieces))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_new_output_and_the_old_trade_places_in_one_step_on_linux(tmp_path: Path) -> None:
    new, old = tmp_path / "staging", tmp_path / "output"
    for folder, text in ((new, "new"), (old, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    assert write._exchange(new, old)  # else output/ would be missing for a moment
    assert (old / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"
