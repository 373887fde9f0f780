"""The stages of a build with work to do: load, validate, make each paper's share, render,
write (pipeline.build runs them once it finds that something changed).

Every stage can skip work the previous build already did: unchanged paper files are not
read again, and a paper whose inputs did not change is not made again (paper_work): its
entry and its parts of the site-wide files come from the cache and its files are carried
over into the new output/. The site-wide files are joined from those parts on every build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import environment, feeds, paper_work, render, workers
from .cache import Cache, code_version, fingerprint
from .errors import Problem, SiteError, display_path
from .exports import SITE_BIBTEX, SITE_CSL_JSON, site_files
from .listing import Inputs, Listing
from .load import read_sources
from .manifest import Manifest
from .markup import MarkdownRenderer
from .model import Paths, Site
from .progress import BuildReport, Progress
from .validate import CheckedPaper, check_paper, validate
from .write import Data, Spare, Staging, data_sha, joined_sha

# Below this many paper files to read, starting worker processes and sending the papers
# back costs more than it saves (100 files: 39 ms against 24 ms in one process; 1,000 files:
# 210 ms against 247 ms).
PARALLEL_READING = 400


def load_site(paths: Paths, base_url: str | None = None, cache: Cache | None = None) -> Site:
    """Read and validate content/ into the model; raise SiteError listing every problem."""
    return _load(paths, base_url, cache)[0]


def _load(
    paths: Paths,
    base_url: str | None,
    cache: Cache | None,
    listing: Listing | None = None,
    jobs: int = 1,
) -> tuple[Site, dict[str, paper_work.Facts]]:
    """The site, and each paper's facts (kept with the cached papers: they are not free).

    The paper files to read are read and validated on jobs cores, each with its facts.
    """
    known = cache.read_table("papers") if cache else {}
    stamps = {slug: stamp for slug, (stamp, _, _) in known.items()}
    sources = read_sources(paths.content, paths.root, stamps, listing)
    checked = workers.run(functools.partial(_check_paper, paths), sources.changed, jobs,
                          PARALLEL_READING)
    site = validate(sources, paths.content, [one for one, _ in checked],
                    {slug: paper for slug, (_, paper, _) in known.items()})
    # Each paper's facts came with it, from its check or from the cache, unless validation
    # replaced the paper (it gives a paper its PDF as a new object). One pass over the papers,
    # which are 10,000 after one edit too: the table to cache is made alongside.
    fresh = {one.slug: (one.paper, facts) for one, facts in checked if facts}
    facts, table = {}, {}
    for paper in (*site.papers, *site.drafts):
        slug = paper.slug
        cached = known.get(slug)
        if cached is not None and cached[1] is paper:
            facts[slug], table[slug] = cached[2], cached
            continue
        came = fresh.get(slug)
        facts[slug] = came[1] if came is not None and came[0] is paper else paper_work.facts(paper)
        table[slug] = (sources.stamps[slug], paper, facts[slug])
    if cache:
        cache.write_table("papers", table, known)
    if base_url:
        site = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url=base_url))
    return site, facts


def _check_paper(paths: Paths, slug: str) -> tuple[CheckedPaper, paper_work.Facts | None]:
    """One paper file read and validated, with its facts: work on one file alone, done in
    worker processes for many files (the parent never holds their YAML node trees)."""
    checked = check_paper(paths.content, paths.root, slug)
    return checked, paper_work.facts(checked.paper) if checked.paper else None


_LEFT_FOR_EXIT: list[object] = []  # what the last build of a process left alive (run)


@contextlib.contextmanager
def collector_paused() -> Iterator[bool]:
    """No cyclic garbage collection during a build, except while papers are made.

    A large site's model and cache are millions of objects, and the collector would scan them
    again and again while a build allocates: at 10,000 papers that was a third of a rebuild.
    Yields whether the collector was running, to be restored.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield collecting
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def _collecting_new(collecting: bool) -> Iterator[None]:
    """While papers are made: collect their garbage (rendering leaves cycles, about a hundred
    objects a paper), without scanning the objects already there; forked workers inherit
    them set aside too, so their pages of memory stay shared."""
    gc.freeze()
    if collecting:
        gc.enable()
    try:
        yield
    finally:
        gc.disable()
        gc.unfreeze()


def run(
    paths: Paths,
    cache: Cache,
    inputs: Inputs,
    *,
    clean: bool,
    base_url: str | None,
    jobs: int,
    progress: Progress | None,
    last: bool,
    collecting: bool,
    started: float,
) -> BuildReport:
    """Build the site into paths.output from these inputs, which differ from the last build's,
    with the collector paused (collector_paused, which tells collecting); the other arguments
    are pipeline.build's (jobs resolved to a number of cores), and started is when it began.

    last says the process ends after this build, without freeing memory (cli.run): the
    build's model and tables are then left alive instead of freed object by object, which
    takes 40 ms after a rebuild of 10,000 papers.
    """
    report = progress or _no_progress
    previous = Manifest.of(cache, paths.output)
    version, signature = inputs.version, inputs.signature
    site, facts = _load(paths, base_url, cache, inputs.listing, jobs)
    _check_templates(paths)  # after the content's problems, which _load reports first
    env = environment.make_environment(paths.templates, None if clean else cache)
    environment.preload(env)  # compiled once here, inherited by every worker process
    assets = render.asset_urls(paths.templates / "assets")
    site_key = fingerprint(version, site.config, site.profile, assets)
    slots = paper_work.place(site, facts, site_key, cache)
    known = paper_work.Known.read(cache)
    pages = {slot.paper.slug: slot.page_key for slot in slots}
    stale, to_make = _to_make(slots, pages, previous, known)
    known.read_conversions(to_make, cache)
    hashes = previous.hashes
    with contextlib.ExitStack() as cleanup:
        # With stale papers there is writing to do: staging opens at once, so that each paper
        # is rendered and written in one go. Otherwise it opens only if a site file changed.
        stage = cleanup.enter_context(_staging(paths, previous)) if stale else None
        writing = paper_work.Writing(stage, stale, hashes, assets) if stage else None
        with _collecting_new(collecting):
            made = paper_work.make_papers(
                paper_work.Maker(site, env, known, writing), to_make, jobs,
                lambda done: report("Rendering papers", done, len(to_make)))
        known.update(slots, made, cache)
        paper_work.log_warnings(slots, known.shares)
        generated, joined = _site_files(env, site, slots, known, assets,
                                        environment.prints_entries_plainly(env, cache, version))
        shas = {path: joined.get(path) or data_sha(data) for path, data in generated.items()}
        changed = {path: data for path, data in generated.items()
                   if hashes.get(path) != shas[path]}
        made_files = [*generated, *(path for slot in slots for path in slot.files)]
        copies = _copied_files(paths, site)
        _check_overlaps(paths, copies, made_files)
        built = [*made_files, *copies]  # every file of the build, in the order it makes them
        if stage is None:
            if not changed and _same_files(previous, built, copies, paths.output):
                dataclasses.replace(previous, signature=signature).save(cache)
                _leave(last, locals())
                return BuildReport(len(site.papers), 0, len(previous.hashes), _since(started),
                                   paths.output)
            stage = cleanup.enter_context(_staging(paths, previous))
        written = {path: result for share in made.values() for path, result in share.files.items()}
        written.update({path: stage.put(path, data, hashes.get(path), shas[path])
                        for path, data in changed.items()})
        copied = {path: stage.copy(path, source, hashes.get(path))
                  for path, source in copies.items()}
        files = _assemble(stage, built, hashes, written | copied)
    _remember(cache, previous, files, pages, signature)
    count = sum(1 for _, fresh in written.values() if fresh)
    count += sum(1 for _, linked in copied.values() if not linked)
    _leave(last, locals())
    return BuildReport(len(site.papers), count, len(files.hashes) - count, _since(started),
                       paths.output)


def _leave(last: bool, state: dict[str, object]) -> None:
    """Keep the variables of the process's last build alive until it ends (run's last)."""
    if last:
        _LEFT_FOR_EXIT.append(state)


def _to_make(
    slots: Sequence[paper_work.Slot],
    pages: Mapping[str, str],
    previous: Manifest,
    known: paper_work.Known,
) -> tuple[frozenset[str], list[paper_work.Slot]]:
    """The papers whose files are stale (by slug), and the papers to make: those, and those
    whose entry or shares the cache lacks. pages holds each slot's page key, by slug."""
    stale = frozenset(slug for slug, _ in pages.items() - previous.pages.items())
    make = stale | known.lacking(slots)
    return stale, [slot for slot in slots if slot.paper.slug in make]


def _remember(
    cache: Cache, previous: Manifest, files: Assembled, pages: dict[str, str], signature: str
) -> None:
    """Record the committed build as the manifest of output/; the build it replaced is now
    the spare, recorded by how it differs."""
    spare = None
    if previous.build:
        before = previous.hashes
        differs = {path: before.get(path) for path, sha in files.placed.items()
                   if before.get(path) != sha}
        differs.update((path, before[path]) for path in before.keys() - files.hashes.keys())
        spare = Spare(previous.build, differs)
    Manifest(files.build, files.hashes, pages, signature, spare).save(cache)


@dataclass(frozen=True)
class Assembled:
    """The files of a committed build: each one's sha256 (in the order the build makes them),
    those placed by this build (the others were carried over from the last), and the build's
    id."""

    hashes: dict[str, str]
    placed: dict[str, str]
    build: str


def _assemble(
    stage: Staging,
    files: Sequence[str],
    previous: Mapping[str, str],
    placed: Mapping[str, tuple[str, bool]],
) -> Assembled:
    """Carry every file of the build not placed in the staging folder over from the last
    build; commit.

    files lists every file of the build, in the order it makes them; placed holds the files
    written, linked or copied this build, with their sha256.
    """
    hashes = dict(zip(files, map(previous.get, files)))  # in C: 40,000 files at 10,000 papers
    for path, (sha, _) in placed.items():
        hashes[path] = sha
    stage.carry(hashes, placed)
    return Assembled(hashes, {path: sha for path, (sha, _) in placed.items()},
                     stage.commit(hashes))


def _site_files(
    env: jinja2.Environment,
    site: Site,
    slots: Sequence[paper_work.Slot],
    known: paper_work.Known,
    assets: Mapping[str, str],
    joinable: bool,
) -> tuple[dict[str, Data], dict[str, str]]:
    """The files about the whole site, joined from the papers' entries and shares; and the
    identity of those joined from them (write.joined_sha), which stands for their sha256.

    joinable says whether the templates print entries only as they are
    (environment.prints_entries_plainly).
    """
    chosen = [known.entries[slot.entry_key] for slot in slots]
    entries = {slot.paper.slug: entry for slot, (entry, _) in zip(slots, chosen)}
    bio = MarkdownRenderer().render(site.profile.bio)
    shown = render.entry_marks(entries) if joinable else render.entries_markup(entries)
    files = {page.path: page for page in render.site_pages(site, shown, bio, assets)}
    files = {path: render.render_joined(env, page, entries) if joinable and path == "index.html"
             else render.render_page(env, page) for path, page in files.items()}
    shares = [known.shares[slot.page_key] for slot in slots]
    feed_entries = ({slot.paper.slug: share.feed_entry or "" for slot, share in zip(slots, shares)}
                    if site.config.base_url else None)  # only a site with a base_url has a feed
    files.update(feeds.extra_files(site, [*files, *(slot.page for slot in slots)], feed_entries))
    files.update(site_files([share.bibtex for share in shares],
                            [share.csl_item for share in shares]))
    joiner = code_version().encode()  # the code that joins the parts: exports.site_files
    joined = {
        SITE_BIBTEX: joined_sha(b"%b\0%b" % (SITE_BIBTEX.encode(), joiner),
                                [share.bibtex_digest for share in shares]),
        SITE_CSL_JSON: joined_sha(b"%b\0%b" % (SITE_CSL_JSON.encode(), joiner),
                                  [share.csl_digest for share in shares]),
    }
    index = files["index.html"]
    if isinstance(index, list):  # joined from the entries' bytes (render_joined)
        joined["index.html"] = joined_sha(b"\0".join(index[0::2]), [digest for _, digest in chosen])
    return files, joined


def _staging(paths: Paths, previous: Manifest) -> Staging:
    """The staging folder of the next build, starting from the spare when it is usable."""
    return Staging(paths.output, previous.hashes, previous.spare)


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress for a caller that does not show it."""


def _since(started: float) -> float:
    """Seconds since a perf_counter reading."""
    return time.perf_counter() - started


def _same_files(
    previous: Manifest, built: list[str], copies: Mapping[str, Path], output: Path
) -> bool:
    """Whether output/ already holds exactly these files: then there is nothing to write."""
    if set(built) != previous.hashes.keys():
        return False
    for path, source in copies.items():
        try:
            old, new = (output / path).stat(), source.stat()
        except OSError:
            return False
        if (old.st_size, old.st_mtime_ns) != (new.st_size, new.st_mtime_ns):
            return False
    return True


def _copied_files(paths: Paths, site: Site) -> dict[str, Path]:
    """Files published as they are: the theme's assets, the user's static files, the photo."""
    files: dict[str, Path] = {}
    assets = paths.templates / "assets"
    if assets.is_dir():
        for source in sorted(p for p in assets.rglob("*") if p.is_file()):
            files[f"assets/{source.relative_to(assets).as_posix()}"] = source
    for name in site.static_files:
        files[name] = paths.content / "static" / name
    photo = site.profile.photo
    if photo and site.profile.photo_path:
        files.setdefault(site.profile.photo_path, paths.content / photo)
    for paper in site.papers:
        if paper.pdf_file and paper.pdf_name:
            files[f"papers/{paper.slug}/{paper.pdf_name}"] = paths.content / paper.pdf_file
    return files


def _check_templates(paths: Paths) -> None:
    """Refuse a templates folder that is not there, rather than report each template missing."""
    if not paths.templates.is_dir():
        raise SiteError([Problem(display_path(paths.templates, paths.root), None, None,
                                 "folder not found: the site's templates belong here (copy "
                                 "scholarsite's templates/ folder, or give --templates)")])


def _check_overlaps(paths: Paths, copies: Mapping[str, Path], made: Collection[str]) -> None:
    """Refuse a user's file that would replace, or stand in the way of, a file the build makes.

    Files under content/ win nowhere silently: a static index.html would hide the profile.
    (Feeds and robots.txt are the exception: feeds.extra_files leaves them to the user.)
    """
    users = {name: source for name, source in copies.items()
             if not source.is_relative_to(paths.templates)}
    if not users:
        return
    folders = {folder for path in made for folder in _folders(path)}
    problems = []
    for name, source in users.items():
        shown = display_path(source, paths.root)
        parents = _folders(name)
        theme = paths.templates / "assets" / name.removeprefix("assets/")
        if name.startswith("assets/") and theme.is_file():
            edit = display_path(theme, paths.root)
            why = f"would replace the theme's {name}: edit {edit} instead"
        elif name in made:
            why = f"would replace {name}, which the build makes: rename or remove the file"
        elif name in folders:
            why = f"stands where the build makes the folder {name}/: rename or remove the file"
        elif blocked := [parent for parent in parents if parent in made]:
            why = f"needs a folder {blocked[0]}/, where the build makes a file: move the file"
        else:
            continue
        problems.append(Problem(shown, None, None, why))
    if problems:
        raise SiteError(problems)


def _folders(path: str) -> list[str]:
    """The folders a path in output/ lies in, innermost first: papers/x/index.html -> papers/x,
    papers."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:depth]) for depth in range(len(parts), 0, -1)]
