"""The GitHub Pages workflow cannot run here: check its structure and run its build command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO

from scholarsite.model import Paths

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
PAGES_URL = "https://owner.github.io/fork"  # what configure-pages gives: no trailing slash


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step(workflow: dict[Any, Any], job: str, action: str) -> dict[str, Any]:
    """The one step of a job that uses an action (owner/name, any version)."""
    found = [s for s in steps(workflow, job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"{job} should use {action} once"
    return found[0]


def position(workflow: dict[Any, Any], job: str, wanted: dict[str, Any]) -> int:
    return steps(workflow, job).index(wanted)


def build_step(workflow: dict[Any, Any]) -> dict[str, Any]:
    found = [s for s in steps(workflow, "build") if "python build.py" in s.get("run", "")]
    assert len(found) == 1
    return found[0]


def test_runs_on_push_to_main_and_by_hand(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers


def test_has_exactly_the_permissions_pages_needs(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job  # no job widens them


def test_one_deployment_at_a_time_and_none_cut_short(workflow: dict[Any, Any]) -> None:
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_build_job_installs_builds_and_uploads_the_output_folder(workflow: dict[Any, Any]) -> None:
    assert set(workflow["jobs"]) == {"build", "deploy"}
    checkout = step(workflow, "build", "actions/checkout")
    python = step(workflow, "build", "actions/setup-python")
    install = next(s for s in steps(workflow, "build") if s.get("run") == "pip install .")
    configure = step(workflow, "build", "actions/configure-pages")
    build = build_step(workflow)
    upload = step(workflow, "build", "actions/upload-pages-artifact")
    wanted = (checkout, python, install, configure, build, upload)
    order = [position(workflow, "build", s) for s in wanted]
    assert order == sorted(order)
    # The artifact is the folder the build writes, hidden files (.nojekyll) included.
    output = Paths.under(REPO).output.relative_to(REPO).as_posix()
    assert upload["with"]["path"] == output
    assert upload["with"]["include-hidden-files"] is True
    # The Pages address reaches the build, so a fork needs no base_url of its own.
    assert configure["id"] == "pages"
    assert "${{ steps.pages.outputs.base_url }}" in build["run"]


def test_python_version_is_one_the_project_supports(workflow: dict[Any, Any]) -> None:
    version = step(workflow, "build", "actions/setup-python")["with"]["python-version"]
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    minimum = re.search(r'^requires-python = ">=(\d+)\.(\d+)"$', pyproject, re.MULTILINE)
    assert minimum is not None
    assert tuple(map(int, version.split("."))) >= tuple(map(int, minimum.groups()))


def test_deploy_job_publishes_into_the_pages_environment(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["deploy"]
    assert job["needs"] == "build"
    deploy = step(workflow, "deploy", "actions/deploy-pages")
    assert deploy["id"] == "deployment"
    assert job["environment"] == {"name": "github-pages",
                                  "url": "${{ steps.deployment.outputs.page_url }}"}


def test_actions_are_official_and_pinned_to_a_major_version(workflow: dict[Any, Any]) -> None:
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        for each in job["steps"]:
            if "uses" in each:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", each["uses"]), each["uses"]


def test_the_build_command_builds_a_fork_for_its_pages_address(
    workflow: dict[Any, Any], tmp_path: Path
) -> None:
    # A fork: this repository's files, content/ of its own (no base_url), built as in Actions.
    for name in ("build.py", "content", "templates"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "content" / "site.yaml").write_text("title: A fork\n", encoding="utf-8")
    command = build_step(workflow)["run"].replace("${{ steps.pages.outputs.base_url }}", PAGES_URL)
    command = command.replace("python ", f"{sys.executable} ", 1)
    done = subprocess.run(["bash", "-e", "-c", command], cwd=tmp_path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                          check=False)
    assert done.returncode == 0, done.stderr
    index = BeautifulSoup((tmp_path / "output" / "index.html").read_bytes(), "html5lib")
    assert index.select_one("link[rel=canonical]")["href"] == f"{PAGES_URL}/"
    feed = ET.fromstring((tmp_path / "output" / "feed.xml").read_bytes())
    assert feed.findtext("{http://www.w3.org/2005/Atom}id") == f"{PAGES_URL}/"
