"""The Python baseline: a plain build with scholarsite's libraries, doing the least it can.

    python bench/baseline.py CONTENT OUTPUT [--jobs N]

For each paper file: read it and parse its front matter with PyYAML's C loader (content.py,
as the converters to the other generators read it), convert its abstract with
Python-Markdown (default settings, one instance per process, reset between abstracts),
render a page of title, authors, date, arXiv id, citations and abstract with Jinja, and
write it into its own folder; then an index that lists every paper with its abstract.
Papers are spread over every core (fork). Nothing else: no validation, no sanitising, no
citation files, no metadata for search engines, no cache.

run.py times it beside the generators, cold, so the table shows what these libraries cost
on the machine when used as they come, next to what the other generators take. (scholarsite
converts Markdown in under half the time of Python-Markdown as installed: it replaces some
of its scans, markdown_scans.py and link_brackets.py; the rest of its time is its own work.)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

from content import read_paper

_ENV = jinja2.Environment(autoescape=True)
_PAGE = _ENV.from_string(
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ p.title }}</title>'
    "</head><body><main><h1>{{ p.title }}</h1><p>"
    "{% for a in p.authors %}{{ a }}{% if not loop.last %}, {% endif %}{% endfor %}</p>"
    "<p>{{ p.date }} · arXiv {{ p.arxiv }} · {{ p.citations }} citations</p>"
    "<div>{{ abstract }}</div></main></body></html>\n")
_ENTRY = _ENV.from_string(
    '<li class="paper"><a href="papers/{{ slug }}/">{{ p.title }}</a> '
    '{{ p.authors[:5] | join(", ") }}{% if p.authors | length > 5 %} '
    "+{{ p.authors | length - 5 }}{% endif %}<div>{{ abstract }}</div></li>\n")
_INDEX = _ENV.from_string(
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Publications</title>'
    "</head><body><main><ol>\n{{ entries }}</ol></main></body></html>\n")
_CHUNK = 100  # papers per task: large enough that sending tasks costs nothing

_converter: markdown.Markdown | None = None  # one per worker process, made on first use


def build(content: Path, output: Path, jobs: int) -> int:
    """Write the pages; the number of papers."""
    files = sorted(str(path) for path in (content / "papers").glob("*.md"))
    (output / "papers").mkdir(parents=True)
    chunks = [(files[i:i + _CHUNK], str(output)) for i in range(0, len(files), _CHUNK)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        entries = [entry for part in pool.imap(_papers, chunks) for entry in part]
    entries.sort(reverse=True)  # newest first: each entry comes with its date
    index = _INDEX.render(entries=Markup("".join(entry for _, entry in entries)))
    (output / "index.html").write_text(index, encoding="utf-8")
    return len(files)


def _papers(task: tuple[Sequence[str], str]) -> list[tuple[str, str]]:
    """Write the pages of some papers; each one's date and entry for the index."""
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(output_format="html")
    files, output = task
    entries = []
    for path in files:
        paper = read_paper(Path(path))
        abstract = Markup(_converter.reset().convert(paper.abstract))
        folder = os.path.join(output, "papers", paper.slug)
        os.mkdir(folder)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as handle:
            handle.write(_PAGE.render(p=paper.meta, abstract=abstract))
        entries.append((paper.meta["date"],
                        _ENTRY.render(p=paper.meta, slug=paper.slug, abstract=abstract)))
    return entries


def main(argv: list[str] | None = None) -> int:
    """Build and say how many papers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    print(f"{build(args.content, args.output, args.jobs)} papers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
