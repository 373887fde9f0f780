"""A mistake in a template is reported with the template's file and line."""

from __future__ import annotations

import shutil

from conftest import MINIMAL, REPO, Project


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
