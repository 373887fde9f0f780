"""Rebuilds reuse unchanged pages, yet always equal a clean build of the same content."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO, SITES, Project

from scholarsite import paper_work, pipeline, stages
from scholarsite.exports.keys import citation_keys
from scholarsite.model import Paths, Site
from scholarsite.write import MARKER, read_build_id


def clean_tree(project: Project) -> dict[str, bytes]:
    """What a build from nothing produces for the project's current content."""
    shutil.rmtree(project.output)
    shutil.rmtree(project.root / ".cache")
    assert project.build("--clean").code == 0
    return project.tree()


def edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_no_change_writes_nothing(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    first = project.tree()
    result = project.build()
    assert "0 files written" in result.out
    assert project.tree() == first


def test_a_build_with_nothing_to_do_loads_no_library_that_reads_or_renders(
    project: Project,
) -> None:
    """Finding that nothing changed takes file stamps and the last build's record alone: in a
    process of its own, such a build loads neither PyYAML, Python-Markdown nor Jinja."""
    project.copy_from(REPO / "content")
    first = project.build()
    assert first.code == 0
    written = first.out.split(" files written")[0].rsplit(" ", 1)[1]
    argv = ["build", "--root", str(project.root), "--templates", str(project.templates)]
    script = ("import sys\nfrom scholarsite.cli import main\n"
              f"code = main({argv!r})\n"
              "print(code, sorted({name.split('.')[0] for name in sys.modules}"
              " & {'jinja2', 'markdown', 'yaml'}))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=REPO)
    # The files counted unchanged come from the manifest's head, the only record it reads.
    assert run.stdout.startswith(f"Nothing changed: 0 files written, {written} unchanged ")
    assert run.stdout.splitlines()[-1] == "0 []"
    edit(project, "papers/characterflywheel.md", "This report presents", "This new report presents")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert run.stdout.startswith("Built 3 papers")
    assert run.stdout.splitlines()[-1] == "0 ['jinja2', 'markdown', 'yaml']"


def test_a_deleted_output_folder_is_built_again(project: Project) -> None:
    """The cache's record of output/ counts only while output/ is the build it names."""
    project.copy_from(REPO / "content")
    assert project.build().code == 0
    first = project.tree()
    shutil.rmtree(project.output)
    assert project.build().out.startswith("Built 3 papers")
    assert project.tree() == first


def test_an_output_folder_put_back_from_an_older_build_is_brought_up_to_date(
    project: Project,
) -> None:
    """content/ is as the last build saw it, but output/ is an earlier build's, restored from
    a copy: the build looks past the record of the last build and makes the pages again."""
    project.copy_from(REPO / "content")
    assert project.build().code == 0
    shutil.copytree(project.output, project.root / "copy")
    edit(project, "papers/characterflywheel.md", "This report presents", "This new report presents")
    assert project.build().code == 0
    latest = project.tree()
    shutil.rmtree(project.output)
    shutil.copytree(project.root / "copy", project.output)
    assert project.build().out.startswith("Built 3 papers")
    assert "This new report presents" in project.page().get_text()
    assert project.tree() == latest


def test_one_abstract_edit_rewrites_exactly_the_pages_that_show_it(project: Project) -> None:
    project.copy_from(REPO / "content")
    project.build()
    edit(project, "papers/characterflywheel.md", "This report presents", "This new report presents")
    result = project.build()
    # The two pages, and the abstract in the paper's RIS and CSL-JSON and in publications.json.
    assert "5 files written" in result.out
    assert "This new report presents" in project.page().get_text()
    assert "This new report presents" in project.page("papers/characterflywheel/index.html").get_text()
    cached = project.tree()
    assert cached == clean_tree(project)


def test_a_title_edit_reaches_the_pages_that_link_to_the_paper(project: Project) -> None:
    project.copy_from(REPO / "content")
    project.build()
    slugs = [a["href"].split("/")[1] for a in project.page().select(".paper-title a")]
    middle = slugs[1]
    edit(project, f"papers/{middle}.md", 'title: "', 'title: "Renamed ')
    result = project.build()
    assert result.code == 0
    for neighbour in (slugs[0], slugs[2]):
        links = project.page(f"papers/{neighbour}/index.html").select(".paper-nav a")
        assert any("Renamed" in a.get_text() for a in links), neighbour
    assert project.tree() == clean_tree(project)


def test_cached_build_equals_clean_build_after_each_kind_of_edit(project: Project) -> None:
    project.copy_from(SITES / "full" / "content")
    project.build()
    project.templates = project.root / "templates"
    shutil.copytree(REPO / "templates", project.templates)
    project.build()
    edits = [
        ("content", "papers/paper-04.md", "citations: ", "citations: 1"),
        ("content", "profile.yaml", "Assistant Professor", "Associate Professor"),
        ("content", "site.yaml", "authors_shown: 3", "authors_shown: 2"),
        ("template", "paper.html", "<h2 id=\"abstract-heading\">Abstract</h2>",
         "<h2 id=\"abstract-heading\">Summary</h2>"),
        ("template", "assets/style.css", "--measure: 46rem", "--measure: 50rem"),
    ]
    for kind, name, old, new in edits:
        if kind == "template":
            path = project.templates / name
            path.write_text(path.read_text().replace(old, new), encoding="utf-8")
        else:
            edit(project, name, old, new)
        assert project.build().code == 0
        cached = project.tree()
        assert cached == clean_tree(project), f"stale output after editing {name}"
    assert "Summary" in project.page("papers/paper-00/index.html").get_text()


def test_a_rebuild_keeps_the_places_and_keys_again_the_neighbours_of_a_changed_paper(
    project: Project, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When no paper moved, the last build's places and citation keys are kept, and only the
    changed paper and its neighbours are keyed again: both neighbours show its title."""
    project.copy_from(REPO / "content")
    paths = Paths(project.root, project.content, project.templates, project.output)
    pipeline.build(paths)
    slugs = [a["href"].split("/")[1] for a in project.page().select(".paper-title a")]
    keyed: list[object] = []
    monkeypatch.setattr(paper_work, "citation_keys",
                        lambda *args: keyed.append(args) or citation_keys(*args))
    edit(project, f"papers/{slugs[1]}.md", "for LLM Agents", "for Language Model Agents")
    pipeline.build(paths)
    assert keyed == []
    for neighbour in (slugs[0], slugs[2]):
        links = project.page(f"papers/{neighbour}/index.html").select(".paper-nav a")
        assert any("Language Model Agents" in a.get_text() for a in links), neighbour
    assert project.tree() == clean_tree(project)
    # A new date moves no paper here, but could reorder papers of one citation key's base.
    keyed.clear()
    edit(project, f"papers/{slugs[1]}.md", "date: 2026-01-26", "date: 2026-01-27")
    pipeline.build(paths)
    assert len(keyed) == 1
    assert project.tree() == clean_tree(project)


def test_new_deleted_and_renamed_papers(project: Project) -> None:
    project.copy_from(REPO / "content")
    project.build()
    papers = project.content / "papers"
    (papers / "scale-adaptive-power-flow.md").rename(papers / "power-flow.md")
    (papers / "paying-less-generalization-tax.md").unlink()
    assert project.build().code == 0
    assert sorted(p.name for p in (project.output / "papers").iterdir()) == [
        "characterflywheel", "power-flow"]
    assert project.tree() == clean_tree(project)


def test_two_builds_are_byte_identical(project: Project, tmp_path) -> None:
    project.copy_from(SITES / "full" / "content")
    project.build()
    first = project.tree()
    assert clean_tree(project) == first


def test_parallel_and_serial_builds_are_byte_identical(project: Project, monkeypatch) -> None:
    from scholarsite import paper_work, stages, workers

    assert workers.can_fork(), "this test must run the parallel path"
    monkeypatch.setattr(paper_work, "PARALLEL", 1)
    monkeypatch.setattr(stages, "PARALLEL_READING", 1)
    project.copy_from(SITES / "full" / "content")
    assert project.build("--jobs", "1", "--clean").code == 0
    serial = project.tree()
    for jobs in ("2", "3"):
        shutil.rmtree(project.output)
        assert project.build("--jobs", jobs, "--clean").code == 0
        assert project.tree() == serial


def test_papers_read_in_parallel_report_the_same_problems(project: Project, monkeypatch) -> None:
    monkeypatch.setattr(stages, "PARALLEL_READING", 1)
    project.copy_from(SITES / "full" / "content")
    papers = project.content / "papers"
    edit(project, "papers/paper-03.md", "title: ", "title: [unclosed ")
    edit(project, "papers/paper-05.md", "citations: ", "citations: many ")
    (papers / "Paper-07.md").write_text((papers / "paper-07.md").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (papers / "latin1.md").write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    serial = project.build("--jobs", "1")
    assert serial.code == 1
    lines = serial.err.splitlines()
    # Not UTF-8, not YAML, a wrong value, one name twice, one arXiv id twice.
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "content/papers/latin1.md", "content/papers/paper-03.md", "content/papers/paper-05.md",
        "content/papers/paper-07.md", "content/papers/paper-07.md"]
    for jobs in ("2", "3"):
        parallel = project.build("--jobs", jobs)
        assert (parallel.code, parallel.err) == (1, serial.err)


def test_a_damaged_cache_costs_only_speed(project: Project) -> None:
    """Every cache file truncated or replaced by garbage: the next build is still correct."""
    project.copy_from(SITES / "full" / "content")
    assert project.build().code == 0
    files = sorted(p for p in (project.root / ".cache").rglob("*") if p.is_file())
    assert len(files) > 10, "the build should keep its tables in several files"
    for number, path in enumerate(files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else b"\x80garbage")
    edit(project, "papers/" + sorted(p.name for p in (project.content / "papers").glob("*.md"))[0],
         "title: ", "title: Edited ")
    result = project.build()
    assert result.code == 0, result.err
    built = project.tree()
    assert clean_tree(project) == built


def test_a_changed_static_file_leaves_the_build_before_it_intact(project: Project) -> None:
    """The staging folder starts from the spare, whose files are hard links shared with the
    build before: a changed file must get a new inode there, never have its old one written
    into, or the build it replaces (kept as the next spare) would change under its record."""
    project.copy_from(SITES / "full" / "content")
    static = project.content / "static" / "notes.txt"
    static.parent.mkdir(exist_ok=True)
    spare = project.root / ".output.spare" / "notes.txt"
    static.write_bytes(b"first version\n")
    assert project.build().code == 0
    first_paper = sorted(p.name for p in (project.content / "papers").glob("*.md"))[0]
    edit(project, f"papers/{first_paper}", "title: ", "title: Edited ")
    assert project.build().code == 0  # notes.txt carried over: one inode in both builds
    for number, text in enumerate([b"third version, longer\n", b"fourth\n"]):
        before = (project.output / "notes.txt").read_bytes()
        static.write_bytes(text)
        assert project.build().code == 0
        assert (project.output / "notes.txt").read_bytes() == text
        assert spare.read_bytes() == before  # the build this one replaced, as it was
    assert project.tree() == clean_tree(project)


def test_a_spare_laid_out_ahead_is_where_the_next_build_starts(project: Project) -> None:
    """A first build has no output/ to keep as the spare; prepare_spare lays it out (as a
    preview server does while it waits), and the next build updates it in place."""
    project.copy_from(REPO / "content")
    assert project.build().code == 0
    paths = Paths(project.root, project.content, project.templates, project.output)
    spare = project.root / ".output.spare"
    assert not spare.exists()
    assert pipeline.prepare_spare(paths)
    assert read_build_id(spare) == read_build_id(project.output)
    built = sorted(p.relative_to(project.output) for p in project.output.rglob("*"))
    assert sorted(p.relative_to(spare) for p in spare.rglob("*")) == built
    for path in built:  # a copy in hard links (but its own marker): no page written twice
        if (project.output / path).is_file() and path.name != MARKER:
            assert (spare / path).stat().st_ino == (project.output / path).stat().st_ino
    assert not pipeline.prepare_spare(paths)  # there is one already
    folder = (spare / "papers").stat().st_ino
    edit(project, "papers/characterflywheel.md", "This report presents", "This new report presents")
    result = project.build()
    assert "5 files written" in result.out
    assert (project.output / "papers").stat().st_ino == folder  # the spare, swapped in
    assert project.tree() == clean_tree(project)



def test_a_new_file_named_like_a_cached_one_is_refused(project: Project) -> None:
    """Papers taken from the cache take part in the same-name check, like the files read."""
    project.copy_from(REPO / "content")
    assert project.build().code == 0
    source = project.content / "papers" / "characterflywheel.md"
    twin = project.content / "papers" / "CharacterFlywheel.md"
    if twin.exists():
        pytest.skip("this file system does not tell names apart by case")
    shutil.copyfile(source, twin)
    result = project.build()
    assert result.code == 1
    assert ("content/papers/characterflywheel.md: has the same web address as "
            "content/papers/CharacterFlywheel.md (names differ only in case)") in result.err


def test_only_a_build_told_it_is_the_last_leaves_its_objects_alive(
    project: Project, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command line's build keeps its model for the end of the process; others free it."""
    left: list[dict[str, object]] = []
    monkeypatch.setattr(stages, "_LEFT_FOR_EXIT", left)
    project.copy_from(REPO / "content")
    paths = Paths(project.root, project.content, project.templates, project.output)
    pipeline.build(paths)
    assert left == []
    edit(project, "papers/characterflywheel.md", "This report presents", "This new report presents")
    pipeline.build(paths, last=True)
    (state,) = left
    site = state["site"]
    assert isinstance(site, Site)
    assert any("This new report presents" in paper.abstract for paper in site.papers)
