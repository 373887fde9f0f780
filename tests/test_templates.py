"""A mistake in a template is reported with the template's file and line."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys

from conftest import MINIMAL, REPO, Project

from scholarsite.errors import Problem, SiteError
from scholarsite.paper_work import PARALLEL


def with_templates(project: Project) -> Project:
    project.write(MINIMAL)
    project.templates = project.root / "templates"
    shutil.copytree(REPO / "templates", project.templates)
    assert project.build().code == 0
    return project


def test_syntax_error_names_template_and_line(project: Project) -> None:
    with_templates(project)
    before = project.tree()
    path = project.templates / "paper.html"
    lines = path.read_text().split("\n")
    lines[3] = "{% if paper.title %}"
    path.write_text("\n".join(lines))
    result = project.build()
    assert result.code == 1
    first = result.err.split("\n")[0]
    assert first.startswith("templates/paper.html:")
    assert "Unexpected end of template" in first or "endif" in first
    assert project.tree() == before


def test_undefined_variable_names_template_and_line(project: Project) -> None:
    with_templates(project)
    path = project.templates / "index.html"
    text = path.read_text().replace("{{ profile.name }}</h1>", "{{ profile.nmae }}</h1>")
    path.write_text(text)
    line = text.split("\n").index(next(l for l in text.split("\n") if "profile.nmae" in l)) + 1
    result = project.build()
    assert result.code == 1
    assert result.err.split("\n")[0] == (
        f"templates/index.html:{line}: 'scholarsite.model.Profile object' has no attribute "
        "'nmae' (check the variable's name)")


def test_content_is_never_evaluated_as_a_template(project: Project) -> None:
    project.write({**MINIMAL, "papers/engine.md": MINIMAL["papers/engine.md"].replace(
        "The engine *weaves* algebraic patterns.", "{{ 7 * 7 }} {% raw %} and <b onclick=x>b</b>")})
    assert project.build().code == 0
    abstract = project.page().select_one(".abstract")
    assert "{{ 7 * 7 }} {% raw %}" in abstract.get_text()
    assert abstract.b is not None and not abstract.b.attrs


def test_a_template_mistake_met_in_worker_processes_is_reported_as_in_one(project: Project) -> None:
    """A site with enough papers to render them on several cores: the mistake travels back
    from the worker that met it, and the build stops with its message (it used to hang)."""
    paper = MINIMAL["papers/engine.md"]
    project.write({"profile.yaml": MINIMAL["profile.yaml"],
                   **{f"papers/engine-{n}.md": paper for n in range(PARALLEL + 10)}})
    project.templates = project.root / "templates"
    shutil.copytree(REPO / "templates", project.templates)
    path = project.templates / "paper.html"
    text = path.read_text().replace("<h1>{{ title }}</h1>", "<h1>{{ paper.nmae.upper() }}</h1>")
    path.write_text(text)
    line = text.split("\n").index(next(l for l in text.split("\n") if "paper.nmae" in l)) + 1
    run = subprocess.run([sys.executable, "build.py", "--root", str(project.root), "--jobs", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.split("\n")[0].startswith(f"templates/paper.html:{line}: ")
    assert "nmae" in run.stderr.split("\n")[0]
    assert not project.output.exists()


def test_a_site_error_keeps_its_problems_through_pickling() -> None:
    error = SiteError([Problem("templates/paper.html", 4, None, "unknown filter 'x'"),
                       Problem("content/profile.yaml", None, "name", "missing")])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)


def test_a_missing_templates_folder_is_named_and_the_output_kept(project: Project) -> None:
    with_templates(project)
    before = project.tree()
    shutil.rmtree(project.templates)
    result = project.build()
    assert result.code == 1
    assert result.err.split("\n")[0] == (
        "templates: folder not found: the site's templates belong here (copy scholarsite's "
        "templates/ folder, or give --templates)")
    assert project.tree() == before
