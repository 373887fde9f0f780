"""A build whose templates changed has them compiled by a second process while it loads its
libraries (environment.compiled_ahead); the site is the one it would make alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

from conftest import REPO, Project

from scholarsite import environment, workers
from scholarsite.cache import Cache


@pytest.fixture
def compiled_by_second_process(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    """The project with templates of its own, and a file that a second process compiling
    them notes itself in."""
    assert workers.can_fork(), "these tests must run where a build may fork"
    project.templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", project.templates)
    project.copy_from(REPO / "content")
    notes = tmp_path / "compiled-by-second-process"
    parent = os.getpid()
    preload = environment.preload

    def noting(env: jinja2.Environment) -> None:
        if os.getpid() != parent:
            with notes.open("a") as file:
                file.write(f"{os.getpid()}\n")
        preload(env)

    monkeypatch.setattr(environment, "preload", noting)
    return notes


def compiled_ahead(notes: Path) -> bool:
    """Whether a second process compiled the templates since last asked."""
    seen = notes.exists()
    notes.unlink(missing_ok=True)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_templates_are_compiled_ahead_only_when_they_changed(
    project: Project, compiled_by_second_process: Path
) -> None:
    notes = compiled_by_second_process
    assert project.build("--jobs", "2").code == 0
    assert compiled_ahead(notes), "a first build has no compiled templates"
    abstract = next((project.content / "papers").glob("*.md"))
    edit(abstract, "\n---\n", "\n---\nAn added sentence.\n\n")
    assert project.build("--jobs", "2").code == 0
    assert not compiled_ahead(notes), "an edit of content leaves the templates compiled"
    assert "An added sentence." in (project.output / "index.html").read_text(encoding="utf-8")

    edit(project.templates / "paper.html", "{% block", "{# edited #}{% block")
    assert project.build("--jobs", "2").code == 0
    assert compiled_ahead(notes), "an edited template is compiled again"

    edit(project.templates / "paper.html", "{# edited #}", "{# edited again #}")
    assert project.build("--jobs", "1").code == 0
    assert not compiled_ahead(notes), "one job is one process"
    edit(project.templates / "paper.html", "{# edited again #}", "{# and again #}")
    assert project.build("--clean").code == 0
    assert not compiled_ahead(notes), "a clean build keeps its templates in memory"


def test_a_site_built_with_templates_compiled_ahead_equals_one_built_alone(
    project: Project, compiled_by_second_process: Path
) -> None:
    assert project.build("--jobs", "2").code == 0
    assert compiled_ahead(compiled_by_second_process)
    ahead = project.tree()
    shutil.rmtree(project.output)
    assert project.build("--jobs", "1", "--clean").code == 0
    assert project.tree() == ahead


def test_a_second_process_that_fails_costs_only_its_time(
    project: Project, compiled_by_second_process: Path, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    parent = os.getpid()
    make = environment.make_environment
    failed = tmp_path / "second-process-failed"

    def failing(templates: Path, cache: Cache | None = None) -> jinja2.Environment:
        if os.getpid() != parent:
            failed.touch()
            os._exit(3)
        return make(templates, cache)

    monkeypatch.setattr(environment, "make_environment", failing)
    assert project.build("--jobs", "2").code == 0
    assert failed.exists(), "the build must have started the second process"
    assert not compiled_ahead(compiled_by_second_process)
    built = project.tree()
    shutil.rmtree(project.output)
    assert project.build("--jobs", "1", "--clean").code == 0
    assert project.tree() == built


def test_a_template_mistake_is_reported_by_the_build_itself(
    project: Project, compiled_by_second_process: Path
) -> None:
    edit(project.templates / "paper.html", "{% block", "{% if %}{% block")
    result = project.build("--jobs", "2")
    assert compiled_ahead(compiled_by_second_process)
    assert result.code == 1
    assert result.err.startswith("templates/paper.html:3: Expected an expression")
    assert "Traceback" not in result.err
