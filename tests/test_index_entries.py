"""The profile page lists each paper's entry as entry.html renders it, whatever index.html
does with the entries: the page is joined from the entries' cached bytes only when the
template prints each entry once, as it is, in list order."""

from __future__ import annotations

import shutil

from conftest import SITES, TEMPLATES, Project

ENTRY_LOOP = "{{ entries[paper.slug] }}"


def with_index(project: Project, loop_body: str, loop: str = "{% for paper in papers %}") -> None:
    """Build with a copy of the theme whose index.html shows entries through loop_body."""
    project.templates = project.root / "templates"
    shutil.copytree(TEMPLATES, project.templates)
    index = project.templates / "index.html"
    text = index.read_text(encoding="utf-8")
    assert ENTRY_LOOP in text and "{% for paper in papers %}" in text
    text = text.replace("{% for paper in papers %}", loop).replace(ENTRY_LOOP, loop_body)
    index.write_text(text, encoding="utf-8")


def entry_ids(project: Project) -> list[str]:
    """The ids of the entries on the profile page, in page order."""
    return [item["id"] for item in project.page().select("ol.papers > li.paper")]


def test_entries_printed_as_they_are_follow_the_list(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    ids = entry_ids(project)
    assert len(ids) > 10
    first = project.tree()
    assert b"\0" not in first["index.html"]
    # The same page when the entries come from the cache.
    (project.content / "papers" / ".touched").write_text("", encoding="utf-8")
    assert project.build().code == 0
    assert project.tree()["index.html"] == first["index.html"]


def test_a_filter_on_an_entry_is_applied_to_the_entry(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    count = len(entry_ids(project))
    for shown in ('{{ entries[paper.slug]|replace("paper-title", "entry-title") }}',
                  '{{ entries[paper.slug]|safe|replace("paper-title", "entry-title") }}',
                  '{% set entry = entries[paper.slug] %}'
                  '{{ entry|safe|replace("paper-title", "entry-title") }}'):
        shutil.rmtree(project.root / "templates", ignore_errors=True)
        with_index(project, shown)
        assert project.build().code == 0
        page = project.page()
        assert len(page.select("ol.papers h3.entry-title")) == count, shown
        assert not page.select("ol.papers h3.paper-title"), shown
        assert b"\0" not in project.tree()["index.html"]


def test_entries_shown_twice_or_in_another_order(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    listed = entry_ids(project)
    with_index(project, ENTRY_LOOP + ENTRY_LOOP, "{% for paper in papers|reverse %}")
    assert project.build().code == 0
    assert entry_ids(project) == [slug for slug in reversed(listed) for _ in (1, 2)]
    assert b"\0" not in project.tree()["index.html"]


def test_a_template_that_measures_an_entry_sees_the_entry(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    with_index(project, ENTRY_LOOP + '<p class="size">{{ entries[paper.slug]|length }}</p>')
    assert project.build().code == 0
    page = project.page()
    sizes = [int(p.get_text()) for p in page.select("p.size")]
    entries = page.select("ol.papers > li.paper")
    assert len(sizes) == len(entries) > 10
    # Each entry's length as Jinja measures it: the entry's text with its trailing newline.
    assert all(size > len(entry.get_text()) for size, entry in zip(sizes, entries))
