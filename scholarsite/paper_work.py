"""Each paper's share of a build, made only when something it depends on changed.

A paper contributes its entry to the publication list, its own folder (page and citation
files) and its parts of the site-wide files (publications.bib and .json, the feed). Each is
keyed by a digest of exactly its inputs, made of digests alone: the entry by the paper, its
number and the site (`Slot.entry_key`); the rest by the paper, its citation key, its
neighbours and the site (`Slot.page_key`). A rebuild of a large site after one edit makes
one paper's share and looks up all the others, so its cost hardly grows with the site.

A paper whose files are stale is written by the same call that makes its share, in the
same process: its texts are converted once for its entry and its page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pickle import PickleBuffer

import jinja2
from markupsafe import Markup

from . import render, workers
from .authors import Authors, mark_owner, owner_names
from .cache import Cache, digest_data, digest_text
from .exports import CITATION_FILES, Citation
from .exports.bibtex import bibtex_entry
from .exports.csljson import csl_item, csl_text
from .exports.keys import base_key, citation_keys
from .exports.ris import ris_record
from .feeds import feed_entry
from .markup import MarkdownRenderer, sanitise
from .mathtex import render_text_with_math
from .model import Paper, Site
from .write import Staging, Text

log = logging.getLogger(__name__)

# Below this many papers to make, starting worker processes costs more than it saves (cold
# builds with interpreter start, on two cores: 20 papers 0.33 s in one process against
# 0.35 s with workers, 50 papers even, 100 papers 0.65 s against 0.57 s).
PARALLEL = 50

Converted = tuple[str, tuple[tuple[int, str], ...]]  # HTML, and (line, message) warnings
Entry = tuple[Text, bytes]  # an entry in the publication list as UTF-8, and its digest


@dataclass  # not frozen: every build makes one for each paper, and frozen doubles the cost
class Slot:
    """A paper in its place in the list, and the keys of what it contributes there."""

    paper: Paper
    number: int
    citekey: str
    neighbours: tuple[Paper | None, Paper | None]  # newer and older, shown by render.neighbour
    entry_key: str
    page_key: str
    files: tuple[str, ...]  # what the build makes in its folder, page first (a PDF is copied)
    texts: tuple[str, str]  # the keys of its title's and abstract's conversions (text_key)

    @property
    def page(self) -> str:
        """Its page's path in output/."""
        return self.files[0]


@dataclass  # not frozen: every rebuild makes one for each paper, and frozen doubles the cost
class Shares:
    """A paper's parts of the site-wide files, and what converting its text warned about.

    The parts that are joined into files are kept as UTF-8 bytes: a large site's files are
    joined from thousands of them on every build, and bytes are read from the cache and
    joined without decoding or encoding anything. Their digests stand for them in the
    identity of the files they are joined into (write.joined_sha).
    """

    bibtex: Text
    csl_item: Text
    feed_entry: str | None  # None when the site has no base_url, hence no feed
    warnings: tuple[str, ...]  # logged on every build, also when the shares come from the cache
    bibtex_digest: bytes
    csl_digest: bytes

    def stored(self) -> tuple[PickleBuffer, PickleBuffer, str | None, tuple[str, ...], bytes,
                              bytes]:
        """What the cache keeps of it (Known.read makes it again): its texts out of band."""
        return (PickleBuffer(self.bibtex), PickleBuffer(self.csl_item), self.feed_entry,
                self.warnings, self.bibtex_digest, self.csl_digest)


@dataclass(frozen=True)
class Made:
    """One paper's share as made: its entry, its shares, what it wrote."""

    entry: Entry
    shares: Shares
    conversions: dict[str, Converted]  # new conversions of its texts, by text key
    files: dict[str, tuple[str, bool]]  # files written: sha256, and whether bytes were written


@dataclass(frozen=True)
class Writing:
    """Where making papers also writes their files: the papers whose files are stale."""

    stage: Staging
    slugs: frozenset[str]
    previous: Mapping[str, str]  # sha256 of each file of the last build
    assets: Mapping[str, str]  # asset URLs, for the pages


def place(site: Site, known: Mapping[str, Facts], site_key: str, cache: Cache) -> list[Slot]:
    """Every published paper in its place, with the keys of its entry and its page.

    The cache keeps the last build's placement: while no paper is added, removed or moved and
    no citation key's base changed, the citation keys are the same, and only the keys of the
    papers that changed and of their neighbours are computed again.
    """
    papers = site.papers
    facts = [known[paper.slug] for paper in papers]
    # What citation_keys reads and the numbers depend on. No part holds a NUL, and each paper
    # has three: equal texts are equal lists.
    basis = "\0".join([site_key, *[f"{paper.slug}\0{paper.date.toordinal()}\0{fact.citation_base}"
                                    for paper, fact in zip(papers, facts)]])
    digests = [fact.digest for fact in facts]
    last = Placement.read(cache)
    if last is not None and last.basis == basis:
        citekeys, entry_keys, page_keys = last.citekeys, [*last.entry_keys], [*last.page_keys]
        changed = [i for i, (new, old) in enumerate(zip(digests, last.digests)) if new != old]
        redo: Sequence[int] = sorted({j for i in changed for j in (i - 1, i, i + 1)
                                      if 0 <= j < len(papers)})
    else:
        keyed = citation_keys(papers, {paper.slug: fact.citation_base
                                       for paper, fact in zip(papers, facts)})
        citekeys = [keyed[paper.slug] for paper in papers]
        entry_keys, page_keys = [""] * len(papers), [""] * len(papers)
        redo = range(len(papers))
    _key_slots(site_key, papers, digests, citekeys, redo, entry_keys, page_keys)
    placement = Placement(basis, digests, citekeys, entry_keys, page_keys)
    if placement != last:
        placement.save(cache)
    around = [None, *papers, None]
    # One comprehension, no helper called per paper but _files: this runs for every paper on
    # every build, also after one edit.
    return [Slot(paper, number, citekey, (around[number - 1], around[number + 1]), entry_key,
                 page_key, _files(paper, citekey), fact.texts)
            for number, (paper, fact, citekey, entry_key, page_key)
            in enumerate(zip(papers, facts, citekeys, entry_keys, page_keys), start=1)]


def _key_slots(
    site_key: str,
    papers: Sequence[Paper],
    digests: Sequence[bytes],
    citekeys: Sequence[str],
    indices: Sequence[int],
    entry_keys: list[str],
    page_keys: list[str],
) -> None:
    """Set the entry and page keys of the papers at these indices (0 is the newest)."""
    site_part = site_key.encode()
    # Each paper as its neighbours' pages show it, as key material; None past either end.
    around = [None, *papers, None]
    parts = {j: _neighbour_part(around[j]) for j in {j for i in indices for j in (i, i + 2)}}
    # Key material is one byte string: the site key and the paper's digest have fixed lengths,
    # and the parts after them are length-prefixed (_part), so no two inputs give one string.
    for i in indices:
        paper_part = site_part + digests[i]
        entry_keys[i] = _key(b"entry:%b%d" % (paper_part, i + 1))
        cited = _part(citekeys[i].encode("utf-8", "surrogatepass"))
        page_keys[i] = _key(b"page:%b%b%b%b" % (paper_part, cited, parts[i], parts[i + 2]))


@dataclass(frozen=True)
class Placement:
    """The papers' places as a build decided them (place), for the next build to reuse.

    basis holds all that places and citation keys depend on: the site key and, newest first,
    each paper's slug, date and citation key base. The rest is by place, newest first.
    """

    basis: str
    digests: list[bytes]  # each paper's Facts.digest
    citekeys: list[str]
    entry_keys: list[str]
    page_keys: list[str]

    @classmethod
    def read(cls, cache: Cache) -> Placement | None:
        """The last build's placement, if the cache has it."""
        stored = cache.read_values("placement")
        return cls(*stored) if isinstance(stored, tuple) else None

    def save(self, cache: Cache) -> None:
        """Keep this for the next build: as plain values, which load in a few milliseconds."""
        cache.write_values("placement", (self.basis, self.digests, self.citekeys,
                                         self.entry_keys, self.page_keys))


def _files(paper: Paper, citekey: str) -> tuple[str, ...]:
    """The files a paper's folder gets: its page and its citation in each format."""
    named = f"papers/{paper.slug}/{citekey}"
    return (render.paper_path(paper), *[named + suffix for suffix in CITATION_FILES])


def _neighbour_part(paper: Paper | None) -> bytes:
    """What a page shows of a paper as its neighbour (render.neighbour), as key material
    (_part); the Neighbour itself is made only for the pages rendered."""
    if paper is None:
        return b"-"
    return _part(f"{paper.slug}\0{paper.title}".encode("utf-8", "surrogatepass"))


def _part(data: bytes) -> bytes:
    """A variable-length piece of key material, length-prefixed."""
    return b"%d:%b" % (len(data), data)


def _key(material: bytes) -> str:
    """A key: the digest of its material."""
    return digest_data(material).hex()


@dataclass(frozen=True)
class Facts:
    """What a build derives from a paper alone, kept with the paper between builds."""

    digest: bytes  # of everything its file says (the model's repr holds every field)
    citation_base: str  # its citation key before it is made unique
    texts: tuple[str, str]  # the keys of its title's and abstract's conversions


def facts(paper: Paper) -> Facts:
    """A paper's facts, computed."""
    return Facts(digest_text(repr(paper)), base_key(paper),
                 (text_key("title", paper.title), text_key("abstract", paper.abstract)))


@dataclass
class Known:
    """What earlier builds made: entries by entry key, shares by page key, converted texts."""

    entries: dict[str, Entry]
    shares: dict[str, Shares]
    conversions: dict[str, Converted]

    @classmethod
    def read(cls, cache: Cache) -> Known:
        """The cache's tables of entries and shares; a missing or stale part is empty.

        Entries and the shares' texts stay in the cache's files, mapped (Cache.read_objects):
        at 10,000 papers they are 57 MB, of which a rebuild only passes the bytes on.
        Conversions are read only for the papers to make (read_conversions): a rebuild after
        one edit needs one paper's, and all of them are as large as the site's abstracts.
        """
        shares = {key: Shares(*stored) for key, stored in cache.read_table("shares").items()}
        return cls(cache.read_table("entries"), shares, {})

    def read_conversions(self, slots: Sequence[Slot], cache: Cache) -> None:
        """The earlier conversions of these slots' texts (and those stored beside them)."""
        self.conversions = cache.read_shards("conversions", [key for s in slots for key in s.texts])

    def lacking(self, slots: Sequence[Slot]) -> set[str]:
        """The slugs of the slots whose entry or shares must be made."""
        entries, shares = self.entries, self.shares
        return {slot.paper.slug for slot in slots
                if slot.entry_key not in entries or slot.page_key not in shares}

    def update(self, slots: Sequence[Slot], made: Mapping[str, Made], cache: Cache) -> None:
        """Take in what this build made, keep only what the current papers use, store it."""
        # Looked up in bulk, then what was made put in: 10,000 papers, a few made.
        entry_keys, page_keys = [s.entry_key for s in slots], [s.page_key for s in slots]
        entries = dict(zip(entry_keys, map(self.entries.get, entry_keys)))
        shares = dict(zip(page_keys, map(self.shares.get, page_keys)))
        for slot in slots:
            if slot.paper.slug in made:
                entries[slot.entry_key] = made[slot.paper.slug].entry
                shares[slot.page_key] = made[slot.paper.slug].shares
        cache.write_table("entries", entries, self.entries, _stored_entry)
        cache.write_table("shares", shares, self.shares, Shares.stored)
        self.entries, self.shares = entries, shares
        new = {key: value for m in made.values() for key, value in m.conversions.items()}
        if new:
            # The shards read hold every new key (read_conversions read the shards of the texts
            # made); each is written back without the texts no paper has any more.
            texts = {key for s in slots for key in s.texts}
            conversions = {key: value for key, value in {**self.conversions, **new}.items()
                           if key in texts}
            cache.write_table("conversions", conversions, self.conversions)
            self.conversions = conversions


def _stored_entry(entry: Entry) -> tuple[PickleBuffer, bytes]:
    """What the cache keeps of an entry: its text out of band (Known.read)."""
    return PickleBuffer(entry[0]), entry[1]


def text_key(kind: str, text: str) -> str:
    """The key of a converted text: what it is (title or abstract) and its digest."""
    return f"{kind}:{digest_text(text).hex()}"


class Maker:
    """Makes papers' shares (and writes their files), in this process or in forked workers."""

    def __init__(self, site: Site, env: jinja2.Environment, known: Known,
                 writing: Writing | None = None) -> None:
        self.site, self.env, self.known, self.writing = site, env, known, writing
        self._markdown: MarkdownRenderer | None = None  # built on first use: in each worker

    def make(self, slot: Slot) -> Made:
        """One paper's entry and shares, converting its texts unless converted before; its
        files too when they are stale (in the same process, which has its text at hand)."""
        paper, new = slot.paper, {}
        title, title_warnings = self._convert("title", paper.title, new)
        abstract, abstract_warnings = self._convert("abstract", paper.abstract, new)
        warnings = tuple(
            [f"{paper.source}: title: {message}" for _, message in title_warnings]
            + [f"{paper.source}:{paper.abstract_line + line - 1}: abstract: {message}"
               for line, message in abstract_warnings])
        # Marked once for the entry, the page and its JSON-LD: a pass over every author, and
        # a paper may have 100,000.
        authors = mark_owner(paper.authors, owner_names(self.site.profile))
        entry = render.entry_page(self.site, paper, slot.number, Markup(title), Markup(abstract),
                                  authors)
        base_url = self.site.config.base_url
        bibtex, csl = bibtex_entry(paper, slot.citekey), csl_text(csl_item(paper, slot.citekey))
        bibtex_data, csl_data = bibtex.encode("utf-8"), csl.encode("utf-8")
        shares = Shares(bibtex_data, csl_data, feed_entry(base_url, paper) if base_url else None,
                        warnings, digest_data(bibtex_data), digest_data(csl_data))
        files = {}
        if self.writing and paper.slug in self.writing.slugs:
            cited = Citation(slot.citekey, bibtex, ris_record(paper, slot.citekey), csl)
            files = self._write(self.writing, slot, Markup(title), Markup(abstract), authors,
                                cited)
        entry_data = render.render_page(self.env, entry)
        return Made((entry_data, digest_data(entry_data)), shares, new, files)

    def _write(self, writing: Writing, slot: Slot, title: Markup, abstract: Markup,
               authors: Authors, cited: Citation) -> dict[str, tuple[str, bool]]:
        """Write a paper's page and citation files into the staging folder."""
        paper = slot.paper
        newer, older = (render.neighbour(other) if other else None for other in slot.neighbours)
        page = render.paper_page(self.site, paper, title, abstract, cited, (newer, older),
                                 writing.assets, authors)
        files = {slot.page: render.render_page(self.env, page)}
        folder = f"papers/{paper.slug}/"
        files.update({folder + name: data for name, data in cited.files.items()})
        return {path: writing.stage.put(path, data, writing.previous.get(path))
                for path, data in files.items()}

    def _convert(self, kind: str, text: str, new: dict[str, Converted]) -> Converted:
        """A title or abstract as HTML, from the conversions of earlier builds when there."""
        key = text_key(kind, text)
        known = self.known.conversions.get(key)
        if known is None:
            known = new[key] = self._title(text) if kind == "title" else self._abstract(text)
        return known

    @staticmethod
    def _title(text: str) -> Converted:
        """A title's HTML: escaped text with its formulas as MathML (titles are not Markdown)."""
        html, warnings = render_text_with_math(text)
        return sanitise(html), tuple((0, w.message) for w in warnings)

    def _abstract(self, text: str) -> Converted:
        """An abstract's HTML from its Markdown."""
        if self._markdown is None:
            self._markdown = MarkdownRenderer()
        html, warnings = self._markdown.render_math(text)
        return str(html), tuple((w.line, w.message) for w in warnings)


def make_papers(
    maker: Maker, slots: Sequence[Slot], jobs: int, done: Callable[[int], None] | None = None
) -> dict[str, Made]:
    """Each slot's share, by slug, on every core when there are many; done counts them."""
    made = workers.run(maker.make, slots, jobs, PARALLEL, done)
    return {slot.paper.slug: result for slot, result in zip(slots, made)}


def log_warnings(slots: Sequence[Slot], shares: Mapping[str, Shares]) -> None:
    """Every paper's conversion warnings, on every build."""
    for slot in slots:
        for warning in shares[slot.page_key].warnings:
            log.warning("%s", warning)
