"""One build, as a straight line: load, validate, convert, render, write.

Every stage can skip work the previous build already did: unchanged paper files are not
read again, unchanged abstracts not converted again, and pages whose inputs did not change
are neither rendered nor written, only carried over into the new output/.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import feeds, render, workers
from .cache import (
    Cache,
    Fingerprints,
    Memo,
    NoCache,
    code_version,
    digest_text,
    fingerprint,
    folder_digest,
)
from .errors import Problem, SiteError, display_path
from .exports import site_exports
from .load import content_signature, read_sources
from .markup import MarkdownRenderer, sanitise
from .mathtex import render_text_with_math
from .model import Paths, Site
from .validate import validate
from .write import Staging, check_output, clean_leftovers, put_bytes, read_build_id

log = logging.getLogger(__name__)

# Below these counts, starting worker processes costs more than it saves.
PARALLEL_PAGES = 400
PARALLEL_ABSTRACTS = 400


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line."""

    papers: int | None  # None when nothing changed and the content was not even read
    pages_written: int
    pages_unchanged: int
    seconds: float
    output: Path


@dataclass(frozen=True)
class Manifest:
    """What the previous build wrote: for each file, the fingerprint of its inputs and its hash."""

    build: str | None
    files: dict[str, tuple[str | None, str]]
    signature: str | None = None  # of the inputs it was built from: content, templates, code

    @classmethod
    def of(cls, cache: Cache, output: Path) -> Manifest:
        """The cache's record of output/, if output/ is still the build it describes."""
        stored = cache.read("manifest")
        build = read_build_id(output)
        if not isinstance(stored, dict) or build is None or stored.get("build") != build:
            return cls(None, {})
        files = {path: (entry[0], entry[1]) for path, entry in stored["files"].items()}
        return cls(build, files, stored.get("signature"))

    def hashes(self) -> dict[str, str]:
        """Each file's sha256."""
        return {path: sha for path, (_, sha) in self.files.items()}

    def fingerprint(self, path: str) -> str | None:
        """The fingerprint the file's inputs had last time, if it was built."""
        entry = self.files.get(path)
        return entry[0] if entry else None


def load_site(paths: Paths, base_url: str | None = None, cache: Cache | None = None) -> Site:
    """Read and validate content/ into the model; raise SiteError listing every problem."""
    known = (cache.read_objects("papers") if cache else None) or {}
    stamps = {slug: stamp for slug, (stamp, _) in known.items()}
    sources = read_sources(paths.content, paths.root, stamps)
    site = validate(sources, paths.content, {slug: paper for slug, (_, paper) in known.items()})
    if cache and (sources.papers or known.keys() != sources.stamps.keys()):
        papers = (*site.papers, *site.drafts)
        cache.write_objects("papers", {p.slug: (sources.stamps[p.slug], p) for p in papers})
    if base_url:
        site = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url=base_url))
    return site


def build(
    paths: Paths, *, clean: bool = False, base_url: str | None = None, jobs: int | None = None
) -> BuildReport:
    """Build the site into paths.output, reusing what the previous build already made."""
    started = time.perf_counter()
    jobs = jobs or workers.default_jobs()
    check_output(paths)
    clean_leftovers(paths.output)
    cache = NoCache(Cache.of(paths).folder) if clean else Cache.of(paths)
    previous = Manifest.of(cache, paths.output)
    version = fingerprint(code_version(), folder_digest(paths.templates))
    signature = fingerprint(version, content_signature(paths.content), base_url)
    if previous.build and previous.signature == signature:
        return BuildReport(None, 0, len(previous.files), _since(started), paths.output)
    site = load_site(paths, base_url, cache)
    abstracts = convert_abstracts(site, cache, jobs)
    env = render.make_environment(paths.templates, None if clean else cache.folder / "compiled")
    render.preload(env)  # compiled once here, inherited by every worker process
    bio = MarkdownRenderer().render(site.profile.bio)
    assets = render.asset_urls(paths.templates / "assets")
    keys = Fingerprints()
    memo = Memo(cache, "derived", keys)
    exports = site_exports(site.papers, memo)
    titles = convert_titles(site, memo)
    entries = _render_entries(env, render.plan_entries(site, abstracts, titles, memo), cache,
                              lambda page: keys.of(version, page.template, page.context), jobs)
    pages = render.plan_pages(site, entries, abstracts, titles, bio, exports, assets, memo)
    fingerprints = {page.path: keys.of(version, page.template, page.context) for page in pages}
    stale = [page for page in pages if previous.fingerprint(page.path) != fingerprints[page.path]]
    generated = feeds.extra_files(site, [page.path for page in pages], memo)
    generated.update({path: text.encode("utf-8") for path, text in exports.files.items()})
    fingerprints.update({path: hashlib.sha256(data).hexdigest() for path, data in generated.items()})
    changed = {path: data for path, data in generated.items()
               if previous.fingerprint(path) != fingerprints[path]}
    memo.save()
    copies = _copied_files(paths, site)
    _check_overlaps(paths, copies, fingerprints.keys())
    built = [*fingerprints, *copies]
    if not stale and not changed and _same_files(previous, built, copies, paths.output):
        cache.write("manifest", {**cache.read("manifest"), "signature": signature})
        return BuildReport(len(site.papers), 0, len(previous.files), _since(started), paths.output)
    stale_paths = {page.path for page in stale} | changed.keys()
    spare = cache.read("spare") or {}
    with Staging(paths.output, spare.get("files"), spare.get("build")) as stage:
        hashes = {path: previous.files[path][1]
                  for path in fingerprints if path not in stale_paths}
        for path, sha in hashes.items():
            stage.reuse(path, sha)
        rendered = _render(env, stale, stage, previous, jobs)
        rendered.update({path: put_bytes(stage.folder, path, data, stage.existing.get(path), None)
                         for path, data in changed.items()})
        copied = {path: stage.copy(path, source) for path, source in copies.items()}
        hashes.update({path: sha for path, (sha, _) in (rendered | copied).items()})
        build_id = stage.commit(hashes)
    cache.write("spare", {"build": previous.build, "files": previous.hashes()})
    cache.write("manifest", {
        "build": build_id,
        "signature": signature,
        "files": {path: [fingerprints.get(path), sha] for path, sha in sorted(hashes.items())},
    })
    written = sum(1 for _, fresh in rendered.values() if fresh)
    written += sum(1 for _, linked in copied.values() if not linked)
    return BuildReport(len(site.papers), written, len(hashes) - written, _since(started),
                       paths.output)


def _since(started: float) -> float:
    """Seconds since a perf_counter reading."""
    return time.perf_counter() - started


def _render(
    env: jinja2.Environment, pages: list[render.Page], stage: Staging, previous: Manifest,
    jobs: int,
) -> dict[str, tuple[str, bool]]:
    """Render pages into the staging folder, on every core for large sites.

    Returns each page's sha256 and whether its bytes were written (False: same as before).
    """

    def render_one(page: render.Page) -> tuple[str, tuple[str, bool]]:
        old = previous.files.get(page.path)
        before = (stage.output / page.path, old[1]) if old else None
        html = render.render_page(env, page)
        return page.path, put_bytes(stage.folder, page.path, html, stage.existing.get(page.path),
                                    before)

    return dict(workers.run(render_one, pages, jobs, PARALLEL_PAGES))


def _render_entries(
    env: jinja2.Environment,
    entries: list[render.Page],
    cache: Cache,
    key: Callable[[render.Page], str],
    jobs: int,
) -> dict[str, Markup]:
    """Each publication-list entry's HTML, rendered only when its inputs changed."""
    stored: dict[str, str] = cache.read_objects("entries") or {}
    keys = {entry.path: key(entry) for entry in entries}
    todo = [entry for entry in entries if keys[entry.path] not in stored]
    html = workers.run(lambda entry: render.render_page(env, entry).decode("utf-8"), todo, jobs,
                       PARALLEL_PAGES)
    known = {**stored, **{keys[entry.path]: text for entry, text in zip(todo, html)}}
    kept = {keys[entry.path]: known[keys[entry.path]] for entry in entries}
    if kept.keys() != stored.keys():
        cache.write_objects("entries", kept)
    return {entry.path: Markup(kept[keys[entry.path]]) for entry in entries}


def _same_files(
    previous: Manifest, built: list[str], copies: Mapping[str, Path], output: Path
) -> bool:
    """Whether output/ already holds exactly these files: then there is nothing to write."""
    if set(built) != previous.files.keys():
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
            why = f"would replace the theme's {name}: edit {display_path(theme, paths.root)} instead"
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


Converted = tuple[str, tuple[tuple[int, str], ...]]  # HTML, and (line, message) warnings


def convert_abstracts(site: Site, cache: Cache, jobs: int) -> dict[str, Markup]:
    """Each abstract converted once, reusing conversions of unchanged text from the cache.

    A formula that cannot become MathML is logged with its file and line on every build,
    also when the conversion comes from the cache.
    """
    stored: dict[str, Converted] = cache.read_objects("abstracts") or {}
    keys = {paper.slug: digest_text(paper.abstract).hex() for paper in site.papers}
    todo = sorted({key: paper.abstract for paper in site.papers
                   if (key := keys[paper.slug]) not in stored}.items())
    converter = MarkdownRenderer()
    converted = workers.run(lambda item: _convert(converter, item[1]), todo, jobs,
                            PARALLEL_ABSTRACTS)
    known = {**stored, **dict(zip((key for key, _ in todo), converted))}
    kept = {key: known[key] for key in keys.values()}
    if kept.keys() != stored.keys():
        cache.write_objects("abstracts", kept)
    for paper in site.papers:
        for line, message in kept[keys[paper.slug]][1]:
            log.warning("%s:%d: abstract: %s", paper.source, paper.abstract_line + line - 1,
                        message)
    return {slug: Markup(kept[key][0]) for slug, key in keys.items()}


def _convert(converter: MarkdownRenderer, source: str) -> Converted:
    """One abstract's HTML and its warnings, as plain values a worker process can return."""
    html, warnings = converter.render_math(source)
    return str(html), tuple((w.line, w.message) for w in warnings)


def convert_titles(site: Site, memo: Memo) -> dict[str, Markup]:
    """Each title as HTML with its formulas as MathML (titles are text, not Markdown)."""
    titles = {}
    for paper in site.papers:
        html, warnings = memo(render_text_with_math, paper.title)
        for warning in warnings:
            log.warning("%s: title: %s", paper.source, warning.message)
        titles[paper.slug] = Markup(memo(sanitise, html))
    return titles
