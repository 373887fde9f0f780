"""One build, as a straight line: load, validate, convert, render, write."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import render
from .cache import Cache, code_version, fingerprint, folder_digest
from .exports.bibtex import bibtex_entries
from .load import read_sources
from .markup import MarkdownRenderer
from .model import Paths, Site
from .validate import validate
from .write import Content, Copy, Reuse, check_output, read_build_id, write_output

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line."""

    papers: int
    pages_written: int
    pages_unchanged: int
    seconds: float
    output: Path


def load_site(paths: Paths, base_url: str | None = None) -> Site:
    """Read and validate content/ into the model; raise SiteError listing every problem."""
    site = validate(read_sources(paths.content, paths.root), paths.content)
    if base_url:
        site = dataclasses.replace(site, config=dataclasses.replace(site.config, base_url=base_url))
    return site


def build(paths: Paths, *, clean: bool = False, base_url: str | None = None) -> BuildReport:
    """Build the site into paths.output, reusing what the previous build already made."""
    started = time.perf_counter()
    check_output(paths)
    site = load_site(paths, base_url)
    cache = Cache.of(paths)
    abstracts = convert_abstracts(site, None if clean else cache)
    env = render.make_environment(paths.templates)
    assets = _asset_urls(paths.templates / "assets")
    bio = MarkdownRenderer().render(site.profile.bio)
    pages = render.plan_pages(site, abstracts, bio, bibtex_entries(site.papers), assets)
    version = fingerprint(code_version(), folder_digest(paths.templates))
    previous = {} if clean else _previous_manifest(cache, paths.output)
    fingerprints = {page.path: fingerprint(version, page.template, page.context) for page in pages}
    files = [
        *_page_files(env, pages, fingerprints, previous),
        *_copied_files(paths, site),
    ]
    report = write_output(paths.output, files)
    cache.write("manifest", {
        "build": report.build,
        "files": {path: [fingerprints.get(path), sha] for path, sha in report.hashes.items()},
    })
    return BuildReport(len(site.papers), report.written, report.unchanged,
                       time.perf_counter() - started, paths.output)


def _previous_manifest(cache: Cache, output: Path) -> dict[str, list[str | None]]:
    """The cache's record of output/, if output/ is still the build it describes."""
    manifest = cache.read("manifest")
    build = read_build_id(output)
    if not isinstance(manifest, dict) or build is None or manifest.get("build") != build:
        return {}
    return manifest.get("files", {})


def _page_files(
    env: jinja2.Environment,
    pages: list[render.Page],
    fingerprints: Mapping[str, str],
    previous: Mapping[str, list[str | None]],
) -> Iterator[tuple[str, Content]]:
    """Each page's bytes, or Reuse where its inputs or its bytes are as last time."""
    for page in pages:
        old_fingerprint, old_sha = previous.get(page.path, (None, None))
        if old_sha and old_fingerprint == fingerprints[page.path]:
            yield page.path, Reuse(old_sha)
            continue
        html = render.render_page(env, page)
        sha = hashlib.sha256(html).hexdigest()
        yield page.path, Reuse(sha) if sha == old_sha else html


def _copied_files(paths: Paths, site: Site) -> Iterator[tuple[str, Content]]:
    """Stylesheets and other assets of the theme, then the user's static files."""
    assets = paths.templates / "assets"
    if assets.is_dir():
        for source in sorted(p for p in assets.rglob("*") if p.is_file()):
            yield f"assets/{source.relative_to(assets).as_posix()}", Copy(source)
    for name in site.static_files:
        yield name, Copy(paths.content / "static" / name)
    photo = site.profile.photo
    if photo and not photo.startswith("static/"):
        yield site.profile.photo_path, Copy(paths.content / photo)


def _asset_urls(folder: Path) -> dict[str, str]:
    """Each theme asset's URL with a content hash, so browsers never keep a stale stylesheet."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix():
            f"assets/{path.relative_to(folder).as_posix()}?v={_short_hash(path.read_bytes())}"
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def _short_hash(data: bytes) -> str:
    """Eight hex digits of a digest: enough to tell versions of one file apart."""
    return hashlib.blake2b(data, digest_size=4).hexdigest()


def convert_abstracts(site: Site, cache: Cache | None) -> dict[str, Markup]:
    """Each abstract converted once, reusing conversions of unchanged text from the cache."""
    stored: dict[str, str] = (cache.read("abstracts") if cache else None) or {}
    converter: MarkdownRenderer | None = None
    kept: dict[str, str] = {}
    result: dict[str, Markup] = {}
    for paper in site.papers:
        key = fingerprint(code_version(), paper.abstract)
        if key not in stored and key not in kept:
            converter = converter or MarkdownRenderer()
            kept[key] = str(converter.render(paper.abstract))
        kept.setdefault(key, stored.get(key, ""))
        result[paper.slug] = Markup(kept[key])
    if cache and kept != stored:
        cache.write("abstracts", kept)
    return result
