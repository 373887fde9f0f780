"""Publish output/ as a new commit on a branch of a git remote (gh-pages by default).

Like ghp-import and `mkdocs gh-deploy`, but the commit is made with git's plumbing and a
temporary index, so the user's working tree, index and current branch are never touched, and
it is pushed without --force on top of the remote branch's tip, so history is never rewritten.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scholarsite.errors import SiteError
from scholarsite.model import Paths
from scholarsite.pipeline import build as pipeline_build
from scholarsite.write import MARKER

logger = logging.getLogger(__name__)

# user:token@ in any URL, the token formats GitHub issues, and HTTP authorization headers.
_SECRETS = (
    (re.compile(r"(?P<keep>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@"), r"\g<keep>***@"),
    (re.compile(r"\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+"), "***"),
    (re.compile(r"(?P<keep>authorization:\s*\w+\s+)\S+", re.IGNORECASE), r"\g<keep>***"),
)
_FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "scholarsite",
    "GIT_AUTHOR_EMAIL": "scholarsite@localhost",
    "GIT_COMMITTER_NAME": "scholarsite",
    "GIT_COMMITTER_EMAIL": "scholarsite@localhost",
}
_FILE_MODE = "100644"
Build = Callable[[Paths], object]


class DeployError(Exception):
    """A deploy that stopped before pushing anything; str() tells the user what to do."""


@dataclass(frozen=True)
class Deployed:
    """What a deploy published: the new commit (None when the branch already had this site)."""

    remote: str
    branch: str
    commit: str | None
    parent: str | None
    message: str
    files: int


def scrub(text: str) -> str:
    """Text with credentials and tokens replaced by ***, fit to print or log."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def deploy(
    paths: Paths,
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    allow_dirty: bool = False,
    message: str | None = None,
    build: Build | None = None,
) -> Deployed:
    """Build, commit output/ on top of remote/branch and push; raise DeployError or SiteError."""
    root = paths.root
    source, subject = _source_commit(root)
    _refuse_deploy_branch_checked_out(root, branch)
    dirty = _uncommitted(root)
    if dirty and not allow_dirty:
        raise DeployError(
            "the source has uncommitted changes ("
            + ", ".join(dirty[:5])
            + (", ..." if len(dirty) > 5 else "")
            + "); commit them so the deploy names what it publishes, or pass --allow-dirty"
        )
    (build or pipeline_build)(paths)  # a SiteError here stops the deploy before any git write
    parent = _fetch_tip(root, remote, branch)
    tree, files = _write_tree(root, paths.output, parent)
    title = message or f"Deploy {source[:7]}: {subject}"
    if parent is not None and tree == _git(root, "rev-parse", f"{parent}^{{tree}}"):
        logger.info("%s/%s already holds this site; nothing to push", remote, branch)
        return Deployed(remote, branch, None, parent, title, files)
    body = f"Built from {source}" + (" with uncommitted changes." if dirty else ".")
    commit = _commit(root, tree, parent, f"{title}\n\n{body}\n")
    _push(root, remote, commit, branch)
    _update_local_branch(root, branch, parent, commit)
    return Deployed(remote, branch, commit, parent, title, files)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `build.py deploy`."""
    parser.add_argument("--remote", default="origin",
                        help="git remote to push to (default: origin)")
    parser.add_argument("--branch", default="gh-pages",
                        help="branch that holds the site (default: gh-pages)")
    parser.add_argument("--message", "-m",
                        help="commit message (default: Deploy <source commit>: <subject>)")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="deploy even when the source has uncommitted changes")


def run(args: argparse.Namespace, paths: Paths, build: Build | None = None) -> int:
    """Run `build.py deploy`: print what happened; 0 when published, 1 when stopped."""
    try:
        done = deploy(
            paths,
            remote=args.remote,
            branch=args.branch,
            allow_dirty=args.allow_dirty,
            message=args.message,
            build=build,
        )
    except SiteError as error:
        print(scrub(str(error)), file=sys.stderr)
        print("deploy: the build failed; nothing was pushed", file=sys.stderr)
        return 1
    except DeployError as error:
        print(f"deploy: {scrub(str(error))}; nothing was pushed", file=sys.stderr)
        return 1
    where = scrub(f"{done.remote} {done.branch}")
    if done.commit is None:
        print(f"{where} already holds this site ({done.files} files); nothing to push")
    else:
        shown = f"{done.commit[:7]}: {scrub(done.message)}"
        print(f"Published {done.files} files to {where} as {shown}")
    return 0


def _git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes = b"") -> str:
    """git's stdout; a failure becomes a DeployError in git's own words, scrubbed."""
    import subprocess  # here: a plain build imports this module but never runs git

    full_env = {k: v for k, v in os.environ.items() if k != "GIT_INDEX_FILE"} | (env or {})
    done = subprocess.run(
        ["git", *args], cwd=root, input=stdin, capture_output=True, env=full_env, check=False
    )
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip() or done.stdout.decode(errors="replace")
        raise DeployError(scrub(f"git {args[0]} failed: {said.strip()}"))
    return done.stdout.decode(errors="replace").rstrip()


def _source_commit(root: Path) -> tuple[str, str]:
    """The full hash and subject of the commit being deployed."""
    try:
        _git(root, "rev-parse", "--git-dir")
    except DeployError:
        raise DeployError(f"{root} is not in a git repository; deploy publishes from one") from None
    try:
        head = _git(root, "log", "-1", "--format=%H%n%s", "HEAD")
    except DeployError:
        raise DeployError("the repository has no commit yet; commit the content first") from None
    sha, _, subject = head.partition("\n")
    return sha, subject


def _refuse_deploy_branch_checked_out(root: Path, branch: str) -> None:
    """Deploying from the deploy branch itself would publish the site's own output as source."""
    try:
        current = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    except DeployError:
        return  # a detached HEAD is a fine source
    if current == branch:
        raise DeployError(
            f"you are on '{branch}', the branch deploy writes; switch to your source branch"
        )


def _uncommitted(root: Path) -> list[str]:
    """Changed and untracked (not ignored) files, as git status shows them."""
    # --no-optional-locks: a plain status may rewrite the index to refresh its stat cache.
    out = _git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=normal")
    return [line[3:] for line in out.splitlines() if line]


def _fetch_tip(root: Path, remote: str, branch: str) -> str | None:
    """The remote branch's tip, fetched for the new commit to follow; None if there is none."""
    ref = f"refs/heads/{branch}"
    try:
        listed = _git(root, "ls-remote", "--heads", remote, ref).split()
    except DeployError as error:
        raise DeployError(f"cannot reach the remote '{remote}': {error}") from None
    if not listed:
        return None
    tip = listed[0]
    _git(root, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, ref)
    try:
        _git(root, "cat-file", "-e", f"{tip}^{{commit}}")
    except DeployError:
        raise DeployError(
            f"{branch} changed on {remote} while fetching it; run deploy again"
        ) from None
    return tip


def _output_files(output: Path) -> Iterator[tuple[str, Path]]:
    """Every file of output/ as (path in the tree, file on disk), sorted."""
    if not output.is_dir():
        raise DeployError(f"{output} does not exist after the build; nothing to publish")
    for file in sorted(output.rglob("*")):
        name = file.relative_to(output).as_posix()
        # The build's marker file only matters to the next build, not to visitors.
        if file.is_file() and name != MARKER and ".git" not in file.relative_to(output).parts:
            if "\n" in name:
                raise DeployError(f"cannot publish a file whose name holds a line break: {name!r}")
            yield name, file


def _write_tree(root: Path, output: Path, parent: str | None) -> tuple[str, int]:
    """Store output/ as a git tree, with .nojekyll, and the branch's CNAME if the build has none."""
    files = list(_output_files(output))
    stdin = "".join(f"{path}\n" for _, path in files).encode()
    # --no-filters: the site is published byte for byte, whatever autocrlf or attributes say.
    blobs = _git(root, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin=stdin).split()
    entries = dict(zip((name for name, _ in files), blobs))
    if ".nojekyll" not in entries:
        entries[".nojekyll"] = _git(root, "hash-object", "-w", "--stdin")
    if "CNAME" not in entries and parent is not None:
        kept = _git(root, "ls-tree", parent, "--", "CNAME").split()
        if kept:
            # A custom domain set in GitHub's settings lives only in this file on the branch.
            logger.info("kept the custom domain file CNAME that the branch already had")
            entries["CNAME"] = kept[2]
    index_info = "".join(f"{_FILE_MODE} {sha}\t{name}\0" for name, sha in sorted(entries.items()))
    import tempfile

    with tempfile.TemporaryDirectory(prefix="scholarsite-deploy-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(root, "update-index", "--add", "-z", "--index-info", env=env,
             stdin=index_info.encode())
        return _git(root, "write-tree", env=env), len(entries)


def _commit(root: Path, tree: str, parent: str | None, message: str) -> str:
    """A commit of tree on top of parent, by the user's git identity or scholarsite's."""
    try:
        _git(root, "var", "GIT_COMMITTER_IDENT")
        env: dict[str, str] = {}
    except DeployError:
        env = _FALLBACK_IDENTITY  # a fresh CI machine has no identity; deploy must not fail on it
    parents = ["-p", parent] if parent else []
    return _git(root, "commit-tree", tree, *parents, "-F", "-", env=env, stdin=message.encode())


def _push(root: Path, remote: str, commit: str, branch: str) -> None:
    """Push commit to remote/branch as a fast-forward only."""
    try:
        _git(root, "push", "--porcelain", remote, f"{commit}:refs/heads/{branch}")
    except DeployError as error:
        raise DeployError(
            f"{error}\nIf {branch} changed on {remote} meanwhile, run deploy again: "
            "it never overwrites the branch's history"
        ) from None


def _update_local_branch(root: Path, branch: str, parent: str | None, commit: str) -> None:
    """Fast-forward the local branch to the published commit, unless a worktree has it out."""
    ref = f"refs/heads/{branch}"
    try:
        local = _git(root, "rev-parse", "--verify", "--quiet", ref)
    except DeployError:
        local = ""
    if local and local != parent:
        logger.info("left the local branch %s as it is: it differs from the remote one", branch)
        return
    if f"branch {ref}" in _git(root, "worktree", "list", "--porcelain").splitlines():
        logger.info("left the local branch %s as it is: a worktree has it checked out", branch)
        return
    old = local or "0" * len(commit)
    _git(root, "update-ref", "-m", "scholarsite deploy", ref, commit, old)
