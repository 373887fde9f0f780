"""`build.py deploy` against a local bare repository: what the remote gets, what the user keeps."""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, TEMPLATES

from scholarsite import deploy
from scholarsite.model import Paths

SITE_YAML = "base_url: https://example.github.io/repo/\ncname: www.example.org\n"


def git(cwd: Path, *args: str) -> str:
    """Run git and return its output; a failure fails the test."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@dataclass
class Run:
    """The outcome of one deploy command."""

    code: int
    out: str
    err: str


class Source:
    """A user's project under git with an `origin` that is a bare repository on disk."""

    def __init__(self, root: Path, remote: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.remote = remote
        self.paths = Paths(root, root / "content", TEMPLATES, root / "output")
        self._capsys = capsys

    def deploy(self, *argv: str) -> Run:
        """Parse argv as the deploy command does and run it."""
        parser = argparse.ArgumentParser()
        deploy.add_arguments(parser)
        self._capsys.readouterr()
        code = deploy.run(parser.parse_args(argv), self.paths)
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def commit(self, message: str, files: dict[str, str]) -> None:
        """Change files under the project and commit them."""
        for name, text in files.items():
            (self.root / name).write_text(text, encoding="utf-8")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)

    def remote_git(self, *args: str) -> str:
        """git in the bare remote."""
        return git(self.remote, *args)

    def published(self, ref: str = "gh-pages") -> dict[str, bytes]:
        """Every file of the remote branch with its bytes."""
        names = self.remote_git("ls-tree", "-r", "--name-only", ref).splitlines()
        return {
            name: subprocess.run(["git", "cat-file", "blob", f"{ref}:{name}"], cwd=self.remote,
                                 check=True, capture_output=True).stdout
            for name in names
        }

    def state(self) -> dict[str, str]:
        """A hash of everything of the user's that deploy must not touch."""
        # output/ and .cache/ are the build's own, ignored folders: the build replaces them.
        skip = {".git", "output", ".cache"}
        files = sorted(p for p in self.root.rglob("*")
                       if p.is_file() and not skip & set(p.relative_to(self.root).parts))
        state = {p.relative_to(self.root).as_posix(): _digest(p.read_bytes()) for p in files}
        for name in ("index", "HEAD", "config"):
            state[f".git/{name}"] = _digest((self.root / ".git" / name).read_bytes())
        state["refs"] = git(self.root, "for-each-ref", "--format=%(refname) %(objectname)",
                            "refs/heads/main", "refs/tags")
        state["status"] = git(self.root, "status", "--porcelain", "--branch")
        return state


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Source:
    """The reference content, committed on main, with a bare `origin` and no gh-pages yet."""
    # This machine's git configuration must not decide the outcome; nor may git ever prompt.
    (tmp_path / "gitconfig").write_text(
        "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    remote = tmp_path / "remote.git"
    root = tmp_path / "site"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    shutil.copytree(REPO / "content", root / "content")
    (root / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / ".gitignore").write_text("/output/\n/.cache/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", str(remote))
    project = Source(root, remote, capsys)
    project.commit("Add my papers", {})
    return project


def test_first_deploy_publishes_the_built_site_on_a_new_branch(source: Source) -> None:
    run = source.deploy()
    assert run.code == 0, run.err
    site = {p.relative_to(source.paths.output).as_posix(): p.read_bytes()
            for p in source.paths.output.rglob("*") if p.is_file()}
    site.pop(".scholarsite")  # the build's own marker, meaningless to visitors
    assert source.published() == site
    assert site["CNAME"] == b"www.example.org\n"
    assert site[".nojekyll"] == b""
    assert {"index.html", "404.html", "feed.xml", "sitemap.xml"} <= set(site)
    head = git(source.root, "rev-parse", "--short", "HEAD")
    assert source.remote_git("log", "--format=%s", "gh-pages") == f"Deploy {head}: Add my papers"
    assert source.remote_git("rev-list", "--count", "gh-pages") == "1"
    tip = source.remote_git("rev-parse", "gh-pages")
    assert f"as {tip[:7]}: Deploy {head}: Add my papers" in run.out
    # The repository's own gh-pages branch follows, as with mkdocs gh-deploy.
    assert git(source.root, "rev-parse", "gh-pages") == tip


def test_a_second_deploy_adds_a_commit_on_top_of_the_first(source: Source) -> None:
    assert source.deploy().code == 0
    first = source.remote_git("rev-parse", "gh-pages")
    paper = source.root / "content" / "papers" / "characterflywheel.md"
    source.commit("Retitle the flywheel paper", {
        "content/papers/characterflywheel.md":
            paper.read_text(encoding="utf-8").replace("CharacterFlywheel:", "Flywheel:", 1),
    })
    run = source.deploy()
    assert run.code == 0, run.err
    assert source.remote_git("rev-parse", "gh-pages^") == first
    subject = source.remote_git("log", "-1", "--format=%s", "gh-pages")
    head = git(source.root, "rev-parse", "--short", "HEAD")
    assert subject == f"Deploy {head}: Retitle the flywheel paper"
    page = source.published()["papers/characterflywheel/index.html"].decode()
    assert "Flywheel: Scaling" in page and "CharacterFlywheel: Scaling" not in page


def test_deploying_the_same_site_again_pushes_nothing(source: Source) -> None:
    assert source.deploy().code == 0
    tip = source.remote_git("rev-parse", "gh-pages")
    run = source.deploy()
    assert run.code == 0
    assert "already holds this site" in run.out
    assert source.remote_git("rev-parse", "gh-pages") == tip


def test_the_users_branch_index_and_working_tree_are_untouched(source: Source) -> None:
    (source.root / "notes.txt").write_text("ignored by nobody, untracked\n", encoding="utf-8")
    git(source.root, "add", "notes.txt")  # staged, not committed: the index must keep it
    before = source.state()
    assert source.deploy("--allow-dirty").code == 0
    assert source.state() == before
    assert source.deploy("--allow-dirty").code == 0
    assert source.state() == before
    assert git(source.root, "symbolic-ref", "HEAD") == "refs/heads/main"


def test_a_failed_build_pushes_nothing(source: Source) -> None:
    source.commit("Break a date", {"content/papers/bad.md":
                                   "---\ntitle: Bad\ndate: 2026-13-01\nauthors: [A]\n---\n"})
    run = source.deploy()
    assert run.code == 1
    assert "content/papers/bad.md:3: date:" in run.err
    assert "the build failed; nothing was pushed" in run.err
    assert source.remote_git("for-each-ref") == ""


def test_a_failed_build_leaves_the_published_branch_as_it_was(source: Source) -> None:
    assert source.deploy().code == 0
    tip = source.remote_git("rev-parse", "gh-pages")
    source.commit("Lose the name", {"content/profile.yaml": "metrics: {}\n"})
    assert source.deploy().code == 1
    assert source.remote_git("rev-parse", "gh-pages") == tip


def test_uncommitted_changes_are_refused_unless_allowed(source: Source) -> None:
    profile = source.root / "content" / "profile.yaml"
    with profile.open("a", encoding="utf-8") as edit:
        edit.write("position: Professor\n")
    run = source.deploy()
    assert run.code == 1
    assert run.err == (
        "deploy: the source has uncommitted changes (content/profile.yaml); commit them so the "
        "deploy names what it publishes, or pass --allow-dirty; nothing was pushed\n"
    )
    assert not source.paths.output.exists()  # refused before building
    assert source.remote_git("for-each-ref") == ""
    run = source.deploy("--allow-dirty")
    assert run.code == 0, run.err
    assert "with uncommitted changes" in source.remote_git("log", "-1", "--format=%b", "gh-pages")


def test_history_made_elsewhere_is_kept_and_so_is_its_cname(source: Source, tmp_path: Path) -> None:
    # Someone set a custom domain in GitHub's settings: a commit with CNAME on gh-pages.
    (source.root / "content" / "site.yaml").write_text("title: Ada\n", encoding="utf-8")
    source.commit("No cname in site.yaml", {})
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", str(other))
    (other / "CNAME").write_text("ada.example.org\n", encoding="utf-8")
    git(other, "add", "CNAME")
    git(other, "commit", "-q", "-m", "Create CNAME")
    git(other, "push", "-q", str(source.remote), "HEAD:refs/heads/gh-pages")
    theirs = source.remote_git("rev-parse", "gh-pages")
    assert source.deploy().code == 0
    assert source.remote_git("rev-parse", "gh-pages^") == theirs
    assert source.published()["CNAME"] == b"ada.example.org\n"


def test_the_deploy_branch_must_not_be_the_current_one(source: Source) -> None:
    git(source.root, "checkout", "-q", "-b", "gh-pages")
    run = source.deploy()
    assert run.code == 1
    assert "you are on 'gh-pages', the branch deploy writes" in run.err


def test_options_choose_remote_branch_and_message(source: Source, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror.git"
    git(tmp_path, "init", "-q", "--bare", str(mirror))
    git(source.root, "remote", "add", "mirror", str(mirror))
    run = source.deploy("--remote", "mirror", "--branch", "site", "-m", "Spring update")
    assert run.code == 0, run.err
    assert git(mirror, "log", "--format=%s", "site") == "Spring update"
    assert source.remote_git("for-each-ref") == ""


SECRET = "s3cr3t-t0ken"
GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" * 2


@pytest.mark.parametrize("where", ["configured", "given"])
def test_credentials_in_the_remote_url_are_never_printed(source: Source, where: str) -> None:
    url = f"https://ada:{SECRET}@127.0.0.1:9/ada/site.git"  # nothing listens on port 9
    if where == "configured":
        git(source.root, "remote", "set-url", "origin", url)
        run = source.deploy()
    else:
        run = source.deploy("--remote", url)
    assert run.code == 1
    assert "deploy: cannot reach the remote '" in run.err
    assert "git ls-remote failed" in run.err
    assert SECRET not in run.out + run.err


def test_credentials_git_prints_are_scrubbed(source: Source) -> None:
    # A pre-push hook stands for anything git may say with a token in it.
    hook = source.root / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f"echo 'cannot push to https://x-access-token:{SECRET}@github.com/ada/site.git' >&2\n"
        f"echo 'token {GITHUB_TOKEN} rejected' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    run = source.deploy()
    assert run.code == 1
    assert "https://***@github.com/ada/site.git" in run.err
    assert SECRET not in run.err and GITHUB_TOKEN not in run.err
    assert source.remote_git("for-each-ref") == ""


@pytest.mark.parametrize("text, shown", [
    ("https://user:tok@github.com/a/b.git", "https://***@github.com/a/b.git"),
    ("fatal: 'http://tok@host:8080/x' failed", "fatal: 'http://***@host:8080/x' failed"),
    ("ssh://git@github.com/a/b.git", "ssh://***@github.com/a/b.git"),
    (f"token {GITHUB_TOKEN}.", "token ***."),
    ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
    ("https://github.com/a/b.git", "https://github.com/a/b.git"),
])
def test_scrub(text: str, shown: str) -> None:
    assert deploy.scrub(text) == shown


def test_outside_a_repository_deploy_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "plain"
    shutil.copytree(REPO / "content", root / "content")
    source = Source(root, tmp_path / "none.git", capsys)
    run = source.deploy()
    assert run.code == 1
    assert "is not in a git repository" in run.err


def test_the_command_line_deploys_with_the_build_options(
    source: Source, capsys: pytest.CaptureFixture[str]
) -> None:
    from scholarsite.cli import main

    argv = ["deploy", "--root", str(source.root), "--templates", str(TEMPLATES),
            "--base-url", "https://ada.github.io/papers", "-m", "From the command line"]
    assert main(argv) == 0
    assert "Published" in capsys.readouterr().out
    assert source.remote_git("log", "--format=%s", "gh-pages") == "From the command line"
    sitemap = source.published()["sitemap.xml"].decode()
    assert "<loc>https://ada.github.io/papers/</loc>" in sitemap
    argv = ["deploy", "--root", str(source.root), "--templates", str(TEMPLATES), "--remote", "nowhere"]
    assert main(argv) == 1
    assert "cannot reach the remote 'nowhere'" in capsys.readouterr().err
